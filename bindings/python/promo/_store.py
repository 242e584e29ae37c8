"""Redemption stores (rule R11): where a campaign's redemptions and
reservations are counted, shared by catalogs, threads and processes."""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple, Optional

from ._errors import ArgumentTypeError, InvalidArgument, StoreUnavailable
from ._ffi import (
    INVALID_ARGUMENT,
    NO_MEMORY,
    OK,
    STORE_UNAVAILABLE,
    boolean,
    check_memory,
    ffi,
    from_unix_seconds,
    int64,
    lib,
    seconds,
    status_message,
    text,
)
from ._handle import SharedHandle


class Redemptions(NamedTuple):
    """A campaign's counts in a store, at one instant."""

    #: Orders counted and not refunded.
    redeemed: int
    #: Reservations live now (orders paying).
    reserved: int
    #: The campaign's cap, or None when it has none.
    max_redemptions: Optional[int]


def store_failure(status: int, error: Any, locale: str) -> None:
    """Raises for a store call's status other than PROMO_OK."""
    if status == OK:
        return
    check_memory(status)
    why = ffi.string(error.text).decode("utf-8", "replace")
    if status == STORE_UNAVAILABLE:
        raise StoreUnavailable(status_message(status, locale), why)
    raise InvalidArgument(why or "libpromo refused the call (status %d)" % status)


class Store(SharedHandle):
    """Where rule R11 counts: per campaign id and order id, reservations (a
    slot held while the customer pays) and redemptions. A store is shared
    by any number of catalogs (a catalog rebuilt with the same store keeps
    its counts) and threads. Give one to `Catalog`, `Catalog.from_json` or
    `Catalog.from_json_string` (``store=``); a catalog made without one has
    an in-memory store of its own (`Catalog.store`).

    `close` (or ``with``) lets go of it; catalogs built with it keep it
    until they go.
    """

    __slots__ = ()
    _kind = "store"

    @classmethod
    def _wrap(cls, ptr: Any) -> "Store":
        self = cls.__new__(cls)
        self._adopt(ptr, lib.promo_store_release)
        return self

    def now(self) -> _dt.datetime:
        """The store clock's current instant (an aware datetime in UTC)."""
        ptr = self._enter()
        try:
            return from_unix_seconds(int(lib.promo_store_now(ptr)))
        finally:
            self._leave()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __reduce__(self) -> Any:
        raise ArgumentTypeError("a promo.Store cannot be pickled; share the object itself")

    def __repr__(self) -> str:
        return "<promo.%s%s>" % (type(self).__name__, " (closed)" if self._closed else "")


class MemoryStore(Store):
    """One process's counts, in memory, gone with the store.

    ``uncapped_retention`` (seconds or a timedelta, default one day) is how
    long an order counted for a campaign *without* a cap is remembered, so
    that a retried complete counts it once; orders of capped campaigns are
    remembered until refunded.
    """

    __slots__ = ()

    def __init__(self, *, uncapped_retention: Any = 86400) -> None:
        self._ptr: Any = None
        self._closed = True
        retention = seconds(uncapped_retention, "uncapped_retention")
        options = ffi.new("promo_store_memory_options *")
        lib.promo_store_memory_options_init(options, lib.PROMO_STORE_MEMORY_OPTIONS_VERSION)
        options.uncapped_retention = retention
        out = ffi.new("promo_store **")
        status = lib.promo_store_new_memory(out, options)
        check_memory(status)
        if status != OK:
            raise InvalidArgument("uncapped_retention must be at least 1 second, not %d" % retention)
        self._adopt(out[0], lib.promo_store_release)


class PostgresStore(Store):
    """Counts in a PostgreSQL database, shared by a fleet of processes and
    kept across restarts (libpromo's promo_pg; README: "Redemption stores").

    ``url`` is a libpq connection URI or key=value string. The store
    connects once before it returns, so a wrong URL, password or schema is
    known at once: `StoreUnavailable` says why (never with the password).
    It applies its schema on first use unless ``apply_schema=False``; holds
    up to ``pool_size`` connections; ``statement_timeout_ms`` bounds every
    statement, ``connect_timeout_s`` every connection attempt;
    ``server_clock=True`` takes every instant from the database's clock.

    `PostgresStore.available` is False when the package was built without
    promo_pg (libpq); constructing one then raises `InvalidArgument`.
    """

    __slots__ = ()
    available: bool = bool(lib.promo_py_have_pg())

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 1,
        statement_timeout_ms: int = 2000,
        connect_timeout_s: int = 5,
        server_clock: bool = False,
        apply_schema: bool = True,
        locale: str = "en",
    ) -> None:
        self._ptr: Any = None
        self._closed = True
        arguments = (
            text(url, "url"),
            boolean(server_clock, "server_clock"),
            int64(statement_timeout_ms, "statement_timeout_ms"),
            int64(connect_timeout_s, "connect_timeout_s"),
            int64(pool_size, "pool_size"),
            boolean(apply_schema, "apply_schema"),
        )
        if arguments[4] < 0:
            raise InvalidArgument("pool_size must be at least 1, not %d" % arguments[4])
        text(locale, "locale")
        out = ffi.new("promo_store **")
        error = ffi.new("promo_store_error *")
        status = lib.promo_py_pg_store_new(out, *arguments, error)
        if status in (INVALID_ARGUMENT, NO_MEMORY, STORE_UNAVAILABLE):
            store_failure(status, error, locale)
        elif status != OK:  # pragma: no cover - the constructor answers nothing else
            raise InvalidArgument("libpromo answered status %d" % status)
        self._adopt(out[0], lib.promo_store_release)
