"""python_apply.py - what the Python package adds to an apply: the example
code on the example order, applied and its whole result read, per call, in
Python (Order.check, which returns the Result) and in C (the same apply,
promo_result_get and promo_result_get_lines, bench/apply_read.c).

    PYTHONPATH=build/release/bindings/python python3 bench/python_apply.py \
        [--c-driver build/release/bench/promo-bench-apply-read] \
        [--iterations 100000] [--code SPRING-2026]

Both sides apply with dry_run (every call does the same work) and are timed
in CPU time, the best of five runs, so that the figures hold on a shared,
loaded machine; the difference is the binding's overhead per apply + read.
"""

import argparse
import os
import re
import subprocess
import sys
import time

import promo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "examples", "catalog.json")
ORDER = os.path.join(ROOT, "examples", "order.json")


def python_ns(code, iterations):
    catalog = promo.Catalog.from_json(CATALOG)
    order = promo.Order.from_json(catalog, ORDER)
    check = order.check
    result = check(code, dry_run=True)
    for _ in range(1000):  # warm up
        check(code, dry_run=True)
    best = None
    for _ in range(5):
        start = time.process_time()
        for _ in range(iterations):
            check(code, dry_run=True)
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    return best / iterations * 1e9, result


def c_ns(driver, code, iterations):
    out = subprocess.run(
        [driver, CATALOG, ORDER, code, str(iterations)], check=True, capture_output=True, text=True
    ).stdout
    return float(re.match(r"([0-9.]+) ns", out).group(1))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--c-driver", default=os.path.join(ROOT, "build", "release", "bench", "promo-bench-apply-read"))
    parser.add_argument("--iterations", type=int, default=100000)
    parser.add_argument("--code", default="SPRING-2026")
    args = parser.parse_args(argv)

    in_c = c_ns(args.c_driver, args.code, args.iterations)
    in_python, result = python_ns(args.code, args.iterations)
    print("python %s, promo from %s" % (sys.version.split()[0], os.path.dirname(promo.__file__)))
    print("apply + read of %r (%s, %d lines), CPU time per call:" % (args.code, result.status, len(result.lines)))
    print("  C       %8.2f us" % (in_c / 1000))
    print("  Python  %8.2f us" % (in_python / 1000))
    print("  binding %8.2f us  (Python - C)" % ((in_python - in_c) / 1000))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
