"""Catalogs of campaigns and their codes."""

from __future__ import annotations

import datetime as _dt
import threading
from typing import Any, Iterable, Optional, Tuple, Union

from ._errors import ArgumentTypeError, InvalidArgument, LoadError, NoMemory
from ._handle import SharedHandle
from ._store import Redemptions, Store, store_failure
from ._ffi import (
    CODE_NOT_FOUND,
    MALFORMED_CODE,
    NO_MEMORY,
    OK,
    boolean,
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


class _JsonOptions:
    """promo_json_options for one load, holding the store (if any) and the
    strings until the load returns."""

    def __init__(self, store: Any, directory: Any, what: str, **limits: Optional[int]) -> None:
        if store is not None and not isinstance(store, Store):
            raise ArgumentTypeError("store must be a promo.Store, not %s" % type(store).__name__)
        self._store = store
        self._directory = None if directory is None else path_bytes(directory, what)
        self._limits = {name: optional_size(value, "max_bytes") for name, value in limits.items()}
        self.struct: Any = None

    def __enter__(self) -> "_JsonOptions":
        self.struct = ffi.new("promo_json_options *")
        lib.promo_json_options_init(self.struct, lib.PROMO_JSON_OPTIONS_VERSION)
        if self._directory is not None:
            self.struct.codes_dir = self._keep = ffi.new("char[]", self._directory)
        for name, value in self._limits.items():
            if value is not None:
                setattr(self.struct, name, value)
        if self._store is not None:
            self.struct.store = self._store._enter()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._store is not None:
            self._store._leave()


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


def _file_error_text(error: Any) -> str:
    message: str = ffi.string(error.text).decode("utf-8", "replace")
    return message


def _open_failure(status: int, error: Any, path: bytes) -> Exception:
    """The exception for promo_catalog_open's refusal: NoMemory, or a
    LoadError with no place whose str() is libpromo's "PATH: what is
    wrong" and whose ``text`` is what is wrong (the whole text when
    libpromo shortened or escaped the path)."""
    if status == NO_MEMORY:
        return NoMemory("libpromo could not allocate memory while opening a compiled catalog")
    message = _file_error_text(error)
    file = path.decode("utf-8", "surrogateescape")
    prefix = file + ": "
    reason = message[len(prefix) :] if message.startswith(prefix) else message
    return LoadError(message, file, 0, 0, reason)


def json_failure(status: int, error: Any) -> Exception:
    """The exception for a JSON loader's refusal."""
    if status == NO_MEMORY:
        return NoMemory("libpromo could not allocate memory while loading JSON")
    return _load_error(error)


class Catalog(SharedHandle):
    """An immutable catalog of campaigns and codes, shared by any number of
    orders and threads.

    Make one with `Catalog.from_json`, `Catalog.from_json_string`,
    ``Catalog([Campaign(...), ...])`` or, from a compiled file that
    `Catalog.write` (or ``promo compile``) made, `Catalog.open`.
    ``len(catalog)`` is its number of codes. `close` (or ``with``) lets go
    of it at once; orders made on it keep working, since each holds its own
    reference to the C catalog (an opened catalog's file stays mapped until
    the last of them is gone).
    """

    __slots__ = ()
    _kind = "catalog"

    def __init__(self, campaigns: Iterable[Campaign], *, store: Optional[Store] = None) -> None:
        self._ptr: Any = None
        self._lock = threading.Lock()
        self._users = 0
        self._closed = True
        items = _strings(campaigns, "campaigns")
        if store is not None and not isinstance(store, Store):
            raise ArgumentTypeError("store must be a promo.Store, not %s" % type(store).__name__)
        for item in items:
            if not isinstance(item, Campaign):
                raise ArgumentTypeError("campaigns must be promo.Campaign objects, not %s" % type(item).__name__)
        store_ptr = store._enter() if store is not None else None
        try:
            out = ffi.new("promo_catalog_builder **")
            check_memory(lib.promo_catalog_builder_new(out, ffi.NULL))
            builder = out[0]
            try:
                if store_ptr is not None:
                    check_memory(lib.promo_catalog_builder_set_store(builder, store_ptr))
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
        finally:
            if store is not None:
                store._leave()
        self._adopt(catalog[0], lib.promo_catalog_release)

    @classmethod
    def _wrap(cls, ptr: Any) -> "Catalog":
        self = cls.__new__(cls)
        self._adopt(ptr, lib.promo_catalog_release)
        return self

    @classmethod
    def from_json(
        cls,
        path: Any,
        *,
        store: Optional[Store] = None,
        codes_dir: Any = None,
        max_bytes: Optional[int] = None,
    ) -> "Catalog":
        """Loads a catalog file (README: "The catalog file"). A campaign's
        ``codes_file`` is read from ``codes_dir`` (default: the catalog's
        directory), never from outside it. ``store`` is where redemptions
        are counted (default: an in-memory store of the catalog's own);
        ``max_bytes`` caps the file's size (default 256 MiB). Raises
        `LoadError` pointing at the value at fault."""
        data = path_bytes(path, "path")
        with _JsonOptions(store, codes_dir, "codes_dir", max_catalog_bytes=max_bytes) as options:
            out = ffi.new("promo_catalog **")
            error = ffi.new("promo_json_error *")
            status = lib.promo_json_load_catalog(out, error, data, ffi.NULL, options.struct)
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0])

    @classmethod
    def from_json_string(
        cls,
        text: Union[str, bytes],
        base_dir: Any = None,
        *,
        store: Optional[Store] = None,
        name: Optional[str] = None,
        max_bytes: Optional[int] = None,
    ) -> "Catalog":
        """Loads a catalog from JSON text. A ``codes_file`` is read from
        ``base_dir`` ("" is the current directory), never from outside it;
        with ``base_dir=None`` a catalog that names a codes_file is refused,
        so that nothing is read from the file system unless you say where.
        ``name`` names the text in errors (default "<string>"); ``store``
        and ``max_bytes`` as for `from_json`."""
        if isinstance(text, str):
            data = str.encode(text, "utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise ArgumentTypeError("the JSON text must be a str or bytes, not %s" % type(text).__name__)
        label = ffi.NULL if name is None else _name(name)
        with _JsonOptions(store, base_dir, "base_dir", max_catalog_bytes=max_bytes) as options:
            out = ffi.new("promo_catalog **")
            error = ffi.new("promo_json_error *")
            status = lib.promo_json_parse_catalog(out, error, data, len(data), label, ffi.NULL, options.struct)
        if status != OK:
            raise json_failure(status, error)
        return cls._wrap(out[0])

    @classmethod
    def open(cls, path: Any, *, store: Optional[Store] = None, verify: bool = False) -> "Catalog":
        """Opens a compiled catalog (a file `write` or ``promo compile``
        made) by mapping it read-only: milliseconds for millions of codes,
        where `from_json` reads, checks and hashes every code. The catalog
        answers as the one that was written; its zones and redemption
        windows (R2) come from this machine's tz database, its regions and
        currencies are checked against this machine's ICU.

        The header, the campaigns and the code index's sizes are always
        checked; ``verify=True`` also checks the code index byte for byte
        against its checksums (reads the whole file: do it once after
        copying a file). ``store`` is where redemptions are counted
        (default: an in-memory store of the catalog's own): the file holds
        no counts. Raises `LoadError` (``line`` and ``column`` 0) with
        libpromo's text for a file that cannot be read or is not a whole,
        undamaged compiled catalog this library can open.

        The file stays mapped until the catalog and every order made on it
        are gone; replace it with `write` (or write elsewhere, then rename),
        never by rewriting it in place."""
        data = path_bytes(path, "path")
        verify = boolean(verify, "verify")
        if store is not None and not isinstance(store, Store):
            raise ArgumentTypeError("store must be a promo.Store, not %s" % type(store).__name__)
        options = ffi.new("promo_open_options *")
        lib.promo_open_options_init(options, lib.PROMO_OPEN_OPTIONS_VERSION)
        options.verify = verify
        out = ffi.new("promo_catalog **")
        error = ffi.new("promo_file_error *")
        if store is not None:
            options.store = store._enter()
        try:
            status = lib.promo_catalog_open(out, error, data, options)
        finally:
            if store is not None:
                store._leave()
        if status != OK:
            raise _open_failure(status, error, data)
        return cls._wrap(out[0])

    def write(self, path: Any) -> None:
        """Writes the catalog to a compiled file at `path`, for `open`:
        its campaigns, products and codes (and its hint index, if it has
        one), not its store's counts. The file is written beside `path`,
        flushed to disk, read back with every checksum checked, then
        renamed over `path`: `path` is the old file or the whole new one,
        never a part, and processes that have the old one open keep
        reading it. The file holds the codes and the catalog's hash key:
        keep it as secret as the codes. Raises `InvalidArgument` with
        libpromo's text ("PATH: cannot write: ...") when it cannot be
        written; then nothing is left behind and `path` is as it was."""
        data = path_bytes(path, "path")
        error = ffi.new("promo_file_error *")
        ptr = self._enter()
        try:
            status = lib.promo_catalog_write(ptr, data, error)
        finally:
            self._leave()
        if status == NO_MEMORY:
            raise NoMemory("libpromo could not allocate memory while writing a compiled catalog; nothing was written")
        if status != OK:
            raise InvalidArgument(_file_error_text(error))

    @property
    def mapped(self) -> bool:
        """Whether the catalog was opened from a compiled file (`open`)."""
        ptr = self._enter()
        try:
            return bool(lib.promo_catalog_is_mapped(ptr))
        finally:
            self._leave()

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

    def redemptions(self, campaign_id: str, *, locale: str = "en") -> Redemptions:
        """The campaign's counts in the catalog's store (R11), now: orders
        redeemed, reservations live, and the cap. Raises `StoreUnavailable`
        when the store cannot be read (its ``message`` in ``locale``)."""
        data = text(campaign_id, "campaign_id")
        out = ffi.new("promo_redemptions *")
        lib.promo_redemptions_init(out, lib.PROMO_REDEMPTIONS_VERSION)
        error = ffi.new("promo_store_error *")
        ptr = self._enter()
        try:
            status = lib.promo_catalog_redemptions(out, ptr, data, error)
        finally:
            self._leave()
        store_failure(status, error, locale)
        return Redemptions(int(out.redeemed), int(out.reserved), int(out.max_redemptions) or None)

    @property
    def store(self) -> Store:
        """The store the catalog counts redemptions in (one of its own when
        it was made without one)."""
        ptr = self._enter()
        try:
            return Store._wrap(lib.promo_store_retain(lib.promo_catalog_store(ptr)))
        finally:
            self._leave()

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
