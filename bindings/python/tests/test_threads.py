"""Eight threads on one catalog: the GIL is released during the C calls, so
these run libpromo concurrently."""

import array
import datetime as dt
import fcntl
import os
import termios
import threading
import time
import unittest

import promo
import support

THREADS = 8
ROUNDS = 200


def run_threads(target):
    """Runs target(i) on THREADS threads started together; returns the
    exceptions they raised."""
    barrier = threading.Barrier(THREADS)
    errors = []

    def body(i):
        try:
            barrier.wait()
            target(i)
        except BaseException as exc:  # noqa: B902 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


class Threads(unittest.TestCase):
    def test_eight_threads_apply_to_their_own_orders_on_one_catalog(self):
        catalog = support.catalog()
        expected = support.order(catalog, id="expected").check("SPRING-2026", dry_run=True)
        codes = ["SPRING-2026", "NOPE", "PAST", "US-ONLY", "bad\ncode", "FIVE-EUR"]
        expected_status = {code: support.order(catalog, id="e").check(code, dry_run=True).status for code in codes}

        def work(i):
            for r in range(ROUNDS):
                order = support.order(catalog, id="t%d-%d" % (i, r))
                for code in codes:
                    result = order.check(code, dry_run=True, locale="nl" if r % 2 else "en")
                    self.assertIs(result.status, expected_status[code])
                self.assertEqual(order.apply("SPRING-2026").lines, expected.lines)
                self.assertEqual(catalog.find_code("SPRING-2026"), "spring-2026")
                order.close() if r % 2 else None

        self.assertEqual(run_threads(work), [])

    def test_eight_threads_share_one_order_one_call_at_a_time(self):
        catalog = support.catalog()
        order = support.order(catalog)
        before = support.snapshot(order)

        def work(i):
            for _ in range(ROUNDS):
                self.assertTrue(order.check("SPRING-2026", dry_run=True).ok)
                with self.assertRaises(promo.CodeNotFound):
                    order.apply("NOPE")
                self.assertEqual(order.lines[0].subscription, "sub-1")

        self.assertEqual(run_threads(work), [])
        self.assertEqual(support.snapshot(order), before)

    def test_validators_run_on_each_applying_thread(self):
        catalog = support.catalog()
        seen = {}

        def work(i):
            order = support.order(catalog, id="v%d" % i)

            def validator(o, campaign_id):
                seen.setdefault(i, set()).add(threading.get_ident())
                self.assertIs(o, order)
                return None if i % 2 else "odd threads only"

            for _ in range(ROUNDS):
                result = order.check("SPRING-2026", validators=[validator], dry_run=True)
                self.assertEqual(result.ok, bool(i % 2))

        self.assertEqual(run_threads(work), [])
        self.assertEqual(len(seen), THREADS)
        self.assertTrue(all(len(idents) == 1 for idents in seen.values()))

    def test_completes_on_eight_threads_never_pass_the_cap(self):
        cap = 5
        catalog = promo.Catalog([promo.Campaign("capped", percent_bps=100, max_redemptions=cap, codes=["CAP"])])
        placed = dt.datetime(2026, 3, 15, tzinfo=dt.timezone.utc)
        completed = []
        refused = []
        lock = threading.Lock()

        def work(i):
            for r in range(10):
                order = promo.Order(catalog, id="c%d-%d" % (i, r), country="NL", currency="EUR", placed_at=placed)
                order.add_line("s", "P", new=True, term="annual", licenses=1, unit_price=100)
                try:
                    order.apply("CAP")
                    order.complete()
                except promo.RedemptionLimit:
                    with lock:
                        refused.append(order.id)
                else:
                    with lock:
                        completed.append(order.id)

        self.assertEqual(run_threads(work), [])
        self.assertEqual(len(completed), cap)
        self.assertEqual(len(refused), THREADS * 10 - cap)
        self.assertEqual(catalog.redemptions("capped"), promo.Redemptions(cap, 0, cap))

    def test_the_catalog_closed_while_other_threads_use_it(self):
        catalog = support.catalog()
        orders = [support.order(catalog, id="k%d" % i) for i in range(THREADS)]

        def work(i):
            for _ in range(ROUNDS):
                if i == 0:
                    catalog.close()
                try:
                    catalog.find_code("SPRING-2026")
                except promo.InvalidArgument:
                    pass  # closed: refused, never a crash
                self.assertTrue(orders[i].check("SPRING-2026", dry_run=True).ok)

        self.assertEqual(run_threads(work), [])
        self.assertTrue(catalog.closed)


class GilReleased(unittest.TestCase):
    def test_another_thread_runs_python_while_one_is_inside_libpromo(self):
        """A thread loads an order from standard input (a pipe) and blocks
        inside libpromo waiting for its second half; this thread sees the
        first half consumed and only then writes the rest. Were the GIL
        held during the C call, this thread could never run again: the
        test would hang instead of pass. No timing is asserted."""
        with open(os.path.join(support.EXAMPLES, "order.json"), "rb") as f:
            text = f.read()
        catalog = support.catalog()
        read_end, write_end = os.pipe()
        probe = os.dup(read_end)
        saved_stdin = os.dup(0)
        os.dup2(read_end, 0)
        os.close(read_end)
        loaded = []
        try:
            reader = threading.Thread(target=lambda: loaded.append(promo.Order.from_json(catalog, "-")))
            reader.start()
            os.write(write_end, text[:40])
            waiting = array.array("i", [1])
            while waiting[0] > 0:  # until the reader has taken the first half
                fcntl.ioctl(probe, termios.FIONREAD, waiting)
                time.sleep(0.001)
            os.write(write_end, text[40:])
            os.close(write_end)
            reader.join()
        finally:
            os.dup2(saved_stdin, 0)
            os.close(saved_stdin)
            os.close(probe)
        self.assertEqual(loaded[0].id, "order-1001")


if __name__ == "__main__":
    unittest.main()
