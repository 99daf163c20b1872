#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Crashes: `kill -9` a writer in the middle of a burst; nothing acknowledged is lost.

    python3 Tests/stress/crash_test.py path/to/debug/habits [--seed N] [--rounds 100]

100 rounds, one database throughout. Each round starts a burst: three writer
loops at once, each running `habits done HABIT --date DAY` several times on
habit-days no other command uses, recording each exit code. One command of
the burst, chosen at random, is the victim: the writer starts that `habits`
process itself and sends it SIGKILL after a random delay, drawn over the
span a `habits done` takes here (measured first), so the kills land in every
phase: start-up, opening, the transaction, the commit, the output.

After each round: PRAGMA integrity_check is ok, every check-in whose command
exited 0 is in the store as a done row, nothing is there that no command
wrote, no command but the victim failed, and none said "locked" or "busy".
The victim's check-in may or may not be there; the tally of both is printed,
to show the kills landed before and after commits. Then 20 times a
`habits done` is killed while it creates a new database (the file, the switch
to WAL, the migration), and the next command there must work and record.
Seeded; prints the seed.
About 60-120 s here.
"""

import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stress_common import Report, World, arguments, bad_words, query  # noqa: E402

WRITERS = 3
PER_WRITER = 3
HABITS = 10
FIRST_USE_ROUNDS = 20


def extra(parser):
    parser.add_argument("--rounds", type=int, default=100, help="rounds (default 100)")


def main():
    args = arguments(__doc__.splitlines()[0], extra)
    print(f"seed: {args.seed}", flush=True)
    report = Report()
    world = World("habits-crash.")

    def too_long(*_):
        raise TimeoutError("over 400 s")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(400)
    try:
        run(args, world, report)
    except TimeoutError as error:
        report.check(False, f"the test finished in time ({error})")
    finally:
        signal.alarm(0)
        world.cleanup()
    return report.finish()


def run(args, world, report):
    rng = random.Random(args.seed)
    binary = args.binary
    today = datetime.now(timezone.utc).date()
    habits = [f"c{index}" for index in range(HABITS)]
    for habit in habits:
        world.write_habit(habit, f"Crash {habit}", "every day at 09:00")

    # Distinct habit-days for every command of every round, newest first.
    def keys():
        offset = 0
        while True:
            for habit in habits:
                yield habit, (today - timedelta(days=offset)).isoformat()
            offset += 1

    fresh = keys()

    # How long a `habits done` takes here, so the kills spread over all of it.
    # These runs also create the database.
    spans = []
    warm_up = []
    for _ in range(5):
        habit, day = next(fresh)
        started = time.monotonic()
        result = subprocess.run([binary, "done", habit, "--date", day], env=world.env,
                                capture_output=True, text=True, timeout=60)
        spans.append(time.monotonic() - started)
        warm_up.append(f"{habit} {day}: exit {result.returncode} {result.stderr.strip()}")
    if not report.check(all(": exit 0 " in line for line in warm_up),
                        "five check-ins before the crashes (they create the database)",
                        "\n".join(warm_up)):
        return
    print(f"  a habits done alone takes {statistics.median(spans) * 1000:.0f} ms here; "
          "kills come after 0-1.2 times the median of the last 30 in the bursts", flush=True)

    acknowledged = {(habit, day) for habit, day in
                    query(world.db, "SELECT habit, day FROM checkin")}
    possible = set()  # the victims' habit-days: there or not
    tally = {"present": 0, "absent": 0, "finished first": 0}
    failures = {"integrity": [], "lost": [], "extra": [], "exit": [], "locked": []}
    delays = []
    started_all = time.monotonic()

    for round_index in range(args.rounds):
        victim = (rng.randrange(WRITERS), rng.randrange(PER_WRITER))
        # Over the time a command of the bursts takes now (the first rounds: alone).
        delay = rng.uniform(0, statistics.median(spans[-30:]) * 1.2)
        delays.append(delay)
        plans = [[next(fresh) for _ in range(PER_WRITER)] for _ in range(WRITERS)]
        outcomes = [[None] * PER_WRITER for _ in range(WRITERS)]

        def writer(w):
            for i, (habit, day) in enumerate(plans[w]):
                argv = [binary, "done", habit, "--date", day]
                began = time.monotonic()
                process = subprocess.Popen(argv, env=world.env, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True)
                if (w, i) == victim:
                    time.sleep(delay)
                    process.send_signal(signal.SIGKILL)
                try:
                    stdout, stderr = process.communicate(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
                    stdout, stderr = process.communicate()
                outcomes[w][i] = (process.returncode, stdout, stderr)
                if (w, i) != victim:
                    spans.append(time.monotonic() - began)

        threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(WRITERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        victim_key = plans[victim[0]][victim[1]]
        for w in range(WRITERS):
            for i, key in enumerate(plans[w]):
                rc, stdout, stderr = outcomes[w][i]
                where = f"round {round_index}: habits done {key[0]} --date {key[1]}"
                failures["locked"] += [f"{where}: {line}" for line in bad_words(stdout + stderr)]
                if rc == 0:
                    acknowledged.add(key)
                    if (w, i) == victim:
                        tally["finished first"] += 1
                elif (w, i) == victim and rc == -signal.SIGKILL:
                    possible.add(key)
                else:
                    failures["exit"].append(f"{where}: exit {rc}: {stderr.strip()}")
                    possible.add(key)

        integrity = query(world.db, "PRAGMA integrity_check")
        if integrity != [("ok",)]:
            failures["integrity"].append(f"round {round_index}: {integrity}")
        stored = {(habit, day): kind for habit, day, kind in
                  query(world.db, "SELECT habit, day, kind FROM checkin")}
        lost = sorted(k for k in acknowledged if stored.get(k) != "done")
        failures["lost"] += [f"round {round_index}: {k[0]} {k[1]} exited 0 but the store has "
                             f"{stored.get(k)!r}" for k in lost]
        acknowledged -= set(lost)  # report each loss once
        extra_rows = sorted(set(stored) - acknowledged - possible)
        failures["extra"] += [f"round {round_index}: {k[0]} {k[1]} is stored, never written"
                              for k in extra_rows]
        if outcomes[victim[0]][victim[1]][0] != 0:
            tally["present" if victim_key in stored else "absent"] += 1

    elapsed = time.monotonic() - started_all
    total = args.rounds * WRITERS * PER_WRITER
    print(f"  {args.rounds} rounds, {total} commands, {args.rounds} kills in {elapsed:.1f} s; "
          f"victims whose check-in was committed before the kill: {tally['present']}, not: "
          f"{tally['absent']}, finished before the kill: {tally['finished first']}; "
          f"kill delays {min(delays) * 1000:.0f}-{max(delays) * 1000:.0f} ms", flush=True)
    report.check(not failures["integrity"],
                 f"PRAGMA integrity_check is ok after each of {args.rounds} rounds",
                 "\n".join(failures["integrity"]))
    report.check(not failures["lost"],
                 f"every check-in whose command exited 0 is present ({len(acknowledged)})",
                 "\n".join(failures["lost"]))
    report.check(not failures["extra"], "no check-in that no command wrote",
                 "\n".join(failures["extra"]))
    report.check(not failures["exit"], "every command but the victims exited 0",
                 "\n".join(failures["exit"]))
    report.check(not failures["locked"], 'no command said "database is locked" or "busy"',
                 "\n".join(failures["locked"]))
    report.check(tally["present"] + tally["absent"] > 0,
                 "some kills landed while the command ran")

    # The next ordinary command after all that works and sees everything.
    habit, day = next(fresh)
    result = subprocess.run([binary, "done", habit, "--date", day], env=world.env,
                            capture_output=True, text=True, timeout=60)
    report.check(result.returncode == 0, "habits done works after the crashes", result.stderr)

    # A kill while a new database is being set up (file, WAL, migration):
    # the next command sets it up and records.
    first_use_failures = []
    for round_index in range(FIRST_USE_ROUNDS):
        env = dict(world.env, HABITS_DB=os.path.join(world.data, f"new-{round_index}",
                                                      "habits.sqlite3"))
        habit, day = next(fresh)
        victim = subprocess.Popen([binary, "done", habit, "--date", day], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, statistics.median(spans[-30:]) * 1.2))
        victim.kill()
        victim.wait()
        habit, day = next(fresh)
        result = subprocess.run([binary, "done", habit, "--date", day], env=env,
                                capture_output=True, text=True, timeout=60)
        where = f"new database {round_index} (victim exit {victim.returncode})"
        if result.returncode != 0:
            first_use_failures.append(f"{where}: exit {result.returncode}: {result.stderr.strip()}")
            continue
        integrity = query(env["HABITS_DB"], "PRAGMA integrity_check")
        rows = query(env["HABITS_DB"], "SELECT habit, day FROM checkin")
        if integrity != [("ok",)] or (habit, day) not in rows:
            first_use_failures.append(f"{where}: integrity {integrity}, rows {rows}")
    report.check(not first_use_failures,
                 f"a kill while a new database is set up does not hurt the next command "
                 f"({FIRST_USE_ROUNDS} rounds)", "\n".join(first_use_failures))


if __name__ == "__main__":
    sys.exit(main())
