"""The compiled cffi module, and the argument conversions every class uses."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any, Dict, List, Optional, Tuple

from ._errors import ArgumentTypeError, InvalidArgument, NoMemory, PromoError, Status

try:
    from ._native import ffi as ffi, lib as lib  # re-exported to the package
except ImportError as exc:  # pragma: no cover - an install problem
    raise ImportError(
        "promo: the compiled part of the package (promo._native) cannot be "
        "loaded: %s. Build it with CMake or install the package with "
        "`pip install --no-build-isolation ./bindings/python` (README.md, "
        "'Python')." % exc
    ) from exc

OK: int = lib.PROMO_OK
STORE_UNAVAILABLE: int = lib.PROMO_ERR_STORE_UNAVAILABLE
REDEMPTION_LIMIT: int = lib.PROMO_ERR_REDEMPTION_LIMIT
INVALID_ARGUMENT: int = lib.PROMO_ERR_INVALID_ARGUMENT
NO_MEMORY: int = lib.PROMO_ERR_NO_MEMORY
REJECTED_BY_HOST: int = lib.PROMO_ERR_REJECTED_BY_HOST
MALFORMED_CODE: int = lib.PROMO_ERR_MALFORMED_CODE
CODE_NOT_FOUND: int = lib.PROMO_ERR_CODE_NOT_FOUND

CODE_MAX_BYTES: int = lib.promo_code_max_bytes()
REASON_MAX: int = lib.promo_reason_max()


def _status_table() -> List[Optional[Status]]:
    """Status by number, as the linked library names them. A number this
    binding does not know (a newer library) maps to None."""
    table: List[Optional[Status]] = []
    for number in range(lib.promo_status_count()):
        name = ffi.string(lib.promo_status_name(number)).decode("ascii")
        try:
            status = Status(name)
        except ValueError:
            status = None
        if status is not None and status.number != number:  # pragma: no cover
            raise ImportError(
                "promo: the linked libpromo numbers status %r %d, this "
                "binding %d" % (name, number, status.number)
            )
        table.append(status)
    return table


STATUSES: List[Optional[Status]] = _status_table()


def status_of(number: int) -> Status:
    """The Status of a number libpromo returned; PromoError for one this
    binding does not know, which is never taken for success."""
    if 0 <= number < len(STATUSES):
        status = STATUSES[number]
        if status is not None:
            return status
    name = ffi.string(lib.promo_status_name(number)).decode("ascii", "replace")
    raise PromoError("libpromo answered status %d (%s), which this version of the binding does not know" % (number, name))


_MESSAGES: Dict[Tuple[int, str], str] = {}


def status_message(number: int, locale: str) -> str:
    """promo_status_message, cached: the texts are static."""
    if type(locale) is not str:
        text(locale, "locale")  # raises for what is not a str
        locale = str.__str__(locale)
    key = (number, locale)
    message = _MESSAGES.get(key)
    if message is None:
        message = ffi.string(lib.promo_status_message(number, text(locale, "locale"))).decode("utf-8")
        if len(_MESSAGES) < 1024:
            _MESSAGES[key] = message
    return message


def text(value: Any, what: str) -> bytes:
    """A str argument as the NUL-terminated UTF-8 libpromo takes."""
    if not isinstance(value, str):
        raise ArgumentTypeError("%s must be a str, not %s" % (what, type(value).__name__))
    try:
        data = str.encode(value, "utf-8")  # not value.encode: a subclass may lie
    except UnicodeEncodeError as exc:
        raise InvalidArgument("%s is not valid Unicode text: %s" % (what, exc)) from None
    if b"\0" in data:
        raise InvalidArgument("%s must not contain a NUL character" % what)
    return data


def optional_text(value: Any, what: str) -> Any:
    """`text`, or ffi.NULL for None."""
    return ffi.NULL if value is None else text(value, what)


def code_bytes(code: Any) -> bytes:
    """A customer's code, as bytes of any content: libpromo checks R1 itself
    and answers malformed_code for what is not a code. A str is encoded as
    UTF-8, lone surrogates included (they make it ill-formed, as a code
    that is not UTF-8 is)."""
    if type(code) is str:
        return code.encode("utf-8", "surrogatepass")
    if type(code) is bytes:
        return code
    if isinstance(code, str):
        return str.encode(code, "utf-8", "surrogatepass")
    if isinstance(code, (bytes, bytearray, memoryview)):
        return bytes(code)
    raise ArgumentTypeError("a code must be a str or bytes, not %s" % type(code).__name__)


def path_bytes(path: Any, what: str) -> bytes:
    """A file system path (str, bytes or os.PathLike) as bytes."""
    try:
        data = os.fsencode(path)
    except TypeError:
        raise ArgumentTypeError("%s must be a str, bytes or os.PathLike, not %s" % (what, type(path).__name__)) from None
    except UnicodeEncodeError as exc:
        raise InvalidArgument("%s cannot be encoded for the file system: %s" % (what, exc)) from None
    if b"\0" in data:
        raise InvalidArgument("%s must not contain a NUL character" % what)
    return data


_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def int64(value: Any, what: str) -> int:
    """An int argument that fits libpromo's int64_t (bool is refused)."""
    if type(value) is not int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ArgumentTypeError("%s must be an int, not %s" % (what, type(value).__name__))
        value = int.__int__(value)  # a plain int: a subclass's methods are not called
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise InvalidArgument("%s must fit in 64 bits, not %d" % (what, value))
    return value


def optional_size(value: Any, what: str) -> Optional[int]:
    """None, or a size in bytes (an int of at least 1)."""
    if value is None:
        return None
    size = int64(value, what)
    if size < 1:
        raise InvalidArgument("%s must be at least 1, not %d" % (what, size))
    return size


def seconds(value: Any, what: str) -> int:
    """A duration as whole seconds: an int, or a datetime.timedelta."""
    if isinstance(value, _dt.timedelta):
        return value // _SECOND
    return int64(value, what)


def boolean(value: Any, what: str) -> bool:
    """A bool argument; anything else is refused rather than guessed."""
    if value is not True and value is not False:
        raise ArgumentTypeError("%s must be a bool, not %s" % (what, type(value).__name__))
    return value


def zone_name(value: Any, what: str) -> bytes:
    """An IANA time zone: a str, or a zoneinfo.ZoneInfo (its key)."""
    if not isinstance(value, str):
        key = getattr(value, "key", None) if isinstance(value, _dt.tzinfo) else None
        if not isinstance(key, str):
            raise ArgumentTypeError(
                "%s must be an IANA time zone name (str) or a zoneinfo.ZoneInfo, not %s" % (what, type(value).__name__)
            )
        value = key
    return text(value, what)


UTC = _dt.timezone.utc
EPOCH = _dt.datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = _dt.datetime(1970, 1, 1)
_SECOND = _dt.timedelta(seconds=1)


def unix_seconds(value: Any, what: str) -> int:
    """An aware datetime as whole seconds since the epoch (a fraction of a
    second is dropped, as the JSON loader drops it)."""
    if not isinstance(value, _dt.datetime):
        raise ArgumentTypeError("%s must be a datetime, not %s" % (what, type(value).__name__))
    offset = value.utcoffset()
    if offset is None:
        raise InvalidArgument(
            "%s must be an aware datetime (with a tzinfo), not a naive one: "
            "say which instant it is, e.g. datetime(..., tzinfo=timezone.utc)" % what
        )
    return ((value.replace(tzinfo=None) - _EPOCH_NAIVE) - offset) // _SECOND


def from_unix_seconds(seconds: int) -> _dt.datetime:
    """An instant from libpromo as an aware datetime in UTC."""
    return EPOCH + _dt.timedelta(seconds=seconds)


def string(ptr: Any) -> Optional[str]:
    """A NUL-terminated UTF-8 string from libpromo, or None for NULL."""
    if ptr == ffi.NULL:
        return None
    value: str = ffi.string(ptr).decode("utf-8", "replace")
    return value


def check_memory(status: int) -> None:
    """Raises NoMemory for PROMO_ERR_NO_MEMORY."""
    if status == NO_MEMORY:
        raise NoMemory("libpromo could not allocate memory; nothing changed")
