#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Differential test: habits' RRULE engine against python-dateutil's rrule.

Generates random RRULEs in zones with daylight saving, expands each to 50 occurrences with
`habits next --expr RULE --dtstart … --tz ZONE --from … --count 50 --json` and with
dateutil, and compares the two as sorted sets of UTC instants (equal instants once).

dateutil works on naive wall-clock times; each is read in the zone with fold=0, which is
RFC 5545's rule (a time a spring-forward gap skips takes the offset from before the gap, a
repeated time is the first).

Documented differences the generator stays away from:
  - a date-only UNTIL: habits includes the whole day, dateutil stops at its midnight;
  - UNTIL in UTC: dateutil refuses it with a naive DTSTART; UNTIL here is local;
  - BYDAY mixing plain and numbered weekdays (BYDAY=MO,-1FR): RFC 5545 and habits take the
    union, dateutil requires both and gives nothing.
One difference is generated and reported as KNOWN DIFFERENCE rather than a failure:
  - FREQ=WEEKLY with BYSETPOS, DTSTART after the start of its week: dateutil applies BYSETPOS
    to the part of the first week from DTSTART on (dateutil issue #1398); RFC 5545 and habits
    to the whole week ("a set of recurrence instances starts at the beginning of the
    interval"). Such a case passes as known when habits matches dateutil run on whole weeks.
Both sides stop comparing at 2200-01-01 (dateutil is told so, to keep rules that never fire
from running to year 9999).

Usage:
  python3 Tests/differential/rrule_diff.py [.build/debug/habits] [--seed N] [--count 500]
Replay one case: add --only N (printed with each mismatch). DIFF_SEED sets the seed too.
"""

import datetime as _datetime
import types
import warnings
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

try:
    import dateutil.rrule
    from dateutil.rrule import rrulestr
except ImportError:
    raise SystemExit("error: python-dateutil is not installed: pip install python-dateutil")

from common import NeverFires, arguments, describe_difference, habits_next, run_cases

ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "America/Santiago"]
FREQUENCIES = ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
FREQUENCY_WEIGHTS = [15, 25, 25, 20, 15]
CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
COUNT = 50
HORIZON_YEAR = 2200
HORIZON = datetime(HORIZON_YEAR, 1, 1, tzinfo=timezone.utc)

# dateutil gives up only past datetime.MAXYEAR (9999); a rule that never fires would take
# minutes to get there. Let dateutil see a MAXYEAR of 2200 (only its own view of the module).
dateutil.rrule.datetime = types.SimpleNamespace(
    **{name: getattr(_datetime, name) for name in dir(_datetime) if not name.startswith("__")})
dateutil.rrule.datetime.MAXYEAR = HORIZON_YEAR


def changes_near(zone, year):
    """Local dates in `year` on which `zone`'s offset changes."""
    days = []
    day = datetime(year, 1, 1, 12)
    previous = day.replace(tzinfo=zone).utcoffset()
    while day.year == year:
        day += timedelta(days=1)
        offset = day.replace(tzinfo=zone).utcoffset()
        if offset != previous:
            days.append((day - timedelta(days=1)).date())
        previous = offset
    return days


def some(rng, values, low, high):
    """Between low and high distinct values, sorted."""
    return sorted(rng.sample(values, rng.randint(low, min(high, len(values)))))


def joined(values):
    return ",".join(str(v) for v in values)


def make_case(rng):
    tz = rng.choice(ZONES)
    zone = ZoneInfo(tz)
    freq = rng.choices(FREQUENCIES, FREQUENCY_WEIGHTS)[0]

    # DTSTART: often on or just before a daylight-saving change, at an hour near it.
    year = rng.randint(2016, 2034)
    if rng.random() < 0.4:
        change = rng.choice(changes_near(zone, year))
        date = change - timedelta(days=rng.randint(0, 3))
    else:
        date = (datetime(year, 1, 1) + timedelta(days=rng.randint(0, 364))).date()
    if rng.random() < 0.4:
        hour = rng.choice([23, 0, 1, 2, 3])
    else:
        hour = rng.randint(0, 23)
    minute = rng.choice([0, 0, 15, 30, 45, rng.randint(0, 59)])
    second = rng.choice([0] * 9 + [rng.randint(1, 59)])
    dtstart = datetime(date.year, date.month, date.day, hour, minute, second)

    parts = [f"FREQ={freq}"]
    if rng.random() < 0.45:
        parts.append(f"INTERVAL={rng.choice([2, 2, 3, 4, 5, 7, 12, 13])}")
    ending = rng.random()
    until = None
    if ending < 0.25:
        parts.append(f"COUNT={rng.randint(1, 60)}")
    elif ending < 0.5:
        span = {"HOURLY": 24 * 20, "DAILY": 24 * 400}.get(freq, 24 * 365 * 6)
        until = dtstart + timedelta(hours=rng.randint(0, span), minutes=rng.choice([0, 30, 59]))
        parts.append("UNTIL=" + until.strftime("%Y%m%dT%H%M%S"))
    if rng.random() < 0.25:
        parts.append("BYMONTH=" + joined(some(rng, list(range(1, 13)), 1, 4)))
    if rng.random() < 0.3:
        days = [d for d in range(-31, 32) if d != 0]
        parts.append("BYMONTHDAY=" + joined(some(rng, days, 1, 3)))
    if rng.random() < 0.45:
        if freq in ("MONTHLY", "YEARLY") and rng.random() < 0.5:
            # Numbered weekdays only: mixing them with plain ones is a known dateutil difference.
            limit = 53 if freq == "YEARLY" and "BYMONTH=" not in ";".join(parts) else 5
            items = set()
            for _ in range(rng.randint(1, 3)):
                n = rng.choice([1, 2, 3, 4, -1, -2, rng.randint(1, limit), -rng.randint(1, limit)])
                items.add(f"{n}{rng.choice(CODES)}")
            parts.append("BYDAY=" + ",".join(sorted(items)))
        else:
            parts.append("BYDAY=" + ",".join(CODES[i] for i in some(rng, list(range(7)), 1, 5)))
    if rng.random() < 0.5:
        near = [23, 0, 1, 2, 3]
        hours = some(rng, near, 1, 2) if rng.random() < 0.5 else some(rng, list(range(24)), 1, 4)
        parts.append("BYHOUR=" + joined(hours))
    if rng.random() < 0.5:
        parts.append("BYMINUTE=" + joined(some(rng, [0, 15, 30, 45, rng.randint(0, 59)], 1, 3)))
    has_by = any(p.startswith(("BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE")) for p in parts)
    if has_by and rng.random() < 0.2:
        parts.append("BYSETPOS=" + joined(some(rng, [1, 2, 3, -1, -2, -3], 1, 2)))
    if rng.random() < 0.25:
        parts.append(f"WKST={rng.choice(CODES)}")
    rule = ";".join(parts)

    # Where to search from: the start, some time later (in UTC), or near a later change; for
    # a rule that ends, mostly the start, else some time before its UNTIL.
    choice = rng.random()
    if until is not None and choice >= 0.5:
        later = dtstart + (until - dtstart) * rng.random()
        from_text = later.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S")
    elif choice < (0.8 if "COUNT=" in rule else 0.5):
        from_text = dtstart.strftime("%Y-%m-%dT%H:%M:%S")
    elif choice < 0.8:
        reach = {"HOURLY": 24 * 60, "DAILY": 24 * 365 * 2}.get(freq, 24 * 365 * 10)
        later = dtstart.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)
        later += timedelta(hours=rng.randint(0, reach), minutes=rng.choice([0, 30, 7]))
        from_text = later.strftime("%Y-%m-%dT%H:%M:%SZ")
    else:
        reach = 1 if freq == "HOURLY" else rng.randint(0, 6)
        change = rng.choice(changes_near(zone, dtstart.year + reach))
        near = datetime(change.year, change.month, change.day, rng.choice([0, 1, 2, 3, 23]),
                        rng.choice([0, 15, 30, 45]))
        from_text = max(near, dtstart).strftime("%Y-%m-%dT%H:%M:%S")

    return {
        "rule": rule, "tz": tz, "dtstart": dtstart.strftime("%Y-%m-%dT%H:%M:%S"),
        "from": from_text,
        "label": f"'{rule}' DTSTART {dtstart.isoformat()} in {tz}, from {from_text}",
    }


def from_instant(text, zone):
    """`--from` as an aware UTC datetime: with Z it is UTC, else local with fold=0."""
    if text.endswith("Z"):
        return datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(text).replace(tzinfo=zone, fold=0).astimezone(timezone.utc)


def reference(case):
    """dateutil's first COUNT instants at or after --from and before the horizon."""
    zone = ZoneInfo(case["tz"])
    dtstart = datetime.fromisoformat(case["dtstart"])
    start = from_instant(case["from"], zone)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rule = rrulestr(case["rule"], dtstart=dtstart)
    seen = set()
    stop = None
    for local in rule:
        if stop is not None and local > stop:
            break
        instant = local.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)
        if instant >= HORIZON:
            break
        if instant >= start:
            seen.add(instant)
        if stop is None and len(seen) >= COUNT:
            # A gap moves a time later by up to an hour: look a little further.
            stop = local + timedelta(hours=3)
    return sorted(seen)[:COUNT]


def whole_week_reference(case):
    """dateutil's answer with BYSETPOS applied to the whole first week, as RFC 5545 has it.

    DTSTART moves back to the start of its week, with the parts it supplied written out, and
    instances before the real DTSTART are dropped (COUNT is counted from there).
    """
    parts = dict(part.split("=", 1) for part in case["rule"].split(";"))
    dtstart = datetime.fromisoformat(case["dtstart"])
    week_start = CODES.index(parts.get("WKST", "MO"))
    back = (dtstart.weekday() - week_start) % 7
    if "BYDAY" not in parts and "BYMONTHDAY" not in parts:
        parts["BYDAY"] = CODES[dtstart.weekday()]
    parts.setdefault("BYHOUR", str(dtstart.hour))
    parts.setdefault("BYMINUTE", str(dtstart.minute))
    parts["BYSECOND"] = str(dtstart.second)
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    shifted = {**case,
               "rule": ";".join(f"{k}={v}" for k, v in parts.items()),
               "dtstart": (dtstart - timedelta(days=back)).replace(
                   hour=0, minute=0, second=0).isoformat()}
    zone = ZoneInfo(case["tz"])
    start = from_instant(case["from"], zone)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rule = rrulestr(shifted["rule"], dtstart=datetime.fromisoformat(shifted["dtstart"]))
    seen = set()
    taken = 0
    stop = None
    for local in rule:
        if local < dtstart:
            continue
        if (count is not None and taken >= count) or (stop is not None and local > stop):
            break
        taken += 1
        instant = local.replace(tzinfo=zone, fold=0).astimezone(timezone.utc)
        if instant >= HORIZON:
            break
        if instant >= start:
            seen.add(instant)
        if stop is None and len(seen) >= COUNT:
            stop = local + timedelta(hours=3)
    return sorted(seen)[:COUNT]


def check(binary, case):
    zone = ZoneInfo(case["tz"])
    try:
        expected = reference(case)
    except ValueError as error:
        # dateutil refuses an HOURLY rule whose BYHOUR the interval never reaches.
        if "empty set" not in str(error):
            raise
        expected = []
    try:
        actual = habits_next(binary, case["rule"], case["tz"], case["from"], COUNT,
                             dtstart=case["dtstart"])
    except NeverFires:
        actual = []
    actual = [x for x in actual if x < HORIZON]
    if actual == expected:
        return "pass", []
    lines = describe_difference(actual, expected, zone)
    if case["rule"].startswith("FREQ=WEEKLY") and "BYSETPOS" in case["rule"]:
        if actual == [x for x in whole_week_reference(case) if x < HORIZON]:
            return "known", lines + [
                "    dateutil applies a WEEKLY BYSETPOS to the first week from DTSTART on (dateutil"
                " #1398); habits, as RFC 5545, to the whole week, and matches dateutil run so"]
    return "fail", lines


if __name__ == "__main__":
    run_cases(arguments(__doc__.splitlines()[0], 500), make_case, check,
              "RRULE vs python-dateutil")
