"""Host validators (rule R12) written in Python.

libpromo calls a validator from inside promo_apply, on the calling thread;
cffi takes the GIL back for the call. Only None accepts. A str rejects with
that reason. Anything else -- an exception, or a return value of another
type -- must never accept a code: the callback then answers
PROMO_ERR_NO_MEMORY, the only answer with which libpromo aborts an apply
leaving the order exactly as it was (a mere rejection of one line would let
the other lines take the code), and the apply re-raises the exception once
promo_apply has returned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable, List, Optional, Union

from ._errors import ArgumentTypeError
from ._ffi import NO_MEMORY, OK, REJECTED_BY_HOST, ffi, lib

if TYPE_CHECKING:  # pragma: no cover
    from ._order import Line, Order


class Validator:
    """A host validator with an order-level and a line-level check (R12).

    Subclass it and override either method (or both); a method left alone
    is not called. Each returns None to accept, or a str -- the reason,
    shown to the customer, at most 255 bytes of UTF-8 kept -- to reject. An
    exception rejects too: the apply is aborted, the order is left as it
    was, and the exception propagates from `Order.apply`/`Order.check`.

    A plain callable ``(order, campaign_id) -> None | str`` in
    ``validators=`` is an order-level validator.

    Validators run on the thread that applies, during the apply: they may
    read the order, not change it (that raises InvalidArgument).
    """

    #: A name for your own logs; libpromo does not use it.
    name: Optional[str] = None

    def check_order(self, order: "Order", campaign_id: str) -> Optional[str]:
        """Called once per apply, after the built-in checks accepted the order."""
        return None

    def check_line(self, order: "Order", line: "Line", campaign_id: str) -> Optional[str]:
        """Called for each line the built-in checks kept; a str skips the line."""
        return None


ValidatorLike = Union[Validator, Callable[["Order", str], Optional[str]]]


class _Entry:
    """One validator of one apply, behind a cffi handle."""

    __slots__ = ("run", "check_order", "check_line")

    def __init__(self, run: "ValidatorRun", check_order: Any, check_line: Any) -> None:
        self.run = run
        self.check_order = check_order
        self.check_line = check_line


def _answer(entry: _Entry, call: Callable[[], Any], reason: Any, reason_size: int) -> int:
    run = entry.run
    if run.error is not None:  # an earlier validator failed: reject all
        return NO_MEMORY
    try:
        answer = call()
        if answer is None:
            return OK
        if not isinstance(answer, str):
            raise ArgumentTypeError(
                "a validator returns None to accept or a str (the reason) to reject, not %s" % type(answer).__name__
            )
        data = str.encode(answer, "utf-8", "surrogatepass")[: reason_size - 1]
        ffi.memmove(reason, data, len(data))  # libpromo repairs what the cut broke
        return REJECTED_BY_HOST
    except BaseException as exc:  # noqa: B902 - re-raised after the apply
        run.error = exc
        return NO_MEMORY


@ffi.def_extern(error=NO_MEMORY)  # type: ignore[misc]
def _promo_py_check_order(user_data: Any, order: Any, campaign_id: Any, reason: Any, reason_size: int) -> int:
    entry = ffi.from_handle(user_data)
    run = entry.run
    return _answer(
        entry,
        lambda: entry.check_order(run.order, ffi.string(campaign_id).decode("utf-8", "replace")),
        reason,
        reason_size,
    )


@ffi.def_extern(error=NO_MEMORY)  # type: ignore[misc]
def _promo_py_check_line(
    user_data: Any, order: Any, line: int, campaign_id: Any, reason: Any, reason_size: int
) -> int:
    entry = ffi.from_handle(user_data)
    run = entry.run
    return _answer(
        entry,
        lambda: entry.check_line(run.order, run.order._line(line), ffi.string(campaign_id).decode("utf-8", "replace")),
        reason,
        reason_size,
    )


def _overrides(validator: Validator, method: str) -> bool:
    return getattr(type(validator), method) is not getattr(Validator, method)


class ValidatorRun:
    """The validators of one apply: the C array, the handles that keep the
    Python objects alive during the call, and the first exception raised."""

    __slots__ = ("order", "error", "entries", "handles", "array")

    def __init__(self, order: "Order", validators: Iterable[Any]) -> None:
        self.order = order
        self.error: Optional[BaseException] = None
        if isinstance(validators, (str, bytes)) or callable(validators) or isinstance(validators, Validator):
            raise ArgumentTypeError("validators must be a sequence of validators (a list or a tuple), not one validator")
        try:
            items = list(validators)
        except TypeError:
            raise ArgumentTypeError(
                "validators must be a sequence of validators, not %s" % type(validators).__name__
            ) from None
        self.entries: List[_Entry] = []
        for item in items:
            if isinstance(item, Validator):
                check_order = item.check_order if _overrides(item, "check_order") else None
                check_line = item.check_line if _overrides(item, "check_line") else None
            elif callable(item):
                check_order, check_line = item, None
            else:
                raise ArgumentTypeError(
                    "a validator is a callable (order, campaign_id) -> None | str or a promo.Validator, not %s"
                    % type(item).__name__
                )
            self.entries.append(_Entry(self, check_order, check_line))
        self.handles = [ffi.new_handle(entry) for entry in self.entries]
        self.array = ffi.new("promo_validator[]", max(1, len(self.entries)))
        for i, entry in enumerate(self.entries):
            slot = self.array[i]
            slot.name = ffi.NULL
            slot.check_order = lib._promo_py_check_order if entry.check_order is not None else ffi.NULL
            slot.check_line = lib._promo_py_check_line if entry.check_line is not None else ffi.NULL
            slot.user_data = self.handles[i]

    def options(self, dry_run: bool) -> Any:
        """promo_apply_options with these validators (kept alive by self)."""
        options = ffi.new("promo_apply_options *")
        lib.promo_apply_options_init(options, lib.PROMO_APPLY_OPTIONS_VERSION)
        options.validators = self.array
        options.validator_count = len(self.entries)
        options.dry_run = dry_run
        return options
