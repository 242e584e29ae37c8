"""Catalogs built from promo.Campaign values."""

import datetime as dt
import os
import unittest
import zoneinfo

import promo
import support


class Build(unittest.TestCase):
    def test_the_test_catalog(self):
        catalog = support.catalog()
        self.assertEqual(catalog.campaign_count, 8)
        self.assertEqual(len(catalog), 9)
        self.assertEqual(catalog.find_code("Spring-Partner"), "spring-2026")
        self.assertEqual(catalog.find_code("\u00c9T\u00c9-2026"), "ete")

    def test_an_empty_catalog(self):
        catalog = promo.Catalog([])
        self.assertEqual((len(catalog), catalog.campaign_count), (0, 0))
        self.assertFalse(catalog)  # len() == 0
        self.assertIsNone(catalog.find_code("X"))

    def test_every_value_libpromo_refuses_names_what_is_wrong(self):
        cases = [
            (dict(percent_bps=0), "bps"),
            (dict(percent_bps=10001), "bps"),
            (dict(amount=500, currency="EURO"), "EURO"),
            (dict(amount=0, currency="EUR"), "amount"),
            (dict(time_zone="Mars/Olympus"), "Mars/Olympus"),
            (dict(regions=["UK"]), "GB"),
            (dict(regions=["ZZ"]), "ZZ"),
            (dict(products=[""]), ""),
            (dict(max_licenses=0), "0"),
            (dict(max_redemptions=-1), "-1"),
            (dict(codes=["bad\ncode"]), "control"),
            (dict(codes=[]), "code"),
            (dict(starts=dt.date(2026, 4, 1), ends=dt.date(2026, 3, 1)), ""),
            (dict(percent_bps=100, amount=100, currency="EUR"), "not both"),
            (dict(amount=100), "currency"),
        ]
        for change, fragment in cases:
            values = dict(percent_bps=100, codes=["C"])
            if "amount" in change and "percent_bps" not in change:
                values.pop("percent_bps")
            values.update(change)
            with self.subTest(change=change):
                with self.assertRaises(promo.InvalidArgument) as caught:
                    promo.Catalog([promo.Campaign("c", **values)])
                self.assertIn(fragment, str(caught.exception))

    def test_a_code_in_two_campaigns_names_both(self):
        with self.assertRaises(promo.InvalidArgument) as caught:
            promo.Catalog(
                [
                    promo.Campaign("a", percent_bps=100, codes=["SAME"]),
                    promo.Campaign("b", percent_bps=100, codes=["SAME"]),
                ]
            )
        self.assertIn("'a'", str(caught.exception))
        self.assertIn("'b'", str(caught.exception))

    def test_a_campaign_without_a_discount_or_a_duplicate_id_is_refused(self):
        with self.assertRaises(promo.InvalidArgument):
            promo.Catalog([promo.Campaign("a", codes=["A"])])
        with self.assertRaises(promo.InvalidArgument):
            promo.Catalog(
                [promo.Campaign("a", percent_bps=1, codes=["A"]), promo.Campaign("a", percent_bps=1, codes=["B"])]
            )

    def test_types_are_checked_when_the_campaign_is_made(self):
        for change in (
            dict(regions="NL"),
            dict(codes="ABC"),
            dict(starts=dt.datetime(2026, 1, 1)),
            dict(ends="2026-01-01"),
            dict(percent_bps=1.5),
            dict(max_licenses=True),
            dict(time_zone=3),
            dict(codes=[3]),
        ):
            with self.subTest(change=change):
                values = dict(percent_bps=100, codes=["C"])
                values.update(change)
                with self.assertRaises(promo.ArgumentTypeError):
                    promo.Campaign("c", **values)
        with self.assertRaises(promo.ArgumentTypeError):
            promo.Catalog(promo.Campaign("c", percent_bps=1, codes=["C"]))
        with self.assertRaises(promo.ArgumentTypeError):
            promo.Catalog([{"id": "c"}])

    def test_dates_and_zones_apply(self):
        catalog = promo.Catalog(
            [
                promo.Campaign(
                    "window",
                    percent_bps=1000,
                    starts=dt.date(2026, 3, 1),
                    ends=dt.date(2026, 3, 31),
                    time_zone=zoneinfo.ZoneInfo("America/New_York"),
                    codes=["W"],
                )
            ]
        )
        lines = [("s", "P", dict(new=True, term="annual", licenses=1, unit_price=100))]
        # 2026-04-01 03:59Z is still March 31 in New York: accepted.
        inside = support.order(catalog, placed_at=dt.datetime(2026, 4, 1, 3, 59, tzinfo=dt.timezone.utc), lines=lines)
        self.assertTrue(inside.check("W").ok)
        outside = support.order(catalog, placed_at=dt.datetime(2026, 4, 1, 4, 0, tzinfo=dt.timezone.utc), lines=lines)
        self.assertIs(outside.check("W").status, promo.Status.EXPIRED)

    def test_a_campaign_repr_and_library_version(self):
        self.assertEqual(repr(promo.Campaign("c", codes=["A", "B"])), "promo.Campaign('c', codes=2)")
        self.assertEqual(promo.library_version(), promo.__version__)
        with open(os.path.join(support.HERE, "..", "pyproject.toml"), encoding="utf-8") as f:
            self.assertIn('\nversion = "%s"\n' % promo.__version__, f.read())
        self.assertEqual(promo.CODE_MAX_BYTES, 64)


if __name__ == "__main__":
    unittest.main()
