"""Statuses and the exceptions of the package."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Dict, Optional, Type

if TYPE_CHECKING:  # pragma: no cover
    from ._result import Result


class Status(str, enum.Enum):
    """The outcome of an apply: libpromo's pinned statuses, by stable name.

    A member is also the string of its name (``Status.EXPIRED == "expired"``);
    ``number`` is libpromo's pinned numeric value.
    """

    OK = "ok"
    CODE_NOT_FOUND = "code_not_found"
    EXPIRED = "expired"
    NOT_YET_ACTIVE = "not_yet_active"
    WRONG_REGION = "wrong_region"
    NOT_NEW_SUBSCRIPTION = "not_new_subscription"
    ALREADY_HAS_PROMO = "already_has_promo"
    NOT_APPLICABLE = "not_applicable"
    CURRENCY_MISMATCH = "currency_mismatch"
    REDEMPTION_LIMIT = "redemption_limit"
    REJECTED_BY_HOST = "rejected_by_host"
    INVALID_ARGUMENT = "invalid_argument"
    NO_MEMORY = "no_memory"
    MALFORMED_CODE = "malformed_code"
    STORE_UNAVAILABLE = "store_unavailable"

    def __str__(self) -> str:
        return str(self.value)

    @property
    def number(self) -> int:
        """libpromo's pinned value of this status (``Status.EXPIRED.number == 2``)."""
        return _NUMBERS[self]


# Pinned by libpromo: the binding checks them against the linked library
# when it is imported (see _native_check in _ffi.py).
_NUMBERS: Dict[Status, int] = {status: n for n, status in enumerate(Status)}


class PromoError(Exception):
    """The base of every exception the package raises."""


class InvalidArgument(PromoError, ValueError):
    """A programming error: a value libpromo refuses (an unknown country, a
    negative price, an incomplete order, a naive datetime, a closed object).
    The text says what was wrong."""


class ArgumentTypeError(PromoError, TypeError):
    """A programming error: an argument of the wrong type."""


class NoMemory(PromoError, MemoryError):
    """libpromo could not allocate memory; nothing changed."""


class LoadError(InvalidArgument):
    """A catalog or order (JSON) that cannot be loaded.

    ``file``, ``line`` and ``column`` point at the value at fault (``line``
    and ``column`` are 0 when the error has no place, such as a file that
    cannot be opened); ``text`` says what is wrong. ``str(error)`` is
    ``FILE:LINE:COLUMN: TEXT``.
    """

    def __init__(self, formatted: str, file: str, line: int, column: int, text: str) -> None:
        super().__init__(formatted)
        self.file = file
        self.line = line
        self.column = column
        self.text = text


class Refused(PromoError):
    """The code was refused (the customer's problem, not a programming error).

    ``status`` is the stable name (a `Status`), ``message`` the sentence for
    the customer in the apply's locale, ``result`` the `Result` of the apply
    (``None`` when `Order.complete` refuses). Each status has its subclass.
    """

    status: Status = Status.OK  # every subclass sets its own

    def __init__(self, message: str, result: Optional["Result"] = None, detail: str = "") -> None:
        if result is not None:
            detail = result.error or result.reason
        text = "%s: %s" % (self.status.value, message)
        super().__init__(text + (" (%s)" % detail if detail else ""))
        self.message = message
        self.result = result


class CodeNotFound(Refused):
    """R1: no catalog code equals the entered one byte for byte."""

    status = Status.CODE_NOT_FOUND


class MalformedCode(Refused):
    """R1: the entered text is not a well-formed code (empty, too long, not
    UTF-8, control or invisible characters); ``result.error`` says why."""

    status = Status.MALFORMED_CODE


class Expired(Refused):
    """R2: the order is placed after the campaign's last day."""

    status = Status.EXPIRED


class NotYetActive(Refused):
    """R2: the order is placed before the campaign's first day."""

    status = Status.NOT_YET_ACTIVE


class WrongRegion(Refused):
    """R3: the order's country is not in the campaign's regions."""

    status = Status.WRONG_REGION


class NotNewSubscription(Refused):
    """R4: the purchase is complete, or no line is a new subscription."""

    status = Status.NOT_NEW_SUBSCRIPTION


class AlreadyHasPromo(Refused):
    """R5: every line carries another code already."""

    status = Status.ALREADY_HAS_PROMO


class NotApplicable(Refused):
    """R9: no line is for one of the campaign's products."""

    status = Status.NOT_APPLICABLE


class CurrencyMismatch(Refused):
    """R10: a fixed-amount code in another currency than the order's."""

    status = Status.CURRENCY_MISMATCH


class RedemptionLimit(Refused):
    """R11: the campaign has been redeemed its maximum number of times."""

    status = Status.REDEMPTION_LIMIT


class RejectedByHost(Refused):
    """R12: a host validator refused; ``reason`` is what it gave."""

    status = Status.REJECTED_BY_HOST

    @property
    def reason(self) -> str:
        """The validator's reason: the order-level one, or else that of the
        first line a line-level validator refused ("" when none was given)."""
        result = self.result
        if result is None:
            return ""
        if result.reason:
            return result.reason
        for line in result.lines:
            if line.reason:
                return line.reason
        return ""


class StoreUnavailable(PromoError):
    """The redemption store (R11) could not be read or written: a connection
    refused or lost, a timeout, a statement error. Not a refusal -- the code
    may well apply: retry, or ask the customer to. Nothing was counted, or,
    for a complete whose answer was lost on the way back, the outcome is
    unknown; every store operation is idempotent per order id, so retrying
    is always safe.

    ``message`` is the sentence for the customer (in the call's locale),
    ``error`` the store's own text, ``result`` the `Result` of an apply
    (``None`` from the store operations).
    """

    status = Status.STORE_UNAVAILABLE

    def __init__(self, message: str, error: str, result: Optional["Result"] = None) -> None:
        super().__init__("%s: %s (%s)" % (self.status.value, message, error) if error else message)
        self.message = message
        self.error = error
        self.result = result


REFUSALS: Dict[Status, Type[Refused]] = {
    cls.status: cls
    for cls in (
        CodeNotFound,
        MalformedCode,
        Expired,
        NotYetActive,
        WrongRegion,
        NotNewSubscription,
        AlreadyHasPromo,
        NotApplicable,
        CurrencyMismatch,
        RedemptionLimit,
        RejectedByHost,
    )
}
