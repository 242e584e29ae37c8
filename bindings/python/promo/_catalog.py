"""Catalogs of campaigns and their codes."""

from __future__ import annotations

import datetime as _dt
import threading
from typing import Any, Iterable, Optional, Tuple, Union

from ._errors import ArgumentTypeError, InvalidArgument, LoadError, NoMemory
from ._ffi import (
    CODE_NOT_FOUND,
    MALFORMED_CODE,
    NO_MEMORY,
    OK,
    check_memory,
    code_bytes,
    ffi,
    int64,
    optional_size,
    lib,
    path_bytes,
    text,
    zone_name,
)

Code = Union[str, bytes]


def _strings(value: Any, what: str) -> Tuple[Any, ...]:
    if isinstance(value, (str, bytes)):
        raise ArgumentTypeError("%s must be a list of strings, not a single string" % what)
    try:
        return tuple(value)
    except TypeError:
        raise ArgumentTypeError("%s must be a list of strings, not %s" % (what, type(value).__name__)) from None


def _date(value: Any, what: str) -> Optional[_dt.date]:
    if value is None:
        return None
    if isinstance(value, _dt.datetime) or not isinstance(value, _dt.date):
        raise ArgumentTypeError("%s must be a datetime.date (a day), not %s" % (what, type(value).__name__))
    return value


def _optional_int(value: Any, what: str) -> Optional[int]:
    return None if value is None else int64(value, what)


class Campaign:
    """A campaign to build into a `Catalog`: the discount, when and where its
    codes are valid, and the codes. Values are checked by libpromo when the
    catalog is built (`InvalidArgument` names what is wrong).

    Give either ``percent_bps`` (basis points: 2000 = 20 %) or ``amount``
    (minor units off each discounted license) with its ``currency``.
    ``starts`` and ``ends`` are days (inclusive) in ``time_zone``.
    """

    __slots__ = (
        "id",
        "percent_bps",
        "amount",
        "currency",
        "starts",
        "ends",
        "time_zone",
        "regions",
        "products",
        "max_licenses",
        "max_redemptions",
        "codes",
    )

    def __init__(
        self,
        id: str,
        *,
        percent_bps: Optional[int] = None,
        amount: Optional[int] = None,
        currency: Optional[str] = None,
        starts: Optional[_dt.date] = None,
        ends: Optional[_dt.date] = None,
        time_zone: Any = "UTC",
        regions: Iterable[str] = (),
        products: Iterable[str] = (),
        max_licenses: Optional[int] = None,
        max_redemptions: Optional[int] = None,
        codes: Iterable[Code] = (),
    ) -> None:
        text(id, "a campaign's id")
        self.id: str = id
        self.percent_bps = _optional_int(percent_bps, "percent_bps")
        self.amount = _optional_int(amount, "amount")
        if currency is not None:
            text(currency, "currency")
        self.currency: Optional[str] = currency
        self.starts = _date(starts, "starts")
        self.ends = _date(ends, "ends")
        zone_name(time_zone, "time_zone")
        self.time_zone: Any = time_zone
        self.regions: Tuple[str, ...] = _strings(regions, "regions")
        self.products: Tuple[str, ...] = _strings(products, "products")
        self.max_licenses = _optional_int(max_licenses, "max_licenses")
        self.max_redemptions = _optional_int(max_redemptions, "max_redemptions")
        self.codes: Tuple[Code, ...] = _strings(codes, "codes")
        for region in self.regions:
            text(region, "a region")
        for product in self.products:
            text(product, "a product")
        for code in self.codes:
            code_bytes(code)

    def __repr__(self) -> str:
        return "promo.Campaign(%r, codes=%d)" % (self.id, len(self.codes))


def _add_campaign(builder: Any, campaign: Campaign) -> None:
    """Adds one campaign to a builder; raises on the first refused call."""
    out = ffi.new("promo_campaign **")

    def call(status: int) -> None:
        check_memory(status)
        if status != OK:
            message = ffi.string(lib.promo_catalog_builder_error(builder)).decode("utf-8", "replace")
            raise InvalidArgument(message)

    call(lib.promo_catalog_builder_add_campaign(out, builder, text(campaign.id, "a campaign's id")))
    c = out[0]
    if campaign.percent_bps is not None and campaign.amount is not None:
        raise InvalidArgument("campaign %r: give percent_bps or amount, not both" % campaign.id)
    if campaign.percent_bps is not None:
        call(lib.promo_campaign_set_percent_bps(c, campaign.percent_bps))
    elif campaign.amount is not None:
        if campaign.currency is None:
            raise InvalidArgument("campaign %r: an amount needs its currency" % campaign.id)
        call(lib.promo_campaign_set_amount(c, campaign.amount, text(campaign.currency, "currency")))
    elif campaign.currency is not None:
        raise InvalidArgument("campaign %r: a currency goes with an amount" % campaign.id)
    call(lib.promo_campaign_set_time_zone(c, zone_name(campaign.time_zone, "time_zone")))
    if campaign.starts is not None:
        s = campaign.starts
        call(lib.promo_campaign_set_starts(c, s.year, s.month, s.day))
    if campaign.ends is not None:
        e = campaign.ends
        call(lib.promo_campaign_set_ends(c, e.year, e.month, e.day))
    for region in campaign.regions:
        call(lib.promo_campaign_add_region(c, text(region, "a region")))
    for product in campaign.products:
        call(lib.promo_campaign_add_product(c, text(product, "a product")))
    if campaign.max_licenses is not None:
        call(lib.promo_campaign_set_max_licenses(c, campaign.max_licenses))
    if campaign.max_redemptions is not None:
        call(lib.promo_campaign_set_max_redemptions(c, campaign.max_redemptions))
    for code in campaign.codes:
        data = code_bytes(code)
        call(lib.promo_campaign_add_code(c, data, len(data)))


def json_options(directory: Any, what: str, **limits: Optional[int]) -> Tuple[Any, Any]:
    """promo_json_options for one load, and the directory's string, which
    the caller keeps until the load returns (a struct field does not keep
    what it points at alive)."""
    options = ffi.new("promo_json_options *")
    lib.promo_json_options_init(options, lib.PROMO_JSON_OPTIONS_VERSION)
    checked = {name: optional_size(value, "max_bytes") for name, value in limits.items()}
    directory_text = ffi.NULL
    if directory is not None:
        directory_text = ffi.new("char[]", path_bytes(directory, what))
        options.codes_dir = directory_text
    for name, value in checked.items():
        if value is not None:
            setattr(options, name, value)
    return options, directory_text


def _load_error(error: Any) -> LoadError:
    size = lib.promo_json_error_format(ffi.NULL, 0, error) + 1
    buf = ffi.new("char[]", size)
    lib.promo_json_error_format(buf, size, error)
    return LoadError(
        ffi.string(buf).decode("utf-8", "replace"),
        ffi.string(error.file).decode("utf-8", "surrogateescape"),
        int(error.line),
        int(error.column),
        ffi.string(error.text).decode("utf-8", "replace"),
    )


def json_failure(status: int, error: Any) -> Exception:
    """The exception for a JSON loader's refusal."""
    if status == NO_MEMORY:
        return NoMemory("libpromo could not allocate memory while loading JSON")
    return _load_error(error)


class Catalog:
    """An immutable catalog of campaigns and codes, shared by any number of
    orders and threads.

    Make one with `Catalog.from_json`, `Catalog.from_json_string` or
    ``Catalog([Campaign(...), ...])``. ``len(catalog)`` is its number of
    codes. `close` (or ``with``) lets go of it at once; orders made on it
    keep working, since each holds its own reference to the C catalog.
    """

    __slots__ = ("_ptr", "_lock", "_users", "_closed", "__weakref__")

    def __init__(self, campaigns: Iterable[Campaign]) -> None:
        self._ptr: Any = None
        self._lock = threading.Lock()
        self._users = 0
        self._closed = True
        items = _strings(campaigns, "campaigns")
        for item in items:
            if not isinstance(item, Campaign):
                raise ArgumentTypeError("campaigns must be promo.Campaign objects, not %s" % type(item).__name__)
        out = ffi.new("promo_catalog_builder **")
        check_memory(lib.promo_catalog_builder_new(out, ffi.NULL))
        builder = out[0]
        try:
            for campaign in items:
                _add_campaign(builder, campaign)
            catalog = ffi.new("promo_catalog **")
            status = lib.promo_catalog_build(catalog, builder)
            check_memory(status)
            if status != OK:
                message = ffi.string(lib.promo_catalog_builder_error(builder)).decode("utf-8", "replace")
                raise InvalidArgument(message)
        finally:
            lib.promo_catalog_builder_free(builder)
        self._adopt(catalog[0])

    def _adopt(self, ptr: Any) -> None:
        self._ptr = ffi.gc(ptr, lib.promo_catalog_release)
        self._lock = threading.Lock()
        self._users = 0
        self._closed = False

    @classmethod
    def _wrap(cls, ptr: Any) -> "Catalog":
        self = cls.__new__(cls)
        self._adopt(ptr)
        return self

    @classmethod
    def from_json(cls, path: Any, *, codes_dir: Any = None, max_bytes: Optional[int] = None) -> "Catalog":
        """Loads a catalog file (README: "The catalog file"). A campaign's
        ``codes_file`` is read from ``codes_dir`` (default: the catalog's
        directory), never from outside it; ``max_bytes`` caps the file's
        size (default 256 MiB). Raises `LoadError` pointing at the value at
        fault."""
        data = path_bytes(path, "path")
        options, directory = json_options(codes_dir, "codes_dir", max_catalog_bytes=max_bytes)
        out = ffi.new("promo_catalog **")
        error = ffi.new("promo_json_error *")
        status = lib.promo_json_load_catalog(out, error, data, ffi.NULL, options)
        del directory  # kept alive until here
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0])

    @classmethod
    def from_json_string(
        cls, text: Union[str, bytes], base_dir: Any = None, *, name: Optional[str] = None, max_bytes: Optional[int] = None
    ) -> "Catalog":
        """Loads a catalog from JSON text. A ``codes_file`` is read from
        ``base_dir`` ("" is the current directory), never from outside it;
        with ``base_dir=None`` a catalog that names a codes_file is refused,
        so that nothing is read from the file system unless you say where.
        ``name`` names the text in errors (default "<string>"); ``max_bytes``
        as for `from_json`."""
        if isinstance(text, str):
            data = str.encode(text, "utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise ArgumentTypeError("the JSON text must be a str or bytes, not %s" % type(text).__name__)
        label = ffi.NULL if name is None else _name(name)
        options, directory = json_options(base_dir, "base_dir", max_catalog_bytes=max_bytes)
        out = ffi.new("promo_catalog **")
        error = ffi.new("promo_json_error *")
        status = lib.promo_json_parse_catalog(out, error, data, len(data), label, ffi.NULL, options)
        del directory  # kept alive until here
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0])

    # Using the C catalog: an operation holds it (under the lock) so that a
    # close() on another thread waits for the operation to end before the
    # catalog's reference is released.
    def _enter(self) -> Any:
        with self._lock:
            if self._closed:
                raise InvalidArgument("the catalog is closed")
            self._users += 1
            return self._ptr

    def _leave(self) -> None:
        with self._lock:
            self._users -= 1
            if self._closed and self._users == 0:
                self._drop()

    def _drop(self) -> None:
        ptr, self._ptr = self._ptr, None
        if ptr is not None:
            ffi.release(ptr)

    def close(self) -> None:
        """Lets go of the catalog now instead of when it is garbage
        collected. Orders made on it keep working. Closing twice is a no-op;
        using a closed catalog raises `InvalidArgument`."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._users == 0:
                self._drop()

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def find_code(self, code: Code) -> Optional[str]:
        """The id of the campaign `code` belongs to (exact match, R1), or
        None -- also for a text that is not a well-formed code."""
        data = code_bytes(code)
        out = ffi.new("const char **")
        ptr = self._enter()
        try:
            status = lib.promo_catalog_find_code(out, ptr, data, len(data))
            if status == OK:
                campaign: str = ffi.string(out[0]).decode("utf-8", "replace")
                return campaign
        finally:
            self._leave()
        if status in (CODE_NOT_FOUND, MALFORMED_CODE):
            return None
        check_memory(status)
        raise InvalidArgument("find_code: libpromo refused the call (status %d)" % status)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, (str, bytes, bytearray, memoryview)):
            return False
        return self.find_code(code) is not None

    def __len__(self) -> int:
        """The number of codes."""
        ptr = self._enter()
        try:
            return int(lib.promo_catalog_code_count(ptr))
        finally:
            self._leave()

    @property
    def campaign_count(self) -> int:
        """The number of campaigns."""
        ptr = self._enter()
        try:
            return int(lib.promo_catalog_campaign_count(ptr))
        finally:
            self._leave()

    def redemptions(self, campaign_id: str) -> int:
        """How many completed orders have redeemed the campaign (R11)."""
        data = text(campaign_id, "campaign_id")
        out = ffi.new("int64_t *")
        ptr = self._enter()
        try:
            status = lib.promo_catalog_redemptions(ptr, data, out)
        finally:
            self._leave()
        check_memory(status)
        if status != OK:
            raise InvalidArgument("the catalog has no campaign %r" % campaign_id)
        return int(out[0])

    def __repr__(self) -> str:
        if self._closed:
            return "<promo.Catalog (closed)>"
        return "<promo.Catalog campaigns=%d codes=%d>" % (self.campaign_count, len(self))

    def __reduce__(self) -> Any:
        raise ArgumentTypeError("a promo.Catalog cannot be pickled or copied; share the object itself")

    def __copy__(self) -> "Catalog":
        return self  # immutable: a copy would be the same catalog

    def __deepcopy__(self, memo: Any) -> "Catalog":
        return self


def _name(name: Any) -> bytes:
    return text(name, "name")
