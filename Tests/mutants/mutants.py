#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Planted bugs, made routine: `./dev mutants`.

Each mutant is one small change to the sources, of the kind a hurried edit
makes (a bound off by one, a check left out, two steps in the wrong order).
The tests are worth their time only if they notice: so each mutant is
applied, alone, to a scratch copy of the tree, the tests are built, the
tests that should notice are run, and the mutant is *caught* (a test
failed), *survived* (every test passed: a hole in the tests, or a change
that is no bug) or *did not build*.

The copy lives in `$DEV_SCRATCH_PATH/mutants/tree` (`.build/mutants/tree`)
with a `.build` of its own, kept between runs, so that each mutant rebuilds
only the modules it touches. The working tree is never written to.

Each mutant's original text must occur exactly once in its file: when the
code moves, the list fails loudly rather than testing nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The year simulation, for the mutants the focused suites let through: a
# whole year of one seed (about two minutes of CPU in a debug build).
YEAR = r"HabitsAgentTests\.YearSimulationTests/"


@dataclasses.dataclass
class Mutant:
    name: str
    file: str
    description: str
    # (original, replacement) pairs, all in `file`.
    edits: list[tuple[str, str]]
    # A `swift test --filter` pattern: the suites that should notice.
    tests: str
    # Whether the year simulation runs when the focused suites pass.
    year: bool = False


def suites(target: str, *names: str) -> str:
    return rf"{target}\.({'|'.join(names)})/"


AGENT = "HabitsAgentTests"
CORE = "HabitsCoreTests"
PLANNER = "Sources/HabitsAgent/ReminderPlanner.swift"
GATHERING = "Sources/HabitsAgent/ReminderPlanner+Gathering.swift"
RUNNER = "Sources/HabitsAgent/AgentRunner.swift"
HISTORY = "Sources/HabitsCore/Progress/HabitHistory.swift"

MUTANTS: list[Mutant] = [
    Mutant(
        "on-time-hour", PLANNER, "a slot an hour late still counts as on time, not a catch-up",
        [("public static let onTimeTolerance = 60", "public static let onTimeTolerance = 3600")],
        suites(AGENT, "CatchUpTests", "PlannerTests", "QuietHoursTests"), year=True),
    Mutant(
        "reminder-day-today", PLANNER, "a firing is about today, not the day of its slot",
        [("firings.append(Firing(habitID: habit.id, due: latest.due, day: latest.day, kind: kind))",
          "firings.append(Firing(habitID: habit.id, due: latest.due, day: today, kind: kind))")],
        suites(AGENT, "ActionTests", "SnoozeAndNudgeTests", "PlannerTests"), year=True),
    Mutant(
        "same-day-any-day", PLANNER, "catch_up = \"same-day\" catches up a slot of any day",
        [("case .sameDay: return slot.day == today ? .catchUp : nil",
          "case .sameDay: return .catchUp")],
        suites(AGENT, "CatchUpTests", "PlannerTests", "QuietHoursTests", "TargetAndSummaryTests",
               "YearSimulationFindingsTests", "PlantedBugTests"), year=True),
    Mutant(
        "within-any-age", PLANNER, "catch_up = \"6h\" catches up a slot of any age",
        [("case .within(let seconds): return lateness <= seconds ? .catchUp : nil",
          "case .within: return .catchUp")],
        suites(AGENT, "CatchUpTests", "PlannerTests"), year=True),
    Mutant(
        "settled-removed", PLANNER, "a day done, skipped or met is still reminded",
        [("      if settled(latest.day) { continue }\n", "")],
        suites(AGENT, "PlannerTests", "SnoozeAndNudgeTests", "TargetAndSummaryTests")),
    Mutant(
        "nudge-after-done", PLANNER, "a nudge still comes after the habit is done",
        [("      if settled(latest.day) { continue }\n",
          "      if settled(latest.day) && !latest.isNudge { continue }\n")],
        suites(AGENT, "SnoozeAndNudgeTests", "PlannerTests"), year=True),
    Mutant(
        "wake-for-settled", PLANNER, "the agent wakes for the nudges of a day already done",
        [("where slot.at > now && !settled(slot.day)\n", "where slot.at > now\n")],
        suites(AGENT, "SnoozeAndNudgeTests", "PlannerTests"), year=True),
    Mutant(
        "catch-up-in-quiet-hours", PLANNER, "a catch-up is shown inside quiet hours",
        [("    if quietAdjusted(now) != now { return nil }\n", "")],
        suites(AGENT, "QuietHoursTests", "CatchUpTests", "YearSimulationFindingsTests"), year=True),
    Mutant(
        "on-time-in-quiet-hours", PLANNER,
        "a reminder up to a minute late shows inside quiet hours that began meanwhile",
        [("    if quietAdjusted(now) != now { return nil }\n"
          "    if lateness <= Self.onTimeTolerance { return slot.isNudge ? .nudge : .reminder }\n",
          "    if lateness <= Self.onTimeTolerance { return slot.isNudge ? .nudge : .reminder }\n"
          "    if quietAdjusted(now) != now { return nil }\n")],
        suites(AGENT, "ReadFaultTests", "QuietHoursTests"), year=True),
    Mutant(
        "summary-twice-a-week", PLANNER, "a second weekly summary in a week already summed up",
        [("clock.weekStart(of: $0) == clock.weekStart(of: slot.day)", "$0 == slot.day")],
        suites(AGENT, "TargetAndSummaryTests", "ZoneChangeTests", "PlantedBugTests"), year=True),
    Mutant(
        "snooze-not-held", PLANNER, "a snooze in force does not hold back a reminder not shown yet",
        [("      if let snooze = snapshot.snoozes[habit.id], snooze.recordedAt <= now, now < snooze.until {\n"
          "        continue\n      }\n", "")],
        suites(AGENT, "SnoozeAndNudgeTests", "ActionTests"), year=True),
    Mutant(
        "reminded-since-removed", PLANNER,
        "a habit reminded after its slot came (a zone change, an edit) is caught up again",
        [("      if remindedSince(latest.at, key: habit.id, now: now, snapshot: snapshot) { continue }\n",
          "")],
        suites(AGENT, "PlannerTests", "ZoneChangeTests", "CatchUpTests"), year=True),
    Mutant(
        "target-met-needs-more", PLANNER, "a period whose target is met exactly is still reminded",
        [("      >= target.count\n", "      > target.count\n")],
        suites(AGENT, "TargetAndSummaryTests", "PlannerTests"), year=True),
    Mutant(
        "redelivery-any-day", PLANNER,
        "a reminder logged but never shown is shown after a restart days later",
        [("guard day == today || (mayBeYesterday && day == today.adding(days: -1)) else {",
          "guard day <= today else {")],
        suites(AGENT, "RestartTests", "YearSimulationFindingsTests", "PlantedBugTests"),
        year=True),
    Mutant(
        "gathered-from-tomorrow", GATHERING,
        "a popup late in the evening brings forward a reminder of tomorrow",
        [("    guard let slot, slot.day == today,\n", "    guard let slot,\n")],
        suites(AGENT, "GatheringTests", "PlantedBugTests"), year=True),
    Mutant(
        "gather-window-ignored", GATHERING,
        "a popup brings forward reminders due any time later, not only within `gather`",
        [("$0.at > now && $0.at <= horizon && !$0.isNudge", "$0.at > now && !$0.isNudge")],
        suites(AGENT, "GatheringTests"), year=True),
    Mutant(
        "nudge-not-spaced", GATHERING, "a nudge comes right after another popup",
        [("    guard earliest > slot.at else { return slot.at }\n", "    return slot.at\n")],
        suites(AGENT, "GatheringTests"), year=True),
    Mutant(
        "redelivery-removed", RUNNER,
        "a reminder logged but never shown before a crash is not shown by the next agent",
        [("      deliverUndelivered(snapshot: snapshot, planner: planner, now: now)\n", "")],
        suites(AGENT, "RestartTests", "GatheringTests", "YearSimulationFindingsTests"), year=True),
    Mutant(
        "read-retry-removed", RUNNER,
        "a pass whose plan the store would not read sleeps until something else wakes it",
        [("      return now.adding(seconds: 60)\n", "      return nil\n")],
        suites(AGENT, "ReadFaultTests"), year=True),
    Mutant(
        "unworded-not-shown", RUNNER,
        "a reminder logged and then not worded, the store refusing the read, is not shown",
        [("      redeliveryDue = true\n      failed = true\n", "      failed = true\n")],
        suites(AGENT, "ReadFaultTests"), year=True),
    Mutant(
        "unworded-late-forgotten", RUNNER,
        "a catch-up not worded at first says it came while you were away, whatever the agent saw",
        [("        firing.late = late\n", "")],
        suites(AGENT, "CatchUpReasonTests")),
    Mutant(
        "brought-forward-gathered-again", GATHERING,
        "a reminder brought forward is brought forward again into a popup after travel east",
        [("    if let due = snapshot.broughtForward[habitID], due >= slot.at { return nil }\n", "")],
        suites(AGENT, "ZoneChangeTests")),
    Mutant(
        "gathered-update-not-retried", "Sources/HabitsAgent/AgentRunner+Gathering.swift",
        "a gathered popup the store could not be read for after a button never comes back",
        [("      gatheredUpdateDue = true\n", "")],
        suites(AGENT, "ReadFaultTests")),
    Mutant(
        "not-marked-delivered", RUNNER, "a reminder shown is never marked delivered",
        [("        markDelivered(habitID: firing.habitID, due: firing.due)\n", "")],
        suites(AGENT, "RestartTests"), year=True),
    Mutant(
        "refused-mark-dropped", RUNNER,
        "a mark the store refused is never made, so a restart shows the reminder again",
        [("    markUnmarked()\n", "")],
        suites(AGENT, "RestartTests"), year=True),
    Mutant(
        "log-after-show", RUNNER,
        "a reminder is shown before it is written to the store's log, not after",
        [("    var fresh: [ReminderPlanner.Firing] = []\n    var failed = false\n",
          "    var fresh: [ReminderPlanner.Firing] = []\n    var failed = false\n"
          "    let early = try? compose(popup, planner: planner, now: now)\n"
          "    let shownEarly = early.map { notifier.deliver($0) }\n"
          "    if early?.key == ReminderComposer.gatheredKey { openGathered = popup }\n"
          "    if case .failed(let reason) = shownEarly {\n"
          "      for _ in popup { logger.error(\"could not show the reminder: \\(reason)\") }\n"
          "    }\n"),
         ("      show(notification, firings: fresh)\n",
          "      _ = notification\n"
          "      if case .shown = shownEarly {\n"
          "        for firing in fresh { markDelivered(habitID: firing.habitID, due: firing.due) }\n"
          "      }\n")],
        suites(AGENT, "RestartTests", "GatheringTests", "PlantedBugTests"), year=True),
    Mutant(
        "snooze-button-ignored", RUNNER, "Snooze on a popup records nothing",
        [("          try store.snooze(\n"
          "            habitID: event.habitID, until: now.adding(seconds: SnoozeLength.standard), at: now,\n"
          "            day: event.day)\n", "")],
        suites(AGENT, "SnoozeAndNudgeTests", "ActionTests")),
    Mutant(
        "quiet-end-inclusive", "Sources/HabitsCore/ScheduleFiles/Config.swift",
        "the minute quiet hours end at is still inside them",
        [("start <= end ? (time >= start && time < end) : (time >= start || time < end)",
          "start <= end ? (time >= start && time <= end) : (time >= start || time <= end)")],
        suites(AGENT, "QuietHoursTests", "CatchUpTests", "YearSimulationFindingsTests") + "|"
        + suites(CORE, "ConfigFileTests", "ReminderTimelineTests"), year=True),
    Mutant(
        "quiet-release-next-morning", "Sources/HabitsCore/ScheduleFiles/Config.swift",
        "quiet hours across midnight hold a reminder after midnight until the morning after",
        [("if start > end && time >= start { endDate = endDate.adding(days: 1) }",
          "if start > end { endDate = endDate.adding(days: 1) }")],
        suites(AGENT, "QuietHoursTests", "CatchUpTests") + "|"
        + suites(CORE, "ConfigFileTests", "ReminderTimelineTests"), year=True),
    Mutant(
        "slot-past-its-day-kept", "Sources/HabitsCore/Reminders/ReminderSlot.swift",
        "a slot that quiet hours push into the next day is kept",
        [("    return slots.filter { clock.day(of: $0.at) <= $0.day }\n", "    return slots\n")],
        suites(AGENT, "QuietHoursTests") + "|" + suites(CORE, "ReminderTimelineTests"), year=True),
    Mutant(
        "nudge-until-exclusive", "Sources/HabitsCore/Reminders/ReminderSlot.swift",
        "no nudge at the very minute of its `until`",
        [("limit = min(limit, zone.instant(for: local).adding(seconds: 1))",
          "limit = min(limit, zone.instant(for: local))")],
        suites(AGENT, "SnoozeAndNudgeTests") + "|" + suites(CORE, "ReminderTimelineTests"),
        year=True),
    Mutant(
        "sync-after-snapshot", RUNNER,
        "a pass reads the store for planning before it merges the sync folder",
        [("    synchronize(now: now)\n    markUnmarked()\n    withdrawSettled(planner: planner, now: now)\n"
          "    let snapshot: ReminderPlanner.Snapshot\n",
          "    markUnmarked()\n    let snapshot: ReminderPlanner.Snapshot\n"),
         ("    if watchingSince == nil { watchingSince = now }\n",
          "    synchronize(now: now)\n    withdrawSettled(planner: planner, now: now)\n"
          "    if watchingSince == nil { watchingSince = now }\n")],
        suites(AGENT, "SyncAgentTests", "SyncWithdrawalTests", "DeviceYearSimulationTests")),
    Mutant(
        "sync-offset-past-torn-line", "Sources/HabitsStore/HabitStore+Sync.swift",
        "a merge records a file as read up to its end, a torn last line included",
        [("          db, path, offset: chunk.consumed, lines: chunk.lines, state: bytes.state,\n"
          "          tail: bytes.tail(readTo: chunk.consumed, from: offset, recorded: position?.tail))",
          "          db, path, offset: offset + bytes.bytes.count, lines: chunk.lines,"
          " state: bytes.state, tail: nil)")],
        suites("HabitsStoreTests", "SyncStoreTests") + "|" + suites(AGENT, "DeviceYearSimulationTests")),
    Mutant(
        "note-written-over-unseen-replaces", "Sources/HabitsSync/DayReplay.swift",
        "a note written over another than the day's replaces it rather than join it",
        [("    guard let over = event.over, let note = event.change.note, let old = state.note,\n",
          "    guard event.id.text.isEmpty, let over = event.over, let note = event.change.note,"
          " let old = state.note,\n")],
        suites("HabitsSyncTests", "DayReplayTests") + "|" + suites("HabitsStoreTests", "SyncStoreTests")),
    Mutant(
        "sync-tail-unchecked", "Sources/HabitsSync/SyncFolder.swift",
        "a read goes on from where the last stopped without checking the bytes before it",
        [("guard tail.length <= offset, tail.matches(before, atFileStart: start == 0) else {",
          "guard tail.length <= offset, !before.isEmpty || before.isEmpty else {")],
        suites("HabitsStoreTests", "SyncRejoinTests", "TogetherEventsTests") + "|"
        + suites("HabitsSyncTests", "FileTailTests")),
    Mutant(
        "sync-recorded-at-first-event", "Sources/HabitsStore/HabitStore+Sync.swift",
        "a day replayed from its events is recorded at its first event's stamp, not its latest",
        [("insert.bind(6, instantText(latest.seconds))", "insert.bind(6, instantText(first.seconds))")],
        suites("HabitsStoreTests", "SyncStoreTests") + "|" + suites(AGENT, "DeviceYearSimulationTests")),
    Mutant(
        "gathered-unmerged", "Sources/HabitsAgent/AgentRunner+Gathering.swift",
        "the gathered popup, after a press, is judged before the folder's new events are merged",
        [("    let now = clock.now()\n    synchronize(now: now)\n", "    let now = clock.now()\n")],
        suites(AGENT, "SyncGatheredPressTests", "GatheringTests", "DeviceYearSimulationTests")),
    Mutant(
        "strength-decay", "Sources/HabitsCore/Progress/Strength.swift",
        "the strength's daily decay uses 12 where Loop uses 13",
        [("let multiplier = pow(0.5, frequency.squareRoot() / 13)",
          "let multiplier = pow(0.5, frequency.squareRoot() / 12)")],
        suites(CORE, "StrengthTests")),
    Mutant(
        "skip-breaks-streak", HISTORY, "a skipped day breaks the streak",
        [("} else if isSkipped(day) || day == today {", "} else if day == today {")],
        suites(CORE, "StreakTests", "StreakAndSummaryLineKeyTests")),
    Mutant(
        "streak-counts-missed", HISTORY, "a missed day counts towards the streak",
        [("        continue\n      } else {\n        run = 0\n      }\n",
          "        continue\n      } else {\n        run += 1\n      }\n")],
        suites(CORE, "StreakTests", "StreakAndSummaryLineKeyTests")),
    Mutant(
        "week-period-six-days", HISTORY, "a weekly target's period is a day short",
        [("case .week: return start.adding(days: 7)", "case .week: return start.adding(days: 6)")],
        suites(CORE, "TargetDaysTests", "StreakTests", "WeekSummaryTests")),
    Mutant(
        "days-block-off-by-one", HISTORY, "a block of days starts a day after its anchor",
        [("return CivilDate(daysSinceEpoch: anchor + block * n)",
          "return CivilDate(daysSinceEpoch: anchor + block * n + 1)")],
        suites(CORE, "TargetDaysTests", "StreakTests")),
    Mutant(
        "sync-rejoin-holds-its-rows", "Sources/HabitsStore/HabitStore+Sync.swift",
        "joining again holds this device's record of every day over what the others did meanwhile",
        [("      if again {\n", "      if again && Bool(\"false\")! {\n")],
        suites("HabitsStoreTests", "SyncRejoinTests")),
    Mutant(
        "sync-copy-unchecked", "Sources/HabitsStore/HabitStore+Sync.swift",
        "a copy of a database that joined writes as the device it copied",
        [("home: home, copiedFrom: copiedFrom)", "home: home, copiedFrom: nil)")],
        suites("HabitsStoreTests", "SyncRejoinTests", "TogetherStoreTests")),
    Mutant(
        "event-of-another-device-taken", "Sources/HabitsSync/EventFileReader.swift",
        "a line in a device's file that names another device is taken as that device's",
        [("guard let owner = chunk.owner, event.stamp.device != owner else { return nil }",
          "guard let owner = chunk.owner, event.stamp.device != owner, owner.text.isEmpty else {\n      return nil\n    }")],
        suites("HabitsStoreTests", "SyncRejoinTests") + "|"
        + suites("HabitsSyncTests", "EventFileReaderTests")),
    Mutant(
        "together-third-person-let-in", "Sources/HabitsStore/HabitStore+Together.swift",
        "a new person joins a together folder two people share",
        [("if named.isEmpty && people.count >= 2 {", "if named.isEmpty && people.count >= 3 {")],
        suites("HabitsStoreTests", "TogetherStoreTests")),
    Mutant(
        "period-streak-settled-by-first-period", HISTORY,
        "a missed first period, which may begin before the check-ins read, settles a streak",
        [("        run = 0\n        settled = settled || start > first\n      }\n      start = nextPeriod",
          "        run = 0\n        settled = settled || start >= first\n      }\n      start = nextPeriod")],
        suites(CORE, "StreakTests")),
]


# --- the scratch copy ------------------------------------------------------


def tracked_files(root: Path) -> list[str]:
    """The working tree's files that git knows or would add: what a build sees."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root, check=True, capture_output=True).stdout
    return [name for name in out.decode().split("\0") if name and (root / name).is_file()]


def sync(source: Path, tree: Path) -> int:
    """Makes `tree` hold the working tree's files, copying only those that
    differ, so that the copy's build stays incremental. Returns how many."""
    names = tracked_files(source)
    if (source / "Package.resolved").is_file():
        names.append("Package.resolved")
    copied = 0
    for name in names:
        src, dst = source / name, tree / name
        data = src.read_bytes()
        if dst.is_file() and dst.read_bytes() == data:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(data)
        shutil.copymode(src, dst)
        copied += 1
    wanted = set(names)
    for folder in ("Sources", "Tests"):
        for path in (tree / folder).rglob("*"):
            if path.is_file() and str(path.relative_to(tree)) not in wanted:
                path.unlink()
                copied += 1
    return copied


# --- checking the list -----------------------------------------------------


def check(mutants: list[Mutant], root: Path) -> list[str]:
    """What is wrong with the list: every original text exactly once in its file."""
    problems = []
    names = set()
    for mutant in mutants:
        if mutant.name in names:
            problems.append(f"{mutant.name}: the name is used twice")
        names.add(mutant.name)
        path = root / mutant.file
        if not path.is_file():
            problems.append(f"{mutant.name}: {mutant.file} does not exist")
            continue
        text = path.read_text()
        for original, replacement in mutant.edits:
            count = text.count(original)
            if count != 1:
                first = original.strip().splitlines()[0] if original.strip() else repr(original)
                problems.append(
                    f"{mutant.name}: {mutant.file} holds {count} copies of '{first}', "
                    "not exactly one: the code moved; update the mutant")
            if original == replacement:
                problems.append(f"{mutant.name}: the replacement is the original")
    return problems


def mutated(text: str, mutant: Mutant) -> str:
    for original, replacement in mutant.edits:
        text = text.replace(original, replacement, 1)
    return text


# --- running ---------------------------------------------------------------


@dataclasses.dataclass
class Result:
    mutant: Mutant
    outcome: str  # caught, survived, did not build
    by: str
    seconds: float


def run(command: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None,
        timeout: float | None = None) -> tuple[int | None, str]:
    """Runs `command`, its output appended to `log`; (status or None on timeout, output)."""
    with log.open("a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        # In a process group of its own, so that a timeout also stops the
        # test runner `swift test` starts, not only `swift test`.
        process = subprocess.Popen(
            command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, errors="replace", start_new_session=True)
        try:
            text, _ = process.communicate(timeout=timeout)
            status: int | None = process.returncode
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            text, _ = process.communicate()
            status = None
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        out.write(text)
        return status, text


FAILED_TEST = [
    re.compile(r'✘ Test (".*?"|\S+\(\S*\)) (?:recorded an issue|failed)'),
    re.compile(r"Test Case '(.*?)' failed"),
]
TESTS_RUN = re.compile(r"Test run with (\d+) tests?")
XCTESTS_RUN = re.compile(r"Executed (\d+) tests?")
BROKEN_PROMISE = re.compile(r"^\s*FAILED \S+: (.*)$", re.MULTILINE)


def failing_tests(output: str) -> list[str]:
    seen: list[str] = []
    for pattern in FAILED_TEST:
        for match in pattern.finditer(output):
            name = match.group(1).strip('"')
            if name not in seen:
                seen.append(name)
    return seen


def build(tree: Path, log: Path) -> bool:
    status, _ = run(["swift", "build", "--build-tests"], tree, log)
    return status == 0


def test(tree: Path, log: Path, pattern: str, env: dict[str, str], timeout: float
         ) -> tuple[str, str]:
    """('passed' | 'failed' | 'timeout', what failed)."""
    status, output = run(["swift", "test", "--skip-build", "--filter", pattern], tree, log, env,
                         timeout)
    if status is None:
        return "timeout", f"timed out after {timeout:.0f} s"
    if status == 0:
        ran = sum(int(n) for n in TESTS_RUN.findall(output))
        ran += sum(int(n) for n in XCTESTS_RUN.findall(output))
        if ran == 0:
            raise SystemExit(f"mutants: the filter {pattern} runs no test; fix the list")
        return "passed", ""
    names = failing_tests(output)
    what = ", ".join(names[:3]) + (f" (+{len(names) - 3})" if len(names) > 3 else "")
    # The simulated year names the promise it saw broken.
    broken = BROKEN_PROMISE.search(output)
    if broken:
        what += f" ({broken.group(1)[:160]})"
    return "failed", what


def try_mutant(mutant: Mutant, tree: Path, log: Path, year_env: dict[str, str],
               timeout: float) -> Result:
    started = time.monotonic()
    path = tree / mutant.file
    original = path.read_text()
    path.write_text(mutated(original, mutant))
    try:
        with log.open("a") as out:
            out.write(f"\n===== {mutant.name}: {mutant.description}\n")
        if not build(tree, log):
            return Result(mutant, "did not build", "", time.monotonic() - started)
        stages = [(mutant.tests, {})]
        if mutant.year:
            stages.append((YEAR, year_env))
        for pattern, env in stages:
            outcome, what = test(tree, log, pattern, env, timeout)
            if outcome != "passed":
                label = "year simulation" if pattern == YEAR else "focused suites"
                by = f"{label}: {what}" if what else label
                return Result(mutant, "caught", by, time.monotonic() - started)
        return Result(mutant, "survived", "", time.monotonic() - started)
    finally:
        path.write_text(original)


def table(results: list[Result]) -> str:
    rows = [("mutant", "result", "time", "caught by")]
    for r in results:
        rows.append((r.mutant.name, r.outcome, f"{r.seconds:.0f} s", r.by or "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = []
    for row in rows:
        lines.append("  ".join(row[i].ljust(widths[i]) for i in range(3)) + "  " + row[3])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="./dev mutants",
        description="Plants each bug of the list in a scratch copy of the tree, one at a time, "
        "and runs the tests that should catch it. Exits 1 if a mutant survived or did not build.")
    parser.add_argument("names", nargs="*", help="only these mutants (default: all)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--check", action="store_true",
                        help="only check that each original text occurs once in its file")
    parser.add_argument("--scratch", type=Path,
                        help="the scratch folder (default: $DEV_SCRATCH_PATH/mutants)")
    parser.add_argument("--seeds", type=int, default=1,
                        help="seeds of the year simulation, for mutants the suites let through "
                        "(default 1)")
    parser.add_argument("--days", type=int, default=365,
                        help="days of each simulated year (default 365)")
    parser.add_argument("--no-year", action="store_true", help="never run the year simulation")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the run of every mutant's tests on the unmutated tree")
    parser.add_argument("--timeout", type=float, default=1200,
                        help="seconds a test run may take before it counts as caught "
                        "(a planted bug that hangs; default 1200)")
    args = parser.parse_args()

    if args.list:
        width = max(len(m.name) for m in MUTANTS)
        for m in MUTANTS:
            print(f"{m.name.ljust(width)}  {m.file}: {m.description}")
        return 0
    unknown = [name for name in args.names if name not in {m.name for m in MUTANTS}]
    if unknown:
        print(f"mutants: no mutant named {', '.join(unknown)}; see ./dev mutants --list",
              file=sys.stderr)
        return 64
    chosen = [m for m in MUTANTS if not args.names or m.name in args.names]
    problems = check(chosen, ROOT)
    if problems:
        print("mutants: the list no longer matches the sources:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    if args.check:
        print(f"mutants: all {len(chosen)} original texts occur exactly once")
        return 0
    if args.no_year:
        for m in chosen:
            m.year = False

    scratch = args.scratch or ROOT / os.environ.get("DEV_SCRATCH_PATH", ".build") / "mutants"
    scratch = scratch.resolve()
    tree = scratch / "tree"
    tree.mkdir(parents=True, exist_ok=True)
    # Two runs over one copy would test each other's mutants.
    lock = (scratch / "lock").open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"mutants: another run is using {scratch}; wait for it, or pass --scratch",
              file=sys.stderr)
        return 2
    log = scratch / "mutants.log"
    log.write_text("")
    year_env = {"HABITS_SIM_SEEDS": str(args.seeds), "HABITS_SIM_DAYS": str(args.days)}
    started = time.monotonic()
    print(f"mutants: copying the tree to {tree} ({sync(ROOT, tree)} files changed); "
          f"output in {log}", flush=True)
    # The copy may hold a mutant from a run stopped midway: the sync put
    # the sources back, so the list must match them there too.
    if check(chosen, tree):
        print("mutants: the scratch copy does not match the tree", file=sys.stderr)
        return 2

    print("mutants: building the unmutated tree", flush=True)
    if not build(tree, log):
        print(f"mutants: the unmutated tree does not build; see {log}", file=sys.stderr)
        return 2
    if not args.no_baseline:
        patterns = sorted({m.tests for m in chosen})
        pattern = "|".join(f"({p})" for p in patterns)
        if any(m.year for m in chosen):
            pattern += f"|({YEAR})"
        print("mutants: the tests on the unmutated tree", flush=True)
        outcome, what = test(tree, log, pattern, year_env, args.timeout * 2)
        if outcome != "passed":
            print(f"mutants: the tests fail without any mutant ({what}); see {log}",
                  file=sys.stderr)
            return 2

    results: list[Result] = []
    for index, mutant in enumerate(chosen, 1):
        print(f"mutants: [{index}/{len(chosen)}] {mutant.name}: {mutant.description}", flush=True)
        result = try_mutant(mutant, tree, log, year_env, args.timeout)
        print(f"         {result.outcome} in {result.seconds:.0f} s"
              + (f" by {result.by}" if result.by else ""), flush=True)
        results.append(result)
    elapsed = time.monotonic() - started
    print()
    print(table(results))
    caught = sum(r.outcome == "caught" for r in results)
    print(f"\nmutants: {caught} of {len(results)} caught in {elapsed:.0f} s "
          f"(year simulation: {args.seeds} seed(s) of {args.days} days"
          f"{', off' if args.no_year else ''})")
    bad = [r for r in results if r.outcome != "caught"]
    for r in bad:
        print(f"mutants: {r.mutant.name} {r.outcome}: {r.mutant.description}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
