#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`habits import` of a Loop Habit Tracker export, end to end with the real binary.

    loop_import_test.py PATH/TO/habits

Writes the export with loop_fixture.py (beside this file), imports the zip and,
into a fresh database and schedules directory, the unpacked folder, and checks
each against the fixture's expected.json: stats' strength, log's entries,
list's titles and enabled flags, the schedule files' targets and goals. Then:
a second import of the zip adds nothing and changes no database row, and a
damaged zip and a folder with a malformed Checkmarks.csv line are refused,
naming the entry or path:line, changing nothing.

Everything happens in a temporary directory (schedules, databases, HOME and
XDG directories), at HABITS_NOW=2026-11-20T21:00:00Z and TZ=UTC (the export's
last day). Prints ok/not ok lines and exits non-zero if any check failed.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Loop's `Habits.csv` rows, as schedule files must say them: `target` for a
# count over several days, `goal` per due day for a numeric habit (Loop's
# target over its D days divided by its N times).
EXPECTED_SCHEDULE = {
    "two-in-three": {"when": "daily at 9:00", "target": "2/3 days", "goal": None},
    "meditate": {"when": "daily at 9:00", "target": None, "goal": None},
    "water-8-glasses": {"when": "daily at 9:00", "target": None, "goal": "at least 8 glasses"},
    "gym": {"when": "daily at 9:00", "target": "3/week", "goal": None},
    "sweets": {"when": "daily at 9:00", "target": "1/week", "goal": "at most 3 pieces"},
}
# What stats prints: strength rounded to four decimals (StatsCommand), as
# Scores.csv does; both rounded, so they may differ by one in the last place.
STRENGTH_TOLERANCE = 1e-4 + 1e-9

failures = 0


def ok(description):
    print("ok - " + description, flush=True)


def not_ok(description, detail=None):
    global failures
    failures += 1
    print("not ok - " + description, flush=True)
    if detail:
        for line in str(detail).rstrip("\n").split("\n"):
            print("#   " + line, flush=True)


def check(description, condition, detail=None):
    if condition:
        ok(description)
    else:
        not_ok(description, detail)
    return condition


class World:
    """A schedules directory and a database of their own."""

    def __init__(self, root, name, habits, env):
        self.dir = os.path.join(root, name)
        self.schedules = os.path.join(self.dir, "schedules")
        self.db = os.path.join(self.dir, "habits.sqlite3")
        os.makedirs(self.schedules)
        self.habits, self.env = habits, env

    def run(self, *args):
        return subprocess.run(
            [self.habits, *args, "--schedules", self.schedules, "--db", self.db],
            env=self.env, capture_output=True, text=True, timeout=120)

    def json(self, *args):
        result = self.run(*args, "--json")
        if result.returncode != 0:
            raise RuntimeError("habits %s --json failed (%d): %s"
                               % (" ".join(args), result.returncode, result.stderr.strip()))
        return json.loads(result.stdout)

    def files(self):
        """Each schedule file's name and contents."""
        out = {}
        for name in sorted(os.listdir(self.schedules)):
            with open(os.path.join(self.schedules, name), "rb") as f:
                out[name] = f.read()
        return out

    def db_state(self):
        """The database file's digest and its rows as SQL (or None without one)."""
        if not os.path.exists(self.db):
            return None
        with open(self.db, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        dump = subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, text=True,
                              check=True).stdout
        return digest, dump

    def checkin_dump(self):
        return subprocess.run(["sqlite3", self.db, ".dump checkin"], capture_output=True,
                              text=True, check=True).stdout


def toml_value(text, key):
    """A top-level `key = "..."` string of a schedule file, as written (None if absent)."""
    for line in text.splitlines():
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            value = value.strip()
            if value.startswith('"') and value.endswith('"'):
                return json.loads(value)
            return value
    return None


def log_projection(entries):
    """log --json entries as expected.json gives them, newest first."""
    keys = ("day", "habit", "kind", "value", "note")
    return [{k: e.get(k) for k in keys} for e in entries]


def check_imported(world, label, expected, source):
    result = world.run("import", source, "--json")
    if not check("%s: habits import exits 0" % label, result.returncode == 0,
                 result.stderr):
        return
    outcome = json.loads(result.stdout)
    entries = [e for h in expected["habits"] for e in h["log"]]
    skips = sum(1 for e in entries if e["kind"] == "skip")
    check("%s: the import adds every habit" % label,
          sorted(outcome["habits_added"]) == sorted(h["id"] for h in expected["habits"]),
          outcome["habits_added"])
    check("%s: the import reports %d check-ins added, %d of them skips"
          % (label, len(entries), skips),
          (outcome["checkins_added"], outcome["skips_added"]) == (len(entries), skips),
          (outcome["checkins_added"], outcome["skips_added"]))

    stats = {item["habit"]: item for item in world.json("stats")}
    for habit in expected["habits"]:
        got = stats.get(habit["id"], {}).get("strength")
        check("%s: stats shows %s's strength %.4f as Loop's Scores.csv does (got %s)"
              % (label, habit["id"], habit["strength"], got),
              got is not None and abs(got - habit["strength"]) <= STRENGTH_TOLERANCE)

    log = log_projection(world.json("log"))
    for habit in expected["habits"]:
        mine = [e for e in log if e["habit"] == habit["id"]]
        want = log_projection(habit["log"])
        check("%s: log shows %s's %d entries as expected" % (label, habit["id"], len(want)),
              mine == want, "got:  %s\nwant: %s" % (mine, want))
    known = {h["id"] for h in expected["habits"]}
    check("%s: log shows nothing else" % label,
          all(e["habit"] in known for e in log) and len(log) == len(entries))

    listed = {item["habit"]: item for item in world.json("list")}
    files = world.files()
    for habit in expected["habits"]:
        item = listed.get(habit["id"])
        check("%s: list shows %s titled %r, %s" % (
            label, habit["id"], habit["title"], "on" if habit["enabled"] else "off"),
            item is not None and item["title"] == habit["title"]
            and item["enabled"] == habit["enabled"], item)
        text = files.get(habit["id"] + ".toml", b"").decode("utf-8")
        schedule = EXPECTED_SCHEDULE[habit["id"]]
        got = {key: toml_value(text, key) for key in schedule}
        check("%s: %s.toml says %s" % (label, habit["id"], ", ".join(
            "%s = %s" % (k, json.dumps(v)) for k, v in schedule.items() if v is not None)),
            got == schedule, "got %s" % got)


def check_refused(world, label, source, message_parts):
    files_before, db_before = world.files(), world.db_state()
    result = world.run("import", source)
    message = result.stderr
    check("%s is refused with exit status 1" % label, result.returncode == 1,
          "exit %d, stdout %r" % (result.returncode, result.stdout))
    check("… with a message naming %s" % " and ".join(message_parts),
          all(part in message for part in message_parts), message)
    check("… and no traceback or crash", "Fatal error" not in message
          and "Stack dump" not in message, message)
    check("… leaving the schedules directory unchanged", world.files() == files_before)
    if db_before is None:
        check("… and creating no database", not os.path.exists(world.db))
    else:
        after = world.db_state()
        check("… and the database unchanged, byte for byte", after == db_before)


def data_start(data, info):
    """Where the entry `info` of the zip file's bytes `data` has its data."""
    offset = info.header_offset
    assert data[offset:offset + 4] == b"PK\x03\x04"
    name_length = int.from_bytes(data[offset + 26:offset + 28], "little")
    extra_length = int.from_bytes(data[offset + 28:offset + 30], "little")
    return offset + 30 + name_length + extra_length


def corrupt_entry(source, target, entry_name):
    """A copy of the zip `source` with bytes in the middle of `entry_name`'s
    compressed data inverted; the central directory and sizes stay as they were."""
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(entry_name)
    assert info.compress_type == zipfile.ZIP_DEFLATED and info.compress_size >= 16, info
    with open(source, "rb") as f:
        data = bytearray(f.read())
    start = data_start(data, info)
    middle = start + info.compress_size // 2
    for i in range(middle - 2, middle + 2):
        data[i] ^= 0xFF
    with open(target, "wb") as f:
        f.write(data)


def stored_with_changed_note(source, target, entry_name, old, new):
    """A copy of the zip `source`, its entries stored (not deflated), with
    `old` changed to `new` (as long) in `entry_name`'s data but its CRC-32 left
    as it was: text that would still read fine, which only the CRC catches."""
    assert len(old) == len(new)
    with zipfile.ZipFile(source) as archive, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            out.writestr(info.filename, archive.read(info.filename))
    with open(target, "rb") as f:
        data = bytearray(f.read())
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(entry_name)
    start = data_start(data, info)
    at = data.index(old, start, start + info.compress_size)
    data[at:at + len(old)] = new
    with open(target, "wb") as f:
        f.write(data)


def malform_line(path, prefix, replacement):
    """Replaces the line of `path` starting with `prefix`; returns its number (from 1)."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(prefix)) + 1
    lines[number - 1] = replacement
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines))
    return number


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: loop_import_test.py PATH/TO/habits")
    habits = os.path.abspath(sys.argv[1])
    if not (os.path.isfile(habits) and os.access(habits, os.X_OK)):
        print("not ok - '%s' is not an executable" % sys.argv[1])
        return 1
    root = tempfile.mkdtemp(prefix="habits-loop-import-test.")
    try:
        return run(habits, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(habits, root):
    home = os.path.join(root, "home")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("HABITS_") and not k.startswith("XDG_")}
    env.update({
        "HOME": home, "XDG_CONFIG_HOME": home + "/.config",
        "XDG_DATA_HOME": home + "/.local/share", "XDG_STATE_HOME": home + "/.local/state",
        "XDG_CACHE_HOME": home + "/.cache", "XDG_RUNTIME_DIR": root + "/run",
        "TZ": "UTC", "HABITS_NOW": "2026-11-20T21:00:00Z", "NO_COLOR": "1",
    })
    os.makedirs(home)
    os.makedirs(root + "/run")
    fixture = os.path.join(root, "fixture")
    os.makedirs(fixture)
    subprocess.run([sys.executable, os.path.join(HERE, "loop_fixture.py"), fixture], check=True)
    with open(os.path.join(fixture, "expected.json")) as f:
        expected = json.load(f)
    zip_path = os.path.join(fixture, "loop-export.zip")
    folder = os.path.join(fixture, "loop-export")

    # --- The zip, then the unpacked folder in a world of its own ----------------
    from_zip = World(root, "zip", habits, env)
    check_imported(from_zip, "zip", expected, zip_path)
    from_folder = World(root, "folder", habits, env)
    check_imported(from_folder, "folder", expected, folder)
    check("the zip and the folder give the same schedule files",
          from_zip.files() == from_folder.files())

    # --- Importing the zip again -------------------------------------------------
    files_before, db_before = from_zip.files(), from_zip.db_state()
    checkins_before = from_zip.checkin_dump()
    again = from_zip.run("import", zip_path)
    check("importing the zip again exits 0", again.returncode == 0, again.stderr)
    entries = sum(len(h["log"]) for h in expected["habits"])
    check("… and says nothing was added",
          "Habits:    0 added, 5 already there" in again.stdout
          and ("Check-ins: 0 added (0 skips), %d already there\n" % entries) in again.stdout,
          again.stdout)
    check("… and leaves the checkin table as it was (sqlite3 .dump checkin)",
          from_zip.checkin_dump() == checkins_before)
    check("… and every other row too (sqlite3 .dump)", from_zip.db_state()[1] == db_before[1])
    check("… and the schedule files", from_zip.files() == files_before)

    # --- A damaged zip -----------------------------------------------------------
    entry = "004 Gym/Checkmarks.csv"
    damaged = os.path.join(root, "damaged.zip")
    corrupt_entry(zip_path, damaged, entry)
    check_refused(from_zip, "a zip with bytes flipped inside '%s', into the imported db" % entry,
                  damaged, [damaged, entry])
    fresh = World(root, "fresh", habits, env)
    check_refused(fresh, "the damaged zip, into a fresh db", damaged, [damaged, entry])
    changed = os.path.join(root, "changed.zip")
    stored_with_changed_note(zip_path, changed, entry, b"then core", b"then CORE")
    check_refused(from_zip, "a stored zip with a note changed inside '%s' (CRC-32 off)" % entry,
                  changed, [changed, entry, "CRC"])

    # --- A malformed Checkmarks.csv line ------------------------------------------
    bad = os.path.join(root, "bad-export")
    shutil.copytree(folder, bad)
    # After the note spread over two lines, so the line is the file's, not the record's.
    checkmarks = os.path.join(bad, "004 Gym", "Checkmarks.csv")
    line = malform_line(checkmarks, "2026-11-15,", "2026-11-15,MAYBE,")
    check_refused(from_folder, "a folder whose Checkmarks.csv has 'MAYBE' on line %d" % line,
                  bad, ["%s:%d:" % (checkmarks, line)])
    check_refused(fresh, "that folder, into a fresh db", bad, ["%s:%d:" % (checkmarks, line)])
    bad = os.path.join(root, "bad-date-export")
    shutil.copytree(folder, bad)
    checkmarks = os.path.join(bad, "004 Gym", "Checkmarks.csv")
    line = malform_line(checkmarks, "2026-11-11,", "2026-11-31,YES_MANUAL,")
    check_refused(from_folder, "a folder whose Checkmarks.csv has a date 2026-11-31 on line %d"
                  % line, bad, ["%s:%d:" % (checkmarks, line)])

    print("%d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
