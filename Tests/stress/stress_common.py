# SPDX-License-Identifier: Apache-2.0
"""Shared pieces of the stress tests: arguments, a private habits home, reporting.

Standard library only. Each test builds a throw-away world in a temporary
directory (schedules, config.toml, database, runtime dir) and points every
`habits` process at it through the environment, so nothing of the user's is
read or written.
"""

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def arguments(description, extra=None):
    """`BINARY [--seed N]` plus whatever `extra(parser)` adds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("binary", help="the debug habits executable (habits-agent beside it)")
    parser.add_argument(
        "--seed", type=int, default=None,
        help="random seed (default: $STRESS_SEED, else a fresh one); printed first so a run replays")
    if extra:
        extra(parser)
    args = parser.parse_args()
    if args.seed is None:
        env = os.environ.get("STRESS_SEED")
        args.seed = int(env) if env else random.SystemRandom().randrange(1, 2**31)
    args.binary = os.path.realpath(args.binary)
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"error: '{args.binary}' is not an executable; build it first "
                 "(swift build --scratch-path .build-load) or pass its path")
    return args


class Report:
    """`ok: …` / `FAIL: …` lines and the final `N passed, N failed`."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, name, detail=None):
        if condition:
            print(f"ok: {name}", flush=True)
            self.passed += 1
        else:
            print(f"FAIL: {name}", flush=True)
            if detail:
                for line in str(detail).rstrip().splitlines()[:40]:
                    print(f"    {line}", flush=True)
            self.failed += 1
        return condition

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


class World:
    """A temporary HOME with `cfg/schedules/`, `cfg/config.toml`, `data/` and `run/`."""

    def __init__(self, prefix):
        self.root = tempfile.mkdtemp(prefix=prefix)
        self.home = os.path.join(self.root, "home")
        self.config_dir = os.path.join(self.root, "cfg")
        self.schedules = os.path.join(self.config_dir, "schedules")
        self.data = os.path.join(self.root, "data")
        self.run = os.path.join(self.root, "run")
        self.db = os.path.join(self.data, "habits.sqlite3")
        for directory in (self.home, self.schedules, self.run):
            os.makedirs(directory, mode=0o700, exist_ok=True)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("HABITS_") and key not in ("JOURNAL_STREAM", "XDG_CONFIG_HOME",
                                                               "XDG_DATA_HOME")}
        env.update({
            "HOME": self.home, "XDG_RUNTIME_DIR": self.run, "TZ": "UTC", "NO_COLOR": "1",
            "HABITS_SCHEDULES": self.schedules, "HABITS_DB": self.db,
            "LC_ALL": "C.UTF-8",
        })
        self.env = env
        self.processes = []

    def write_habit(self, habit_id, title, when):
        with open(os.path.join(self.schedules, f"{habit_id}.toml"), "w") as f:
            f.write(f'title = "{title}"\nwhen = "{when}"\n')

    def write_config(self, text):
        with open(os.path.join(self.config_dir, "config.toml"), "w") as f:
            f.write(text)

    def spawn(self, argv, **kwargs):
        """Popen, remembered so that cleanup ends it."""
        process = subprocess.Popen(argv, env=self.env, **kwargs)
        self.processes.append(process)
        return process

    def cleanup(self):
        for process in self.processes:
            if process.poll() is None:
                try:
                    process.send_signal(signal.SIGTERM)
                    process.wait(timeout=5)
                except (subprocess.TimeoutExpired, ProcessLookupError):
                    process.kill()
                    process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def query(db, sql, args=()):
    """Rows of `sql` over a fresh connection to `db` (the stdlib sqlite3 module)."""
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute(sql, args).fetchall()
    finally:
        connection.close()


def wait_until(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def bad_words(text):
    """Lines that say the database was locked or busy."""
    return [line for line in text.splitlines()
            if "locked" in line.lower() or "busy" in line.lower()]
