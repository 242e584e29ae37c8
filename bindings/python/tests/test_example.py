"""examples/python/checkout.py runs and prints what the README says."""

import os
import subprocess
import sys
import unittest

import support

SCRIPT = os.path.join(support.EXAMPLES, "python", "checkout.py")


def run(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True, env=os.environ.copy())


class Example(unittest.TestCase):
    def test_an_applied_code(self):
        done = run("SPRING-2026")
        self.assertEqual(done.stderr, "")
        self.assertEqual(
            done.stdout,
            "The promo code was applied to your order.\n"
            "  sub-1: 630.00 off 300 licenses, until 2027-03-31 21:30 UTC\n"
            "  sub-2: not_new_subscription\n"
            "total EUR 3065.00 (was 3695.00)\n"
            "spring-2026 redeemed 1 time(s)\n",
        )
        self.assertEqual(done.returncode, 0)

    def test_a_refused_code_in_dutch(self):
        done = run("TEAMS-US-15", "--locale", "nl")
        self.assertEqual(
            done.stdout,
            "not_yet_active: Deze promotiecode kan nog niet worden gebruikt: de campagne is nog niet "
            "begonnen. Probeer het opnieuw vanaf de begindatum van de campagne.\n",
        )
        self.assertEqual(done.returncode, 1)


if __name__ == "__main__":
    unittest.main()
