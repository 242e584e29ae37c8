"""Objects freed deterministically (close, with) and by the garbage
collector, in every order."""

import copy
import gc
import itertools
import pickle
import unittest
import weakref

import promo
import support


class FreeOrders(unittest.TestCase):
    def make(self):
        catalog = support.catalog()
        first = support.order(catalog, id="first")
        second = support.order(catalog, id="second")
        result = first.apply("SPRING-2026")
        return {"catalog": catalog, "first": first, "second": second, "result": result}

    def test_closing_in_every_order(self):
        names = ["catalog", "first", "second"]
        for order in itertools.permutations(names):
            with self.subTest(order=order):
                objects = self.make()
                for i, name in enumerate(order):
                    objects[name].close()
                    # what is still open works
                    for other in order[i + 1 :]:
                        if other == "catalog":
                            self.assertEqual(objects["catalog"].find_code("PAST"), "past")
                        else:
                            self.assertTrue(objects[other].check("SPRING-2026", dry_run=True).ok)
                    self.assertEqual(objects["result"].campaign, "spring-2026")

    def test_dropping_in_every_order_with_the_collector_running_between(self):
        names = ["catalog", "first", "second", "result"]
        for order in itertools.permutations(names):
            with self.subTest(order=order):
                objects = self.make()
                refs = {name: weakref.ref(objects[name]) for name in names if name != "result"}
                for name in order:
                    del objects[name]
                    gc.collect()
                    for other in objects:
                        if other in ("first", "second"):
                            self.assertTrue(objects[other].check("SPRING-2026", dry_run=True).ok)
                for name, ref in refs.items():
                    self.assertIsNone(ref(), name)

    def test_orders_outlive_a_closed_catalog(self):
        catalog = support.catalog()
        order = support.order(catalog)
        catalog.close()
        self.assertTrue(catalog.closed)
        self.assertTrue(order.apply("SPRING-2026").ok)
        self.assertIs(order.catalog, catalog)
        with self.assertRaises(promo.InvalidArgument):
            support.order(catalog, id="new")

    def test_with_closes_and_close_twice_is_a_no_op(self):
        with support.catalog() as catalog:
            with support.order(catalog) as order:
                self.assertTrue(order.apply("SPRING-2026").ok)
            self.assertTrue(order.closed)
            order.close()
        self.assertTrue(catalog.closed)
        catalog.close()
        self.assertIn("closed", repr(order))
        self.assertIn("closed", repr(catalog))

    def test_everything_on_a_closed_object_is_refused(self):
        catalog = support.catalog()
        order = support.order(catalog)
        order.close()
        catalog.close()
        calls = [
            lambda: catalog.find_code("PAST"),
            lambda: len(catalog),
            lambda: catalog.campaign_count,
            lambda: catalog.redemptions("past"),
            lambda: "PAST" in catalog,
            lambda: promo.Order.from_json_string(catalog, "{}"),
            lambda: order.apply("SPRING-2026"),
            lambda: order.check("SPRING-2026"),
            lambda: order.complete(),
            lambda: order.lines,
            lambda: order.country,
            lambda: order.placed_at,
            lambda: order.subtotal,
            lambda: order.completed,
            lambda: setattr(order, "country", "BE"),
            lambda: order.add_line("x", "P", new=True, term="annual", licenses=1, unit_price=1),
            lambda: order.set_line_promo_code(0, None),
        ]
        for call in calls:
            with self.subTest(call=call):
                with self.assertRaises(promo.InvalidArgument):
                    call()

    def test_objects_cannot_be_pickled_and_orders_cannot_be_copied(self):
        catalog = support.catalog()
        order = support.order(catalog)
        for obj in (catalog, order):
            with self.assertRaises(promo.ArgumentTypeError):
                pickle.dumps(obj)
        for copier in (copy.copy, copy.deepcopy):
            with self.assertRaises(promo.ArgumentTypeError):
                copier(order)
            self.assertIs(copier(catalog), catalog)  # immutable: the same one

    def test_many_objects_come_and_go(self):
        for _ in range(200):
            catalog = support.catalog()
            orders = [support.order(catalog, id="o%d" % i) for i in range(5)]
            del catalog
            for order in orders:
                order.apply("SPRING-2026")
        gc.collect()

    def test_an_order_a_validator_kept_is_freed_with_the_validator(self):
        catalog = support.catalog()
        order = support.order(catalog)

        class Holder(promo.Validator):
            def check_order(self, o, campaign_id):
                self.order = o  # the validator outlives the apply, and keeps the order

        holder = Holder()
        order.apply("SPRING-2026", validators=[holder])
        ref = weakref.ref(order)
        del order, holder
        gc.collect()
        self.assertIsNone(ref())


if __name__ == "__main__":
    unittest.main()
