"""promo.PostgresStore against the PostgreSQL server of the C suite's
fixture (tests/pg/server.sh; PROMO_PG_DIR names its directory). Run as a
script: exit status 77 (skipped) without a server, unless
PROMO_REQUIRE_PG=1."""

import os
import subprocess
import sys
import threading
import unittest
import uuid

import promo
import support

SERVER_DIR = os.environ.get("PROMO_PG_DIR", "")
SERVER_SH = os.environ.get("PROMO_PG_SERVER_SH", "")
NEW_LINE = ("sub-1", "O365_E3", dict(new=True, term="annual", licenses=10, unit_price=1000))


def server_url():
    path = os.path.join(SERVER_DIR, "url")
    if not SERVER_DIR or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def server(command):
    # Not with the sanitizer runtime the tests may run with: it is for Python.
    environment = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}
    subprocess.run([SERVER_SH, command, SERVER_DIR], check=True, capture_output=True, env=environment)


def capped(store, cap):
    """A catalog whose one campaign has an id of its own: each test counts
    from zero, whatever ran on the server before."""
    campaign = "py-%s" % uuid.uuid4().hex
    catalog = promo.Catalog([promo.Campaign(campaign, percent_bps=1000, max_redemptions=cap, codes=["CAP"])], store=store)
    return catalog, campaign


def order(catalog, id):
    return support.order(catalog, id=id, lines=[NEW_LINE])


class PostgresStore(unittest.TestCase):
    def setUp(self):
        self.url = server_url()
        self.store = promo.PostgresStore(self.url, pool_size=4)

    def tearDown(self):
        self.store.close()

    def test_a_second_store_on_the_same_database_sees_the_counts(self):
        catalog, campaign = capped(self.store, 1)
        first = order(catalog, "first")
        first.apply("CAP", then="reserve", ttl=60)
        with promo.PostgresStore(self.url) as other:
            elsewhere = promo.Catalog(
                [promo.Campaign(campaign, percent_bps=1000, max_redemptions=1, codes=["CAP"])], store=other
            )
            self.assertEqual(elsewhere.redemptions(campaign), promo.Redemptions(0, 1, 1))
            with self.assertRaises(promo.RedemptionLimit):
                order(elsewhere, "second").apply("CAP")
            first.complete()
            self.assertEqual(elsewhere.redemptions(campaign), promo.Redemptions(1, 0, 1))

    def test_eight_threads_complete_and_never_pass_the_cap(self):
        catalog, campaign = capped(self.store, 5)
        outcomes = []
        lock = threading.Lock()

        def work(i):
            for r in range(5):
                o = order(catalog, "t%d-%d" % (i, r))
                try:
                    o.apply("CAP", then="complete")
                    outcome = "counted"
                except promo.RedemptionLimit:
                    outcome = "refused"
                with lock:
                    outcomes.append(outcome)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(outcomes.count("counted"), 5)
        self.assertEqual(outcomes.count("refused"), 35)
        self.assertEqual(catalog.redemptions(campaign), promo.Redemptions(5, 0, 5))

    def test_zz_a_stopped_server_is_store_unavailable_and_changes_nothing(self):
        # Last in name order: it stops the server, then starts it again.
        catalog, campaign = capped(self.store, 3)
        paid = order(catalog, "paid")
        paid.apply("CAP")
        waiting = order(catalog, "waiting")
        before = support.snapshot(waiting)
        server("stop")
        try:
            with self.assertRaises(promo.StoreUnavailable) as caught:
                waiting.apply("CAP", locale="nl")
            self.assertEqual(caught.exception.message, promo.status_message("store_unavailable", "nl"))
            self.assertIs(caught.exception.result.status, promo.Status.STORE_UNAVAILABLE)
            self.assertTrue(caught.exception.error)
            with self.assertRaises(promo.StoreUnavailable):
                waiting.check("CAP")
            self.assertEqual(support.snapshot(waiting), before)
            with self.assertRaises(promo.StoreUnavailable):
                paid.complete()
            self.assertFalse(paid.completed)
            with self.assertRaises(promo.StoreUnavailable):
                catalog.redemptions(campaign)
        finally:
            server("start")
        paid.complete()  # the retry after the failure: counted once
        paid.complete()
        self.assertEqual(catalog.redemptions(campaign), promo.Redemptions(1, 0, 3))


def main():
    if not promo.PostgresStore.available or server_url() is None:
        sys.stderr.write("test_pg.py: no PostgreSQL server or no promo_pg: skipped\n")
        return 1 if os.environ.get("PROMO_REQUIRE_PG") == "1" else 77
    program = unittest.main(module=__name__, exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
