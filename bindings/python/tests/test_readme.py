"""The README's 15-line example runs and prints what its comment says."""

import os
import re
import subprocess
import sys
import unittest

import support


def readme_example():
    with open(os.path.join(support.ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    found = re.search(r"<!-- python example -->\n```python\n(.*?)```\n", text, re.S)
    return found.group(1)


class Readme(unittest.TestCase):
    def test_the_example_is_fifteen_lines_and_prints_its_comment(self):
        code = readme_example()
        self.assertLessEqual(len(code.splitlines()), 15)
        expected = re.search(r"# (\d+ \d+ [0-9-]+ [0-9:+]+)\n", code).group(1)
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=support.ROOT, capture_output=True, text=True, env=os.environ.copy()
        )
        self.assertEqual(done.stderr, "")
        self.assertEqual(done.stdout, expected + "\n")


if __name__ == "__main__":
    unittest.main()
