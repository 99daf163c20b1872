/// A habit's check-ins, with what its schedule and targets make of them:
/// day states, streaks, strength, rates. Pure: the caller passes today.
public struct HabitHistory: Sendable {
  public let habit: Habit
  public let clock: DayClock
  public let today: CivilDate
  /// Check-ins by day (one per habit and day).
  public let byDay: [CivilDate: CheckIn]

  public init(habit: Habit, checkIns: [CheckIn], clock: DayClock, today: CivilDate) {
    self.habit = habit
    self.clock = clock
    self.today = today
    var byDay: [CivilDate: CheckIn] = [:]
    for checkIn in checkIns where checkIn.habitID == habit.id { byDay[checkIn.day] = checkIn }
    self.byDay = byDay
  }

  /// What happened on one day.
  public enum DayState: String, Sendable, Codable {
    case done, skipped, missed, pending
    case notDue = "not_due"
  }

  /// Whether the day's check-in counts as done: for numeric habits, the
  /// amount reaches the goal (or, for a limit, something was logged and it
  /// stayed at or under it).
  public func isDone(_ day: CivilDate) -> Bool {
    guard let checkIn = byDay[day], checkIn.kind == .done else { return false }
    guard let goal = habit.goal else { return true }
    let value = checkIn.value ?? 0
    switch goal.kind {
    case .atLeast: return value >= goal.amount
    case .atMost: return value <= goal.amount
    }
  }

  public func isSkipped(_ day: CivilDate) -> Bool { byDay[day]?.kind == .skip }

  /// The first day that matters: the earliest check-in (or today, before
  /// any), but not before the habit's `start`. Earlier days are never "missed".
  public var firstDay: CivilDate {
    let first = min(byDay.keys.min() ?? today, today)
    guard let start = habit.start, start > first else { return first }
    return start
  }

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
  public var streakUnit: String { habit.target?.period.rawValue ?? "day" }

  /// The current and best streak, in `streakUnit`s.
  public func streaks() -> (current: Int, best: Int) {
    if let target = habit.target { return periodStreaks(target) }
    let due = dueDays(from: firstDay, through: today)
    var best = 0
    var run = 0
    for day in due {
      if isDone(day) {
        run += 1
        best = max(best, run)
      } else if isSkipped(day) || day == today {
        continue
      } else {
        run = 0
      }
    }
    // `run` is the current streak: today pending does not break it.
    return (run, best)
  }

  /// The first day of the period holding `day`.
  public func periodStart(_ day: CivilDate, _ period: Target.Period) -> CivilDate {
    switch period {
    case .week: return clock.weekStart(of: day)
    case .month: return CivilDate(year: day.year, month: day.month, day: 1)
    }
  }

  private func nextPeriod(_ start: CivilDate, _ period: Target.Period) -> CivilDate {
    switch period {
    case .week: return start.adding(days: 7)
    case .month:
      return start.month == 12
        ? CivilDate(year: start.year + 1, month: 1, day: 1)
        : CivilDate(year: start.year, month: start.month + 1, day: 1)
    }
  }

  /// Days done in the period starting at `start`.
  public func doneCount(inPeriodFrom start: CivilDate, _ period: Target.Period) -> Int {
    let end = nextPeriod(start, period)
    var count = 0
    var day = start
    while day < end && day <= today {
      if isDone(day) { count += 1 }
      day = day.adding(days: 1)
    }
    return count
  }

  private func periodStreaks(_ target: Target) -> (current: Int, best: Int) {
    var start = periodStart(firstDay, target.period)
    let current = periodStart(today, target.period)
    var best = 0
    var run = 0
    while start <= current {
      let done = doneCount(inPeriodFrom: start, target.period)
      if done >= target.count {
        run += 1
        best = max(best, run)
      } else if start == current {
        // The current period breaks nothing while it can still be met.
        let left = nextPeriod(start, target.period).daysSinceEpoch - today.daysSinceEpoch
        let todayOpen = isDone(today) || isSkipped(today) ? 0 : 1
        if done + (left - 1) + todayOpen < target.count { run = 0 }
      } else {
        run = 0
      }
      start = nextPeriod(start, target.period)
    }
    return (run, best)
  }

  // MARK: Numbers

  /// Loop Habit Tracker's strength for today, in [0, 1].
  public func strength() -> Double {
    strengths().last ?? 0
  }

  /// The strength of each day from the first check-in through today.
  public func strengths() -> [Double] {
    guard let first = byDay.keys.min(), first <= today else { return [] }
    var days: [Strength.Day] = []
    days.reserveCapacity(today.daysSinceEpoch - first.daysSinceEpoch + 1)
    var day = first
    while day <= today {
      if let checkIn = byDay[day] {
        days.append(checkIn.kind == .skip ? .skipped : .done(checkIn.value ?? 1))
      } else {
        days.append(.none)
      }
      day = day.adding(days: 1)
    }
    return Strength.scores(days: days, frequency: Frequency(habit: habit), goal: habit.goal)
  }

  /// Days done in total.
  public var doneTotal: Int { byDay.keys.filter { isDone($0) }.count }

  /// The last day done, if any.
  public var lastDone: CivilDate? { byDay.keys.filter { isDone($0) }.max() }

  /// Share of the due days of the last 30 (today included, if done) that were done;
  /// skipped days do not count. With a target, days done over the target's share.
  public func rate(days: Int = 30) -> Double {
    let first = max(today.adding(days: -(days - 1)), firstDay)
    if let target = habit.target {
      let span = today.daysSinceEpoch - first.daysSinceEpoch + 1
      let expected = Double(target.count) * Double(span) / (target.period == .week ? 7 : 30)
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
