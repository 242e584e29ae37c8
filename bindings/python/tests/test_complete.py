"""Completing orders (R11): redemptions counted once per order id."""

import unittest

import promo
import support


class Complete(unittest.TestCase):
    def setUp(self):
        self.catalog = support.catalog()

    def test_complete_counts_once_per_order_id_and_marks_the_order(self):
        order = support.order(self.catalog)
        order.apply("SPRING-2026")
        order.complete()
        self.assertTrue(order.completed)
        self.assertEqual(self.catalog.redemptions("spring-2026").redeemed, 1)
        order.complete()  # a retry counts nothing twice
        again = support.order(self.catalog)  # the same id, another object
        again.apply("SPRING-2026")
        again.complete()
        self.assertEqual(self.catalog.redemptions("spring-2026"), promo.Redemptions(1, 0, None))
        with self.assertRaises(promo.NotNewSubscription):
            order.apply("SPRING-2026")

    def test_the_cap_refuses_and_changes_nothing(self):
        first = support.order(self.catalog, id="first")
        first.apply("CAPPED")
        first.complete()
        second = support.order(self.catalog, id="second")
        second.set_line_promo_code("sub-1", "CAPPED")  # restored from storage
        before = support.snapshot(second)
        with self.assertRaises(promo.RedemptionLimit) as caught:
            second.complete(locale="nl")
        self.assertIsNone(caught.exception.result)
        self.assertEqual(caught.exception.message, promo.status_message(promo.Status.REDEMPTION_LIMIT, "nl"))
        self.assertEqual(support.snapshot(second), before)
        self.assertEqual(self.catalog.redemptions("capped"), promo.Redemptions(1, 0, 1))

    def test_an_order_without_id_cannot_complete(self):
        order = promo.Order(self.catalog, country="NL", currency="EUR", placed_at=support.PLACED)
        order.add_line("s", "O365_E3", new=True, term="annual", licenses=1, unit_price=100)
        order.apply("SPRING-2026")
        with self.assertRaises(promo.InvalidArgument) as caught:
            order.complete()
        self.assertIn("id", str(caught.exception))
        self.assertFalse(order.completed)
        self.assertIsNone(order.id)

    def test_redemptions_of_an_unknown_campaign(self):
        with self.assertRaises(promo.InvalidArgument):
            self.catalog.redemptions("nope")
        self.assertEqual(self.catalog.redemptions("past"), promo.Redemptions(0, 0, None))


if __name__ == "__main__":
    unittest.main()
