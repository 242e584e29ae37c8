#!/usr/bin/env python3
"""The library's zone rules against an independent reader: Python's
zoneinfo, on the same directory.

For every zone of the tz database (Python's own list of it), every instant
from 1970 to 2037 at which the zone's UTC offset changes must be the same
on both sides, with the same offset just before and at it; and the first
instant of each local day around it (R2: a skipped midnight gives the first
valid instant after it) must be the same too. Prints how many zones and
instants were compared.

usage: compare.py ZONE_PROBE DIRECTORY [ZIC]

With ZIC, the comparison is made on a copy of DIRECTORY's database that
ZIC compiles from its tzdata.zi into "slim" files, which store transitions
only until the footer's rule can take over: that checks the library's
reading of the rule (posix_tz.c) against zoneinfo's for every zone's
recent years.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import zoneinfo

START = 0  # 1970-01-01T00:00:00Z
END = 2145916800  # 2038-01-01T00:00:00Z
WEEK = 7 * 86400
UTC = datetime.timezone.utc
# Files of the directory that are zone files but not zones of the database.
NOT_ZONES = {"localtime", "posixrules"}


def zone_ids(directory):
    """The zones of the directory as zoneinfo lists them."""
    zoneinfo.reset_tzpath(to=[directory])
    ids = zoneinfo.available_timezones() - NOT_ZONES
    return sorted(i for i in ids if os.path.isfile(os.path.join(directory, i)))


class Zone:
    """One zone read by zoneinfo, straight from its file."""

    def __init__(self, directory, key):
        with open(os.path.join(directory, key), "rb") as f:
            self.tz = zoneinfo.ZoneInfo.from_file(f, key=key)
        self.cache = {}

    def offset(self, t):
        off = self.cache.get(t)
        if off is None:
            dt = datetime.datetime.fromtimestamp(t, tz=self.tz)
            off = int(dt.utcoffset().total_seconds())
            self.cache[t] = off
        return off

    def local(self, t):
        return datetime.datetime.fromtimestamp(t, tz=self.tz).replace(tzinfo=None)

    def changes(self, a, b):
        """Instants in (a, b] where the offset changes, found by bisection:
        every change away from the offset at a, in order."""
        found = []
        while self.offset(a) != self.offset(b):
            lo, hi = a, b
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if self.offset(mid) == self.offset(a):
                    lo = mid
                else:
                    hi = mid
            found.append(hi)
            a = hi
        return found

    def day_start(self, date):
        """The first instant whose local time is date's midnight or later.
        Local times are read from instants (zoneinfo's fromutc side) only:
        its other side, local time to instant, may read a TZ-string rule
        differently right after a file's last transition (America/Ojinaga,
        2022-10-31, in a slim database)."""
        midnight = datetime.datetime(date.year, date.month, date.day)
        first = int(midnight.replace(tzinfo=self.tz, fold=0).timestamp())
        if self.local(first) == midnight:
            return first  # fold=0 is the earlier of a repeated time
        # Skipped: the first instant showing a later time. Offsets lie
        # within 26 hours, so it is within 26 hours of midnight as UTC.
        naive = int(midnight.replace(tzinfo=UTC).timestamp())
        lo, hi = naive - 26 * 3600, naive + 26 * 3600
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.local(mid) >= midnight:
                hi = mid
            else:
                lo = mid
        return hi


def probe(tool, directory, commands):
    done = subprocess.run(
        [tool, directory],
        input="".join(commands),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"zone_probe failed ({done.returncode}): {done.stderr}")
    return done.stdout.splitlines()


def file_transitions(path):
    """The transitions zoneinfo's own TZif reader finds in the file (a
    private function of zoneinfo, stable since Python 3.9), and the offset
    the last one sets (None without transitions, or when this Python has
    no such function)."""
    try:
        from zoneinfo import _common  # pylint: disable=import-outside-toplevel

        with open(path, "rb") as f:
            idx, times, offsets, _, _, footer = _common.load_data(f)
    except (ImportError, AttributeError, ValueError, TypeError):
        return [], None
    last = offsets[idx[-1]] if times and footer else None
    return list(times), last


def candidates(zone, library, stored):
    """Every instant either reader might call a change: the library's, the
    transitions stored in the file as zoneinfo reads them, and, past the
    last of those (where the footer's rule governs), whatever a weekly walk
    of zoneinfo's offsets finds."""
    found = set(library) | set(stored)
    t = max([START] + [x for x in stored if x < END])
    while t < END - 1:
        step = min(t + WEEK, END - 1)
        found.update(zone.changes(t, step))
        t = step
    return sorted(x for x in found if START < x < END)


def main():
    tool, directory = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        with tempfile.TemporaryDirectory() as slim:
            source = os.path.join(directory, "tzdata.zi")
            subprocess.run(
                [sys.argv[3], "-b", "slim", "-d", slim, source], check=True
            )
            shutil.copy(source, slim)
            return compare(tool, slim, f"a slim copy of {directory}")
    return compare(tool, directory, directory)


def compare(tool, directory, label):
    ids = zone_ids(directory)
    if len(ids) < 300:
        sys.exit(f"{directory}: only {len(ids)} zones; is tzdata installed?")

    # Pass 1: each zone's changes, as the library sees them.
    out = probe(
        tool, directory, [f"Z {i}\nT {START} {END}\n" for i in ids]
    )
    library = {}
    for n, key in enumerate(ids):
        status, changes = out[2 * n], out[2 * n + 1].split()
        if status != "ok":
            sys.exit(f"{key}: the library refuses a zone of the database: {status}")
        library[key] = [int(x) for x in changes[1:]]

    # Pass 2: offsets and day starts around every change.
    commands = []
    expected = []
    mismatches = []
    skipped = []
    for key in ids:
        zone = Zone(directory, key)
        lib = set(library[key])
        stored, last = file_transitions(os.path.join(directory, key))
        if last is not None and zone.offset(stored[-1] + 1) != last:
            # The footer's rule contradicts the last transition, which RFC
            # 9636 section 3.3 forbids; readers differ on such files
            # (zoneinfo keeps the transition's offset at its instant, glibc
            # and the library take the rule's). An old zic writes some
            # when it compiles a new tzdata.zi into slim files.
            skipped.append(key)
            continue
        commands.append(f"Z {key}\n")
        expected.append((key, "zone", "ok"))
        for t in candidates(zone, library[key], stored):
            before, at = zone.offset(t - 1), zone.offset(t)
            if (before != at) != (t in lib):
                mismatches.append(
                    f"{key}: {t}: zoneinfo says {before} -> {at}, the library "
                    f"{'has' if t in lib else 'has no'} change there"
                )
            for instant, off in ((t - 1, before), (t, at)):
                commands.append(f"O {instant}\n")
                expected.append((key, f"offset at {instant}", str(off)))
            first = zone.local(t - 1).date()
            last = zone.local(t).date() + datetime.timedelta(days=1)
            day = first
            while day <= last:
                commands.append(f"D {day.year} {day.month} {day.day}\n")
                expected.append(
                    (key, f"start of {day}", str(zone.day_start(day)))
                )
                day += datetime.timedelta(days=1)
    answers = probe(tool, directory, commands)
    if len(answers) != len(expected):
        sys.exit(f"zone_probe answered {len(answers)} of {len(expected)}")
    for (key, what, want), got in zip(expected, answers):
        if got != want:
            mismatches.append(f"{key}: {what}: zoneinfo {want}, library {got}")

    # Files that are zone files but not zones: refused.
    refused = ["localtime", "posixrules", "right/UTC", "posix/UTC"]
    out = probe(tool, directory, [f"Z {i}\n" for i in refused])
    for key, status in zip(refused, out):
        if status == "ok":
            mismatches.append(f"{key}: accepted, but it is not a zone")

    compared = len(ids) - len(skipped)
    changes = sum(len(v) for k, v in library.items() if k not in skipped)
    instants = len(expected) - compared
    print(
        f"{compared} zones of {label}, {changes} offset changes from "
        f"1970 to 2037, {instants} instants compared with Python "
        f"{sys.version.split()[0]} zoneinfo: {len(mismatches)} mismatches"
    )
    if skipped:
        print(
            f"{len(skipped)} zones left out, their footer contradicting "
            f"their last transition: {' '.join(skipped)}"
        )
    for m in mismatches[:50]:
        print(m)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
