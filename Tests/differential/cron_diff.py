#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Differential test: habits' cron lines against croniter, in UTC.

Generates random five-field cron lines (lists, ranges, steps, names, 7 for Sunday, @macros),
expands each to 50 times with `habits next --expr LINE --tz UTC --from … --count 50 --json`
and with croniter, and compares the two.

One question of cron semantics splits the two, and is reported as KNOWN DIFFERENCE, not a
failure: when day-of-month and day-of-week are both restricted but one of them starts with
'*' (as in '*/2'), Vixie cron (and cronie, and habits) counts that field as unrestricted for
its OR rule, so a day must match both fields; croniter ORs them. Such a case passes as known
when habits matches a brute-force Vixie reference written here.

Usage:
  python3 Tests/differential/cron_diff.py [.build/debug/habits] [--seed N] [--count 500]
Replay one case: add --only N (printed with each mismatch). DIFF_SEED sets the seed too.
"""

from datetime import datetime, timedelta, timezone

try:
    from croniter import croniter
    from croniter.croniter import CroniterBadDateError
except ImportError:
    raise SystemExit("error: croniter is not installed: pip install croniter")

from common import NeverFires, arguments, describe_difference, habits_next, run_cases

COUNT = 50
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
MACROS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}


def field(rng, low, high, names=None, star=0.3, steps=(2, 3, 5)):
    """One random cron field over low…high, sometimes with names."""
    def value():
        v = rng.randint(low, high)
        if names and rng.random() < 0.4:
            return names[v - low] if v - low < len(names) else str(v)
        return str(v)

    kind = rng.random()
    if kind < star:
        return "*"
    if kind < star + 0.15:
        return f"*/{rng.choice(steps)}"
    items = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        shape = rng.random()
        if shape < 0.5:
            items.append(value())
        else:
            a, b = sorted(rng.sample(range(low, high + 1), 2))
            start = names[a - low] if names and a - low < len(names) and rng.random() < 0.4 \
                else str(a)
            end = names[b - low] if names and b - low < len(names) and rng.random() < 0.4 \
                else str(b)
            text = f"{start}-{end}"
            if shape > 0.8:
                text += f"/{rng.choice(steps)}"
            items.append(text)
    if rng.random() < 0.05:
        items = [f"{rng.randint(low, high)}/{rng.choice(steps)}"]
    return ",".join(items)


def make_case(rng):
    if rng.random() < 0.06:
        line = rng.choice(sorted(MACROS))
    else:
        minute = field(rng, 0, 59, star=0.05, steps=(5, 10, 15, 20, 30, 7))
        hour = field(rng, 0, 23, star=0.15, steps=(2, 3, 4, 6, 12, 5))
        dom = field(rng, 1, 31, star=0.5, steps=(2, 3, 7, 10))
        month = field(rng, 1, 12, MONTHS, star=0.6, steps=(2, 3, 4, 6))
        dow = field(rng, 0, 7, DAYS, star=0.5, steps=(2, 3))
        line = f"{minute} {hour} {dom} {month} {dow}"
    start = datetime(2020, 1, 1) + timedelta(
        days=rng.randint(0, 365 * 10), minutes=rng.randint(0, 1439),
        seconds=rng.choice([0, 0, 0, rng.randint(1, 59)]))
    from_text = start.strftime("%Y-%m-%dT%H:%M:%S") + ("Z" if rng.random() < 0.5 else "")
    return {"line": line, "from": from_text, "label": f"'{line}' from {from_text} (UTC)"}


def croniter_reference(case):
    start = datetime.fromisoformat(case["from"].rstrip("Z"))
    try:
        it = croniter(case["line"], start - timedelta(seconds=1))
        return [it.get_next(datetime).replace(tzinfo=timezone.utc) for _ in range(COUNT)]
    except CroniterBadDateError:
        return []


# A small cron of our own, Vixie's way, for the cases croniter reads differently.

def expand(text, low, high, names=()):
    """The values of one field, as Vixie cron's get_list reads them.

    Vixie has no 'N/step'; it is read as croniter and cronie do, from N to the field's end
    (Saturday for days of the week, with 7 read as 0).
    """
    values = set()
    last = 6 if high == 7 else high
    for item in text.split(","):
        span, _, step = item.partition("/")
        step = int(step) if step else 1
        if span == "*":
            a, b = low, last
        else:
            ends = span.split("-")
            a = number(ends[0], low, names)
            if len(ends) == 2:
                b = number(ends[1], low, names)
                if high == 7 and b == 0 and a > 0:
                    b = 7
            elif step > 1:
                a, b = (0 if high == 7 and a == 7 else a), last
            else:
                b = a
        values.update(range(a, b + 1, step))
    return {v % 7 for v in values} if high == 7 else values


def number(text, low, names):
    if text.isdigit():
        return int(text)
    return names.index(text.lower()) + low


def vixie_reference(case):
    line = MACROS.get(case["line"], case["line"])
    minute, hour, dom, month, dow = line.split()
    minutes = expand(minute, 0, 59)
    hours = expand(hour, 0, 23)
    doms = expand(dom, 1, 31)
    months = expand(month, 1, 12, MONTHS)
    dows = expand(dow, 0, 7, DAYS)
    times = sorted((h, m) for h in hours for m in minutes)
    either = not (dom.startswith("*") or dow.startswith("*"))
    start = datetime.fromisoformat(case["from"].rstrip("Z"))
    day = start.replace(hour=0, minute=0, second=0)
    result = []
    while day.year < 2300:
        if day.month in months:
            a = day.day in doms
            b = (day.weekday() + 1) % 7 in dows
            if (a or b) if either else (a and b):
                for h, m in times:
                    at = day.replace(hour=h, minute=m)
                    if at >= start:
                        result.append(at.replace(tzinfo=timezone.utc))
                        if len(result) == COUNT:
                            return result
        day += timedelta(days=1)
    return result


def check(binary, case):
    expected = croniter_reference(case)
    try:
        actual = habits_next(binary, case["line"], "UTC", case["from"], COUNT)
    except NeverFires:
        actual = []
    if actual == expected:
        return "pass", []
    lines = describe_difference(actual, expected, timezone.utc)
    line = MACROS.get(case["line"], case["line"]).split()
    dom, dow = line[2], line[4]
    starred = (dom.startswith("*") and dom != "*" and dow != "*") or \
        (dow.startswith("*") and dow != "*" and dom != "*")
    if starred and actual == vixie_reference(case):
        return "known", lines + [
            "    croniter ORs the day fields even when one starts with '*'; Vixie cron (and habits)"
            " counts such a field as unrestricted, so both must hold"]
    return "fail", lines


if __name__ == "__main__":
    run_cases(arguments(__doc__.splitlines()[0], 500), make_case, check, "cron vs croniter")
