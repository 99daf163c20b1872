#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a sync folder as three devices would have filled it over years.

    bench/make_sync_folder.py DIR [--habits 20] [--years 10] [--today 2026-11-21]
    bench/make_sync_folder.py DIR --append N [--today 2026-11-21]

Creates DIR/schedules/h01.toml… (the habits of bench/make_history.py) and
DIR/shared/devices/<id>/YYYY-MM.jsonl for three devices: on about 9 of 10
days a habit is done on one device, often done again on another, and now
and then undone and done again (on 3 in 100 it is skipped): about 200,000
events for 20 habits over 10 years. Each line is what habits writes
(Sources/HabitsSync/EventLine.swift: the same keys in the same order), each
file in the order its device wrote it. Deterministic: the same arguments
give the same folder.

With --append N, appends N new events to the first device's file, as that
device's `habits done` and `undo` would: what another device syncs in
between two commands here. They are about today, then, at each append
after, about the day before the last append's (counted in DIR/appends), so
that a benchmark that appends again and again meets days as full as real
ones rather than one day of hundreds of events.
"""
import argparse, datetime, os, random

DEVICES = ["0a1b2c3d4e5f6a7b", "1b2c3d4e5f6a7b8c", "2c3d4e5f6a7b8c9d"]
KINDS = [
    'when = "daily at 21:00"',
    'when = "every tue, thu, sat at 19:30"\ntarget = "3/week"',
    'when = "weekdays at 18:30"',
]
EPOCH = datetime.date(1970, 1, 1)


def line(rng, seconds, counter, device, habit, day, op):
    event_id = "%032x" % rng.getrandbits(128)
    return (f'{{"v":1,"id":"{event_id}","t":{seconds},"c":{counter},"d":"{device}",'
            f'"habit":"{habit}","day":"{day.isoformat()}","op":"{op}"}}\n')


def month_file(directory, device, seconds):
    day = EPOCH + datetime.timedelta(days=seconds // 86400)
    return os.path.join(directory, "devices", device, f"{day.year}-{day.month:02}.jsonl")


def write_all(shared, by_file):
    for path, lines in by_file.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "a") as f:
            f.writelines(line for _, line in sorted(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--habits", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--today", default="2026-11-21")
    parser.add_argument("--append", type=int, default=0)
    args = parser.parse_args()
    today = datetime.date.fromisoformat(args.today)
    shared = os.path.join(args.dir, "shared")

    if args.append:
        # A fresh seed each time: new ids, as new events have.
        rng = random.Random()
        base = (today - EPOCH).days * 86400 + 12 * 3600
        path = month_file(shared, DEVICES[0], base)
        # Stamps after every earlier append's, as the device's clock gives them.
        counter = sum(1 for _ in open(path)) if os.path.exists(path) else 0
        appends = os.path.join(args.dir, "appends")
        earlier = int(open(appends).read()) if os.path.exists(appends) else 0
        with open(appends, "w") as f:
            f.write(str(earlier + 1))
        day = today - datetime.timedelta(days=earlier % (365 * args.years))
        lines = []
        for n in range(args.append):
            habit = f"h{rng.randint(1, args.habits):02}"
            op = "done" if n % 2 == 0 else "undo"
            lines.append(line(rng, base + 3600, counter + n, DEVICES[0], habit, day, op))
        with open(path, "a") as f:
            f.writelines(lines)
        return

    schedules = os.path.join(args.dir, "schedules")
    os.makedirs(schedules, exist_ok=True)
    for n in range(1, args.habits + 1):
        with open(os.path.join(schedules, f"h{n:02}.toml"), "w") as f:
            f.write(f'title = "Habit {n}"\n{KINDS[n % len(KINDS)]}\n')
    rng = random.Random(1)
    first = today - datetime.timedelta(days=365 * args.years)
    by_file = {}
    count = 0

    def add(seconds, counter, device, habit, day, op):
        nonlocal count
        path = month_file(shared, device, seconds)
        by_file.setdefault(path, []).append(
            ((seconds, counter), line(rng, seconds, counter, device, habit, day, op)))
        count += 1

    for n in range(1, args.habits + 1):
        habit = f"h{n:02}"
        day = first
        while day < today:
            base = (day - EPOCH).days * 86400 + 21 * 3600
            devices = rng.sample(DEVICES, 3)
            r = rng.random()
            if r < 0.9:
                add(base, 0, devices[0], habit, day, "done")
                if rng.random() < 0.8:
                    add(base + 60, 0, devices[1], habit, day, "done")
                if rng.random() < 0.6:
                    add(base + 120, 0, devices[2], habit, day, "undo")
                    add(base + 180, 0, devices[2], habit, day, "done")
            elif r < 0.93:
                add(base, 0, devices[0], habit, day, "skip")
            day += datetime.timedelta(days=1)
    write_all(shared, by_file)
    print(f"{count} events of {args.habits} habits over {args.years} years in {shared}")


if __name__ == "__main__":
    main()
