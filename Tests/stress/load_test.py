#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Load: four writers and the agent on one database; nothing acknowledged is lost.

    python3 Tests/stress/load_test.py path/to/debug/habits [--seed N]

Four workers each run 250 `habits done` / `skip` / `undo` commands, one after
another (a seeded random mix), on habits only that worker touches and days in
the last 60, all against one database, while `habits agent` runs on the same
database with notifier = "stdout": it has a habit due every minute (cron
`* * * * *`), the load is started just before a minute boundary so that a
reminder fires in the middle of it, and every write of the CLI wakes it
(it watches the -wal file), so it reads the store all along.

Afterwards the store must hold exactly what the exit codes acknowledged: per
habit and day the last acknowledged command wins (done -> a done row; skip ->
a skip row, refused with exit 1 when the day is done; undo -> no row). Each
command's own output must also match the state the model had before it (done
on a skipped day says so, undo says what it removed, ...), no command and no
agent log line may mention "locked" or "busy", and PRAGMA integrity_check is
ok. Prints the throughput. About 40 s: no step waits for a real minute, the
agent starts ten seconds before noon of its own clock on a fixed day
(HABITS_NOW), and every command reads the same clock, so the days agree.
"""

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stress_common import Report, World, arguments, bad_words, query, wait_until  # noqa: E402

WORKERS = 4
COMMANDS = 250
HABITS_PER_WORKER = 2
DAYS = 60
# Seconds before a minute boundary at which the load starts.
LEAD = 4
# The day of the agent's and the commands' clock, far from midnight at noon
# whatever the real time of day; the agent starts at START of it.
CLOCK_DAY = datetime(2026, 3, 10, tzinfo=timezone.utc)
START = CLOCK_DAY + timedelta(hours=11, minutes=59, seconds=50)
# Rounds of eight processes creating a database at once.
FIRST_USE_ROUNDS = 10


def plan(seed, worker, today):
    rng = random.Random(seed * 1009 + worker)
    habits = [f"w{worker}h{index}" for index in range(HABITS_PER_WORKER)]
    steps = []
    for _ in range(COMMANDS):
        op = rng.choices(["done", "skip", "undo"], weights=[4, 3, 3])[0]
        day = today - timedelta(days=rng.randrange(DAYS))
        steps.append((op, rng.choice(habits), day.isoformat()))
    return habits, steps


class Clock:
    """The clock shared by the agent and the commands: the system clock
    moved by whole seconds, so that it starts at START when the agent does."""

    def __init__(self):
        self.offset = int(START.timestamp() - time.time())

    def env(self, base):
        """base with HABITS_NOW at this clock's now."""
        now = datetime.fromtimestamp(int(time.time()) + self.offset, timezone.utc)
        return dict(base, HABITS_NOW=now.strftime("%Y-%m-%dT%H:%M:%SZ"))


def run_worker(binary, env, steps, results, worker):
    out = []
    for op, habit, day in steps:
        started = time.monotonic()
        try:
            done = subprocess.run([binary, op, habit, "--date", day], env=env(),
                                  capture_output=True, text=True, timeout=60)
            rc, stdout, stderr = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired as error:
            rc, stdout, stderr = "timeout", str(error.stdout or ""), str(error.stderr or "")
        out.append({"op": op, "habit": habit, "day": day, "rc": rc, "stdout": stdout,
                    "stderr": stderr, "seconds": time.monotonic() - started})
    results[worker] = out


def expected_message(op, before):
    """(exit code, a phrase the output must contain, one it must not) for `op` on a day
    in state `before`."""
    if op == "done":
        if before is None:
            return 0, "done for", "had been skipped"
        return {"skip": (0, "(it had been skipped)"),
                "done": (0, "was already done")}[before] + (None,)
    if op == "skip":
        return {None: (0, "skipped for"), "skip": (0, "was already skipped"),
                "done": (1, "is already done")}[before] + (None,)
    return {None: (0, "had nothing recorded"), "skip": (0, "'s skip for"),
            "done": (0, "'s check-in for")}[before] + (None,)


def after(op, before):
    if op == "done":
        return "done"
    if op == "skip":
        return "done" if before == "done" else "skip"
    return None


def main():
    args = arguments(__doc__.splitlines()[0])
    print(f"seed: {args.seed}", flush=True)
    report = Report()
    world = World("habits-load.")
    def too_long(*_):
        raise TimeoutError("over 300 s")

    signal.signal(signal.SIGALRM, too_long)
    signal.alarm(300)
    try:
        run(args, world, report)
    except TimeoutError as error:
        report.check(False, f"the test finished in time ({error})")
    finally:
        signal.alarm(0)
        world.cleanup()
    return report.finish()


def first_use(binary, world, clock, report, habits, today):
    """Eight `habits done` at once on a database none of them finds: all succeed."""
    failures = []
    for round_index in range(FIRST_USE_ROUNDS):
        env = dict(clock.env(world.env),
                   HABITS_DB=os.path.join(world.data, f"first-{round_index}", "habits.sqlite3"))
        keys = [(habits[i % len(habits)], (today - timedelta(days=i)).isoformat())
                for i in range(8)]
        processes = [subprocess.Popen([binary, "done", habit, "--date", day], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for habit, day in keys]
        for (habit, day), process in zip(keys, processes):
            _, stderr = process.communicate(timeout=60)
            if process.returncode != 0:
                failures.append(f"round {round_index}: habits done {habit} --date {day}: "
                                f"exit {process.returncode}: {stderr.strip()}")
        rows = query(env["HABITS_DB"], "SELECT habit, day FROM checkin")
        acknowledged = {k for k, p in zip(keys, processes) if p.returncode == 0}
        if not acknowledged <= set(rows):
            failures.append(f"round {round_index}: lost {sorted(acknowledged - set(rows))}")
    report.check(not failures,
                 f"eight processes opening a new database at once all succeed "
                 f"({FIRST_USE_ROUNDS} rounds)", "\n".join(failures))


def run(args, world, report):
    binary = args.binary
    today = CLOCK_DAY.date()
    clock = Clock()
    world.write_config('notifier = "stdout"\ncatch_up = "same-day"\n')
    world.write_habit("tick", "Tick", "* * * * *")
    plans = [plan(args.seed, worker, today) for worker in range(WORKERS)]
    for habits, _ in plans:
        for habit in habits:
            world.write_habit(habit, f"Habit {habit}", "every day at 09:00")

    first_use(binary, world, clock, report, plans[0][0], today)

    agent_out = open(os.path.join(world.root, "agent.out"), "w")
    agent_err_path = os.path.join(world.root, "agent.err")
    agent_err = open(agent_err_path, "w")
    # A fresh clock: first_use took seconds of it.
    clock = Clock()
    agent = world.spawn(["env", f"HABITS_NOW={clock.env({})['HABITS_NOW']}",
                         binary, "agent", "--verbose"], stdout=agent_out, stderr=agent_err)

    def agent_log():
        with open(agent_err_path) as f:
            return f.read()

    started = wait_until(lambda: "running" in agent_log(), 60)
    if not report.check(started and agent.poll() is None, "the agent starts",
                        agent_log()):
        return

    # The agent logs how far its clock is ahead of the system's; the
    # commands' clock must be the same.
    logged = re.search(r"the system clock plus (-?\d+) s", agent_log())
    if not report.check(logged, "the agent logs where its clock starts", agent_log()):
        return
    clock.offset = int(logged.group(1))

    # Start the load LEAD seconds before a minute boundary of the agent's
    # clock: the tick reminder then fires while the writers write.
    now = time.time() + clock.offset
    boundary = (int(now) // 60 + 1) * 60
    if boundary - now < LEAD:
        boundary += 60
    time.sleep(max(0.0, boundary - LEAD - clock.offset - time.time()))

    results = [None] * WORKERS
    threads = [threading.Thread(target=run_worker,
                                args=(binary, lambda: clock.env(world.env), plans[w][1],
                                      results, w), daemon=True)
               for w in range(WORKERS)]
    load_start_wall = time.time()
    load_start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - load_start
    load_end_wall = time.time()
    if not report.check(all(r is not None and len(r) == COMMANDS for r in results),
                        f"each of the {WORKERS} writers ran its {COMMANDS} commands"):
        return
    commands = [c for r in results for c in r]
    latencies = sorted(c["seconds"] for c in commands)
    print(f"throughput: {len(commands)} commands in {elapsed:.1f} s = "
          f"{len(commands) / elapsed:.1f} commands/s with {WORKERS} writers and the agent; "
          f"latency p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms", flush=True)

    # The agent notices the last writes, then stops.
    time.sleep(1.5)
    alive = agent.poll() is None
    agent.send_signal(signal.SIGTERM)
    try:
        agent.wait(timeout=10)
    except subprocess.TimeoutExpired:
        agent.kill()
        agent.wait()
    agent_out.close()
    agent_err.close()
    log = agent_log()
    report.check(alive, "the agent ran through the load", log[-2000:])

    # --- the model ------------------------------------------------------------
    possible = {}  # (habit, day) -> set of states the store may hold
    unexpected_exit = []
    wrong_output = []
    locked = []
    counts = {"done": 0, "skip": 0, "undo": 0, "refused": 0}
    for worker, out in enumerate(results):
        for index, c in enumerate(out):
            key = (c["habit"], c["day"])
            states = possible.get(key, {None})
            counts[c["op"]] += 1
            where = f"worker {worker} #{index}: habits {c['op']} {c['habit']} --date {c['day']}"
            locked += [f"{where}: {line}" for line in bad_words(c["stderr"] + c["stdout"])]
            if len(states) != 1:
                # An earlier unacknowledged failure: any outcome is possible from here.
                states = {None, "done", "skip"}
            before = next(iter(states)) if len(states) == 1 else None
            if c["rc"] == 0 or (c["op"] == "skip" and c["rc"] == 1
                                and "is already done" in c["stderr"]):
                if c["rc"] == 1:
                    counts["refused"] += 1
                if len(states) == 1:
                    code, phrase, absent = expected_message(c["op"], before)
                    text = c["stdout"] + c["stderr"]
                    if code != c["rc"] or phrase not in text or (absent and absent in text):
                        wrong_output.append(
                            f"{where}: state before {before!r}, expected exit {code} and "
                            f"'{phrase}', got exit {c['rc']}: {text.strip()}")
                    possible[key] = {after(c["op"], before)}
                else:
                    possible[key] = {after(c["op"], s) for s in states}
            else:
                unexpected_exit.append(f"{where}: exit {c['rc']}: {c['stderr'].strip()}")
                possible[key] = states | {after(c["op"], s) for s in states}

    print(f"  commands: {counts['done']} done, {counts['skip']} skip "
          f"({counts['refused']} refused on a done day), {counts['undo']} undo; "
          f"{len(possible)} habit-days touched", flush=True)
    report.check(not unexpected_exit, "every command exited 0, or 1 for a skip on a done day",
                 "\n".join(unexpected_exit))
    report.check(not locked, 'no command said "database is locked" or "busy"', "\n".join(locked))
    report.check(not wrong_output, "every command saw the state the exit codes before it left",
                 "\n".join(wrong_output))

    # --- the store ------------------------------------------------------------
    integrity = query(world.db, "PRAGMA integrity_check")
    report.check(integrity == [("ok",)], "PRAGMA integrity_check is ok", integrity)
    rows = query(world.db, "SELECT habit, day, kind FROM checkin")
    stored = {(habit, day): kind for habit, day, kind in rows}
    mismatches = []
    for key, states in sorted(possible.items()):
        actual = stored.get(key)
        if actual not in states:
            mismatches.append(f"{key[0]} {key[1]}: store has {actual!r}, "
                              f"acknowledged {sorted(map(str, states))}")
    for key in sorted(set(stored) - set(possible)):
        mismatches.append(f"{key[0]} {key[1]}: store has {stored[key]!r}, never written")
    expected_rows = sum(1 for s in possible.values() if s != {None})
    report.check(not mismatches,
                 f"the store holds exactly what the exit codes acknowledged "
                 f"({len(stored)} rows, {expected_rows} expected)", "\n".join(mismatches))

    log_json = subprocess.run([binary, "log", "--json"], env=clock.env(world.env),
                              capture_output=True, text=True, timeout=60)
    via_cli = {(e["habit"], e["day"]): e["kind"] for e in json.loads(log_json.stdout or "[]")}
    report.check(log_json.returncode == 0 and via_cli == stored,
                 "habits log --json shows the same rows", log_json.stderr)

    # --- the agent --------------------------------------------------------------
    agent_bad = [line for line in log.splitlines()
                 if " error:" in line or "locked" in line.lower() or "busy" in line.lower()]
    report.check(not agent_bad, "the agent logged no error, lock or busy", "\n".join(agent_bad))

    def stamp(line):
        try:
            return datetime.strptime(line[:20], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=timezone.utc).timestamp()
        except ValueError:
            return None

    wakes = [line for line in log.splitlines() if "debug: sleeping until" in line
             and (stamp(line) or 0) >= int(load_start_wall) and (stamp(line) or 0) <= load_end_wall]
    report.check(len(wakes) >= 10,
                 f"the agent read the store during the load ({len(wakes)} plan passes)")
    # fired_at is on the agent's clock, the log's stamps on the system's.
    fired = query(world.db, "SELECT due, fired_at, delivered_at FROM reminder_log "
                            "WHERE habit = 'tick' ORDER BY due")
    load_start_clock = load_start_wall + clock.offset
    load_end_clock = load_end_wall + clock.offset
    during = [row for row in fired
              if load_start_clock - 1 <= datetime.strptime(row[1], "%Y-%m-%dT%H:%M:%SZ").replace(
                  tzinfo=timezone.utc).timestamp() <= load_end_clock + 1]
    report.check(during, f"a reminder fired during the load ({len(during)} of {len(fired)})",
                 f"load {load_start_clock:.0f}-{load_end_clock:.0f} by the agent's clock; "
                 f"fired: {fired}")
    report.check(all(row[2] for row in fired), "every fired reminder is marked delivered",
                 fired)


if __name__ == "__main__":
    sys.exit(main())
