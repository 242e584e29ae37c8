"""Redemption stores (R11): reserve, complete, release, refund, in a store
shared by catalogs."""

import datetime as dt
import os
import unittest

import promo
import support

NEW_LINE = ("sub-1", "O365_E3", dict(new=True, term="annual", licenses=10, unit_price=1000))


def capped(store, cap=1):
    return promo.Catalog(
        [promo.Campaign("capped", percent_bps=1000, max_redemptions=cap, codes=["CAPPED"])], store=store
    )


def order(catalog, id):
    return support.order(catalog, id=id, lines=[NEW_LINE])


class Flow(unittest.TestCase):
    def setUp(self):
        self.store = promo.MemoryStore()
        self.catalog = capped(self.store)

    def test_a_reservation_holds_the_slot_until_released(self):
        first = order(self.catalog, "first")
        first.apply("CAPPED")
        first.reserve(60)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(0, 1, 1))
        second = order(self.catalog, "second")
        before = support.snapshot(second)
        with self.assertRaises(promo.RedemptionLimit):
            second.apply("CAPPED")
        self.assertEqual(support.snapshot(second), before)
        first.release()
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(0, 0, 1))
        self.assertTrue(second.apply("CAPPED").ok)

    def test_complete_turns_the_reservation_into_a_redemption_and_refund_undoes_it(self):
        first = order(self.catalog, "first")
        first.apply("CAPPED")
        first.reserve(dt.timedelta(minutes=5))
        first.complete()
        self.assertTrue(first.completed)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(1, 0, 1))
        second = order(self.catalog, "second")
        second.set_line_promo_code(0, "CAPPED")
        with self.assertRaises(promo.RedemptionLimit) as caught:
            second.complete(locale="nl")
        self.assertIn("capped", str(caught.exception))  # the store's reason
        self.assertEqual(caught.exception.message, promo.status_message("redemption_limit", "nl"))
        first.refund()
        self.assertFalse(first.completed)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(0, 0, 1))
        second.complete()
        self.assertEqual(self.catalog.redemptions("capped").redeemed, 1)

    def test_apply_then_complete_or_reserve_in_one_call(self):
        first = order(self.catalog, "first")
        self.assertTrue(first.apply("CAPPED", then="reserve", ttl=60).ok)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(0, 1, 1))
        self.assertTrue(first.apply("CAPPED", then="complete").ok)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(1, 0, 1))
        second = order(self.catalog, "second")
        before = support.snapshot(second)
        result = second.check("CAPPED", then="complete")
        self.assertIs(result.status, promo.Status.REDEMPTION_LIMIT)
        self.assertEqual(support.snapshot(second), before)

    def test_then_and_ttl_are_checked(self):
        first = order(self.catalog, "first")
        before = support.snapshot(first)
        for then, ttl, error in [
            ("reserve", None, promo.InvalidArgument),
            ("reserve", 0, promo.InvalidArgument),
            (None, 60, promo.InvalidArgument),
            ("complete", 60, promo.InvalidArgument),
            ("later", None, promo.InvalidArgument),
            (1, None, promo.ArgumentTypeError),
            ("reserve", "60", promo.ArgumentTypeError),
        ]:
            with self.subTest(then=then, ttl=ttl):
                with self.assertRaises(error):
                    first.apply("CAPPED", then=then, ttl=ttl)
                self.assertEqual(support.snapshot(first), before)
        with self.assertRaises(promo.InvalidArgument):
            first.reserve(0)

    def test_store_operations_need_an_order_id(self):
        anonymous = promo.Order(self.catalog, country="NL", currency="EUR", placed_at=support.PLACED)
        anonymous.add_line(*NEW_LINE[:2], **NEW_LINE[2])
        anonymous.apply("CAPPED")
        for operation in (lambda: anonymous.reserve(60), anonymous.complete, anonymous.release, anonymous.refund):
            with self.assertRaises(promo.InvalidArgument):
                operation()

    def test_one_store_shared_by_two_catalogs_keeps_one_count(self):
        rebuilt = capped(self.store)
        first = order(self.catalog, "first")
        first.apply("CAPPED")
        first.complete()
        self.assertEqual(rebuilt.redemptions("capped").redeemed, 1)
        with self.assertRaises(promo.RedemptionLimit):
            order(rebuilt, "second").apply("CAPPED")
        loaded = promo.Catalog.from_json(os.path.join(support.EXAMPLES, "catalog.json"), store=self.store)
        other = promo.Order.from_json(loaded, os.path.join(support.EXAMPLES, "order.json"))
        other.apply("SPRING-2026")
        other.complete()
        text = '{"campaigns": [{"id": "spring-2026", "discount": {"percent_bps": 1}, "codes": ["S"]}]}'
        self.assertEqual(promo.Catalog.from_json_string(text, store=self.store).redemptions("spring-2026").redeemed, 1)

    def test_a_catalog_without_a_store_has_one_of_its_own(self):
        catalog = support.catalog()
        store = catalog.store
        self.assertIsInstance(store, promo.Store)
        twin = promo.Catalog(support.campaigns(), store=store)
        first = support.order(catalog, id="first")
        first.apply("CAPPED")
        first.complete()
        self.assertEqual(twin.redemptions("capped").redeemed, 1)
        self.assertIsNone(twin.redemptions("past").max_redemptions)

    def test_a_closed_store_is_refused_and_its_catalogs_keep_working(self):
        self.store.close()
        self.assertTrue(self.store.closed)
        with self.assertRaises(promo.InvalidArgument):
            capped(self.store)
        with self.assertRaises(promo.InvalidArgument):
            self.store.now()
        first = order(self.catalog, "first")
        first.apply("CAPPED")
        first.complete()
        self.assertEqual(self.catalog.redemptions("capped").redeemed, 1)

    def test_the_store_clock(self):
        with promo.MemoryStore(uncapped_retention=dt.timedelta(hours=1)) as store:
            now = store.now()
            self.assertIs(now.tzinfo, dt.timezone.utc)
            self.assertGreater(now.year, 2000)
        with self.assertRaises(promo.InvalidArgument):
            promo.MemoryStore(uncapped_retention=0)
        with self.assertRaises(promo.ArgumentTypeError):
            promo.Catalog([], store="memory")

    def test_the_json_loaders_size_caps(self):
        with self.assertRaises(promo.LoadError):
            promo.Catalog.from_json(os.path.join(support.EXAMPLES, "catalog.json"), max_bytes=10)
        with self.assertRaises(promo.LoadError):
            promo.Order.from_json(self.catalog, os.path.join(support.EXAMPLES, "order.json"), max_bytes=10)
        for bad in (0, -1):
            with self.assertRaises(promo.InvalidArgument):
                promo.Catalog.from_json_string("{}", max_bytes=bad)


class Postgres(unittest.TestCase):
    def test_an_unreachable_database_is_store_unavailable_or_not_built(self):
        url = "postgresql://promo@127.0.0.1:1/promo?connect_timeout=2"
        if promo.PostgresStore.available:
            with self.assertRaises(promo.StoreUnavailable) as caught:
                promo.PostgresStore(url, locale="nl")
            self.assertEqual(caught.exception.message, promo.status_message("store_unavailable", "nl"))
            self.assertTrue(caught.exception.error)
            self.assertIsNone(caught.exception.result)
        else:
            with self.assertRaises(promo.InvalidArgument) as caught:
                promo.PostgresStore(url)
            self.assertIn("without promo_pg", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
