"""Any Python value thrown at every argument of the package: a PromoError
(TypeError / ValueError) or the value's own exception, never a crash, and a
refused call changes nothing."""

import datetime as dt
import os
import shutil
import tempfile
import unittest
import zoneinfo

import promo
import support


class Hostile(Exception):
    """Raised by the hostile values' own methods."""


class RaisingIter:
    def __iter__(self):
        raise Hostile("iter")


class RaisingIndex:
    def __index__(self):
        raise Hostile("index")


class GoodIndex:
    def __index__(self):
        return 3


class SneakyStr(str):
    """A str whose methods lie: the package must not call them."""

    def encode(self, *args, **kwargs):
        raise Hostile("encode")

    def __eq__(self, other):
        raise Hostile("eq")

    def __hash__(self):
        return 1


class RaisingZone(dt.tzinfo):
    def utcoffset(self, when):
        raise Hostile("utcoffset")

    @property
    def key(self):
        raise Hostile("key")


class SubDatetime(dt.datetime):
    pass


class SubInt(int):
    pass


def generator():
    yield "x"


HOSTILE = [
    None,
    True,
    False,
    0,
    -1,
    1,
    3,
    2**63,
    2**63 - 1,
    -(2**63),
    -(2**63) - 1,
    2**64,
    10**100,
    SubInt(5),
    1.5,
    float("nan"),
    float("inf"),
    1j,
    "",
    "\0",
    "a\0b",
    "\ud800",
    "\udcff",
    "x" * 100000,
    "NL",
    "EUR",
    "annual",
    "..",
    "/",
    SneakyStr("NL"),
    b"",
    b"\0",
    b"\xff\xfe",
    b"NL",
    bytearray(b"NL"),
    memoryview(b"NL"),
    [],
    [1],
    ["a"],
    [None],
    (),
    ("a", "b"),
    {},
    {"a": 1},
    set(),
    frozenset(["a"]),
    object(),
    object,
    int,
    GoodIndex(),
    RaisingIndex(),
    RaisingIter(),
    generator(),
    dt.datetime(2026, 3, 15),
    dt.datetime(2026, 3, 15, tzinfo=dt.timezone.utc),
    dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23))),
    dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-23))),
    dt.datetime(2026, 3, 15, tzinfo=RaisingZone()),  # type: ignore[abstract]
    SubDatetime(2026, 3, 15, tzinfo=dt.timezone.utc),
    dt.date(2026, 3, 15),
    dt.date(1, 1, 1),
    dt.date(9999, 12, 31),
    dt.timedelta(days=1),
    dt.timezone.utc,
    zoneinfo.ZoneInfo("Europe/Amsterdam"),
    RaisingZone(),  # type: ignore[abstract]
    lambda *a: None,
    print,
    promo.Status.OK,
    promo.Term.ANNUAL,
    promo.Validator(),
    Ellipsis,
    NotImplemented,
    ValueError("x"),
]


def accepted(exc):
    return isinstance(exc, (promo.PromoError, Hostile))


class EveryArgument(unittest.TestCase):
    """Each target: a function of keyword arguments and a valid set of them;
    every argument in turn gets every hostile value."""

    def setUp(self):
        self.store = promo.MemoryStore()
        self.catalog = promo.Catalog(support.campaigns(), store=self.store)
        self.scratch = tempfile.mkdtemp(prefix="promo-arguments-")
        self.addCleanup(shutil.rmtree, self.scratch)
        self.compiled = os.path.join(self.scratch, "catalog.promo")
        self.catalog.write(self.compiled)

    def order(self):
        return support.order(self.catalog)

    def targets(self):
        catalog_path = os.path.join(support.EXAMPLES, "catalog.json")
        order_path = os.path.join(support.EXAMPLES, "order.json")
        with open(order_path, encoding="utf-8") as f:
            order_text = f.read()

        def on_order(method):
            def call(**kwargs):
                order = self.order()
                before = support.snapshot(order)
                try:
                    return method(order, **kwargs)
                except BaseException:
                    self.assertEqual(support.snapshot(order), before)
                    raise

            return call

        def in_scratch(function):
            """Runs `function` in the scratch directory: a relative path
            written lands there, not in the source tree."""

            def call(**kwargs):
                here = os.getcwd()
                os.chdir(self.scratch)
                try:
                    return function(**kwargs)
                finally:
                    os.chdir(here)

            return call

        def setter(name):
            return on_order(lambda order, value: setattr(order, name, value))

        line = dict(subscription="sub-9", product="P", new=True, term="annual", licenses=1, unit_price=1, promo_code=None)
        campaign = dict(
            id="c",
            percent_bps=100,
            amount=None,
            currency=None,
            starts=None,
            ends=None,
            time_zone="UTC",
            regions=(),
            products=(),
            max_licenses=None,
            max_redemptions=None,
            codes=("C",),
        )
        return [
            (
                "Catalog.from_json",
                lambda path, **kw: promo.Catalog.from_json(path, **kw),
                dict(path=catalog_path, store=self.store, codes_dir=support.EXAMPLES, max_bytes=100000),
            ),
            (
                "Catalog.from_json_string",
                lambda text, base_dir, **kw: promo.Catalog.from_json_string(text, base_dir, **kw),
                dict(text='{"campaigns": []}', base_dir=None, name=None, store=None, max_bytes=None),
            ),
            (
                "Catalog",
                lambda campaigns, store: promo.Catalog(campaigns, store=store),
                dict(campaigns=[promo.Campaign("c", percent_bps=1, codes=["C"])], store=self.store),
            ),
            (
                "Catalog.open",
                lambda path, **kw: promo.Catalog.open(path, **kw),
                dict(path=self.compiled, store=self.store, verify=True),
            ),
            ("Catalog.write", in_scratch(lambda path: self.catalog.write(path)), dict(path="written.promo")),
            ("MemoryStore", lambda **kw: promo.MemoryStore(**kw).close(), dict(uncapped_retention=60)),
            ("Campaign", lambda **kw: promo.Catalog([promo.Campaign(kw.pop("id"), **kw)]), campaign),
            ("find_code", lambda code: self.catalog.find_code(code), dict(code="PAST")),
            ("in", lambda code: code in self.catalog, dict(code="PAST")),
            (
                "redemptions",
                lambda campaign_id, locale: self.catalog.redemptions(campaign_id, locale=locale),
                dict(campaign_id="past", locale="en"),
            ),
            (
                "Order",
                lambda catalog, **kw: promo.Order(catalog, **kw),
                dict(
                    catalog=self.catalog,
                    id="o",
                    country="NL",
                    currency="EUR",
                    placed_at=support.PLACED,
                    time_zone="UTC",
                    completed=False,
                ),
            ),
            (
                "Order.from_json",
                lambda catalog, path, max_bytes: promo.Order.from_json(catalog, path, max_bytes=max_bytes),
                dict(catalog=self.catalog, path=order_path, max_bytes=None),
            ),
            (
                "Order.from_json_string",
                lambda catalog, text, **kw: promo.Order.from_json_string(catalog, text, **kw),
                dict(catalog=self.catalog, text=order_text, name=None, max_bytes=100000),
            ),
            (
                "add_line",
                on_order(lambda o, subscription, product, **kw: o.add_line(subscription, product, **kw)),
                line,
            ),
            (
                "set_line_promo_code",
                on_order(lambda o, line, code: o.set_line_promo_code(line, code)),
                dict(line=0, code="X"),
            ),
            (
                "apply",
                on_order(lambda o, code, **kw: o.apply(code, **kw)),
                dict(code="SPRING-2026", locale="en", validators=(), dry_run=True, then=None, ttl=None),
            ),
            (
                "check",
                on_order(lambda o, code, **kw: o.check(code, **kw)),
                dict(code="SPRING-2026", locale="en", validators=(), dry_run=False, then="reserve", ttl=60),
            ),
            ("complete", on_order(lambda o, locale: o.complete(locale=locale)), dict(locale="en")),
            ("reserve", on_order(lambda o, ttl, locale: o.reserve(ttl, locale=locale)), dict(ttl=60, locale="en")),
            ("release", on_order(lambda o, locale: o.release(locale=locale)), dict(locale="en")),
            ("refund", on_order(lambda o, locale: o.refund(locale=locale)), dict(locale="en")),
            ("order.id", setter("id"), dict(value="o2")),
            ("order.country", setter("country"), dict(value="BE")),
            ("order.currency", setter("currency"), dict(value="USD")),
            ("order.time_zone", setter("time_zone"), dict(value="Europe/Brussels")),
            ("order.placed_at", setter("placed_at"), dict(value=support.PLACED)),
            ("order.completed", setter("completed"), dict(value=True)),
            ("status_message", lambda status, locale: promo.status_message(status, locale), dict(status="ok", locale="nl")),
            (
                "PostgresStore",
                lambda url, **kw: promo.PostgresStore(url, **kw),
                dict(
                    url="postgresql://promo@127.0.0.1:1/promo?connect_timeout=1",
                    pool_size=1,
                    statement_timeout_ms=100,
                    connect_timeout_s=1,
                    server_clock=False,
                    apply_schema=False,
                    locale="en",
                ),
            ),
        ]

    def test_every_argument_gets_every_value(self):
        calls = 0
        for name, function, valid in self.targets():
            try:
                function(**valid)  # the valid call works
            except (promo.StoreUnavailable, promo.InvalidArgument) as exc:
                # the PostgreSQL store's URL leads nowhere (or it is not built)
                self.assertEqual(name, "PostgresStore", exc)
            for argument in valid:
                for value in HOSTILE:
                    arguments = dict(valid)
                    arguments[argument] = value
                    with self.subTest(target=name, argument=argument, value=repr(value)[:40]):
                        calls += 1
                        try:
                            function(**arguments)
                        except Exception as exc:  # noqa: B902 - what the test inspects
                            self.assertTrue(accepted(exc), "%s: %r" % (type(exc).__name__, exc))
        self.assertGreater(calls, 2000)

    def test_validators_returning_and_raising_anything(self):
        for value in HOSTILE:
            for raising in (False, True):
                with self.subTest(value=repr(value)[:40], raising=raising):
                    order = self.order()
                    before = support.snapshot(order)

                    def validator(o, campaign_id, value=value, raising=raising):
                        if raising:
                            raise Hostile(value)
                        return value

                    try:
                        order.apply("SPRING-2026", validators=[validator])
                    except Exception as exc:  # noqa: B902 - what the test inspects
                        self.assertTrue(accepted(exc), "%s: %r" % (type(exc).__name__, exc))
                        self.assertEqual(support.snapshot(order), before)
                    else:
                        self.assertIsNone(value)  # only None accepts


if __name__ == "__main__":
    unittest.main()
