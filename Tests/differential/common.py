# SPDX-License-Identifier: Apache-2.0
"""Shared pieces of the differential tests: arguments, running `habits next`, reporting."""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone


def arguments(description, default_count):
    """The command line every differential script takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "binary", nargs="?", default=".build/debug/habits",
        help="the habits executable (default: .build/debug/habits)")
    parser.add_argument(
        "--seed", type=int, default=None,
        help="random seed (default: $DIFF_SEED, else a fresh one); printed first so a run replays")
    parser.add_argument(
        "--count", type=int, default=default_count,
        help=f"how many random expressions (default: {default_count})")
    parser.add_argument(
        "--only", type=int, default=None, help="run only case number N of the seed's sequence")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 2, help="parallel workers (default: CPUs)")
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    if args.seed is None:
        env = os.environ.get("DIFF_SEED")
        args.seed = int(env) if env else random.SystemRandom().randrange(1, 2**31)
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: '{args.binary}' is not an executable; build it first "
                 "(swift build --product habits) or pass its path")
    return args


def case_rng(seed, index):
    """The random generator of case `index`: each case replays on its own with --only."""
    return random.Random(seed * 1_000_003 + index)


class NeverFires(Exception):
    """`habits next` said the expression can never fire."""


def habits_next(binary, expr, tz, from_text, count, dtstart=None):
    """Runs `habits next --expr … --json` and returns its instants as aware UTC datetimes.

    Also checks each entry's shape: "habit" null, "at" the same instant as "utc", with the
    zone's offset at that instant.
    """
    command = [binary, "next", "--expr", expr, "--tz", tz, "--from", from_text,
               "--count", str(count), "--json"]
    if dtstart is not None:
        command[4:4] = ["--dtstart", dtstart]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "NO_COLOR": "1"})
    if result.returncode != 0:
        if "never fires" in result.stderr:
            raise NeverFires(result.stderr.strip())
        raise RuntimeError(
            f"exit {result.returncode}: {result.stderr.strip() or result.stdout.strip()}")
    entries = json.loads(result.stdout)
    instants = []
    for entry in entries:
        if entry.get("habit", "missing") is not None:
            raise RuntimeError(f"'habit' should be null: {entry}")
        utc = parse_utc(entry["utc"])
        at = datetime.fromisoformat(entry["at"])
        if at.utcoffset() is None or at != utc:
            raise RuntimeError(f"'at' and 'utc' disagree: {entry}")
        instants.append(utc)
    return instants


def parse_utc(text):
    """`2026-03-08T07:30:00Z` as an aware datetime."""
    if not text.endswith("Z"):
        raise RuntimeError(f"'utc' should end in Z: {text}")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)


def show(instant, zone=None):
    """An instant as UTC, and on the zone's wall clock when given."""
    text = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    if zone is not None:
        text += " (" + instant.astimezone(zone).isoformat() + ")"
    return text


def describe_difference(actual, expected, zone):
    """The first few instants only one side has, as lines."""
    lines = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    for label, values in (("missing (dateutil/croniter has, habits lacks)", missing),
                          ("extra (habits has, the reference lacks)", extra)):
        if values:
            lines.append(f"    {label}: " + ", ".join(show(v, zone) for v in values[:4])
                         + (f" … ({len(values)} in all)" if len(values) > 4 else ""))
    if not lines:
        lines.append("    same instants, different order or count: "
                     f"{len(actual)} from habits, {len(expected)} expected")
    return lines


def run_cases(args, make_case, check_case, title):
    """Generates the cases, checks them in parallel, prints mismatches and a summary.

    `check_case(binary, case)` returns (status, lines): status "pass", "fail", or "known" (a
    documented difference from the reference, where habits matches the rule it follows; the
    last line of `lines` then says which). Exits non-zero on any failure.
    """
    print(f"{title}: seed {args.seed} ({args.count} cases, binary {args.binary})", flush=True)
    indices = [args.only] if args.only is not None else range(args.count)
    cases = [(i, make_case(case_rng(args.seed, i))) for i in indices]
    started = time.monotonic()
    counts = {"pass": 0, "known": 0, "fail": 0}
    notes = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [(i, case, pool.submit(check_case, args.binary, case)) for i, case in cases]
        for i, case, future in futures:
            try:
                status, lines = future.result()
            except Exception as error:  # a crash in the checker is a failure too
                status, lines = "fail", [f"    {type(error).__name__}: {error}"]
            counts[status] += 1
            if status == "known":
                notes[lines[-1].strip()] = notes.get(lines[-1].strip(), 0) + 1
            if status == "fail" or args.verbose or (status == "known" and args.only is not None):
                tag = {"pass": "ok", "known": "KNOWN DIFFERENCE", "fail": "MISMATCH"}[status]
                print(f"{tag} #{i}: {case['label']}")
                print(f"    replay: {sys.argv[0]} {args.binary} --seed {args.seed} --only {i}")
                for line in lines:
                    print(line)
            elif status == "known":
                print(f"known difference #{i}: {case['label']}")
    elapsed = time.monotonic() - started
    for note, n in notes.items():
        print(f"{n} known difference(s): {note}")
    known = f" ({counts['known']} of them known differences, see above)" \
        if counts["known"] else ""
    print(f"({elapsed:.1f} s)")
    print(f"{counts['pass'] + counts['known']} passed{known}, {counts['fail']} failed")
    sys.exit(1 if counts["fail"] else 0)
