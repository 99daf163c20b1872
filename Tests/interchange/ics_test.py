#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`habits export --format ics` and `--format csv`, read by the libraries people use.

    python3 Tests/interchange/ics_test.py path/to/habits

ICS: a temporary schedules directory holds habits written in words, RRULEs and
cron lines (several hours, both day fields, a DST-gap time, a local UNTIL in a
fall-back night, COUNT, BYSETPOS, an interval from a start), a disabled one,
and the shipped schedules switched on. For each of several zones (TZ=Europe/
Berlin, America/New_York, Australia/Sydney, UTC, and two POSIX rules that only
our VTIMEZONE can explain to Python) it runs `habits export --format ics` with
a fixed HABITS_NOW, parses the file with `icalendar`, expands every event with
`recurring_ical_events` over two years, and compares each habit's UTC instants
with `habits next HABIT --json`: the sets must be equal. It also checks each
event's VALARM, that every TZID has a VTIMEZONE, and that the VTIMEZONE we
write gives zoneinfo's offsets at every 3 hours of the range.

CSV: check-ins with notes full of commas, quotes, line breaks, emoji and
formula starts, read back with Python's csv module and compared with
`habits log --json`.

Needs the Python packages icalendar and recurring-ical-events.
"""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

NOW = "2026-11-20T12:00:00Z"
NOW_UTC = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
END_UTC = NOW_UTC + timedelta(days=2 * 365)
REPO = Path(__file__).resolve().parents[2]

# Zones: IANA ones with daylight saving on both hemispheres, UTC, and POSIX
# rules no zone database knows (the second with Julian days, which the
# VTIMEZONE spells out as explicit changes). Habits avoid the POSIX zones'
# change hours (00:00-01:00 and 23:00-24:00), but for the one that fires at
# every hour of the day in turn, which is not compared there: dateutil reads
# a time in a spring-forward gap of a VTIMEZONE with the offset after the
# gap, where RFC 5545 §3.3.5 (and zoneinfo, and habits) take the one before.
IANA = ["Europe/Berlin", "America/New_York", "Australia/Sydney"]
EVERY_HOUR = "five-hourly"
ZONES = [
    "Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC",
    "XST3XDT,M10.1.0/0,M3.3.0/0", "<+0330>-3:30<+0430>,J79/24,J263/24",
]

HABITS = {
    # words
    "gap-time": 'when = "daily at 2:30"',
    "three-times": 'when = "daily at 9:00, 13:30, 18:00"',
    "half-hours": 'when = "daily at 9:00, 9:30, 17:00, 17:30"',
    "weekly-days": 'when = "every mon, wed, fri at 7:15"',
    "fortnight": 'when = "every 2 weeks on saturday at 11:00"\nstart = 2026-01-03',
    "last-friday": 'when = "monthly on the last friday at 20:00"',
    "two-hourly": 'when = "every 2 hours from 9:00 to 17:00"',
    # RRULE
    "last-weekday": 'when = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=18;BYMINUTE=0"',
    "weekend-ends": 'when = "RRULE:FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1,-1;BYHOUR=10;BYMINUTE=30"',
    "second-tuesday": 'when = "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=45"',
    "until-night": 'when = "FREQ=DAILY;UNTIL=20271031T023000;BYHOUR=1,2,3;BYMINUTE=0,30"',
    "counted": 'when = "FREQ=WEEKLY;COUNT=30;BYDAY=TU;BYHOUR=8;BYMINUTE=0"\nstart = 2026-11-01',
    "five-hourly": 'when = "FREQ=HOURLY;INTERVAL=5;BYMINUTE=10"\nstart = 2026-11-01',
    "yearly-march": 'when = "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2;BYMINUTE=15"',
    # cron
    "cron-hours": 'when = "30 1,2,3,12 * * *"',
    "cron-days": 'when = "0 9 1,15 * mon"',
    "cron-steps": 'when = "*/30 6-7 * * mon-fri"',
    "cron-months": 'when = "15 21 * jan,jun,dec sat,sun"',
}
DISABLED = "switched-off"
# Words that need care in iCalendar TEXT and in folding.
TITLE = 'Title; with, commas \\ and "quotes" — 🙏'
DESCRIPTION = ("A description long enough to be folded: " + "ünïcödé ✓ " * 12
               + "\nand a second line; with, marks")

failures = 0


def report(ok, name, detail=""):
    global failures
    print(f"{'ok' if ok else 'not ok'} - {name}", flush=True)
    if not ok:
        failures += 1
        for line in detail.splitlines():
            print(f"#   {line}")


def run(binary, env, *args, check=True):
    result = subprocess.run([binary, *args], env=env, capture_output=True, timeout=300)
    if check and result.returncode != 0:
        raise RuntimeError(f"habits {' '.join(args)} exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace')}")
    return result


def write_schedules(directory):
    directory.mkdir()
    for name, body in HABITS.items():
        (directory / f"{name}.toml").write_text(
            f'title = "{name}"\ndescription = "{name} reminder"\n{body}\n')
    (directory / "tricky.toml").write_text(
        "title = " + json.dumps(TITLE, ensure_ascii=False)
        + "\ndescription = " + json.dumps(DESCRIPTION, ensure_ascii=False)
        + '\nwhen = "daily at 21:00"\n')
    (directory / f"{DISABLED}.toml").write_text(
        'title = "Off"\nwhen = "daily at 8:00"\nenabled = false\n')
    shipped = sorted((REPO / "schedules").glob("*.toml"))
    for path in shipped:
        text = re.sub(r"(?m)^enabled\s*=\s*false", "enabled = true", path.read_text())
        (directory / f"shipped-{path.name}").write_text(text)
    return [f"shipped-{p.stem}" for p in shipped]


def utc(dt):
    return dt.astimezone(timezone.utc).replace(microsecond=0)


def expand(calendar):
    """Each habit's instants in [now, end), from the events' DTSTARTs, by habit id;
    and the instants two events of one habit both have (a reminder shown twice)."""
    by_habit = {}
    sources = {}
    for event in recurring_ical_events.of(calendar).between(NOW_UTC, END_UTC):
        uid = str(event["UID"])
        habit = uid.split("@")[0].split(".")[0]
        start = utc(event["DTSTART"].dt)
        if NOW_UTC <= start < END_UTC:
            by_habit.setdefault(habit, set()).add(start)
            sources.setdefault((habit, start), set()).add(uid)
    twice = sorted(f"{habit} {start.isoformat()}: {', '.join(sorted(uids))}"
                   for (habit, start), uids in sources.items() if len(uids) > 1)
    return by_habit, twice


def next_instants(binary, env, habit, count):
    out = run(binary, env, "next", habit, "--count", str(count), "--json").stdout
    entries = json.loads(out)
    instants = set()
    for entry in entries:
        at = datetime.fromisoformat(entry["utc"].replace("Z", "+00:00"))
        if at < END_UTC:
            instants.add(at)
    return instants, len(entries)


def diff(expected, got):
    missing = sorted(expected - got)
    extra = sorted(got - expected)
    lines = [f"habits next: {len(expected)}, icalendar: {len(got)}"]
    lines += [f"only in habits next: {t.isoformat()}" for t in missing[:8]]
    lines += [f"only in the ICS:     {t.isoformat()}" for t in extra[:8]]
    return "\n".join(lines)


def check_vtimezone(tz_name, vtimezone):
    """Our VTIMEZONE against zoneinfo, every 3 hours over the range."""
    ours = vtimezone.to_tz(lookup_tzid=False)
    reference = ZoneInfo(tz_name)
    moment = NOW_UTC - timedelta(days=30)
    bad = []
    while moment < END_UTC:
        a = moment.astimezone(ours).utcoffset()
        b = moment.astimezone(reference).utcoffset()
        if a != b:
            bad.append(f"{moment.isoformat()}: VTIMEZONE {a}, zoneinfo {b}")
        moment += timedelta(hours=3)
    report(not bad, f"{tz_name}: the VTIMEZONE gives zoneinfo's offsets", "\n".join(bad[:5]))


def ics_checks(binary, base_env, schedules, shipped):
    for zone in ZONES:
        env = dict(base_env, TZ=zone)
        text = run(binary, env, "export", "--format", "ics").stdout.decode()
        calendar = icalendar.Calendar.from_ical(text)
        lines = text.split("\r\n")
        report(text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", ""),
               f"{zone}: lines end in CRLF")
        long = [line for line in lines if len(line.encode()) > 75]
        report(not long, f"{zone}: no line longer than 75 octets", "\n".join(long[:3]))
        events = list(calendar.walk("VEVENT"))
        uids = {str(e["UID"]) for e in events}
        report(f"{DISABLED}@habits" not in uids, f"{zone}: a disabled habit has no event")
        no_alarm = [str(e["UID"]) for e in events
                    if not any(str(a.get("ACTION")) == "DISPLAY" and "TRIGGER" in a
                               for a in e.walk("VALARM"))]
        report(not no_alarm, f"{zone}: every event has a display alarm", ", ".join(no_alarm))
        tzids = {e["DTSTART"].params.get("TZID") for e in events} - {None}
        vtimezones = {str(v["TZID"]): v for v in calendar.walk("VTIMEZONE")}
        missing = tzids - set(vtimezones)
        report(not missing and (zone == "UTC") == (not tzids),
               f"{zone}: every TZID has a VTIMEZONE ({', '.join(sorted(tzids)) or 'UTC times'})",
               f"missing: {missing}")
        if zone in vtimezones and zone in IANA:
            check_vtimezone(zone, vtimezones[zone])
        tricky = next(e for e in events if str(e["UID"]) == "tricky@habits")
        report(str(tricky["SUMMARY"]) == TITLE and str(tricky["DESCRIPTION"]) == DESCRIPTION,
               f"{zone}: escaped and folded text reads back",
               f"{tricky['SUMMARY']!r}\n{tricky['DESCRIPTION']!r}")

        expanded, twice = expand(calendar)
        report(not twice, f"{zone}: no two events of a habit share an instant", "\n".join(twice[:5]))
        habits = list(HABITS) + ["tricky"] + shipped
        if zone not in IANA + ["UTC"]:
            habits.remove(EVERY_HOUR)
        mismatched = []
        total = 0
        for habit in habits:
            got = expanded.get(habit, set())
            count = len(got) + 20
            expected, returned = next_instants(binary, env, habit, count)
            # Ask for more until habits next reaches past the end of the range.
            while returned == count and len(expected) == count:
                count *= 2
                expected, returned = next_instants(binary, env, habit, count)
            total += len(expected)
            if expected != got or not expected:
                mismatched.append(f"{habit}: " + diff(expected, got))
        report(not mismatched,
               f"{zone}: {len(habits)} habits expand to the instants of habits next "
               f"({total} in two years)", "\n".join(mismatched))


CSV_NOTES = [
    ("three-times", "2026-11-01", "done", None, "plain note"),
    ("three-times", "2026-11-02", "done", None, 'commas, and "quotes", too'),
    ("weekly-days", "2026-11-02", "skip", None, "line one\nline two\r\nline three"),
    ("tricky", "2026-11-03", "done", None, "🙏 emoji, ünïcödé ✓"),
    ("tricky", "2026-11-04", "done", None, "=HYPERLINK(\"http://x\",\"y\")"),
    ("three-times", "2026-11-05", "done", None, "+1 and -1"),
    ("weekly-days", "2026-11-06", "done", None, "-2+3"),
    ("weekly-days", "2026-11-07", "done", None, "@SUM(A1:A2)"),
    ("reading", "2026-11-08", "done", "12.5", None),
    ("reading", "2026-11-09", "done", "30", "at most, \"30\""),
    ("gap-time", "2026-10-30", "done", None, None),
]


def csv_checks(binary, env, schedules, work):
    (schedules / "reading.toml").write_text(
        'title = "=Reading, daily"\nwhen = "daily at 20:00"\ngoal = "30 minutes"\n')
    for habit, day, kind, value, note in CSV_NOTES:
        args = ["done" if kind == "done" else "skip", habit, "--date", day]
        if value is not None:
            args += ["--value", value]
        if note is not None:
            args += ["--note", note]
        run(binary, env, *args)
    out = work / "checkins.csv"
    run(binary, env, "export", "--format", "csv", "--out", str(out))
    raw = out.read_bytes()
    report(raw.startswith(b"\xef\xbb\xbfhabit,title,day,kind,value,note,recorded_at\r\n"),
           "csv: UTF-8 byte order mark, then the header, CRLF")
    with open(out, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    log = json.loads(run(binary, env, "log", "--json").stdout)
    log.sort(key=lambda entry: (entry["day"], entry["recorded_at"]))
    titles = {name: name for name in HABITS}
    titles.update({"tricky": TITLE, "reading": "=Reading, daily"})

    def guarded(text):
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    def number(value):
        return "" if value is None else (str(int(value)) if float(value).is_integer()
                                         else str(value))

    expected = [["habit", "title", "day", "kind", "value", "note", "recorded_at"]] + [
        [e["habit"], guarded(titles.get(e["habit"], "")), e["day"], e["kind"],
         number(e["value"]), "" if e["note"] is None else guarded(e["note"]), e["recorded_at"]]
        for e in log]
    # Check-ins of one day recorded at one instant (HABITS_NOW) may come in either order.
    problems = [f"row {i}: {a!r} != {b!r}"
                for i, (a, b) in enumerate(zip(rows[:1] + sorted(rows[1:]),
                                               expected[:1] + sorted(expected[1:])))
                if a != b]
    if len(rows) != len(expected):
        problems.append(f"{len(rows)} rows, expected {len(expected)}")
    report(not problems and len(rows) == len(CSV_NOTES) + 1,
           f"csv: {len(rows) - 1} check-ins read back with the csv module as habits log has them",
           "\n".join(problems[:8]))
    stored = {e["note"] for e in log}
    report({n for *_, n in CSV_NOTES if n is not None} <= stored,
           "csv: notes with line breaks, quotes and emoji are stored as given")
    cells = [row[i] for row in rows[1:] for i in (1, 5)]
    formulas = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    report(not formulas and sum(cell.startswith("'") for cell in cells) >= 6,
           "csv: no note or title starts a formula; those that would get a leading '",
           "\n".join(formulas))
    days = [row[2] for row in rows[1:]]
    report(days == sorted(days) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in days),
           "csv: ISO days, oldest first")
    report(all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", row[6]) for row in rows[1:]),
           "csv: recorded_at is an ISO 8601 instant in UTC")


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: ics_test.py path/to/habits")
    binary = os.path.abspath(sys.argv[1])
    work = Path(tempfile.mkdtemp(prefix="habits-export-"))
    try:
        schedules = work / "schedules"
        shipped = write_schedules(schedules)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work / "home"),
            "XDG_CONFIG_HOME": str(work / "config"),
            "XDG_DATA_HOME": str(work / "data"),
            "XDG_STATE_HOME": str(work / "state"),
            "XDG_CACHE_HOME": str(work / "cache"),
            "HABITS_SCHEDULES": str(schedules),
            "HABITS_DB": str(work / "habits.sqlite3"),
            "HABITS_NOW": NOW,
            "NO_COLOR": "1",
        }
        ics_checks(binary, env, schedules, shipped)
        csv_checks(binary, dict(env, TZ="Europe/Berlin"), schedules, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"# {failures} failed")
        sys.exit(1)
    print("# all passed")


if __name__ == "__main__":
    main()
