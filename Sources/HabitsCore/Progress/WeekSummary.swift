import Recurrence

/// One week of every habit, as `habits week` and the weekly notification show it.
public struct WeekSummary: Sendable {
  public struct Row: Sendable {
    public var habit: Habit
    /// The seven days, in order, with their states.
    public var days: [(day: CivilDate, state: HabitHistory.DayState)]
    public var done: Int
    /// Due days not skipped, or the target's count.
    public var due: Int
    public var targetMet: Bool
    public var currentStreak: Int
    public var streakUnit: String
  }

  public var weekStart: CivilDate
  public var rows: [Row]

  /// The week holding `day`, for `habits` (enabled ones, and any with check-ins that week).
  public init(
    habits: [Habit], checkIns: [CheckIn], day: CivilDate, today: CivilDate, clock: DayClock
  ) {
    self.init(
      habits: habits, checkInsByHabit: Dictionary(grouping: checkIns, by: \.habitID), day: day,
      today: today, clock: clock)
  }

  /// The same, with the check-ins already grouped by habit id.
  public init(
    habits: [Habit], checkInsByHabit byHabit: [String: [CheckIn]], day: CivilDate,
    today: CivilDate, clock: DayClock
  ) {
    let first = clock.weekStart(of: day)
    weekStart = first
    let week = (0..<7).map { first.adding(days: $0) }
    var rows: [Row] = []
    for habit in habits {
      let history = HabitHistory(
        habit: habit, checkIns: byHabit[habit.id] ?? [], clock: clock, today: today)
      let hasWeekCheckIns = week.contains { history.checkIn(on: $0) != nil }
      guard habit.enabled || hasWeekCheckIns else { continue }
      let due = Set(history.dueDays(from: max(week[0], history.firstDay), through: week[6]))
      let days = week.map { ($0, history.state(of: $0, isDue: due.contains($0))) }
      let done = days.filter { $0.1 == .done }.count
      let required: Int
      let met: Bool
      if let target = habit.target {
        let periodDone: Int
        if target.period == .week {
          periodDone = done
          required = target.count
        } else {
          // A monthly target (or a block of days): the period so far, as of this week's end.
          let last = min(week[6], today)
          let start = history.periodStart(last, target.period)
          periodDone = history.doneCount(inPeriodFrom: start, target.period)
          required = target.count
        }
        met = periodDone >= target.count
      } else {
        required = days.filter { due.contains($0.0) && $0.1 != .skipped }.count
        met = done >= required
      }
      let streaks = history.streaks()
      rows.append(
        Row(
          habit: habit, days: days, done: done, due: required, targetMet: met,
          currentStreak: streaks.current, streakUnit: history.streakUnit))
    }
    self.rows = rows
  }
}
