"""Catalogs and orders from JSON files and strings, codes_file included."""

import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

import promo
import support

CATALOG = os.path.join(support.EXAMPLES, "catalog.json")
ORDER = os.path.join(support.EXAMPLES, "order.json")


class Catalogs(unittest.TestCase):
    def test_the_example_catalog_with_its_codes_file(self):
        catalog = promo.Catalog.from_json(CATALOG)
        self.assertEqual(catalog.campaign_count, 3)
        self.assertEqual(len(catalog), 8)  # 4 codes in the file, 4 listed
        self.assertEqual(catalog.find_code("SPRING-BULK-0004"), "spring-2026")
        self.assertEqual(catalog.find_code(b"WELCOME-5"), "welcome-5-eur")
        self.assertIsNone(catalog.find_code("spring-bulk-0004"))
        self.assertIsNone(catalog.find_code("bad\ncode"))
        self.assertIn("TEAMS-US-15", catalog)
        self.assertNotIn("NOPE", catalog)
        self.assertNotIn(42, catalog)
        self.assertEqual(repr(catalog), "<promo.Catalog campaigns=3 codes=8>")

    def test_a_codes_file_code_applies(self):
        catalog = promo.Catalog.from_json(pathlib.Path(CATALOG))
        order = promo.Order.from_json(catalog, pathlib.Path(ORDER))
        result = order.apply("SPRING-BULK-0002")
        self.assertEqual(result.campaign, "spring-2026")
        self.assertEqual(result.discount, 63000)

    def test_the_test_suites_catalog_with_crlf_and_unterminated_codes_files(self):
        catalog = promo.Catalog.from_json(os.path.join(support.DATA, "catalog.json"))
        for code in ("FIVE-OFF", "\u00c9T\u00c9-2026", "-DASH-10"):
            self.assertIsNotNone(catalog.find_code(code), code)

    def test_from_json_string_reads_a_codes_file_only_from_base_dir(self):
        with open(CATALOG, encoding="utf-8") as f:
            text = f.read()
        with self.assertRaises(promo.LoadError) as caught:
            promo.Catalog.from_json_string(text)
        self.assertIn("codes_file", caught.exception.text)
        catalog = promo.Catalog.from_json_string(text, base_dir=support.EXAMPLES)
        self.assertEqual(catalog.find_code("SPRING-BULK-0001"), "spring-2026")
        catalog = promo.Catalog.from_json_string(text.encode("utf-8"), pathlib.Path(support.EXAMPLES))
        self.assertEqual(len(catalog), 8)

    def test_codes_files_are_read_from_codes_dir_only(self):
        with tempfile.TemporaryDirectory() as directory:
            catalog_path = os.path.join(directory, "catalog.json")
            with open(CATALOG, "rb") as source, open(catalog_path, "wb") as copy:
                copy.write(source.read())
            with self.assertRaises(promo.LoadError):  # no codes.txt beside it
                promo.Catalog.from_json(catalog_path)
            catalog = promo.Catalog.from_json(catalog_path, codes_dir=support.EXAMPLES)
            self.assertEqual(catalog.find_code("SPRING-BULK-0003"), "spring-2026")
        text = '{"campaigns": [{"id": "x", "discount": {"percent_bps": 1}, "codes_file": "../catalog.json"}]}'
        with self.assertRaises(promo.LoadError) as caught:
            promo.Catalog.from_json_string(text, os.path.join(support.EXAMPLES, "python"))
        self.assertIn("catalog.json", str(caught.exception))

    def test_size_caps(self):
        with self.assertRaises(promo.LoadError):
            promo.Catalog.from_json(CATALOG, max_bytes=10)
        catalog = promo.Catalog.from_json(CATALOG, max_bytes=os.path.getsize(CATALOG))
        with self.assertRaises(promo.LoadError):
            promo.Order.from_json(catalog, ORDER, max_bytes=10)
        with open(ORDER, encoding="utf-8") as f:
            with self.assertRaises(promo.LoadError):
                promo.Order.from_json_string(catalog, f.read(), max_bytes=10)
        for bad in (0, -1):
            with self.assertRaises(promo.InvalidArgument):
                promo.Catalog.from_json_string("{}", max_bytes=bad)
        with self.assertRaises(promo.ArgumentTypeError):
            promo.Catalog.from_json(CATALOG, max_bytes="big")

    def test_a_load_error_points_at_the_value(self):
        text = '{\n  "campaigns": [\n    { "id": "x", "discount": { "percent_bps": 100 }, "codes": ["A"], "max_licence": 3 }\n  ]\n}\n'
        with self.assertRaises(promo.LoadError) as caught:
            promo.Catalog.from_json_string(text, name="mine.json")
        error = caught.exception
        self.assertEqual((error.file, error.line), ("mine.json", 3))
        self.assertGreater(error.column, 0)
        self.assertIn("max_licence", error.text)
        self.assertTrue(str(error).startswith("mine.json:3:"))
        self.assertIsInstance(error, ValueError)

    def test_a_missing_file_has_no_line(self):
        with self.assertRaises(promo.LoadError) as caught:
            promo.Catalog.from_json("/no/such/catalog.json")
        self.assertEqual((caught.exception.line, caught.exception.column), (0, 0))
        self.assertIn("cannot open", str(caught.exception))

    def test_every_bad_file_of_the_test_suite_is_a_load_error(self):
        bad = os.path.join(support.DATA, "bad")
        catalog = promo.Catalog.from_json(os.path.join(support.DATA, "catalog.json"))
        # Bad only with a tz database that is not there (TZDIR): below.
        names = sorted(n for n in os.listdir(bad) if n.endswith(".json") and n != "zone-no-database.json")
        self.assertGreater(len(names), 40)
        for name in names:
            with self.subTest(name=name):
                with self.assertRaises(promo.LoadError) as caught:
                    if name.startswith("order-"):
                        promo.Order.from_json(catalog, os.path.join(bad, name))
                    else:
                        promo.Catalog.from_json(os.path.join(bad, name))
                self.assertTrue(caught.exception.text)
                self.assertTrue(caught.exception.file)

    def test_no_tz_database_is_a_load_error_naming_where_it_looked(self):
        # TZDIR is read once per process: a process of its own.
        code = (
            "import promo\n"
            "try:\n"
            "    promo.Catalog.from_json(%r)\n"
            "except promo.LoadError as error:\n"
            "    print('LoadError', error)\n" % os.path.join(support.DATA, "bad", "zone-no-database.json")
        )
        environment = dict(os.environ, TZDIR="/nonexistent/zoneinfo")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)
        self.assertEqual(done.stderr, "")
        self.assertTrue(done.stdout.startswith("LoadError "), done.stdout)
        self.assertIn("/nonexistent/zoneinfo", done.stdout)

    def test_invalid_json_and_not_utf8(self):
        for text in ("", "{", "[]", b"\xff\xfe", '{"campaigns": [}', "\ud800"):
            with self.subTest(text=text):
                with self.assertRaises(promo.LoadError):
                    promo.Catalog.from_json_string(text)


class Orders(unittest.TestCase):
    def setUp(self):
        self.catalog = promo.Catalog.from_json(CATALOG)

    def test_the_example_order(self):
        order = promo.Order.from_json(self.catalog, ORDER)
        self.assertEqual(order.id, "order-1001")
        self.assertEqual([line.subscription for line in order.lines], ["sub-1", "sub-2"])
        self.assertEqual(order.lines[1].promo_code, "OLD-CODE")
        self.assertEqual(order.time_zone, "Europe/Amsterdam")
        self.assertEqual(order.apply("SPRING-2026").total, 306500)

    def test_from_json_string_and_its_errors(self):
        with open(ORDER, encoding="utf-8") as f:
            text = f.read()
        order = promo.Order.from_json_string(self.catalog, text)
        self.assertEqual(order.subtotal, 369500)
        with self.assertRaises(promo.LoadError) as caught:
            promo.Order.from_json_string(self.catalog, text.replace('"licenses": 350', '"licenses": -2'), name="o.json")
        self.assertEqual(caught.exception.file, "o.json")
        self.assertIn("licenses", caught.exception.text)

    def test_an_order_file_read_by_path_like(self):
        with tempfile.TemporaryDirectory() as directory:
            path = pathlib.Path(directory) / "order.json"
            path.write_bytes(pathlib.Path(ORDER).read_bytes())
            self.assertEqual(promo.Order.from_json(self.catalog, path).id, "order-1001")
            self.assertEqual(promo.Order.from_json(self.catalog, os.fsencode(path)).id, "order-1001")

    def test_every_order_of_the_test_suite_loads_or_points_at_its_error(self):
        catalog = promo.Catalog.from_json(os.path.join(support.DATA, "catalog.json"))
        directory = os.path.join(support.DATA, "orders")
        for name in sorted(os.listdir(directory)):
            with self.subTest(name=name):
                order = promo.Order.from_json(catalog, os.path.join(directory, name))
                self.assertGreater(len(order.lines), 0)
                order.check("SPRING-2026", dry_run=True)


if __name__ == "__main__":
    unittest.main()
