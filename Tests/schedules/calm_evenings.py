#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The shipped schedules keep evenings calm, even with every practice on.

Usage: calm_evenings.py HABITS_BINARY [--days N]   (default 35: five weeks)

Copies schedules/ into a temporary directory with every habit switched on,
puts config.example.toml (the documented defaults) beside it as config.toml,
and asks the real binary for a month of reminders from Monday 2027-01-04 in
Europe/London (`habits next --json`, which lists reminders only). To those it
adds what would also pop up: each habit's [nudge] repeats, counted as if the
habit were never done (the most there can be), as the agent plans them
(every `repeat` after a reminder, up to `until`, the end of the day or the
habit's next reminder), and the weekly summary (`habits next --expr` on the
config's `summary`). Then it puts them together into popups as the agent
does with the config's `gather`, by its own reading of the rule: a popup
with a habit in it brings along the reminders of other habits due within
`gather` after it, about the same day; a nudge within `gather` after the
popup before it waits until `gather` has passed, or is dropped when that
takes it to its end; the summary is a popup of its own. It checks, for
every day:

- no evening (17:00 to 23:00) brings more than three popups;
- nothing pops up during the dinner the phone-free dinner habit asks for
  (18:45 to 19:45);
- no two popups come within 20 minutes of each other.

It prints the month's figures, for every practice and for the habits on by
default, and exits 1 if a rule is broken.
"""

import bisect
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
START = datetime.datetime(2027, 1, 4)
ZONE = "Europe/London"
EVENING = (datetime.time(17, 0), datetime.time(23, 0))
DINNER = (datetime.time(18, 45), datetime.time(19, 45))
MOST_IN_AN_EVENING = 3
LEAST_GAP = datetime.timedelta(minutes=20)


def seconds(text):
    """`1h30m`, `45m`, `1d` in seconds, as schedule files write durations."""
    parts = re.findall(r"(\d+)([dhms])", text)
    if not parts or "".join(n + u for n, u in parts) != text.strip():
        raise ValueError(f"not a duration: {text!r}")
    unit = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(int(n) * unit[u] for n, u in parts)


def run(binary, arguments, env):
    result = subprocess.run(
        [binary] + arguments, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"habits {' '.join(arguments)} failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def local(at):
    """The local wall-clock time of an `at` field, without its offset."""
    return datetime.datetime.fromisoformat(at).replace(tzinfo=None)


def gathered(slots, summaries, gather):
    """The popups of `slots` (habit -> [(at, due, is_nudge, limit)], in order
    of time) and `summaries`, with nothing ever answered, put together as
    `gather` (a timedelta, or None for off) says: (local time, what) in order.
    """
    popups = []
    shown = set()
    last_popup = None
    times = {habit: [slot[0] for slot in items] for habit, items in slots.items()}

    def spaced(slot):
        """When a slot may come after the last popup; None when never."""
        at, _, is_nudge, limit = slot
        if not is_nudge or gather is None or last_popup is None or last_popup + gather <= at:
            return at
        at = last_popup + gather
        return at if at < limit and at.date() == slot[1].date() else None

    now = min([items[0][0] for items in slots.values() if items] + summaries, default=None)
    summaries = sorted(summaries)
    while now is not None:
        due, upcoming = [], []
        for habit, items in sorted(slots.items()):
            after = bisect.bisect_right(times[habit], now)
            if after < len(items):
                upcoming.append(items[after][0])
            if after == 0:
                continue
            latest = items[after - 1]
            if (habit, latest[1]) in shown or latest[1].date() < now.date():
                continue
            at = spaced(latest)
            if at is None:
                continue
            if at > now:
                upcoming.append(at)
            else:
                due.append((habit, latest))
        if due:
            together = [due] if gather is not None else [[item] for item in due]
            if gather is not None:
                firing = {habit for habit, _ in due}
                for habit, items in sorted(slots.items()):
                    if habit in firing:
                        continue
                    after = bisect.bisect_right(times[habit], now)
                    later = [s for s in items[after:] if s[0] <= now + gather and not s[2]]
                    if later and later[0][1].date() == now.date() \
                            and (habit, later[0][1]) not in shown:
                        together[0].append((habit, later[0]))
            for popup in together:
                for habit, slot in popup:
                    shown.add((habit, slot[1]))
                popups.append((now, " + ".join(
                    habit + (" (nudge)" if slot[2] else "") for habit, slot in popup)))
            last_popup = now
        while summaries and summaries[0] <= now:
            if summaries[0] == now:
                popups.append((now, "weekly summary"))
                last_popup = now
            summaries.pop(0)
        if summaries:
            upcoming.append(summaries[0])
        upcoming = [at for at in upcoming if at > now]
        now = min(upcoming, default=None)
    return popups


def popups(binary, days, enabled_only):
    """Every popup of `days` days: (local time, what) in order."""
    work = tempfile.mkdtemp(prefix="habits-calm-")
    try:
        schedules = os.path.join(work, "schedules")
        os.mkdir(schedules)
        habits = {}
        for name in sorted(os.listdir(os.path.join(ROOT, "schedules"))):
            if not name.endswith(".toml"):
                continue
            with open(os.path.join(ROOT, "schedules", name), encoding="utf-8") as f:
                text = f.read()
            data = tomllib.loads(text)
            if enabled_only and not data.get("enabled", True):
                continue
            text = re.sub(r"(?m)^enabled = false", "enabled = true", text)
            with open(os.path.join(schedules, name), "w", encoding="utf-8") as f:
                f.write(text)
            habits[data.get("id", name[:-5])] = data
        shutil.copy(os.path.join(ROOT, "config.example.toml"), os.path.join(work, "config.toml"))
        with open(os.path.join(work, "config.toml"), "rb") as f:
            config = tomllib.load(f)
        summary = config.get("summary", "off")
        if config.get("quiet_hours") or config.get("day_starts_at", "00:00") != "00:00":
            sys.exit("calm_evenings.py reads neither quiet_hours nor a day_starts_at")
        gather_text = config.get("gather", "20m")
        gather = None if gather_text in ("off", "0") else datetime.timedelta(
            seconds=seconds(gather_text))

        env = dict(os.environ, HABITS_NOW=START.isoformat(), TZ=ZONE, NO_COLOR="1",
                   HOME=work, XDG_CONFIG_HOME=work, XDG_DATA_HOME=work)
        end = START + datetime.timedelta(days=days)
        common = ["--json", "--db", os.path.join(work, "habits.sqlite3")]
        listed = run(binary, ["next", "--count", str(24 * days), "--schedules", schedules]
                     + common, env)
        reminders = [(local(r["at"]), r["habit"]) for r in listed if local(r["at"]) < end]
        if len(reminders) == len(listed):
            sys.exit("habits next may have stopped short of the month: raise --count")
        by_habit = {}
        for at, habit in reminders:
            by_habit.setdefault(habit, []).append(at)
        # Each habit's slots: (when, the instant it is due, a nudge?, its nudges' end).
        slots = {}
        for habit, times in by_habit.items():
            items = slots.setdefault(habit, [])
            nudge = habits[habit].get("nudge")
            for index, due in enumerate(times):
                items.append((due, due, False, None))
                if not nudge:
                    continue
                every = datetime.timedelta(seconds=seconds(nudge["repeat"]))
                limit = datetime.datetime.combine(due.date() + datetime.timedelta(days=1),
                                                  datetime.time())
                if "until" in nudge:
                    hour, minute = map(int, nudge["until"].split(":"))
                    until = datetime.datetime.combine(due.date(), datetime.time(hour, minute))
                    limit = min(limit, until + datetime.timedelta(seconds=1))
                if index + 1 < len(times):
                    limit = min(limit, times[index + 1])
                at = due + every
                while at < limit:
                    items.append((at, at, True, limit))
                    at += every
            items.sort()
        summaries = []
        if summary.lower() != "off":
            weekly = run(binary, ["next", "--expr", summary, "--count", str(days // 7 + 2)]
                         + common, env)
            summaries = [local(s["at"]) for s in weekly if local(s["at"]) < end]
        return gathered(slots, summaries, gather)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def figures(events, days):
    """The busiest evening, the closest two popups, and the rules broken."""
    problems = []
    evenings = {}
    for at, what in events:
        if EVENING[0] <= at.time() <= EVENING[1]:
            evenings.setdefault(at.date(), []).append((at, what))
        if DINNER[0] <= at.time() <= DINNER[1]:
            problems.append(f"{at:%a %Y-%m-%d %H:%M} {what} pops up during dinner")
    for day, items in sorted(evenings.items()):
        if len(items) > MOST_IN_AN_EVENING:
            listed = ", ".join(f"{at:%H:%M} {what}" for at, what in items)
            problems.append(f"{day:%a %Y-%m-%d}: {len(items)} popups in the evening: {listed}")
    busiest = max(sorted(evenings.items()), key=lambda item: len(item[1]), default=None)
    closest = None
    for (a, what_a), (b, what_b) in zip(events, events[1:]):
        if closest is None or b - a < closest[0]:
            closest = (b - a, a, what_a, b, what_b)
        if b - a < LEAST_GAP:
            problems.append(f"{a:%a %Y-%m-%d %H:%M} {what_a} and {b:%H:%M} {what_b}: "
                            f"{int((b - a).total_seconds() // 60)} minutes apart")
    most_in_a_day = max((sum(1 for at, _ in events if at.date() == START.date()
                             + datetime.timedelta(days=d)) for d in range(days)), default=0)
    return busiest, closest, most_in_a_day, problems


def report(title, events, days):
    busiest, closest, most_in_a_day, problems = figures(events, days)
    print(f"{title}: {len(events)} popups in {days} days from {START:%a %Y-%m-%d} ({ZONE})")
    if busiest:
        day, items = busiest
        listed = ", ".join(f"{at:%H:%M} {what}" for at, what in items)
        print(f"  busiest evening (17:00-23:00): {day:%a %Y-%m-%d}, {len(items)} popups: {listed}")
    if closest:
        gap, a, what_a, b, what_b = closest
        print(f"  closest two popups: {int(gap.total_seconds() // 60)} minutes apart, "
              f"{a:%a %Y-%m-%d %H:%M} {what_a} and {b:%a %H:%M} {what_b}")
    print(f"  most popups in one whole day: {most_in_a_day}")
    for problem in problems:
        print(f"  BROKEN: {problem}")
    return problems


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    # Five weeks by default, so that a first Sunday of the month (7 February) is in them.
    days = int(sys.argv[sys.argv.index("--days") + 1]) if "--days" in sys.argv else 35
    problems = report("every practice on", popups(binary, days, enabled_only=False), days)
    problems += report("the default habits", popups(binary, days, enabled_only=True), days)
    if problems:
        print(f"calm_evenings: {len(problems)} rule(s) broken")
        sys.exit(1)
    print("calm_evenings: OK")


if __name__ == "__main__":
    main()
