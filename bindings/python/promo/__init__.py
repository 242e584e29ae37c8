"""promo: does a promo code apply to an order at checkout, and what does it
take off? Python bindings for libpromo.

    import promo
    catalog = promo.Catalog.from_json("catalog.json")
    order = promo.Order.from_json(catalog, "order.json")
    try:
        result = order.apply("SPRING-2026", locale="nl")
    except promo.Refused as refusal:
        print(refusal.status, refusal.message)
    else:
        print(result.discount, result.total)

Every exception the package raises derives from `PromoError`: a refused
code raises a subclass of `Refused` (`Expired`, `WrongRegion`, ...), a
programming error `InvalidArgument` (a ValueError) or `ArgumentTypeError`
(a TypeError). See README.md, "Python".
"""

from ._catalog import Campaign, Catalog
from ._errors import (
    AlreadyHasPromo,
    ArgumentTypeError,
    CodeNotFound,
    CurrencyMismatch,
    Expired,
    InvalidArgument,
    LoadError,
    MalformedCode,
    NoMemory,
    NotApplicable,
    NotNewSubscription,
    NotYetActive,
    PromoError,
    RedemptionLimit,
    Refused,
    RejectedByHost,
    Status,
    StoreUnavailable,
    WrongRegion,
)
from ._ffi import CODE_MAX_BYTES, REASON_MAX, ffi as _ffi_module, lib as _lib
from ._ffi import status_message as _status_message
from ._order import Line, Order, Term
from ._result import LineResult, Result
from ._store import MemoryStore, PostgresStore, Redemptions, Store
from ._validators import Validator

__version__ = "0.2.0"


def library_version() -> str:
    """The version of the libpromo the package is linked with ("0.2.0")."""
    version: str = _ffi_module.string(_lib.promo_version()).decode("ascii")
    return version


def status_message(status: Status, locale: str = "en") -> str:
    """The customer's sentence for `status` in `locale` ("en", "nl", ...)."""
    if not isinstance(status, Status):
        try:
            status = Status(status)
        except ValueError:
            raise InvalidArgument("unknown status %r" % (status,)) from None
    return _status_message(status.number, locale)


__all__ = [
    "AlreadyHasPromo",
    "ArgumentTypeError",
    "CODE_MAX_BYTES",
    "Campaign",
    "Catalog",
    "CodeNotFound",
    "CurrencyMismatch",
    "Expired",
    "InvalidArgument",
    "Line",
    "LineResult",
    "LoadError",
    "MalformedCode",
    "MemoryStore",
    "NoMemory",
    "NotApplicable",
    "NotNewSubscription",
    "NotYetActive",
    "Order",
    "PostgresStore",
    "PromoError",
    "REASON_MAX",
    "RedemptionLimit",
    "Redemptions",
    "Refused",
    "RejectedByHost",
    "Result",
    "Status",
    "Store",
    "StoreUnavailable",
    "Term",
    "Validator",
    "WrongRegion",
    "library_version",
    "status_message",
]
