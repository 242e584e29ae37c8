"""What the Python tests share: paths, a catalog with a campaign for every
refusal, and orders on it."""

import datetime as dt
import os

import promo

UTC = dt.timezone.utc
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
EXAMPLES = os.path.join(ROOT, "examples")
DATA = os.path.join(ROOT, "tests", "data")

# 2026-03-15 12:00 UTC: inside spring-2026 (March 2026, Amsterdam).
PLACED = dt.datetime(2026, 3, 15, 12, 0, tzinfo=UTC)


def campaigns():
    """A campaign per rule, each with its own code."""
    return [
        promo.Campaign(
            "spring-2026",
            percent_bps=2000,
            starts=dt.date(2026, 3, 1),
            ends=dt.date(2026, 3, 31),
            time_zone="Europe/Amsterdam",
            regions=["155"],
            products=["O365_E3", "TEAMS_ESS"],
            max_licenses=300,
            codes=["SPRING-2026", "Spring-Partner"],
        ),
        promo.Campaign("five-eur", amount=500, currency="EUR", codes=["FIVE-EUR"]),
        promo.Campaign("future", percent_bps=1000, starts=dt.date(2027, 1, 1), codes=["FUTURE"]),
        promo.Campaign("past", percent_bps=1000, ends=dt.date(2025, 12, 31), codes=["PAST"]),
        promo.Campaign("us-only", percent_bps=1000, regions=["US"], codes=["US-ONLY"]),
        promo.Campaign("visio", percent_bps=1000, products=["VISIO_P2"], codes=["VISIO-ONLY"]),
        promo.Campaign("capped", percent_bps=1000, max_redemptions=1, codes=["CAPPED"]),
        promo.Campaign("ete", percent_bps=500, codes=["\u00c9T\u00c9-2026"]),
    ]


def catalog():
    return promo.Catalog(campaigns())


def order(catalog, *, lines=None, id="order-1", country="NL", currency="EUR", placed_at=PLACED, **kwargs):
    """An order with, by default, one new O365_E3 line and one existing
    TEAMS_ESS line (the README's example order)."""
    o = promo.Order(catalog, id=id, country=country, currency=currency, placed_at=placed_at, **kwargs)
    if lines is None:
        lines = [
            ("sub-1", "O365_E3", dict(new=True, term="annual_paid_monthly", licenses=350, unit_price=1050)),
            ("sub-2", "TEAMS_ESS", dict(new=False, term="monthly", licenses=5, unit_price=400, promo_code="OLD-CODE")),
        ]
    for subscription, product, values in lines:
        o.add_line(subscription, product, **values)
    return o


def snapshot(order):
    """Everything an order holds, to compare before and after a call."""
    return (
        order.id,
        order.country,
        order.currency,
        order.time_zone,
        order.placed_at,
        order.completed,
        order.lines,
        order.subtotal,
    )
