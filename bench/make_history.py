#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a benchmark history: N habits with Y years of daily check-ins.

    bench/make_history.py HABITS_BINARY DIR [--habits 20] [--years 10]

Creates DIR/schedules/*.toml (a mix of daily, weekday and 3/week habits) and
DIR/habits.sqlite3 (the schema made by habits itself, then the rows inserted
in one transaction), with a check-in on about 9 of 10 days and a skip now
and then. Deterministic: the same arguments give the same data.
"""
import argparse, datetime, os, random, sqlite3, subprocess

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("dir")
    parser.add_argument("--habits", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--today", default="2026-11-21")
    args = parser.parse_args()
    schedules = os.path.join(args.dir, "schedules")
    os.makedirs(schedules, exist_ok=True)
    kinds = [
        'when = "daily at 21:00"',
        'when = "every tue, thu, sat at 19:30"\ntarget = "3/week"',
        'when = "weekdays at 18:30"',
    ]
    for n in range(1, args.habits + 1):
        with open(os.path.join(schedules, f"h{n:02}.toml"), "w") as f:
            f.write(f'title = "Habit {n}"\n{kinds[n % len(kinds)]}\n')
    db = os.path.join(args.dir, "habits.sqlite3")
    if os.path.exists(db):
        os.remove(db)
    env = dict(os.environ, HABITS_NOW=f"{args.today}T12:00:00Z", TZ="UTC")
    subprocess.run([args.binary, "done", "h01", "--schedules", schedules, "--db", db],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    today = datetime.date.fromisoformat(args.today)
    first = today - datetime.timedelta(days=365 * args.years)
    rng = random.Random(1)
    rows = []
    for n in range(1, args.habits + 1):
        habit = f"h{n:02}"
        day = first
        while day < today:
            r = rng.random()
            if r < 0.9:
                rows.append((habit, day.isoformat(), "done", f"{day.isoformat()}T21:00:00Z"))
            elif r < 0.93:
                rows.append((habit, day.isoformat(), "skip", f"{day.isoformat()}T21:00:00Z"))
            day += datetime.timedelta(days=1)
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executemany(
            "INSERT OR IGNORE INTO habit (id, first_seen) VALUES (?, ?)",
            [(f"h{n:02}", f"{first.isoformat()}T00:00:00Z") for n in range(1, args.habits + 1)])
        connection.executemany(
            "INSERT OR REPLACE INTO checkin (habit, day, kind, recorded_at) VALUES (?, ?, ?, ?)", rows)
    print(f"{len(rows)} check-ins for {args.habits} habits over {args.years} years in {db}")

if __name__ == "__main__":
    main()
