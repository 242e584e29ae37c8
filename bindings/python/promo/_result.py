"""What an apply decided: Result and LineResult, plain Python values."""

from __future__ import annotations

import datetime as _dt
import struct
from typing import Any, Dict, NamedTuple, Optional, Sequence, Tuple

from ._errors import Status
from ._ffi import STATUSES, from_unix_seconds, status_message, status_of


class LineResult(NamedTuple):
    """One order line's outcome (line i of the result is line i of the order)."""

    #: The line's subscription id.
    subscription: str
    #: ``ok`` when the line takes the code, else why it was skipped.
    status: Status
    #: Licenses discounted: min(licenses, max_licenses) (R6); 0 unless ok.
    discounted_licenses: int
    #: The line's discount per billing period, in minor units; 0 unless ok.
    discount: int
    #: When the discount ends (R7, R8), an aware datetime in UTC; None unless ok.
    discount_ends: Optional[_dt.datetime]
    #: The reason a line-level host validator gave, or "".
    reason: str


class Result(NamedTuple):
    """The outcome of an apply. Amounts are ints in the currency's minor unit.

    A Result is a copy: it stays valid whatever happens to the order or the
    catalog afterwards.
    """

    #: What happened: ``ok`` or why the code was refused.
    status: Status
    #: The code as entered, or None when it is not a well-formed code.
    code: Optional[str]
    #: The id of the code's campaign, or None when the code was not found.
    campaign: Optional[str]
    #: What to tell the customer, in the apply's locale.
    message: str
    #: The order's currency ("EUR").
    currency: Optional[str]
    #: Sum of unit_price x licenses over the order's lines.
    subtotal: int
    #: Sum of the line discounts; 0 unless the status is ok.
    discount: int
    #: subtotal - discount.
    total: int
    #: One LineResult per order line, in order.
    lines: Tuple[LineResult, ...]
    #: The reason an order-level host validator gave, or "".
    reason: str = ""
    #: Why the code is malformed (malformed_code), or what the caller got
    #: wrong (invalid_argument); "" otherwise.
    error: str = ""

    @property
    def ok(self) -> bool:
        """Whether the code applies (status ``ok``)."""
        return self.status is Status.OK


# The layout promo_py_read() writes (promo_build.py): a head of 6 int64,
# one record of 4 int64 per line, then the strings, each ended by a NUL.
# One Struct per line count reads the head and the lines at once.
_HEAD = 6
_LINE = 4
_LAYOUTS: Dict[int, struct.Struct] = {}


def _layout(count: int) -> struct.Struct:
    layout = _LAYOUTS.get(count)
    if layout is None:
        layout = struct.Struct("=%dq" % (_HEAD + _LINE * count))
        if len(_LAYOUTS) < 256:
            _LAYOUTS[count] = layout
    return layout


_COUNT = struct.Struct("=q")  # the head's second field: the line count
_OK = Status.OK
_STATUSES = STATUSES
_KNOWN = len(STATUSES)
_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_fromtimestamp = _dt.datetime.fromtimestamp
_UTC = _dt.timezone.utc


def read_result(raw: bytes, subscriptions: Sequence[str], locale: str, code: Any) -> Result:
    """A Result from the bytes promo_py_read() wrote. `code` is what the
    caller passed; a str is reused as the result's code when libpromo kept
    the code (a well-formed code is the caller's text, byte for byte).

    This is the hot path of every apply: one unpack for the numbers, one
    decode for the strings, the tuples built directly."""
    count = len(subscriptions)
    layout = _LAYOUTS.get(count)
    if layout is None:
        layout = _layout(count)
    values = layout.unpack_from(raw) if len(raw) >= layout.size else None
    if values is None or values[1] != count:
        # An apply that ended before it read the lines (no_memory, options
        # libpromo refused) has none: the head says how many there are.
        count = _COUNT.unpack_from(raw, 8)[0]
        layout = _layout(count)
        values = layout.unpack_from(raw)
    number = values[0]
    status = _STATUSES[number] if 0 <= number < _KNOWN else None
    if status is None:
        status = status_of(number)  # raises: never taken for success
    texts = raw[layout.size :].decode("utf-8", "replace").split("\0")
    nulls = values[5]
    if nulls & 1:
        code = None
    elif type(code) is not str:
        code = texts[0]
    rows = []
    k = _HEAD
    for i in range(count):
        line_number = values[k]
        if line_number == 0:  # PROMO_OK: an accepted line has no reason
            try:
                ends = _fromtimestamp(values[k + 3], _UTC)
            except (OverflowError, OSError, ValueError):  # pragma: no cover - platform limits
                ends = from_unix_seconds(values[k + 3])
            rows.append(_tuple(LineResult, (subscriptions[i], _OK, values[k + 1], values[k + 2], ends, "")))
        else:
            line_status = _STATUSES[line_number] if 0 <= line_number < _KNOWN else None
            if line_status is None:
                line_status = status_of(line_number)
            rows.append(
                _tuple(LineResult, (subscriptions[i], line_status, values[k + 1], values[k + 2], None, texts[5 + i]))
            )
        k += _LINE
    messages = _MESSAGES.get(locale)
    return _tuple(
        Result,
        (
            status,
            code,
            None if nulls & 2 else texts[1],
            messages[number] if messages is not None and number < _KNOWN else status_message(number, locale),
            None if nulls & 4 else texts[2],
            values[2],
            values[3],
            values[4],
            tuple(rows),
            texts[3],
            texts[4],
        ),
    )


def _messages(locale: str) -> Tuple[str, ...]:
    return tuple(status_message(number, locale) for number in range(len(STATUSES)))


# The statuses' sentences of the two languages libpromo has, ready.
_MESSAGES = {"en": _messages("en"), "nl": _messages("nl")}
