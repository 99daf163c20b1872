#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a benchmark Loop Habit Tracker export: N habits with Y years of
daily marks, laid out as the Android app's exporter writes it.

    bench/make_loop_export.py OUT.zip [--habits 20] [--years 10]

The habits mix Loop's kinds: daily, 3 in 7 days, and numeric ones (at least
8 glasses a day, at most 3 sweets a week). A day is marked done on about 4
of 5 days, Loop's own filling-in (YES_AUTO) and a skip now and then besides,
with a note on about 1 day in 50. Scores are Loop's (`loop_fixture.py`
computes them as Loop does). Deterministic: the same arguments give the
same file.
"""
import argparse, datetime as dt, os, random, sys, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "interchange"))
import loop_fixture as loop  # noqa: E402


def history(rng, days, numeric):
    """{date: (value, note)} for the `days` up to loop.TODAY."""
    rows = {}
    for back in range(days):
        day = loop.TODAY - dt.timedelta(days=back)
        roll = rng.random()
        note = "after dinner, with a friend" if rng.random() < 0.02 else ""
        if roll < 0.8:
            value = (rng.randint(1, 12) * 1000 if numeric == "at least"
                     else rng.randint(0, 2) * 1000 if numeric == "at most" else loop.YES_MANUAL)
        elif roll < 0.9:
            value = loop.YES_AUTO if numeric is None else loop.UNKNOWN
        elif roll < 0.93:
            value = loop.SKIP
        else:
            value = loop.NO
        if value != loop.UNKNOWN:
            rows[day] = (value, note)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--habits", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(1)
    days = 365 * args.years
    habits = []
    for n in range(1, args.habits + 1):
        kind = n % 4
        if kind == 0:
            habits.append(loop.Habit(f"Habit {n}", 1, 1, history(rng, days, None),
                                     question="Did you do it today?"))
        elif kind == 1:
            habits.append(loop.Habit(f"Habit {n}", 3, 7, history(rng, days, None),
                                     description="Three times a week"))
        elif kind == 2:
            habits.append(loop.Habit(f"Habit {n}", 1, 1, history(rng, days, "at least"),
                                     question="How many glasses?",
                                     numeric=("glasses", "AT_LEAST", 8.0)))
        else:
            habits.append(loop.Habit(f"Habit {n}", 1, 7, history(rng, days, "at most"),
                                     numeric=("pieces", "AT_MOST", 3.0)))
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in loop.export_files(habits):
            archive.writestr(name, text.encode("utf-8"))
    marks = sum(1 for h in habits for value, _ in h.rows.values() if value not in (loop.NO, loop.YES_AUTO))
    print(f"{args.out}: {len(habits)} habits, {marks} marks done or skipped")


if __name__ == "__main__":
    main()
