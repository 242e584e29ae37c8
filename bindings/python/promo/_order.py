"""Orders: one checkout, its lines, and applying a code to it."""

from __future__ import annotations

import datetime as _dt
import enum
import threading
from typing import Any, Dict, Iterable, NamedTuple, Optional, Tuple, Union

from ._catalog import Catalog, _JsonOptions, json_failure
from ._errors import REFUSALS, ArgumentTypeError, InvalidArgument, NoMemory, PromoError, Status, StoreUnavailable
from ._ffi import (
    INVALID_ARGUMENT,
    MALFORMED_CODE,
    NO_MEMORY,
    OK,
    REDEMPTION_LIMIT,
    STORE_UNAVAILABLE,
    boolean,
    check_memory,
    code_bytes,
    ffi,
    from_unix_seconds,
    int64,
    lib,
    path_bytes,
    seconds,
    status_message,
    string,
    text,
    unix_seconds,
    zone_name,
)
from ._result import Result, read_result
from ._validators import ValidatorLike, ValidatorRun


class Term(str, enum.Enum):
    """A subscription's term: how long one promo discount lasts (R7)."""

    MONTHLY = "monthly"
    ANNUAL = "annual"
    ANNUAL_PAID_MONTHLY = "annual_paid_monthly"

    def __str__(self) -> str:
        return str(self.value)


_TERM_NUMBERS: Dict[Term, int] = {
    Term.MONTHLY: lib.PROMO_TERM_MONTHLY,
    Term.ANNUAL: lib.PROMO_TERM_ANNUAL,
    Term.ANNUAL_PAID_MONTHLY: lib.PROMO_TERM_ANNUAL_PAID_MONTHLY,
}
_TERMS_BY_NUMBER = {number: term for term, number in _TERM_NUMBERS.items()}


def _term_number(value: Any) -> int:
    if not isinstance(value, str):
        raise ArgumentTypeError("term must be a promo.Term or its name, not %s" % type(value).__name__)
    try:
        return _TERM_NUMBERS[Term(value)]
    except ValueError:
        raise InvalidArgument(
            "unknown term %r: one of %s" % (value, ", ".join(repr(t.value) for t in Term))
        ) from None


class Line(NamedTuple):
    """One line of an order: a subscription."""

    #: The line's position in the order (0, 1, ...); line i of a Result is line i.
    position: int
    #: The subscription's id, unique in the order.
    subscription: str
    #: The product's SKU.
    product: str
    #: Whether it is a new subscription (promo codes are for new ones, R4).
    new: bool
    #: Its term.
    term: Term
    #: The number of licenses.
    licenses: int
    #: The price of one license for one billing period, minor units.
    unit_price: int
    #: The promo code the line carries, or None.
    promo_code: Optional[str]


_NO_VALIDATORS: Tuple[ValidatorLike, ...] = ()
# Room for a result of a few lines (promo_py_read); it grows when needed.
_BUFFER_SIZE = 1024
_DRY_RUN = ffi.new("promo_apply_options *")
lib.promo_apply_options_init(_DRY_RUN, lib.PROMO_APPLY_OPTIONS_VERSION)
_DRY_RUN.dry_run = True
_LOCALES = {"en", "nl"}
_OK = Status.OK
_NO_MEMORY = Status.NO_MEMORY
_INVALID_ARGUMENT = Status.INVALID_ARGUMENT
_STORE_UNAVAILABLE = Status.STORE_UNAVAILABLE
_THEN = {"reserve": lib.PROMO_THEN_RESERVE, "complete": lib.PROMO_THEN_COMPLETE}


def _then(options: Any, then: Any, ttl: Any) -> None:
    """Sets an apply's store operation (options version 2)."""
    if then is None:
        if ttl is not None:
            raise InvalidArgument('ttl goes with then="reserve"')
        return
    if not isinstance(then, str):
        raise ArgumentTypeError('then must be "reserve", "complete" or None, not %s' % type(then).__name__)
    number = _THEN.get(str.__str__(then))
    if number is None:
        raise InvalidArgument('then must be "reserve", "complete" or None, not %r' % (then,))
    options.then = number
    if number == lib.PROMO_THEN_RESERVE:
        if ttl is None:
            raise InvalidArgument('then="reserve" needs a ttl (seconds, or a timedelta)')
        options.reserve_ttl = seconds(ttl, "ttl")
    elif ttl is not None:
        raise InvalidArgument('ttl goes with then="reserve"')
_NULL = ffi.NULL
_py_apply = lib.promo_py_apply
_unpack = ffi.unpack


def _checked_locale(locale: Any) -> str:
    """A locale argument as a plain str; remembered, so that the next apply
    with it skips the check."""
    text(locale, "locale")
    plain: str = str.__str__(locale)
    if len(_LOCALES) < 256:
        _LOCALES.add(plain)
    return plain


def _empty_catalog() -> Any:
    """A catalog without codes: find_code on it is R1's syntax check alone
    (malformed_code, or else code_not_found)."""
    builder = ffi.new("promo_catalog_builder **")
    check_memory(lib.promo_catalog_builder_new(builder, ffi.NULL))
    try:
        out = ffi.new("promo_catalog **")
        check_memory(lib.promo_catalog_build(out, builder[0]))
    finally:
        lib.promo_catalog_builder_free(builder[0])
    return ffi.gc(out[0], lib.promo_catalog_release)


_SYNTAX = _empty_catalog()


def _well_formed(code: bytes) -> bool:
    found = ffi.new("const char **")
    status: int = lib.promo_catalog_find_code(found, _SYNTAX, code, len(code))
    check_memory(status)
    return status != MALFORMED_CODE


class Order:
    """One checkout on a catalog: who buys, where, when, and its lines.

    ``placed_at`` is an aware `datetime`; ``country`` an ISO 3166-1 alpha-2
    code ("NL"); ``currency`` ISO 4217 ("EUR"); ``time_zone`` an IANA zone
    (or a zoneinfo.ZoneInfo) in which discount terms are counted. Every
    value is checked as it is set (`InvalidArgument` says what is wrong); a
    refused call changes nothing.

    An order may be used from any thread, one call at a time (calls on one
    order from several threads wait for each other); many orders on one
    catalog run in parallel. `close` (or ``with``) frees it at once.
    """

    __slots__ = ("_ptr", "_lock", "_busy", "_catalog", "_subs", "_res", "_buf", "_cap", "__weakref__")

    def __init__(
        self,
        catalog: Catalog,
        *,
        id: Optional[str] = None,
        country: str,
        currency: str,
        placed_at: _dt.datetime,
        time_zone: Any = "UTC",
        completed: bool = False,
    ) -> None:
        self._ptr: Any = None
        if not isinstance(catalog, Catalog):
            raise ArgumentTypeError("catalog must be a promo.Catalog, not %s" % type(catalog).__name__)
        values = [
            (lib.promo_order_set_id, None if id is None else text(id, "id")),
            (lib.promo_order_set_country, text(country, "country")),
            (lib.promo_order_set_currency, text(currency, "currency")),
            (lib.promo_order_set_placed_at, unix_seconds(placed_at, "placed_at")),
            (lib.promo_order_set_time_zone, zone_name(time_zone, "time_zone")),
            (lib.promo_order_set_completed, boolean(completed, "completed")),
        ]
        out = ffi.new("promo_order **")
        ptr = catalog._enter()
        try:
            status = lib.promo_order_new(out, ptr)
        finally:
            catalog._leave()
        check_memory(status)
        order = ffi.gc(out[0], lib.promo_order_free)
        try:
            for setter, value in values:
                if value is not None:
                    status = setter(order, value)
                    if status != OK:
                        raise self._failure(order, status)
            self._adopt(order, catalog)
        except BaseException:
            ffi.release(order)
            raise

    def _adopt(self, order: Any, catalog: Catalog) -> None:
        result = ffi.new("promo_result **")
        check_memory(lib.promo_result_new(result, ffi.NULL))
        self._res = ffi.gc(result[0], lib.promo_result_free)
        self._ptr = order
        self._lock = threading.RLock()
        self._busy = False
        self._catalog = catalog
        count = lib.promo_order_line_count(order)
        self._subs = [
            ffi.string(lib.promo_order_line_subscription(order, i)).decode("utf-8", "replace") for i in range(count)
        ]
        self._cap = _BUFFER_SIZE
        self._buf = ffi.new("char[]", self._cap)

    @classmethod
    def _wrap(cls, order: Any, catalog: Catalog) -> "Order":
        self = cls.__new__(cls)
        self._ptr = None
        owned = ffi.gc(order, lib.promo_order_free)
        try:
            self._adopt(owned, catalog)
        except BaseException:
            ffi.release(owned)
            raise
        return self

    @classmethod
    def from_json(cls, catalog: Catalog, path: Any, *, max_bytes: Optional[int] = None) -> "Order":
        """Loads an order file (README: "The order file") on `catalog` ("-"
        reads standard input); ``max_bytes`` caps its size (default 16 MiB).
        Raises `LoadError` pointing at the value at fault."""
        if not isinstance(catalog, Catalog):
            raise ArgumentTypeError("catalog must be a promo.Catalog, not %s" % type(catalog).__name__)
        data = path_bytes(path, "path")
        out = ffi.new("promo_order **")
        error = ffi.new("promo_json_error *")
        with _JsonOptions(None, None, "", max_order_bytes=max_bytes) as options:
            ptr = catalog._enter()
            try:
                status = lib.promo_json_load_order(out, error, ptr, data, options.struct)
            finally:
                catalog._leave()
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0], catalog)

    @classmethod
    def from_json_string(
        cls, catalog: Catalog, text: Union[str, bytes], *, name: Optional[str] = None, max_bytes: Optional[int] = None
    ) -> "Order":
        """Loads an order from JSON text on `catalog`; ``name`` names the
        text in errors (default "<string>"), ``max_bytes`` as for
        `from_json`."""
        if not isinstance(catalog, Catalog):
            raise ArgumentTypeError("catalog must be a promo.Catalog, not %s" % type(catalog).__name__)
        if isinstance(text, str):
            data = str.encode(text, "utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise ArgumentTypeError("the JSON text must be a str or bytes, not %s" % type(text).__name__)
        label = ffi.NULL if name is None else _text(name, "name")
        out = ffi.new("promo_order **")
        error = ffi.new("promo_json_error *")
        with _JsonOptions(None, None, "", max_order_bytes=max_bytes) as options:
            ptr = catalog._enter()
            try:
                status = lib.promo_json_parse_order(out, error, ptr, data, len(data), label, options.struct)
            finally:
                catalog._leave()
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0], catalog)

    # -- lifetime ----------------------------------------------------------

    def close(self) -> None:
        """Frees the order now instead of when it is garbage collected.
        Closing twice is a no-op; using a closed order raises
        `InvalidArgument`."""
        with self._lock:
            if self._busy:
                raise InvalidArgument("an order cannot be closed while a code is being applied to it")
            ptr, self._ptr = self._ptr, None
            if ptr is not None:
                ffi.release(ptr)
                ffi.release(self._res)

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._ptr is None

    def __enter__(self) -> "Order":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise ArgumentTypeError("a promo.Order cannot be pickled or copied")

    def __copy__(self) -> "Order":
        raise ArgumentTypeError("a promo.Order cannot be copied: make a new one")

    def __deepcopy__(self, memo: Any) -> "Order":
        raise ArgumentTypeError("a promo.Order cannot be copied: make a new one")

    # -- helpers (call with the lock held) ---------------------------------

    @staticmethod
    def _failure(order: Any, status: int) -> Exception:
        if status == NO_MEMORY:
            return NoMemory("libpromo could not allocate memory; the order is unchanged")
        return InvalidArgument(ffi.string(lib.promo_order_error(order)).decode("utf-8", "replace"))

    def _readable(self) -> Any:
        ptr = self._ptr
        if ptr is None:
            raise InvalidArgument("the order is closed")
        return ptr

    def _writable(self) -> Any:
        ptr = self._readable()
        if self._busy:
            raise InvalidArgument("the order cannot change while a code is being applied to it (a validator may only read it)")
        return ptr

    def _set(self, setter: Any, value: Any) -> None:
        with self._lock:
            ptr = self._writable()
            status = setter(ptr, value)
            if status != OK:
                raise self._failure(ptr, status)

    def _line(self, index: int) -> Line:
        with self._lock:
            p = self._readable()
            return Line(
                index,
                ffi.string(lib.promo_order_line_subscription(p, index)).decode("utf-8", "replace"),
                ffi.string(lib.promo_order_line_product(p, index)).decode("utf-8", "replace"),
                bool(lib.promo_order_line_is_new(p, index)),
                _TERMS_BY_NUMBER[lib.promo_order_line_term(p, index)],
                int(lib.promo_order_line_licenses(p, index)),
                int(lib.promo_order_line_unit_price(p, index)),
                string(lib.promo_order_line_promo_code(p, index)),
            )

    def _string(self, getter: Any) -> Optional[str]:
        with self._lock:
            return string(getter(self._readable()))

    # -- the order's values --------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The catalog the order was made on."""
        return self._catalog

    @property
    def id(self) -> Optional[str]:
        """The order's id (R11 counts each order id once), or None."""
        return self._string(lib.promo_order_id)

    @id.setter
    def id(self, value: str) -> None:
        self._set(lib.promo_order_set_id, text(value, "id"))

    @property
    def country(self) -> str:
        """The customer's country, ISO 3166-1 alpha-2 ("NL")."""
        return self._string(lib.promo_order_country) or ""

    @country.setter
    def country(self, value: str) -> None:
        self._set(lib.promo_order_set_country, text(value, "country"))

    @property
    def currency(self) -> str:
        """The order's ISO 4217 currency ("EUR")."""
        return self._string(lib.promo_order_currency) or ""

    @currency.setter
    def currency(self, value: str) -> None:
        self._set(lib.promo_order_set_currency, text(value, "currency"))

    @property
    def time_zone(self) -> str:
        """The customer's IANA time zone, in which discount terms are counted."""
        return self._string(lib.promo_order_time_zone) or ""

    @time_zone.setter
    def time_zone(self, value: Any) -> None:
        self._set(lib.promo_order_set_time_zone, zone_name(value, "time_zone"))

    @property
    def placed_at(self) -> _dt.datetime:
        """When the order is placed, an aware datetime in UTC."""
        is_set = ffi.new("bool *")
        seconds = ffi.new("int64_t *")
        with self._lock:
            lib.promo_order_placed_at(is_set, seconds, self._readable())
        return from_unix_seconds(seconds[0])

    @placed_at.setter
    def placed_at(self, value: _dt.datetime) -> None:
        self._set(lib.promo_order_set_placed_at, unix_seconds(value, "placed_at"))

    @property
    def completed(self) -> bool:
        """Whether the purchase is complete (then no code applies, R4)."""
        with self._lock:
            return bool(lib.promo_order_completed(self._readable()))

    @completed.setter
    def completed(self, value: bool) -> None:
        self._set(lib.promo_order_set_completed, boolean(value, "completed"))

    @property
    def lines(self) -> Tuple[Line, ...]:
        """The order's lines, in order."""
        with self._lock:
            return tuple(self._line(i) for i in range(len(self._subs)))

    @property
    def subtotal(self) -> int:
        """Sum of unit_price x licenses over the lines, minor units."""
        with self._lock:
            return int(lib.promo_order_subtotal(self._readable()))

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<promo.Order (closed)>"
        return "<promo.Order id=%r lines=%d>" % (self.id, len(self._subs))

    # -- changing it ---------------------------------------------------------

    def add_line(
        self,
        subscription: str,
        product: str,
        *,
        new: bool,
        term: Union[Term, str],
        licenses: int,
        unit_price: int,
        promo_code: Optional[Union[str, bytes]] = None,
    ) -> Line:
        """Appends a line (a subscription) and returns it. ``licenses`` >= 1;
        ``unit_price`` >= 0 is one license for one billing period, in minor
        units; ``promo_code`` is a code the subscription already carries."""
        sub = text(subscription, "subscription")
        sku = text(product, "product")
        is_new = boolean(new, "new")
        term_number = _term_number(term)
        count = int64(licenses, "licenses")
        price = int64(unit_price, "unit_price")
        code = None
        if promo_code is not None:
            code = code_bytes(promo_code)
            if not _well_formed(code):
                raise InvalidArgument("promo_code %r is not a well-formed promo code (R1)" % (promo_code,))
        index = ffi.new("size_t *")
        with self._lock:
            ptr = self._writable()
            status = lib.promo_order_add_line(index, ptr, sub, sku, is_new, term_number, count, price)
            if status != OK:
                raise self._failure(ptr, status)
            i = index[0]
            self._subs.append(str.__str__(subscription))
            if code is not None:
                status = lib.promo_order_set_line_promo_code(ptr, i, code, len(code))
                if status != OK:  # pragma: no cover - checked above
                    raise self._failure(ptr, status)
            return self._line(i)

    def _line_index(self, line: Any) -> int:
        if isinstance(line, bool) or not isinstance(line, (int, str)):
            raise ArgumentTypeError("line must be a line index (int) or a subscription id (str), not %s" % type(line).__name__)
        if isinstance(line, str):
            line = str.__str__(line)  # a plain str: a subclass's __eq__ is not called
            try:
                return self._subs.index(line)
            except ValueError:
                raise InvalidArgument("the order has no subscription %r" % line) from None
        index = int.__int__(line)  # a plain int: a subclass's methods are not called
        if not 0 <= index < len(self._subs):
            raise InvalidArgument("the order has no line %d (it has %d)" % (index, len(self._subs)))
        return index

    def set_line_promo_code(self, line: Union[int, str], code: Optional[Union[str, bytes]]) -> None:
        """Records that a line (its index or its subscription id) already
        carries `code`, e.g. for an order restored from storage; None clears
        it (before completing an order whose code was refused on a re-apply)."""
        data = None if code is None else code_bytes(code)
        with self._lock:
            ptr = self._writable()
            index = self._line_index(line)
            if data is None:
                status = lib.promo_order_set_line_promo_code(ptr, index, ffi.NULL, 0)
            else:
                status = lib.promo_order_set_line_promo_code(ptr, index, data, len(data))
            if status != OK:
                raise self._failure(ptr, status)

    # -- applying a code -------------------------------------------------------

    def apply(
        self,
        code: Union[str, bytes],
        *,
        locale: str = "en",
        validators: Iterable[ValidatorLike] = _NO_VALIDATORS,
        dry_run: bool = False,
        then: Optional[str] = None,
        ttl: Any = None,
    ) -> Result:
        """Applies the customer's `code` (the design card's apply_promo).

        Returns the `Result` when the code applies: every accepted line then
        carries it (unless ``dry_run``). Raises a subclass of `Refused`
        (`Expired`, `WrongRegion`, ...) when it does not; the order is then
        exactly as it was. ``locale`` ("en", "nl", "nl-BE", ...) is the
        language of the messages. ``validators`` are host validators (R12):
        callables ``(order, campaign_id) -> None | str`` or `Validator`
        objects; an exception in one aborts the apply and propagates.
        Applying a code the lines already carry is a no-op reporting the
        same discount again.

        ``then="reserve"`` (with ``ttl``, seconds or a timedelta) or
        ``then="complete"`` does that store operation too, all or nothing
        with the apply: when the store refuses (`RedemptionLimit`: the last
        slot went to another order meanwhile) or fails (`StoreUnavailable`)
        the order is as it was. `StoreUnavailable` is raised when R11 could
        not read the store, too.
        """
        result = self._apply(code, locale, validators, dry_run, then, ttl)
        status = result[0]
        if status is _OK:
            return result
        refusal = REFUSALS.get(status)
        if refusal is None:  # pragma: no cover - every status apply returns has one
            raise PromoError("apply: status %s has no exception in this binding" % status)
        raise refusal(result.message, result)

    def check(
        self,
        code: Union[str, bytes],
        *,
        locale: str = "en",
        validators: Iterable[ValidatorLike] = _NO_VALIDATORS,
        dry_run: bool = False,
        then: Optional[str] = None,
        ttl: Any = None,
    ) -> Result:
        """`apply`, but a refusal is returned as the `Result` (its ``status``
        says why) instead of raised. Programming errors and `StoreUnavailable`
        still raise."""
        return self._apply(code, locale, validators, dry_run, then, ttl)

    def _apply(self, code: Any, locale: Any, validators: Any, dry_run: Any, then: Any, ttl: Any) -> Result:
        # The hot path of a checkout: module constants instead of attribute
        # look-ups (an Enum member costs one), one FFI call, one unpack.
        data = code.encode("utf-8", "surrogatepass") if type(code) is str else code_bytes(code)
        if type(locale) is not str or locale not in _LOCALES:
            locale = _checked_locale(locale)
        if (validators is _NO_VALIDATORS or validators is None) and then is None and ttl is None:
            if dry_run is False:
                options = _NULL
            elif dry_run is True:
                options = _DRY_RUN
            else:
                raise ArgumentTypeError("dry_run must be a bool, not %s" % type(dry_run).__name__)
            with self._lock:
                ptr = self._ptr
                if ptr is None or self._busy:
                    raise self._unusable()
                need = _py_apply(self._buf, self._cap, self._res, ptr, data, len(data), options)
                raw = _unpack(self._buf, need) if need <= self._cap else self._grow(need)
                result = read_result(raw, self._subs, locale, code)
        else:
            run = ValidatorRun(self, () if validators is None else validators)
            options = run.options(boolean(dry_run, "dry_run"))
            _then(options, then, ttl)
            with self._lock:
                ptr = self._ptr
                if ptr is None or self._busy:
                    raise self._unusable()
                self._busy = True  # validators may read the order, not change it
                try:
                    need = _py_apply(self._buf, self._cap, self._res, ptr, data, len(data), options)
                finally:
                    self._busy = False
                error, run.error = run.error, None
                if error is not None:
                    raise error
                raw = _unpack(self._buf, need) if need <= self._cap else self._grow(need)
                result = read_result(raw, self._subs, locale, code)
        status = result[0]
        if status is _NO_MEMORY:
            raise NoMemory("libpromo could not allocate memory; the order is unchanged")
        if status is _INVALID_ARGUMENT:  # the caller's mistake, not a refusal
            raise InvalidArgument(result.error)
        if status is _STORE_UNAVAILABLE:  # not the customer's: retry
            raise StoreUnavailable(result.message, result.error, result)
        return result

    def _unusable(self) -> Exception:
        if self._ptr is None:
            return InvalidArgument("the order is closed")
        return InvalidArgument("a validator cannot apply a code to the order being applied to")

    def _grow(self, need: int) -> bytes:
        """Reads a result larger than the buffer (long reasons, many lines)
        into a larger one, kept for the next applies."""
        self._cap = need
        self._buf = ffi.new("char[]", need)
        lib.promo_py_read(self._buf, need, self._res)
        raw: bytes = ffi.unpack(self._buf, need)
        return raw

    # -- R11: the order in the catalog's store ----------------------------------

    def _store_operation(self, operation: Any, locale: Any, *arguments: Any) -> None:
        if type(locale) is not str or locale not in _LOCALES:
            locale = _checked_locale(locale)
        with self._lock:
            ptr = self._writable()
            status = operation(ptr, *arguments)
            if status == OK:
                return
            why = ffi.string(lib.promo_order_error(ptr)).decode("utf-8", "replace")
            if status in (NO_MEMORY, INVALID_ARGUMENT):
                raise self._failure(ptr, status)
        if status == STORE_UNAVAILABLE:
            raise StoreUnavailable(status_message(status, locale), why)
        if status == REDEMPTION_LIMIT:
            raise REFUSALS[Status.REDEMPTION_LIMIT](status_message(status, locale), None, why)
        raise PromoError("libpromo answered status %d" % status)  # pragma: no cover

    def reserve(self, ttl: Any, *, locale: str = "en") -> None:
        """Holds a slot of each campaign whose code a new line carries, for
        ``ttl`` (seconds, or a timedelta) from now, while the customer pays:
        R11 counts it against other orders. Reserving again renews it.
        Raises `RedemptionLimit` (no free slot; nothing changed),
        `StoreUnavailable`, or `InvalidArgument` (no order id, ttl < 1)."""
        self._store_operation(lib.promo_order_reserve, locale, seconds(ttl, "ttl"))

    def complete(self, *, locale: str = "en") -> None:
        """Completes the purchase (R11): marks the order complete and counts
        one redemption per campaign whose code a new line carries (the
        order's reservation becomes it, or a free slot is taken), at most
        once per order id: a retry counts nothing twice. Raises
        `RedemptionLimit` when a campaign has no free slot (nothing counted,
        the order unchanged), `StoreUnavailable` (safe to retry), or
        `InvalidArgument` (the order has no id)."""
        self._store_operation(lib.promo_order_complete, locale)

    def release(self, *, locale: str = "en") -> None:
        """Drops the order's reservations (the customer left); redemptions
        stay counted. Raises `StoreUnavailable`."""
        self._store_operation(lib.promo_order_release, locale)

    def refund(self, *, locale: str = "en") -> None:
        """Un-counts the order's redemptions (the purchase was refunded):
        each slot comes back, and the order is no longer complete, so it can
        be applied to and completed again. Raises `StoreUnavailable`."""
        self._store_operation(lib.promo_order_refund, locale)


def _text(value: Any, what: str) -> bytes:
    return text(value, what)
