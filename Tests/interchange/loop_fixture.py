#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a Loop Habit Tracker CSV export, as the Android app's exporter lays
it out, for `habits import` tests.

    loop_fixture.py OUTDIR

writes
    OUTDIR/loop-export.zip   the export as Loop makes it (deflated zip)
    OUTDIR/loop-export/      the same, unpacked
    OUTDIR/expected.json     what importing it must give: for each habit its
                             id, title, enabled flag, the strength Loop's
                             Scores.csv shows for the export's last day, and
                             its check-ins as `habits log --json` shows them

Layout (HabitsCSVExporter.kt): `Habits.csv` at the top, then a folder per
habit named `%03d <name with only [ a-zA-Z0-9._-]>` with `Checkmarks.csv`
(`Date,Value,Notes`, newest first) and `Scores.csv` (`Date,Score`, newest
first, four decimals); top-level `Checkmarks.csv` and `Scores.csv` hold every
habit side by side. Scores come from a transcription of Loop's
ScoreList.recompute, checked here against the figures Loop's own tests give.
"""

import csv
import datetime as dt
import io
import json
import math
import os
import re
import sys
import zipfile

TODAY = dt.date(2026, 11, 20)
YES_MANUAL, YES_AUTO, NO, UNKNOWN, SKIP = 2, 1, 0, -1, -3
WORDS = {YES_MANUAL: "YES_MANUAL", YES_AUTO: "YES_AUTO", NO: "NO", UNKNOWN: "UNKNOWN", SKIP: "SKIP"}


def loop_scores(values, num, den, numeric=False, at_most=False, target=0.0):
    """Loop's ScoreList.recompute over `values` (oldest first, one a day)."""
    freq = num / den
    if not numeric and freq < 1:
        num, den = num * 2, den * 2
    multiplier = 0.5 ** (math.sqrt(freq) / 13)
    previous = 1.0 if numeric and at_most else 0.0
    rolling = 0.0
    scores = []
    for i, v in enumerate(values):
        if numeric:
            rolling += max(0, v)
            if i - den >= 0:
                rolling -= max(0, values[i - den])
            if v != SKIP:
                total = rolling / 1000
                if not at_most:
                    pct = min(1.0, total / target)
                else:
                    pct = min(1.0, max(0.0, 1 - (total - target) / target))
                previous = previous * multiplier + pct * (1 - multiplier)
        else:
            if v == YES_MANUAL:
                rolling += 1
            if i - den >= 0 and values[i - den] == YES_MANUAL:
                rolling -= 1
            if v != SKIP:
                previous = previous * multiplier + min(1.0, rolling / num) * (1 - multiplier)
        scores.append(previous)
    return scores


class Habit:
    def __init__(self, name, num, den, rows, question="", description="", numeric=None,
                 archived=False, scores=None, expected_id=None):
        self.name, self.num, self.den = name, num, den
        # rows: {date: (value, note)}
        self.rows = rows
        self.question, self.description = question, description
        self.numeric = numeric  # (unit, "AT_LEAST" | "AT_MOST", target) or None
        self.archived = archived
        self.expected_id = expected_id
        first = min(rows)
        days = [first + dt.timedelta(days=i) for i in range((TODAY - first).days + 1)]
        values = [rows.get(d, (UNKNOWN, ""))[0] for d in days]
        if scores is None:
            unit, kind, target = numeric if numeric else ("", "", 0.0)
            scores = loop_scores(values, num, den, numeric is not None, kind == "AT_MOST", target)
            scores = list(reversed(scores))
        self.scores = scores  # newest first, from today back to the first row

    def value_text(self, value):
        if value in WORDS:
            return WORDS[value]
        return str(value)


def days_back(n):
    return [TODAY - dt.timedelta(days=i) for i in range(n)]


def habits():
    result = []
    # (a) 2 in 3 days, newest first: yes, no, no, yes, yes, yes, no, no, yes, yes, with the
    # scores Loop gives (the store issue). Loop fills some "no" days in as YES_AUTO.
    pattern = [True, False, False, True, True, True, False, False, True, True]
    fill = [None, YES_AUTO, NO, None, None, None, YES_AUTO, NO, None, None]
    rows = {}
    for day, done, other in zip(days_back(10), pattern, fill):
        rows[day] = (YES_MANUAL if done else other, "")
    loop = [0.2557, 0.2226, 0.1991, 0.1746, 0.1379, 0.0995, 0.0706, 0.0515, 0.0315, 0.0107]
    a = Habit("Two in three", 2, 3, rows, question="Did you stretch?", scores=loop,
              expected_id="two-in-three")
    days = sorted(rows)
    mine = list(reversed(loop_scores([rows[d][0] for d in days], 2, 3)))
    assert all(abs(x - y) < 1e-4 for x, y in zip(mine, loop)), (mine, loop)
    result.append(a)

    # (b) daily, twenty days in a row up to the last day.
    rows = {d: (YES_MANUAL, "") for d in days_back(20)}
    b = Habit("Meditate", 1, 1, rows, question="Did you meditate today?",
              description="Ten minutes, eyes closed.", expected_id="meditate")
    for got, want in zip(b.scores, [0.655747, 0.636894, 0.617008, 0.596033]):
        assert abs(got - want) < 1e-5, (got, want)
    result.append(b)

    # (c) numeric: at least 8 glasses a day, amounts in thousandths.
    amounts = [8000, 6000, 10000, NO, 8000, SKIP, 4500, UNKNOWN, 9000, 8000, 12000, 7000]
    rows = {}
    for day, amount in zip(days_back(12), amounts):
        rows[day] = (amount, "a hot day, \"thirsty\"" if amount == 12000 else "")
    result.append(Habit('Water, "8 glasses"', 1, 1, rows, question="How many glasses?",
                        numeric=("glasses", "AT_LEAST", 8.0), expected_id="water-8-glasses"))

    # (d) 3 in 7 days, archived, with skips and notes (one over two lines).
    marks = [YES_MANUAL, SKIP, NO, YES_MANUAL, YES_AUTO, YES_MANUAL, YES_MANUAL, SKIP, NO,
             YES_MANUAL, YES_MANUAL, NO, NO, YES_MANUAL, YES_MANUAL, YES_MANUAL]
    notes = {0: "legs, then core", 1: "travelling", 3: "short one\nbut done"}
    rows = {}
    for i, (day, mark) in enumerate(zip(days_back(16), marks)):
        rows[day] = (mark, notes.get(i, ""))
    result.append(Habit("Gym", 3, 7, rows, description="Strength training", archived=True,
                        expected_id="gym"))

    # (e) numeric limit over a week: at most 3 sweets in any 7 days.
    amounts = [0, 1000, NO, 2000, 0, 0, 1000, 3000, 0, 0]
    rows = {day: (amount, "") for day, amount in zip(days_back(10), amounts)}
    result.append(Habit("Sweets", 1, 7, rows, numeric=("pieces", "AT_MOST", 3.0),
                        expected_id="sweets"))
    return result


def csv_text(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def folder_name(position, name):
    sane = re.sub(r"[^ a-zA-Z0-9._-]+", "", name)[:100]
    return ("%03d %s" % (position, sane)).strip()


def export_files(all_habits):
    files = []
    header = ["Position", "Name", "Type", "Question", "Description", "FrequencyNumerator",
              "FrequencyDenominator", "Color", "Unit", "Target Type", "Target Value", "Archived?"]
    rows = [header]
    for i, h in enumerate(all_habits, 1):
        unit, kind, target = h.numeric if h.numeric else ("", "", "")
        rows.append(["%03d" % i, h.name, "NUMERICAL" if h.numeric else "YES_NO", h.question,
                     h.description, str(h.num), str(h.den), "#37474F", unit, kind,
                     str(target), "true" if h.archived else "false"])
    files.append(("Habits.csv", csv_text(rows)))
    for i, h in enumerate(all_habits, 1):
        folder = folder_name(i, h.name)
        first = min(h.rows)
        score_days = [TODAY - dt.timedelta(days=k) for k in range((TODAY - first).days + 1)]
        scores = [["Date", "Score"]] + [
            [d.isoformat(), "%.4f" % s] for d, s in zip(score_days, h.scores)]
        files.append((folder + "/Scores.csv", csv_text(scores)))
        checks = [["Date", "Value", "Notes"]] + [
            [d.isoformat(), h.value_text(h.rows[d][0]), h.rows[d][1]]
            for d in sorted(h.rows, reverse=True)]
        files.append((folder + "/Checkmarks.csv", csv_text(checks)))
    # The side-by-side files, names unquoted as Loop writes them: never read.
    first = min(min(h.rows) for h in all_habits)
    days = [TODAY - dt.timedelta(days=k) for k in range((TODAY - first).days + 1)]
    head = "Date," + "".join(h.name + "," for h in all_habits) + "\n"
    checks, scores = head, head
    for d in days:
        checks += d.isoformat() + "," + "".join(
            h.value_text(h.rows.get(d, (UNKNOWN, ""))[0]) + "," for h in all_habits) + "\n"
        scores += d.isoformat() + "," + "".join(
            "%.4f," % (h.scores[(TODAY - d).days] if (TODAY - d).days < len(h.scores) else 0)
            for h in all_habits) + "\n"
    files.append(("Scores.csv", scores))
    files.append(("Checkmarks.csv", checks))
    return files


def expected(all_habits):
    result = []
    for h in all_habits:
        log = []
        for d in sorted(h.rows, reverse=True):
            value, note = h.rows[d]
            entry = None
            if value == SKIP:
                entry = {"kind": "skip", "value": None}
            elif h.numeric:
                at_most = h.numeric[1] == "AT_MOST"
                if value > 0 or (value == 0 and at_most):
                    entry = {"kind": "done", "value": value / 1000}
            elif value == YES_MANUAL:
                entry = {"kind": "done", "value": 1}
            if entry is not None:
                entry.update({"habit": h.expected_id, "day": d.isoformat(),
                              "note": note or None})
                log.append(entry)
        result.append({"id": h.expected_id, "title": h.name, "enabled": not h.archived,
                       "strength": round(h.scores[0], 4), "log": log})
    return {"today": TODAY.isoformat(), "habits": result}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: loop_fixture.py OUTDIR")
    out = sys.argv[1]
    all_habits = habits()
    files = export_files(all_habits)
    with zipfile.ZipFile(os.path.join(out, "loop-export.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files:
            z.writestr(name, text.encode("utf-8"))
    folder = os.path.join(out, "loop-export")
    for name, text in files:
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected(all_habits), f, indent=2)


if __name__ == "__main__":
    main()
