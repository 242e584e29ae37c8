"""Applying codes: what changes in the order, and what does not."""

import datetime as dt
import unittest
import zoneinfo

import promo
import support

NEW_LINE = ("sub-1", "O365_E3", dict(new=True, term="annual", licenses=10, unit_price=1000))


class Apply(unittest.TestCase):
    def setUp(self):
        self.catalog = support.catalog()

    def test_apply_gives_the_code_to_every_accepted_line_only(self):
        order = support.order(self.catalog)
        order.apply("SPRING-2026")
        self.assertEqual([line.promo_code for line in order.lines], ["SPRING-2026", "OLD-CODE"])

    def test_same_code_twice_is_a_no_op_reporting_the_same_discount(self):
        order = support.order(self.catalog)
        first = order.apply("SPRING-2026")
        after_first = support.snapshot(order)
        second = order.apply("SPRING-2026")
        self.assertEqual(second, first)
        self.assertEqual(support.snapshot(order), after_first)

    def test_another_code_after_one_was_applied_is_refused_and_changes_nothing(self):
        order = support.order(self.catalog, lines=[NEW_LINE])
        order.apply("SPRING-2026")
        before = support.snapshot(order)
        with self.assertRaises(promo.AlreadyHasPromo):
            order.apply("Spring-Partner")
        self.assertEqual(support.snapshot(order), before)

    def test_an_order_is_unchanged_after_every_refusal(self):
        codes = ["NOPE", "bad\ncode", "", "PAST", "FUTURE", "US-ONLY", "VISIO-ONLY", b"\xc3"]
        for code in codes:
            with self.subTest(code=code):
                order = support.order(self.catalog)
                before = support.snapshot(order)
                with self.assertRaises(promo.Refused):
                    order.apply(code)
                self.assertEqual(support.snapshot(order), before)
        order = support.order(self.catalog, currency="USD", lines=[NEW_LINE])
        before = support.snapshot(order)
        with self.assertRaises(promo.CurrencyMismatch):
            order.apply("FIVE-EUR")
        self.assertEqual(support.snapshot(order), before)

    def test_a_rejecting_validator_leaves_the_order_unchanged(self):
        order = support.order(self.catalog)
        before = support.snapshot(order)
        with self.assertRaises(promo.RejectedByHost):
            order.apply("SPRING-2026", validators=[lambda o, c: "no"])
        self.assertEqual(support.snapshot(order), before)

    def test_dry_run_and_check_leave_the_order_unchanged(self):
        order = support.order(self.catalog)
        before = support.snapshot(order)
        self.assertTrue(order.apply("SPRING-2026", dry_run=True).ok)
        self.assertTrue(order.check("SPRING-2026", dry_run=True).ok)
        self.assertEqual(support.snapshot(order), before)
        self.assertTrue(order.check("SPRING-2026").ok)  # check without dry_run applies
        self.assertEqual(order.lines[0].promo_code, "SPRING-2026")

    def test_a_result_is_a_copy_that_outlives_the_order_and_the_catalog(self):
        order = support.order(self.catalog)
        result = order.apply("SPRING-2026")
        order.close()
        self.catalog.close()
        self.assertEqual(result.campaign, "spring-2026")
        self.assertEqual(result.lines[0].subscription, "sub-1")

    def test_bytes_and_str_codes_are_the_same_code(self):
        for code in (b"SPRING-2026", bytearray(b"SPRING-2026"), memoryview(b"SPRING-2026")):
            order = support.order(self.catalog)
            self.assertEqual(order.apply(code).code, "SPRING-2026")

    def test_a_long_campaign_id_and_many_lines_grow_the_buffer(self):
        long_id = "c" * 5000
        catalog = promo.Catalog([promo.Campaign(long_id, percent_bps=100, codes=["LONG"])])
        lines = [("sub-%d" % i, "P", dict(new=True, term="monthly", licenses=1, unit_price=100)) for i in range(300)]
        order = support.order(catalog, lines=lines)
        for _ in range(2):
            result = order.check("LONG", dry_run=True)
            self.assertEqual(result.campaign, long_id)
            self.assertEqual(len(result.lines), 300)
            self.assertEqual(result.lines[299].subscription, "sub-299")
            self.assertEqual(result.discount, 300)

    def test_a_result_with_fewer_lines_than_the_order_reads(self):
        # What libpromo leaves after an apply that ended before it read the
        # lines (no_memory; bad options): the result of no apply at all
        # reads the same, with no line, whatever the order holds.
        from promo._ffi import ffi, lib
        from promo._result import read_result

        out = ffi.new("promo_result **")
        lib.promo_result_new(out, ffi.NULL)
        empty = ffi.gc(out[0], lib.promo_result_free)
        need = lib.promo_py_read(ffi.NULL, 0, empty)
        buffer = ffi.new("char[]", need)
        self.assertEqual(lib.promo_py_read(buffer, need, empty), need)
        result = read_result(ffi.unpack(buffer, need), ["sub-1", "sub-2"], "en", "CODE")
        self.assertIs(result.status, promo.Status.INVALID_ARGUMENT)
        self.assertEqual((result.lines, result.code, result.campaign), ((), None, None))

    def test_discount_ends_one_term_later_in_the_orders_zone(self):
        # Jan 31 + 1 month in Amsterdam = Feb 28, same wall-clock time.
        placed = dt.datetime(2026, 1, 31, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
        catalog = promo.Catalog([promo.Campaign("any", percent_bps=1000, codes=["ANY"])])
        order = support.order(
            catalog,
            placed_at=placed,
            time_zone=zoneinfo.ZoneInfo("Europe/Amsterdam"),
            lines=[("s", "P", dict(new=True, term=promo.Term.MONTHLY, licenses=1, unit_price=100))],
        )
        self.assertEqual(order.time_zone, "Europe/Amsterdam")
        self.assertEqual(order.placed_at, placed)
        ends = order.apply("ANY").lines[0].discount_ends
        self.assertEqual(ends, dt.datetime(2026, 2, 28, 9, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")))
        self.assertIs(ends.tzinfo, dt.timezone.utc)


class OrderValues(unittest.TestCase):
    def setUp(self):
        self.catalog = support.catalog()

    def test_the_values_read_back(self):
        order = support.order(self.catalog, time_zone="Europe/Amsterdam")
        self.assertEqual(order.id, "order-1")
        self.assertEqual(order.country, "NL")
        self.assertEqual(order.currency, "EUR")
        self.assertEqual(order.time_zone, "Europe/Amsterdam")
        self.assertEqual(order.placed_at, support.PLACED)
        self.assertFalse(order.completed)
        self.assertEqual(order.subtotal, 350 * 1050 + 5 * 400)
        self.assertIs(order.catalog, self.catalog)
        self.assertEqual(
            order.lines[1],
            promo.Line(1, "sub-2", "TEAMS_ESS", False, promo.Term.MONTHLY, 5, 400, "OLD-CODE"),
        )

    def test_setters_change_and_refusals_do_not(self):
        order = support.order(self.catalog)
        order.country = "BE"
        order.currency = "USD"
        order.id = "order-2"
        order.completed = True
        order.placed_at = dt.datetime(2026, 3, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        self.assertEqual(order.placed_at, dt.datetime(2026, 2, 28, 22, 0, tzinfo=dt.timezone.utc))
        before = support.snapshot(order)
        for name, value in [
            ("country", "XX"),
            ("country", "UK"),
            ("currency", "EURO"),
            ("time_zone", "Mars/Olympus"),
            ("id", ""),
        ]:
            with self.subTest(name=name, value=value):
                with self.assertRaises(promo.InvalidArgument) as caught:
                    setattr(order, name, value)
                self.assertTrue(str(caught.exception))
                self.assertEqual(support.snapshot(order), before)

    def test_add_line_refusals_change_nothing(self):
        order = support.order(self.catalog)
        before = support.snapshot(order)
        bad = [
            dict(subscription="sub-1"),  # a duplicate subscription
            dict(licenses=0),
            dict(unit_price=-1),
            dict(unit_price=2**62, licenses=4),  # overflows int64
            dict(term="weekly"),
            dict(promo_code="bad\ncode"),
        ]
        for change in bad:
            values = dict(subscription="sub-9", product="P", new=True, term="annual", licenses=1, unit_price=1)
            values.update(change)
            with self.subTest(change=change):
                with self.assertRaises(promo.InvalidArgument):
                    order.add_line(values.pop("subscription"), values.pop("product"), **values)
                self.assertEqual(support.snapshot(order), before)

    def test_naive_placed_at_is_a_value_error(self):
        with self.assertRaises(ValueError):
            promo.Order(self.catalog, country="NL", currency="EUR", placed_at=dt.datetime(2026, 3, 15))

    def test_set_line_promo_code_by_index_or_subscription(self):
        order = support.order(self.catalog)
        order.set_line_promo_code("sub-2", None)
        self.assertIsNone(order.lines[1].promo_code)
        order.set_line_promo_code(0, "SPRING-2026")
        self.assertEqual(order.lines[0].promo_code, "SPRING-2026")
        for line in (2, -1, "sub-3"):
            with self.assertRaises(promo.InvalidArgument):
                order.set_line_promo_code(line, None)
        with self.assertRaises(promo.InvalidArgument):
            order.set_line_promo_code(0, "")

    def test_add_line_returns_the_line(self):
        order = promo.Order(self.catalog, country="NL", currency="EUR", placed_at=support.PLACED)
        line = order.add_line("s", "P", new=True, term=promo.Term.ANNUAL, licenses=2, unit_price=5, promo_code="X")
        self.assertEqual(line, promo.Line(0, "s", "P", True, promo.Term.ANNUAL, 2, 5, "X"))


if __name__ == "__main__":
    unittest.main()
