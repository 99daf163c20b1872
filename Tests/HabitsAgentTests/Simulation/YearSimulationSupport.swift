// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Synchronization

@testable import HabitsAgent
@testable import HabitsStore

// The machinery of the simulated year (`YearSimulation`): a seeded random
// source, schedule files to live with, the store as the oracle reads it, the
// oracle that knows what should happen, and the wake source that hands each
// sleep of the agent to the simulation.

// MARK: Randomness

/// SplitMix64: small, fast, and the same sequence for a seed on every machine.
struct SimulationRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed &* 0x2545_F491_4F6C_DD1D ^ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A whole number in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

  /// A number spread evenly over the logarithm: as many minutes as hours as days.
  mutating func logUniform(_ low: Int, _ high: Int) -> Int {
    let u = Double(next() >> 11) / Double(1 << 53)
    return Int((exp(log(Double(low)) + u * (log(Double(high)) - log(Double(low))))).rounded())
  }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  /// Several distinct items, in their order in `items`.
  mutating func subset<T>(_ items: [T], count: Int) -> [T] {
    var chosen = Set<Int>()
    while chosen.count < min(count, items.count) { chosen.insert(int(0...(items.count - 1))) }
    return items.indices.filter(chosen.contains).map { items[$0] }
  }

  /// Picks one of `options` by weight.
  mutating func weighted<T>(_ options: [(Double, T)]) -> T {
    let total = options.reduce(0) { $0 + $1.0 }
    var u = Double(next() >> 11) / Double(1 << 53) * total
    for (weight, value) in options {
      if u < weight { return value }
      u -= weight
    }
    return options[options.count - 1].1
  }
}

// MARK: Schedule files

/// The files a simulated person keeps: the shipped schedules, switched on,
/// and habits made up from the seed in all three forms of `when`.
enum SimulationSchedules {
  /// `schedules/*.toml` of the package, found from this file, each with `enabled = true`.
  static func shipped() -> [(id: String, text: String)] {
    // Tests/HabitsAgentTests/Simulation/ is three folders below the package.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("schedules")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter { $0.hasSuffix(".toml") }.sorted().compactMap { name in
      guard let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
      else { return nil }
      return (
        String(name.dropLast(5)),
        text.replacingOccurrences(of: "enabled = false", with: "enabled = true")
      )
    }
  }

  static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
  static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

  /// A time of day, biased towards the hard ones: daylight-saving gaps and
  /// overlaps (00:30 in Santiago, 01:30 and 02:30 elsewhere), just before
  /// midnight, around a 04:00 day start, and inside common quiet hours.
  static func time(_ rng: inout SimulationRandom) -> (hour: Int, minute: Int) {
    if rng.chance(0.3) {
      return rng.pick([
        (0, 30), (1, 30), (2, 0), (2, 30), (23, 50), (3, 59), (4, 0), (4, 10), (23, 0), (7, 0),
      ])
    }
    return (rng.int(5...22), rng.pick([0, 5, 15, 30, 45, 50]))
  }

  static func text(_ t: (hour: Int, minute: Int)) -> String {
    "\(t.hour):\(t.minute < 10 ? "0" : "")\(t.minute)"
  }

  /// A `when` in one of the three forms, and the `start` it needs, if any.
  static func when(
    _ rng: inout SimulationRandom, start: CivilDate
  ) -> (when: String, start: CivilDate?) {
    let t = time(&rng)
    let u = time(&rng)
    let at = text(t)
    let hours = Array(Set([t.hour, u.hour])).sorted()
    switch rng.int(0...2) {
    case 0:
      let times = Array(Set(hours + [rng.int(6...21)])).sorted().map { text(($0, t.minute)) }
      let days = rng.subset(weekdays, count: rng.int(1...4)).joined(separator: ", ")
      let twelve =
        "\(t.hour % 12 == 0 ? 12 : t.hour % 12):\(at.suffix(2))\(t.hour < 12 ? "am" : "pm")"
      let every =
        "every \(rng.int(2...3)) hours from \(rng.int(7...10)):00 to \(rng.int(17...21)):00"
      let fortnight = "every 2 weeks on \(rng.pick(["saturday", "wednesday"])) at \(at)"
      let monthly = "monthly on the \(rng.pick(["1st", "15th", "28th"])) at \(at)"
      return rng.weighted([
        (3, ("daily at \(at)", nil)), (1, ("daily at \(times.joined(separator: ", "))", nil)),
        (1, ("weekdays at \(at)", nil)), (1, ("weekends at \(at)", nil)),
        (1, ("every \(days) at \(at)", nil)), (1, (fortnight, start)), (1, (monthly, nil)),
        (1, ("monthly on the last friday at \(at)", nil)), (1, (every, nil)),
        (1, ("daily at \(twelve)", nil)),
      ])
    case 1:
      let byHour = "BYHOUR=\(hours.map(String.init).joined(separator: ","));BYMINUTE=\(t.minute)"
      let one = "BYHOUR=\(t.hour);BYMINUTE=\(t.minute)"
      let days = rng.subset(codes, count: rng.int(1...3)).joined(separator: ",")
      let rule = rng.weighted([
        (2, "FREQ=DAILY;\(byHour)"), (1, "RRULE:FREQ=DAILY;INTERVAL=\(rng.int(2...3));\(one)"),
        (1, "FREQ=WEEKLY;BYDAY=\(days);\(byHour)"),
        (1, "FREQ=WEEKLY;INTERVAL=2;BYDAY=\(rng.pick(codes));\(one)"),
        (1, "FREQ=MONTHLY;BYMONTHDAY=\(rng.pick(["1", "-1", "10,20"]));\(one)"),
        (1, "FREQ=HOURLY;INTERVAL=\(rng.int(3...5));BYMINUTE=\(t.minute)"),
      ])
      return (rule, start)
    default:
      let list = hours.map(String.init).joined(separator: ",")
      let days = rng.subset(weekdays, count: 2).joined(separator: ",")
      let cron = rng.weighted([
        (2, "\(t.minute) \(t.hour) * * *"), (1, "\(t.minute) \(list) * * mon-fri"),
        (1, "\(t.minute) \(t.hour) * * \(days)"), (1, "\(t.minute) \(t.hour) 1,15 * *"),
        (1, "*/\(rng.pick([20, 30])) \(rng.int(8...11))-\(rng.int(12...14)) * * *"),
        (1, "\(t.minute) */\(rng.int(3...6)) * * *"),
      ])
      return (cron, nil)
    }
  }

  /// A whole habit file.
  static func habit(
    _ id: String, _ rng: inout SimulationRandom, start: CivilDate, target: String? = nil
  ) -> String {
    // Some habits start before the year, some during it.
    let anchor = start.adding(days: rng.int(-40...60))
    let (when, needsStart) = self.when(&rng, start: anchor)
    var lines = [
      "title = \"\(id.capitalized)\"",
      "practice = \"Simulated\"",
      "description = \"A made-up habit for the simulated year.\"",
      "when = \"\(when)\"",
    ]
    let drawn =
      rng.chance(0.25)
      ? rng.pick(SimulationConfig.targets(rng.pick(SimulationConfig.TargetKind.allCases))) : nil
    let target = target ?? drawn
    if let needsStart {
      lines.append("start = \(needsStart)")
    } else if target?.hasSuffix("days") == true, rng.chance(0.5) {
      // Blocks of days run from `start`, else from 1970-01-01.
      lines.append("start = \(start.adding(days: -rng.int(0...40)))")
    }
    if let target { lines.append("target = \"\(target)\"") }
    if rng.chance(0.3) { lines.append("prompts = [\"One\", \"Two\", \"Three\"]") }
    if rng.chance(0.35) {
      lines.append("[nudge]")
      lines.append(
        "repeat = \"\(rng.pick(["15m", "20m", "30m", "45m", "1h", "1h30m", "2h", "3h"]))\"")
      if rng.chance(0.75) {
        lines.append(
          "until = \"\(rng.pick(["12:00", "21:00", "22:00", "23:30", "01:00", "03:00"]))\"")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// An edit that breaks the file: a typo, a bad `when`, bad TOML.
  static func broken(_ text: String, _ rng: inout SimulationRandom) -> String {
    switch rng.int(0...3) {
    case 0: return text.replacingOccurrences(of: "when =", with: "wehn =")
    case 1: return "title = \"Broken\"\nwhen = \"every sundy at 10:00\"\n"
    case 2: return text + "\n[nudge\nrepeat = 30m\n"
    default: return "title = \"Broken\"\nwhen = \"0 25 * * *\"\n"
    }
  }
}

// MARK: What the store holds

/// A reminder in the log: the habit ("" for the summary) and its due instant.
struct SlotKey: Hashable, Comparable, CustomStringConvertible {
  var habit: String
  var due: Instant

  static func < (a: SlotKey, b: SlotKey) -> Bool { (a.habit, a.due) < (b.habit, b.due) }
  var description: String { "\(habit.isEmpty ? "summary" : habit)@\(due)" }
}

/// The store as the oracle reads it: check-ins, snoozes, and a mirror of the
/// reminder log, read row by row as it grows (the log is never rewritten).
struct StoreView {
  struct LogRow {
    var key: SlotKey
    var firedAt: Instant
    var kind: String
    /// The day the agent said it was about.
    var day: CivilDate?
  }

  var checkIns: [String: [CheckIn]] = [:]
  var snoozes: [String: (until: Instant, recordedAt: Instant, day: CivilDate?)] = [:]
  /// Every reminder ever logged.
  private(set) var log: [SlotKey: LogRow] = [:]
  /// Each habit's reminders ("" for the summary), in the order they were logged.
  private var byHabit: [String: [LogRow]] = [:]
  /// When every reminder was fired, in order of time: the popups.
  private var firedTimes: [Instant] = []
  private var lastRow = 0

  /// Reads the check-ins of the last weeks again.
  mutating func readCheckIns(_ store: HabitStore, at now: Instant, clock: DayClock) throws {
    let since = clock.day(of: now).adding(days: -70)
    checkIns = Dictionary(grouping: try store.checkIns(since: since), by: \.habitID)
  }

  /// Reads one habit's check-ins of the last weeks again.
  mutating func readCheckIns(
    _ store: HabitStore, of habit: String, at now: Instant, clock: DayClock
  ) throws {
    checkIns[habit] = try store.checkIns(
      habitID: habit, since: clock.day(of: now).adding(days: -70))
  }

  /// Reads the snoozes again.
  mutating func readSnoozes(_ store: HabitStore) throws {
    let days = try store.snoozedDays()
    snoozes = [:]
    for (habit, snooze) in try store.allSnoozes() {
      snoozes[habit] = (snooze.until, snooze.recordedAt, days[habit])
    }
  }

  /// Reads the rows logged since the last read; returns them.
  mutating func readLog(_ store: HabitStore) throws -> [LogRow] {
    let lines = try store.fetchRawStrings(
      """
      SELECT id || '|' || ifnull(habit, '') || '|' || due || '|' || fired_at || '|' || kind
        || '|' || ifnull(day, '')
      FROM reminder_log WHERE id > \(lastRow) ORDER BY id
      """)
    var rows: [LogRow] = []
    for line in lines.compactMap({ $0 }) {
      let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
      guard parts.count == 6, let id = Int(parts[0]), let due = HabitStore.instant(parts[2]),
        let fired = HabitStore.instant(parts[3])
      else { throw HabitsError("unreadable reminder_log row '\(line)'") }
      let row = LogRow(
        key: SlotKey(habit: parts[1], due: due), firedAt: fired, kind: parts[4],
        day: CivilDate(iso: parts[5]))
      lastRow = max(lastRow, id)
      log[row.key] = row
      byHabit[row.key.habit, default: []].append(row)
      var index = firedTimes.endIndex
      while index > firedTimes.startIndex && firedTimes[index - 1] > fired { index -= 1 }
      firedTimes.insert(fired, at: index)
      rows.append(row)
    }
    return rows
  }

  func isLogged(_ key: SlotKey) -> Bool { log[key] != nil }

  /// The days `habit`'s logged reminders were about ("" for the summaries).
  func loggedDays(_ habit: String) -> [CivilDate] {
    (byHabit[habit] ?? []).compactMap(\.day)
  }

  /// When the last popup of any habit or the summary came, not counting
  /// those fired after `now` (which a clock set back makes look so).
  func lastPopup(notAfter now: Instant) -> Instant? {
    var low = 0
    var high = firedTimes.count
    while low < high {
      let mid = (low + high) / 2
      if firedTimes[mid] > now { high = mid } else { low = mid + 1 }
    }
    return low > 0 ? firedTimes[low - 1] : nil
  }

  /// When `habit` was last reminded, not counting reminders fired after `now`
  /// (which a clock set back makes look so).
  func lastFired(_ habit: String, notAfter now: Instant) -> Instant? {
    var latest: Instant?
    for row in (byHabit[habit] ?? []).suffix(64) where row.firedAt <= now {
      if latest.map({ row.firedAt > $0 }) ?? true { latest = row.firedAt }
    }
    return latest
  }

  /// When `habit` was first reminded after `now`: only a clock set back
  /// leaves such a reminder, which on the day of `now` still was given.
  func firstFired(_ habit: String, after now: Instant) -> Instant? {
    var first: Instant?
    for row in (byHabit[habit] ?? []).suffix(64) where row.firedAt > now {
      if first.map({ row.firedAt < $0 }) ?? true { first = row.firedAt }
    }
    return first
  }

  /// The latest due instant of `habit`'s reminders fired before their time
  /// (brought forward into an earlier popup), not counting those fired after `now`.
  func broughtForward(_ habit: String, notAfter now: Instant) -> Instant? {
    var latest: Instant?
    for row in (byHabit[habit] ?? []).suffix(64)
    where row.firedAt <= now && row.key.due > row.firedAt {
      if latest.map({ row.key.due > $0 }) ?? true { latest = row.key.due }
    }
    return latest
  }
}

// MARK: The oracle

/// What should happen, worked out from the documented rules (SCHEDULES.md and
/// the planner's contract): the schedule's occurrences in the zone, quiet
/// hours, nudges, snoozes, catch_up, and what the store holds. It never asks
/// the planner.
struct Oracle {
  struct Slot: CustomStringConvertible {
    var due: Instant
    var at: Instant
    var day: CivilDate
    var isNudge = false
    var isSnooze = false
    /// A nudge's last chance: its `until`, the next reminder or the end of its day.
    var limit: Instant?

    var description: String {
      "due \(due) at \(at) for \(day)\(isNudge ? " (nudge)" : "")\(isSnooze ? " (snooze end)" : "")"
    }
  }

  enum Kind: String {
    case reminder, nudge
    case catchUp = "catch-up"
    case summary
  }

  struct Decision: CustomStringConvertible {
    var slot: Slot
    var kind: Kind
    var description: String { "\(kind.rawValue) \(slot)" }
  }

  var config: Config
  var zone: Zone

  var clock: DayClock { DayClock(zone: zone, config: config) }

  /// Whether `instant` falls in quiet hours: from their start up to (not
  /// including) their end, across midnight when the end comes first in the day.
  func inQuietHours(_ instant: Instant) -> Bool {
    guard let quiet = config.quietHours else { return false }
    let local = zone.local(instant)
    let minute = local.hour * 60 + local.minute
    let start = quiet.start.hour * 60 + quiet.start.minute
    let end = quiet.end.hour * 60 + quiet.end.minute
    return start <= end ? minute >= start && minute < end : minute >= start || minute < end
  }

  /// `instant`, or the end of the quiet hours it falls in.
  func afterQuietHours(_ instant: Instant) -> Instant {
    guard let quiet = config.quietHours, inQuietHours(instant) else { return instant }
    let local = zone.local(instant)
    let afterStart = (local.hour, local.minute) >= (quiet.start.hour, quiet.start.minute)
    let date = quiet.start > quiet.end && afterStart ? local.date.adding(days: 1) : local.date
    return zone.instant(
      for: LocalDateTime(date: date, hour: quiet.end.hour, minute: quiet.end.minute))
  }

  /// The ends of quiet hours strictly between `from` and `to`.
  func quietEnds(after from: Instant, before to: Instant) -> [Instant] {
    guard let quiet = config.quietHours else { return [] }
    var result: [Instant] = []
    var date = zone.local(from).date.adding(days: -1)
    while true {
      let end = zone.instant(
        for: LocalDateTime(date: date, hour: quiet.end.hour, minute: quiet.end.minute))
      if end >= to { break }
      if end > from { result.append(end) }
      date = date.adding(days: 1)
    }
    return result
  }

  /// Every reminder a habit's days from `first` through `last` hold: each
  /// occurrence, its nudges (every `repeat` while before `until`, the end of
  /// its day and its next occurrence), moved by quiet hours and dropped when
  /// that moves them past their day; a snooze holds back what comes while it
  /// lasts and comes itself at its end.
  func slots(
    of habit: Habit, from first: CivilDate, through last: CivilDate,
    snooze: (until: Instant, recordedAt: Instant, day: CivilDate?)?
  ) -> [Slot] {
    snoozed(slots(of: habit, from: first, through: last), by: snooze)
  }

  /// The slots without any snooze.
  func slots(of habit: Habit, from first: CivilDate, through last: CivilDate) -> [Slot] {
    let clock = self.clock
    let end = clock.start(of: last.adding(days: 1))
    var occurrences: [Instant] = []
    var iterator = habit.schedule.occurrences(from: clock.start(of: first), in: zone)
    while let due = iterator.next(), due < end { occurrences.append(due) }
    var slots: [Slot] = []
    for (index, due) in occurrences.enumerated() {
      let day = clock.day(of: due)
      slots.append(Slot(due: due, at: afterQuietHours(due), day: day))
      guard let nudge = habit.nudge else { continue }
      var limit = clock.start(of: day.adding(days: 1))
      if let until = nudge.until {
        // `until` is a time of the habit's day: before the day starts, it is on the next date.
        let date = until < config.dayStartsAt ? day.adding(days: 1) : day
        let last = zone.instant(
          for: LocalDateTime(date: date, hour: until.hour, minute: until.minute))
        limit = min(limit, last.adding(seconds: 1))
      }
      if index + 1 < occurrences.count { limit = min(limit, occurrences[index + 1]) }
      var at = due.adding(seconds: nudge.repeatEvery)
      while at < limit {
        slots.append(
          Slot(due: at, at: afterQuietHours(at), day: day, isNudge: true, limit: limit))
        at = at.adding(seconds: nudge.repeatEvery)
      }
    }
    return slots.filter { clock.day(of: $0.at) <= $0.day }.sorted {
      ($0.at, $0.due) < ($1.at, $1.due)
    }
  }

  /// `slots` with a snooze: it holds back what comes while it lasts, and comes itself at its end.
  func snoozed(
    _ slots: [Slot], by snooze: (until: Instant, recordedAt: Instant, day: CivilDate?)?
  ) -> [Slot] {
    guard let snooze else { return slots }
    var slots = slots
    let from = Self.firstIndex(in: slots) { $0.at >= snooze.recordedAt }
    let to = Self.firstIndex(in: slots) { $0.at >= snooze.until }
    if from < to { slots.removeSubrange(from..<to) }
    let end = Slot(
      due: snooze.until, at: afterQuietHours(snooze.until),
      day: snooze.day ?? clock.day(of: snooze.recordedAt), isSnooze: true)
    // Before a slot of the same time and instant (a nudge the snooze ends on),
    // which, being the later of the two in order, is the one that counts.
    slots.insert(end, at: Self.firstIndex(in: slots) { ($0.at, $0.due) >= (end.at, end.due) })
    return slots
  }

  /// The first index of sorted `slots` where `isAfter` holds (it holds from there on).
  static func firstIndex(in slots: [Slot], where isAfter: (Slot) -> Bool) -> Int {
    var low = 0
    var high = slots.count
    while low < high {
      let mid = (low + high) / 2
      if isAfter(slots[mid]) { high = mid } else { low = mid + 1 }
    }
    return low
  }

  /// Whether `day` needs no reminder at `now`: done or skipped, or its period's target met.
  /// The habits of a gathered popup it comes back for after a button on it
  /// is pressed at `now`, each with the day it is about (`onScreen`), as
  /// the README promises: those still running and switched on, not snoozed
  /// then, and not settled for their day (done, skipped or met, even when
  /// that day has ended); and not due at that very second (`due`), which
  /// get a reminder of their own instead.
  func openAfterPress(
    _ onScreen: [String: CivilDate], running: [String: Habit], due: Set<String>,
    snoozedUntil: (String) -> Instant?, checkIns: (String) throws -> [CheckIn], at now: Instant
  ) rethrows -> [String: CivilDate] {
    var open: [String: CivilDate] = [:]
    for (id, day) in onScreen {
      guard let habit = running[id], habit.enabled, !due.contains(id) else { continue }
      if let until = snoozedUntil(id), until > now { continue }
      if !isSettled(habit, day, checkIns: try checkIns(id), now: now) { open[id] = day }
    }
    return open
  }

  func isSettled(_ habit: Habit, _ day: CivilDate, checkIns: [CheckIn], now: Instant) -> Bool {
    if checkIns.contains(where: { $0.day == day }) { return true }
    guard let target = habit.target else { return false }
    let today = clock.day(of: now)
    let (start, next) = period(of: habit, holding: day)
    let done = checkIns.filter {
      $0.kind == .done && $0.day >= start && $0.day < next && $0.day <= today
    }
    return done.count >= target.count
  }

  /// The period of a habit's target that holds `day`: its first day, and the
  /// first day of the next (weeks from `week_starts`, calendar months, or
  /// blocks of n days from the habit's start, or from 1970-01-01).
  func period(of habit: Habit, holding day: CivilDate) -> (start: CivilDate, next: CivilDate) {
    switch habit.target?.period {
    case .week, nil:
      let start = day.startOfWeek(config.weekStarts)
      return (start, start.adding(days: 7))
    case .month:
      let start = CivilDate(year: day.year, month: day.month, day: 1)
      return (start, start.adding(days: start.daysInMonth))
    case .days(let n):
      let anchor = habit.start?.daysSinceEpoch ?? 0
      let offset = day.daysSinceEpoch - anchor
      let start = CivilDate(daysSinceEpoch: anchor + (offset - ((offset % n) + n) % n))
      return (start, start.adding(days: n))
    }
  }

  /// The current streak of a habit with a target, as the README counts it:
  /// its periods in a row that met the target, counting back from the
  /// current one, which while it can still be met (enough days left, today
  /// among them while neither done nor skipped) breaks nothing; periods
  /// before the one holding its first check-in (or its `start`) are never
  /// missed. Blocks of days count in days: each block met its days, the
  /// current one, once met, its days so far.
  func targetStreak(of habit: Habit, checkIns: [CheckIn], today: CivilDate) -> Int? {
    guard let target = habit.target, habit.goal == nil else { return nil }
    let done = Set(checkIns.filter { $0.kind == .done && $0.day <= today }.map(\.day))
    let earliest = min(checkIns.map(\.day).min() ?? today, today)
    let first = max(habit.start ?? earliest, earliest)
    func count(_ range: (start: CivilDate, next: CivilDate)) -> Int {
      done.filter { $0 >= range.start && $0 < range.next }.count
    }
    func units(_ range: (start: CivilDate, next: CivilDate), current: Bool) -> Int {
      guard case .days = target.period else { return 1 }
      let last = current ? today : range.next.adding(days: -1)
      return last.daysSinceEpoch - range.start.daysSinceEpoch + 1
    }
    var range = period(of: habit, holding: today)
    let firstPeriod = period(of: habit, holding: first).start
    // A habit that starts after this period has none to count yet.
    guard firstPeriod <= range.start else { return 0 }
    var streak = 0
    let doneNow = count(range)
    if doneNow >= target.count {
      streak = units(range, current: true)
    } else {
      let todayOpen = !checkIns.contains { $0.day == today }
      let left = range.next.daysSinceEpoch - today.daysSinceEpoch - 1 + (todayOpen ? 1 : 0)
      if doneNow + left < target.count { return 0 }
    }
    while range.start > firstPeriod {
      range = period(of: habit, holding: range.start.adding(days: -1))
      guard count(range) >= target.count else { break }
      streak += units(range, current: false)
    }
    return streak
  }

  /// The current streak of a habit without a target or a goal, as the
  /// README counts it: its due days in a row that were done, counting back
  /// from the latest; days not due and skipped days neither count nor break
  /// it, nor does today while still open; days before its first check-in
  /// (or its `start`) are never missed. Nil for a habit with a target
  /// (`targetStreak` counts its streak) or a goal (whose streak it does not count).
  func streak(of habit: Habit, checkIns: [CheckIn], today: CivilDate) -> Int? {
    guard habit.target == nil, habit.goal == nil else { return nil }
    var done = Set<CivilDate>()
    var skipped = Set<CivilDate>()
    for checkIn in checkIns {
      if checkIn.kind == .done { done.insert(checkIn.day) } else { skipped.insert(checkIn.day) }
    }
    let earliest = min(checkIns.map(\.day).min() ?? today, today)
    let first = max(habit.start ?? earliest, earliest)
    var streak = 0
    var last = today
    // Back from today, some weeks of due days at a time.
    while last >= first {
      let from = max(first, last.adding(days: -40))
      for day in dueDays(of: habit, from: from, through: last).reversed() {
        if done.contains(day) {
          streak += 1
        } else if !skipped.contains(day) && day != today {
          return streak
        }
      }
      last = from.adding(days: -1)
    }
    return streak
  }

  /// The days from `first` through `last` holding at least one of the habit's
  /// occurrences, ascending.
  func dueDays(of habit: Habit, from first: CivilDate, through last: CivilDate) -> [CivilDate] {
    let clock = self.clock
    let end = clock.start(of: last.adding(days: 1))
    var days: [CivilDate] = []
    var iterator = habit.schedule.occurrences(from: clock.start(of: first), in: zone)
    while let due = iterator.next(), due < end {
      let day = clock.day(of: due)
      if day >= first, days.last != day { days.append(day) }
    }
    return days
  }

  /// The unit a habit's streak is counted in: days, or the period of its
  /// target ("weeks in a row", "months"; blocks of days count in days).
  static func streakUnit(of habit: Habit) -> String {
    switch habit.target?.period {
    case .week: return "week"
    case .month: return "month"
    case .days, nil: return "day"
    }
  }

  /// What shows for `habit` when the agent looks at `now`: only the latest
  /// reminder that has come, if its day is not over (a snooze's end: its day
  /// or the one after), not already fired, not done, skipped or met, not
  /// snoozed, and not already reminded since it came; on time (within the
  /// tolerance) as itself, later as a catch-up if `catch_up` allows (and,
  /// inside quiet hours, not until they end).
  func decide(_ habit: Habit, at now: Instant, slots: [Slot], view: StoreView) -> Decision? {
    guard habit.enabled else { return nil }
    let today = clock.day(of: now)
    let window = today.adding(days: -1)...today.adding(days: 1)
    // `slots` is in order: the latest that has come is the last at or before now, in the window.
    var latest: Slot?
    var index = Self.firstIndex(in: slots) { $0.at > now }
    while index > 0 {
      index -= 1
      let slot = slots[index]
      if slot.isSnooze || window.contains(slot.day) {
        latest = slot
        break
      }
    }
    guard let latest,
      latest.day >= today || (latest.isSnooze && latest.day >= today.adding(days: -1))
    else { return nil }
    if view.isLogged(SlotKey(habit: habit.id, due: latest.due)) { return nil }
    if isSettled(habit, latest.day, checkIns: view.checkIns[habit.id] ?? [], now: now) {
      return nil
    }
    if let snooze = view.snoozes[habit.id], snooze.recordedAt <= now, now < snooze.until {
      return nil
    }
    if let fired = view.lastFired(habit.id, notAfter: now), fired >= latest.at { return nil }
    // The clock set back within a day: what was given that day was given.
    if let ahead = view.firstFired(habit.id, after: now), clock.day(of: ahead) == today {
      return nil
    }
    // A reminder brought forward into an earlier popup stands for its time (travel east).
    if !latest.isNudge && !latest.isSnooze,
      let due = view.broughtForward(habit.id, notAfter: now), due >= latest.at
    {
      return nil
    }
    var shown = latest
    if latest.isNudge {
      switch nudgeTime(latest, lastPopup: view.lastPopup(notAfter: now)) {
      case nil: return nil
      case let at? where at > now: return nil
      case let at?: shown.at = at
      }
    }
    guard let kind = kind(shown, at: now, onTime: latest.isNudge ? .nudge : .reminder) else {
      return nil
    }
    return Decision(slot: shown, kind: kind)
  }

  /// When a nudge comes, by `gather`: at its time, unless that is within
  /// `gather` after the last popup; then once `gather` has passed (or quiet
  /// hours, if it then falls in them), or never, when that is no longer
  /// before its limit and within its day.
  func nudgeTime(_ slot: Slot, lastPopup: Instant?) -> Instant? {
    guard let gather = config.gather, let lastPopup,
      lastPopup.adding(seconds: gather) > slot.at
    else { return slot.at }
    let at = afterQuietHours(lastPopup.adding(seconds: gather))
    if let limit = slot.limit, at >= limit { return nil }
    return clock.day(of: at) <= slot.day ? at : nil
  }

  /// The reminder of `habit` a popup at `now` brings along (the popup has
  /// another habit's reminder, nudge or catch-up in it): its first reminder
  /// due after now and at most `gather` later, about today, neither logged
  /// nor settled, and no snooze of the habit still to end; not one whose
  /// time an earlier popup's brought-forward reminder stands for (travel
  /// east). Never a nudge or a snooze's end.
  func gathered(_ habit: Habit, at now: Instant, slots: [Slot], view: StoreView) -> Slot? {
    guard habit.enabled, let gather = config.gather else { return nil }
    if let snooze = view.snoozes[habit.id], now < snooze.until { return nil }
    let horizon = now.adding(seconds: gather)
    var index = Self.firstIndex(in: slots) { $0.at > now }
    while index < slots.count, slots[index].at <= horizon {
      let slot = slots[index]
      index += 1
      if slot.isNudge || slot.isSnooze { continue }
      guard slot.day == clock.day(of: now), !view.isLogged(SlotKey(habit: habit.id, due: slot.due)),
        !isSettled(habit, slot.day, checkIns: view.checkIns[habit.id] ?? [], now: now)
      else { return nil }
      // Brought forward once, it stands for its time: travel east does not bring it again.
      if let due = view.broughtForward(habit.id, notAfter: now), due >= slot.at { return nil }
      return slot
    }
    return nil
  }

  /// The weekly summary at `now`: its latest occurrence since yesterday
  /// began (moved by quiet hours, but never dropped), if not fired yet.
  func decideSummary(at now: Instant, view: StoreView) -> Decision? {
    guard let summary = config.summary else { return nil }
    var latest: Slot?
    var iterator = summary.occurrences(
      from: clock.start(of: clock.day(of: now).adding(days: -1)), in: zone)
    while let due = iterator.next() {
      let at = afterQuietHours(due)
      if at > now { break }
      latest = Slot(due: due, at: at, day: clock.day(of: due))
    }
    guard let latest, !view.isLogged(SlotKey(habit: "", due: latest.due)) else { return nil }
    if let fired = view.lastFired("", notAfter: now), fired >= latest.at { return nil }
    if let ahead = view.firstFired("", after: now), clock.day(of: ahead) == clock.day(of: now) {
      return nil
    }
    // One a week: not again when travel west brings its local time round.
    let week = clock.weekStart(of: latest.day)
    if view.loggedDays("").contains(where: { clock.weekStart(of: $0) == week }) {
      return nil
    }
    guard kind(latest, at: now, onTime: .summary) != nil else { return nil }
    return Decision(slot: latest, kind: .summary)
  }

  /// On time, a catch-up `catch_up` allows, or nothing.
  func kind(_ slot: Slot, at now: Instant, onTime: Kind) -> Kind? {
    let lateness = now.secondsSince1970 - slot.at.secondsSince1970
    // Nothing inside quiet hours: what could not come before they began waits for their end.
    if inQuietHours(now) { return nil }
    if lateness <= SimulationPromises.onTimeSeconds { return onTime }
    let late: Kind = onTime == .summary ? .summary : .catchUp
    switch config.catchUp {
    case .off: return nil
    case .sameDay: return slot.day == clock.day(of: now) ? late : nil
    case .within(let seconds): return lateness <= seconds ? late : nil
    }
  }

  /// Whether a catch-up shown at `now` for `slot` keeps the `catch_up` promise.
  ///
  /// A habit's reminder is never caught up once its day is over (a snooze's
  /// end: the day after); the summary, about a week rather than a day, only
  /// within a `catch_up` duration.
  func allows(_ slot: Slot, shownAt now: Instant, isSummary: Bool = false) -> Bool {
    let lateness = now.secondsSince1970 - slot.at.secondsSince1970
    let today = clock.day(of: now)
    switch config.catchUp {
    case .off: return false
    case .sameDay: return slot.day == today
    case .within(let seconds):
      return lateness <= seconds
        && (isSummary || slot.day >= today
          || (slot.isSnooze && slot.day >= today.adding(days: -1)))
    }
  }
}

// MARK: The wake source

/// Sleeps in no time: each `wait` hands control to the simulation, which
/// checks what the agent just did, moves the clock to the deadline or to the
/// next event (performing it), and says why the agent woke.
final class SimulationWakeSource: WakeSource {
  private let poked = Mutex(false)
  let onWait: (Instant?) -> Set<WakeReason>

  init(onWait: @escaping (Instant?) -> Set<WakeReason>) { self.onWait = onWait }

  func poke() { poked.withLock { $0 = true } }

  /// Whether a button press (or anything else) poked the agent since last asked.
  func takePoke() -> Bool {
    poked.withLock { value in
      defer { value = false }
      return value
    }
  }

  func wait(until deadline: Instant?) -> Set<WakeReason> { onWait(deadline) }
}
