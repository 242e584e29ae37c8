#!/usr/bin/env python3
"""Writes the synthetic TZif files the tests use: a small tz database for
the scenario tests (tests/data/zoneinfo: good and broken zones, and a
tzdata.zi naming a version no real database has), and the seed corpus of
the TZif fuzz target (tests/fuzz/corpus/fuzz_tzif). Every file is built
here from the RFC 9636 layout; none is a copy of a real zone's file.

usage: make_tzif.py REPO_ROOT      (then review and commit the files)
"""
import hashlib
import os
import struct
import sys

HOUR = 3600


def block(times, indices, types, chars, leaps, size):
    """One header + data block; times of `size` bytes (4 or 8)."""
    fmt = ">i" if size == 4 else ">q"
    body = b"".join(struct.pack(fmt, t) for t in times)
    body += bytes(indices)
    for off, dst, idx in types:
        body += struct.pack(">iBB", off, dst, idx)
    body += chars
    for at, corr in leaps:
        body += struct.pack(fmt, at) + struct.pack(">i", corr)
    body += bytes(len(types))  # standard/wall indicators
    body += bytes(len(types))  # UT/local indicators
    return body


def header(version, counts):
    isut, isstd, leap, time, typ, char = counts
    return b"TZif" + version + bytes(15) + struct.pack(
        ">6I", isut, isstd, leap, time, typ, char
    )


def tzif(transitions, types, footer, version=b"2", leaps=()):
    """transitions: [(utc, type index)]; types: [(offset, isdst, abbr)]."""
    chars = b""
    packed = []
    for off, dst, abbr in types:
        packed.append((off, dst, len(chars)))
        chars += abbr.encode() + b"\0"
    times = [t for t, _ in transitions]
    indices = [i for _, i in transitions]
    counts = (len(types), len(types), len(leaps), len(times), len(types), len(chars))
    if version == b"\0":
        return header(version, counts) + block(times, indices, packed, chars, leaps, 4)
    # Version 2+: a version 1 block with the 32-bit times, then the real one.
    small = [(t, i) for t, i in transitions if -(2**31) <= t < 2**31]
    counts1 = (len(types), len(types), len(leaps), len(small), len(types), len(chars))
    v1 = header(version, counts1) + block(
        [t for t, _ in small], [i for _, i in small], packed, chars, leaps, 4
    )
    v2 = header(version, counts) + block(times, indices, packed, chars, leaps, 8)
    return v1 + v2 + b"\n" + footer.encode() + b"\n"


def last_sunday(year, month):
    """The day of the month of its last Sunday."""
    import calendar

    days = calendar.monthrange(year, month)[1]
    return max(d for d in range(days - 6, days + 1)
               if calendar.weekday(year, month, d) == 6)


def eu_rules(first, last):
    """European DST for those years, as changes at 01:00 UTC on the last
    Sundays of March (to type 1) and October (to type 0)."""
    import calendar

    out = []
    for year in range(first, last + 1):
        for month, kind in ((3, 1), (10, 0)):
            day = last_sunday(year, month)
            out.append((calendar.timegm((year, month, day, 1, 0, 0)), kind))
    return out


def zones():
    """name -> bytes: the good zones, then broken ones."""
    std_dst = [(HOUR, 0, "TST"), (2 * HOUR, 1, "TDT")]
    plus3 = tzif([(0, 1)], [(2 * HOUR, 0, "+02"), (3 * HOUR, 0, "+03")], "<+03>-3")
    dst = tzif(
        eu_rules(2020, 2022),
        std_dst,
        "TST-1TDT,M3.5.0,M10.5.0/3",
    )
    good = {
        # +02 until the epoch, +03 after; the footer agrees.
        "Test/Plus3": plus3,
        # A DST zone whose rule takes over after 2022.
        "Test/Dst": dst,
        # Version 1: 32-bit times only, no footer.
        "Test/V1": tzif([(0, 1)], [(0, 0, "UT"), (-5 * HOUR, 0, "EST")], "", b"\0"),
        # No transitions: the footer alone (a southern DST rule).
        "Test/FooterOnly": tzif(
            [], [(-3 * HOUR, 0, "-03")], "<-03>3<-02>,M10.1.0/0,M3.3.0/0"
        ),
        # Version 3 rule extensions: hours beyond 24, negative hours.
        "Test/V3": tzif(
            [(0, 0)],
            [(-2 * HOUR, 0, "-02"), (-1 * HOUR, 1, "-01")],
            "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
            b"3",
        ),
        # Permanent DST written as a rule (J day 365 at 25:00).
        "Test/AllYearDst": tzif(
            [], [(-4 * HOUR, 1, "EDT")], "EST5EDT,0/0,J365/25", b"3"
        ),
    }
    broken = {
        "Test/Truncated": plus3[: len(plus3) - 20],
        "Test/Empty": b"",
        "Test/NotTzif": b"# not a zone\n" * 4,
        "Test/BadVersion": plus3[:4] + b"9" + plus3[5:],
        "Test/BadFooter": plus3[: -len(b"<+03>-3\n")] + b"<+03>-3junk\n",
        "Test/NoFooterEnd": plus3[:-1],
        "Test/Trailing": plus3 + b"x",
        "Test/LeapSeconds": tzif(
            [(0, 0)], [(0, 0, "UTC")], "UTC0", leaps=[(78796800, 1)]
        ),
        "Test/Unsorted": tzif(
            [(100, 0), (50, 1)], [(0, 0, "A"), (HOUR, 0, "B")], "B-1"
        ),
        "Test/BadOffset": tzif([(0, 0)], [(30 * HOUR, 0, "X")], "<X>-30"),
        "Test/DstNoRule": tzif([(0, 0)], [(HOUR, 0, "TST")], "TST-1TDT"),
    }
    return good, broken


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    root = sys.argv[1]
    good, broken = zones()
    db = os.path.join(root, "tests", "data", "zoneinfo")
    for name, data in {**good, **broken}.items():
        write(os.path.join(db, name), data)
    write(
        os.path.join(db, "tzdata.zi"),
        b"# version 2099z\n# A test database: see tests/tzdb/make_tzif.py\n",
    )
    corpus = os.path.join(root, "tests", "fuzz", "corpus", "fuzz_tzif")
    for data in list(good.values()) + list(broken.values()):
        write(os.path.join(corpus, hashlib.sha1(data).hexdigest()), data)


if __name__ == "__main__":
    main()
