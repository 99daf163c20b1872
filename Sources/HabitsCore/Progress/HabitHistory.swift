// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// A habit's check-ins, with what its schedule and targets make of them:
/// day states, streaks, strength, rates. Pure: the caller passes today.
public struct HabitHistory: Sendable {
  public let habit: Habit
  public let clock: DayClock
  public let today: CivilDate
  /// The first day that matters: the earliest check-in (or today, before
  /// any), but not before the habit's `start`. Earlier days are never "missed".
  public let firstDay: CivilDate
  /// This habit's check-ins, as given; empty when made from `HabitDay`s.
  private let entries: [CheckIn]
  /// This habit's days, as given or taken from `entries`.
  private let records: [HabitDay]
  /// For each day from `markOrigin` (the earliest check-in) on: its index in
  /// `records` (and `entries`) or -1, and its mark. Arrays by day number, not
  /// dictionaries: `habits stats` asks about every day of years of history,
  /// and hashing dates was most of its time.
  private let slots: [Int32]
  private let marks: [Mark]
  private let markOrigin: Int

  /// A day as streaks and strength see it.
  private enum Mark: UInt8 {
    case none
    /// Done, and for a numeric habit within its goal.
    case done
    case skipped
    /// Done with an amount short of (or, for a limit, over) the goal.
    case short
  }

  public init(habit: Habit, checkIns: [CheckIn], clock: DayClock, today: CivilDate) {
    // The store hands over one habit's check-ins: kept as they are, not
    // copied, unless some are another habit's.
    let entries =
      checkIns.allSatisfy { $0.habitID == habit.id }
      ? checkIns : checkIns.filter { $0.habitID == habit.id }
    self.init(
      habit: habit, entries: entries, days: entries.map(HabitDay.init), clock: clock, today: today)
  }

  /// The history of `days`, one habit's, as `HabitStore.days(of:)` reads
  /// them: `checkIn(on:)` gives them back without notes or recording times.
  public init(habit: Habit, days: [HabitDay], clock: DayClock, today: CivilDate) {
    self.init(habit: habit, entries: [], days: days, clock: clock, today: today)
  }

  private init(
    habit: Habit, entries: [CheckIn], days: [HabitDay], clock: DayClock, today: CivilDate
  ) {
    self.habit = habit
    self.clock = clock
    self.today = today
    self.entries = entries
    self.records = days
    var lowest = Int.max
    var highest = Int.min
    for day in days {
      lowest = min(lowest, Int(day.number))
      highest = max(highest, Int(day.number))
    }
    if days.isEmpty {
      slots = []
      marks = []
      markOrigin = 0
    } else {
      var slots = [Int32](repeating: -1, count: highest - lowest + 1)
      var marks = [Mark](repeating: .none, count: highest - lowest + 1)
      // In order, so that of two check-ins for one day the later wins.
      for index in days.indices {
        let day = Int(days[index].number) - lowest
        slots[day] = Int32(index)
        marks[day] = Self.mark(days[index].kind, days[index].value, goal: habit.goal)
      }
      self.slots = slots
      self.marks = marks
      markOrigin = lowest
    }
    // Stored, not computed: `state(of:)` asks for it once a day shown.
    let first = days.isEmpty ? today : min(CivilDate(daysSinceEpoch: lowest), today)
    if let start = habit.start, start > first {
      firstDay = start
    } else {
      firstDay = first
    }
  }

  /// The check-in (or skip) of `day`, if any.
  public func checkIn(on day: CivilDate) -> CheckIn? {
    let index = day.daysSinceEpoch - markOrigin
    guard index >= 0 && index < slots.count, slots[index] >= 0 else { return nil }
    let slot = Int(slots[index])
    if !entries.isEmpty { return entries[slot] }
    let record = records[slot]
    return CheckIn(
      habitID: habit.id, day: day, kind: record.kind, value: record.value,
      recordedAt: Instant(secondsSince1970: 0))
  }

  /// Check-ins by day (one per habit and day). Built on each use: prefer `checkIn(on:)`.
  public var byDay: [CivilDate: CheckIn] {
    var result: [CivilDate: CheckIn] = [:]
    for checkIn in entries { result[checkIn.day] = checkIn }
    if entries.isEmpty {
      for record in records {
        result[record.day] = CheckIn(
          habitID: habit.id, day: record.day, kind: record.kind, value: record.value,
          recordedAt: Instant(secondsSince1970: 0))
      }
    }
    return result
  }

  private static func mark(_ kind: CheckIn.Kind, _ value: Double?, goal: Goal?) -> Mark {
    guard kind == .done else { return .skipped }
    guard let goal else { return .done }
    let value = value ?? 0
    switch goal.kind {
    case .atLeast: return value >= goal.amount ? .done : .short
    case .atMost: return value <= goal.amount ? .done : .short
    }
  }

  private func mark(_ day: CivilDate) -> Mark { mark(day.daysSinceEpoch) }

  /// The mark of the day numbered `number` (days since 1970-01-01).
  private func mark(_ number: Int) -> Mark {
    let index = number - markOrigin
    return index >= 0 && index < marks.count ? marks[index] : .none
  }

  /// `isDone` and `isSkipped` of a day by its number: streaks walk years of
  /// days, and a number needs no conversion from year, month and day.
  private func isDone(_ number: Int) -> Bool { mark(number) == .done }

  private func isSkipped(_ number: Int) -> Bool { mark(number) == .skipped }

  /// What happened on one day.
  public enum DayState: String, Sendable, Codable {
    case done, skipped, missed, pending
    case notDue = "not_due"
  }

  /// Whether the day's check-in counts as done: for numeric habits, the
  /// amount reaches the goal (or, for a limit, something was logged and it
  /// stayed at or under it).
  public func isDone(_ day: CivilDate) -> Bool { mark(day) == .done }

  public func isSkipped(_ day: CivilDate) -> Bool { mark(day) == .skipped }

  public func dueDays(from first: CivilDate, through last: CivilDate) -> [CivilDate] {
    DueDays.days(of: habit.schedule, from: first, through: last, clock: clock)
  }

  public func state(of day: CivilDate, isDue: Bool) -> DayState {
    if isDone(day) { return .done }
    if isSkipped(day) { return .skipped }
    if !isDue || day < firstDay { return .notDue }
    return day >= today ? .pending : .missed
  }

  // MARK: Streaks

  /// "day", "week" or "month".
  public var streakUnit: String { habit.target?.period.streakUnit ?? "day" }

  /// The current and best streak, in `streakUnit`s.
  public func streaks() -> (current: Int, best: Int) {
    if let target = habit.target {
      let periods = periodStreaks(target)
      return (periods.current, periods.best)
    }
    let walk = dailyStreaks()
    return (walk.current, walk.best)
  }

  /// The current streak, and whether these check-ins settle it: true when
  /// it starts after a day (for a habit with a target, a period after the
  /// first) that broke a run, so that check-ins before any of these could
  /// not lengthen it. False for a streak that runs back to the first day or
  /// period, which check-ins read from a recent day on may hold only in
  /// part: the history is then read whole.
  public func currentStreak() -> (streak: Int, settled: Bool) {
    if let target = habit.target {
      let periods = periodStreaks(target)
      return (periods.current, periods.settled)
    }
    let walk = dailyStreaks()
    return (walk.current, walk.current < walk.done)
  }

  /// The streaks of a habit without a target, by due day, and how many due
  /// days were done.
  private func dailyStreaks() -> (current: Int, best: Int, done: Int) {
    // By day number, as is every day here.
    let due = DueDays.numbers(of: habit.schedule, from: firstDay, through: today, clock: clock)
    let today = today.daysSinceEpoch
    var best = 0
    var run = 0
    var done = 0
    for day in due {
      if isDone(day) {
        run += 1
        done += 1
        best = max(best, run)
      } else if isSkipped(day) || day == today {
        continue
      } else {
        run = 0
      }
    }
    // `run` is the current streak: today pending does not break it.
    return (run, best, done)
  }

  /// The first day of the period holding `day`.
  public func periodStart(_ day: CivilDate, _ period: Target.Period) -> CivilDate {
    switch period {
    case .week: return clock.weekStart(of: day)
    case .month: return CivilDate(year: day.year, month: day.month, day: 1)
    case .days(let n):
      let anchor = habit.start?.daysSinceEpoch ?? 0
      let offset = day.daysSinceEpoch - anchor
      let block = offset >= 0 ? offset / n : -((n - 1 - offset) / n)
      return CivilDate(daysSinceEpoch: anchor + block * n)
    }
  }

  /// The last day of the period holding `day`.
  public func periodEnd(_ day: CivilDate, _ period: Target.Period) -> CivilDate {
    nextPeriod(periodStart(day, period), period).adding(days: -1)
  }

  private func nextPeriod(_ start: CivilDate, _ period: Target.Period) -> CivilDate {
    switch period {
    case .week: return start.adding(days: 7)
    case .month:
      return start.month == 12
        ? CivilDate(year: start.year + 1, month: 1, day: 1)
        : CivilDate(year: start.year, month: start.month + 1, day: 1)
    case .days(let n): return start.adding(days: n)
    }
  }

  /// Days done in the period starting at `start`.
  public func doneCount(inPeriodFrom start: CivilDate, _ period: Target.Period) -> Int {
    // The days before the next period's start, and not after today.
    let end = min(nextPeriod(start, period).daysSinceEpoch, today.daysSinceEpoch + 1)
    var count = 0
    var day = start.daysSinceEpoch
    while day < end {
      if isDone(day) { count += 1 }
      day += 1
    }
    return count
  }

  /// The streaks of a habit with a target, in periods (days, for blocks of
  /// days), and whether a period after the first broke a run: the first
  /// may begin before the check-ins given, and so be counted short.
  private func periodStreaks(_ target: Target) -> (current: Int, best: Int, settled: Bool) {
    let first = periodStart(firstDay, target.period)
    var start = first
    let current = periodStart(today, target.period)
    var best = 0
    var run = 0
    var settled = false
    while start <= current {
      let done = doneCount(inPeriodFrom: start, target.period)
      if done >= target.count {
        // A block of days counts its days, the current one those so far.
        var units = 1
        if case .days(let n) = target.period {
          units = start == current ? today.daysSinceEpoch - start.daysSinceEpoch + 1 : n
        }
        run += units
        best = max(best, run)
      } else if start == current {
        // The current period breaks nothing while it can still be met.
        let left = nextPeriod(start, target.period).daysSinceEpoch - today.daysSinceEpoch
        let todayOpen = isDone(today) || isSkipped(today) ? 0 : 1
        if done + (left - 1) + todayOpen < target.count {
          run = 0
          settled = settled || start > first
        }
      } else {
        run = 0
        settled = settled || start > first
      }
      start = nextPeriod(start, target.period)
    }
    return (run, best, settled)
  }

  // MARK: Numbers

  /// Loop Habit Tracker's strength for today, in [0, 1].
  public func strength() -> Double {
    strengths().last ?? 0
  }

  /// The strength at the end of `day` (today's for a day still to come), 0
  /// before the first check-in.
  public func strength(on day: CivilDate) -> Double {
    let scores = strengths()
    let index = min(day, today).daysSinceEpoch - markOrigin
    return index >= 0 && index < scores.count ? scores[index] : 0
  }

  /// The strength of each day from the first check-in through today.
  public func strengths() -> [Double] {
    guard !marks.isEmpty else { return [] }
    let last = today.daysSinceEpoch - markOrigin
    guard last >= 0 else { return [] }
    var days: [Strength.Day] = []
    days.reserveCapacity(last + 1)
    for index in 0...last {
      switch index < marks.count ? marks[index] : .none {
      case .none: days.append(.none)
      case .skipped: days.append(.skipped)
      case .done, .short:
        if habit.goal == nil {
          days.append(.done(1))
        } else {
          let value = records[Int(slots[index])].value
          days.append(.done(value ?? 1))
        }
      }
    }
    return Strength.scores(days: days, frequency: Frequency(habit: habit), goal: habit.goal)
  }

  /// Days done in total.
  public var doneTotal: Int { marks.reduce(0) { $0 + ($1 == .done ? 1 : 0) } }

  /// The last day done, if any.
  public var lastDone: CivilDate? {
    marks.lastIndex(of: .done).map { CivilDate(daysSinceEpoch: markOrigin + $0) }
  }

  /// Share of the due days of the last 30 (today included, if done) that were done;
  /// skipped days do not count. With a target, days done over the target's share.
  public func rate(days: Int = 30) -> Double {
    let first = max(today.adding(days: -(days - 1)), firstDay)
    if let target = habit.target {
      let span = today.daysSinceEpoch - first.daysSinceEpoch + 1
      let expected = Double(target.count) * Double(span) / Double(target.period.length)
      var done = 0
      var day = first
      while day <= today {
        if isDone(day) { done += 1 }
        day = day.adding(days: 1)
      }
      return min(1, Double(done) / expected)
    }
    let due = dueDays(from: first, through: today).filter {
      !isSkipped($0) && ($0 != today || isDone($0))
    }
    guard !due.isEmpty else { return 0 }
    return Double(due.filter { isDone($0) }.count) / Double(due.count)
  }
}
