"""Compiled catalogs: Catalog.write, Catalog.open (a mapped file), and what
a damaged, truncated, foreign or missing file raises."""

import gc
import itertools
import os
import shutil
import tempfile
import threading
import unittest

import promo
import support

# Every code of support.campaigns(), a code it does not have, and one that
# is not a code at all.
CODES = [code for campaign in support.campaigns() for code in campaign.codes] + ["NO-SUCH-CODE", "bad\ncode"]


def answers(catalog):
    """What the catalog answers for every code: its campaign, and the whole
    result of a dry-run apply on the test order."""
    order = support.order(catalog)
    return [(code, catalog.find_code(code), order.check(code, dry_run=True)) for code in CODES]


def many_codes(count):
    return promo.Catalog([promo.Campaign("bulk", percent_bps=1000, codes=["BULK-%06d" % i for i in range(count)])])


class Compiled(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="promo-compiled-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.path = os.path.join(self.dir, "catalog.promo")

    def written(self, catalog=None):
        (catalog or support.catalog()).write(self.path)
        return self.path

    def damaged(self, change):
        with open(self.path, "rb") as f:
            data = bytearray(f.read())
        change(data)
        bad = os.path.join(self.dir, "damaged.promo")
        with open(bad, "wb") as f:
            f.write(data)
        return bad

    def assertLoadError(self, path, fragment, **options):
        with self.assertRaises(promo.LoadError) as caught:
            promo.Catalog.open(path, **options)
        error = caught.exception
        self.assertIn(fragment, error.text)
        self.assertEqual(str(error), "%s: %s" % (path, error.text))
        self.assertEqual((error.file, error.line, error.column), (path, 0, 0))
        return error


class RoundTrip(Compiled):
    def test_an_opened_catalog_answers_as_the_one_written(self):
        original = support.catalog()
        original.write(self.path)
        opened = promo.Catalog.open(self.path)
        self.assertTrue(opened.mapped)
        self.assertFalse(original.mapped)
        self.assertEqual((len(opened), opened.campaign_count), (len(original), original.campaign_count))
        self.assertEqual(answers(opened), answers(original))
        self.assertTrue(support.order(opened).apply("SPRING-2026").ok)
        self.assertEqual(os.listdir(self.dir), ["catalog.promo"])  # nothing beside it

    def test_an_opened_catalog_writes_the_same_catalog_again(self):
        original = support.catalog()
        original.write(self.path)
        again = os.path.join(self.dir, "again.promo")
        promo.Catalog.open(self.path).write(again)
        self.assertEqual(answers(promo.Catalog.open(again, verify=True)), answers(original))

    def test_an_empty_catalog_and_a_path_like(self):
        import pathlib

        promo.Catalog([]).write(pathlib.Path(self.path))
        opened = promo.Catalog.open(pathlib.Path(self.path))
        self.assertEqual((len(opened), opened.campaign_count, opened.mapped), (0, 0, True))
        self.assertIsNone(opened.find_code("X"))

    def test_verify_opens_an_undamaged_file(self):
        original = many_codes(2000)
        original.write(self.path)
        opened = promo.Catalog.open(self.path, verify=True)
        self.assertEqual(len(opened), 2000)
        for i in (0, 1, 999, 1999):
            self.assertEqual(opened.find_code("BULK-%06d" % i), "bulk")
        self.assertIsNone(opened.find_code("BULK-002000"))

    def test_a_json_catalog_written_and_opened(self):
        original = promo.Catalog.from_json(os.path.join(support.EXAMPLES, "catalog.json"))
        original.write(self.path)
        opened = promo.Catalog.open(self.path, verify=True)
        order_path = os.path.join(support.EXAMPLES, "order.json")
        for catalog in (original, opened):
            with self.subTest(mapped=catalog.mapped):
                result = promo.Order.from_json(catalog, order_path).check("SPRING-2026", dry_run=True)
                self.assertEqual(result, promo.Order.from_json(original, order_path).check("SPRING-2026", dry_run=True))

    def test_writing_over_a_file_leaves_catalogs_open_on_the_old_one_working(self):
        support.catalog().write(self.path)
        old = promo.Catalog.open(self.path)
        promo.Catalog([promo.Campaign("new", percent_bps=100, codes=["NEW"])]).write(self.path)
        self.assertEqual(old.find_code("PAST"), "past")
        self.assertIsNone(old.find_code("NEW"))
        new = promo.Catalog.open(self.path)
        self.assertEqual((new.find_code("NEW"), new.find_code("PAST")), ("new", None))


class BadFiles(Compiled):
    def test_a_missing_file(self):
        missing = os.path.join(self.dir, "missing.promo")
        self.assertLoadError(missing, "cannot open")

    def test_a_flipped_byte_in_the_header(self):
        self.written()
        bad = self.damaged(lambda data: data.__setitem__(8, data[8] ^ 0x01))
        for verify in (False, True):
            with self.subTest(verify=verify):
                self.assertLoadError(bad, "damaged: its header", verify=verify)

    def test_a_flipped_byte_in_the_magic(self):
        self.written()
        bad = self.damaged(lambda data: data.__setitem__(1, data[1] ^ 0x01))
        self.assertLoadError(bad, "not a compiled catalog")

    def test_a_truncated_file(self):
        self.written(many_codes(100))
        with open(self.path, "rb") as f:
            size = len(f.read())
        for keep in (0, 7, 100, size // 2, size - 1):
            with self.subTest(keep=keep):
                bad = self.damaged(lambda data: data.__delitem__(slice(keep, None)))
                error = self.assertLoadError(bad, "")
                self.assertRegex(error.text, "truncated|not a compiled catalog")

    def test_damage_in_the_codes_is_found_by_verify(self):
        # The codes are the bulk of the file: its last quarter is codes.
        self.written(many_codes(2000))
        bad = self.damaged(lambda data: data.__setitem__(len(data) * 3 // 4, data[len(data) * 3 // 4] ^ 0x40))
        promo.Catalog.open(bad).close()  # not read without verify: that is the point of mapping
        self.assertLoadError(bad, "damaged", verify=True)

    def test_a_json_catalog_and_a_directory_are_not_compiled_catalogs(self):
        self.assertLoadError(os.path.join(support.EXAMPLES, "catalog.json"), "not a compiled catalog")
        self.assertLoadError(self.dir, "")

    def test_a_file_that_cannot_be_written_leaves_nothing_behind(self):
        catalog = support.catalog()
        for path, fragment in ((os.path.join(self.dir, "no", "such.promo"), "cannot"), (self.dir, "cannot")):
            with self.subTest(path=path):
                with self.assertRaises(promo.InvalidArgument) as caught:
                    catalog.write(path)
                self.assertNotIsInstance(caught.exception, promo.LoadError)
                self.assertTrue(str(caught.exception).startswith(path + ": " + fragment), str(caught.exception))
                self.assertEqual(os.listdir(self.dir), [])

    def test_arguments_of_the_wrong_type(self):
        self.written()
        for options in (dict(verify=1), dict(verify="yes"), dict(store=object())):
            with self.subTest(options=options):
                with self.assertRaises(promo.ArgumentTypeError):
                    promo.Catalog.open(self.path, **options)
        with self.assertRaises(promo.ArgumentTypeError):
            promo.Catalog.open(3)
        with self.assertRaises(promo.InvalidArgument):
            promo.Catalog.open(self.path + "\0")
        with self.assertRaises(promo.ArgumentTypeError):
            support.catalog().write(None)


class Stores(Compiled):
    def test_a_store_given_at_open_counts_the_redemptions(self):
        store = promo.MemoryStore()
        self.written()
        catalog = promo.Catalog.open(self.path, store=store)
        self.assertEqual(catalog.redemptions("capped"), promo.Redemptions(0, 0, 1))
        support.order(catalog, id="first").apply("CAPPED", then="complete")
        self.assertEqual(catalog.redemptions("capped"), promo.Redemptions(1, 0, 1))
        # The count is the store's: another catalog on it, built or opened, sees it.
        for other in (promo.Catalog(support.campaigns(), store=store), promo.Catalog.open(self.path, store=store)):
            with self.subTest(mapped=other.mapped):
                self.assertEqual(other.redemptions("capped"), promo.Redemptions(1, 0, 1))
                with self.assertRaises(promo.RedemptionLimit):
                    support.order(other, id="second").apply("CAPPED")

    def test_the_file_holds_no_counts(self):
        catalog = support.catalog()
        support.order(catalog).apply("CAPPED", then="complete")
        catalog.write(self.path)
        opened = promo.Catalog.open(self.path)
        self.assertEqual(opened.redemptions("capped"), promo.Redemptions(0, 0, 1))
        self.assertTrue(support.order(opened).apply("CAPPED").ok)

    def test_a_closed_store_is_refused_and_nothing_is_opened(self):
        self.written()
        store = promo.MemoryStore()
        store.close()
        with self.assertRaises(promo.InvalidArgument):
            promo.Catalog.open(self.path, store=store)


class Lifetimes(Compiled):
    def make(self):
        catalog = promo.Catalog.open(self.written())
        first = support.order(catalog, id="first")
        second = support.order(catalog, id="second")
        return {"catalog": catalog, "first": first, "second": second, "result": first.apply("SPRING-2026")}

    def test_closing_in_every_order_keeps_the_mapping_for_who_holds_it(self):
        names = ["catalog", "first", "second"]
        for order in itertools.permutations(names):
            with self.subTest(order=order):
                objects = self.make()
                for i, name in enumerate(order):
                    objects[name].close()
                    for other in order[i + 1 :]:
                        if other == "catalog":
                            self.assertEqual(objects["catalog"].find_code("PAST"), "past")
                        else:
                            self.assertTrue(objects[other].check("SPRING-2026", dry_run=True).ok)
                self.assertEqual(objects["result"].campaign, "spring-2026")

    def test_dropping_in_every_order_with_the_file_gone(self):
        for order in itertools.permutations(["catalog", "first", "second", "result"]):
            with self.subTest(order=order):
                objects = self.make()
                os.unlink(self.path)  # the mapping holds the file's pages
                for name in order:
                    del objects[name]
                    gc.collect()
                    for other in objects:
                        if other in ("first", "second"):
                            self.assertTrue(objects[other].check("SPRING-2026", dry_run=True).ok)
                        elif other == "catalog":
                            self.assertEqual(objects["catalog"].find_code("\u00c9T\u00c9-2026"), "ete")

    def test_a_closed_catalog_refuses_write_and_mapped(self):
        catalog = promo.Catalog.open(self.written())
        catalog.close()
        with self.assertRaises(promo.InvalidArgument):
            catalog.write(os.path.join(self.dir, "other.promo"))
        with self.assertRaises(promo.InvalidArgument):
            catalog.mapped
        self.assertEqual(os.listdir(self.dir), ["catalog.promo"])

    def test_threads_on_one_opened_catalog_while_it_is_closed(self):
        catalog = promo.Catalog.open(self.written(many_codes(500)))
        errors = []
        start = threading.Barrier(5)

        def work(seed):
            start.wait()
            try:
                for i in range(200):
                    try:
                        found = catalog.find_code("BULK-%06d" % ((seed * 200 + i) % 500))
                    except promo.InvalidArgument:
                        return  # closed under us: refused, never freed memory
                    if found != "bulk":
                        errors.append(found)
            except BaseException as exc:  # noqa: B902 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        start.wait()
        catalog.close()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main()
