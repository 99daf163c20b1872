// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One week of every habit, as `habits week` and the weekly notification show it.
public struct WeekSummary: Sendable {
  public struct Row: Sendable {
    public var habit: Habit
    /// The seven days, in order, with their states.
    public var days: [(day: CivilDate, state: HabitHistory.DayState)]
    /// Days done this week, due or not: what went well counts.
    public var done: Int
    /// What the week is judged by: without a target, the due days done (a
    /// day done that was not due makes up for none); with one, `done`.
    public var doneDue: Int
    /// Due days not skipped, or the target's count.
    public var due: Int
    public var targetMet: Bool
    public var currentStreak: Int
    public var streakUnit: String
    /// The strength at the end of the week (today's, for the week under way).
    public var strength: Double
    /// With a target: the days done in its period as of the week's end (or
    /// today), which for a weekly target are the week's.
    public var periodDone: Int
    /// The last day of the target's period holding the week's end (or today);
    /// without a target, the week's last day.
    public var periodEnd: CivilDate
    /// The days from today on that can still count: with a target, those of
    /// its period not yet done or skipped; without one, the week's due days
    /// still pending. 0 once the week (or the period) is over.
    public var daysOpen: Int
  }

  public var weekStart: CivilDate
  /// The day the week is seen from: it tells a week under way from one that is over.
  public var today: CivilDate
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
    self.today = today
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
      var doneDue = done
      let required: Int
      let met: Bool
      var periodDone = done
      var periodEnd = week[6]
      let open: Int
      if let target = habit.target {
        required = target.count
        if target.period != .week {
          // A monthly target (or a block of days): the period so far, as of this week's end.
          let last = min(week[6], today)
          let start = history.periodStart(last, target.period)
          periodDone = history.doneCount(inPeriodFrom: start, target.period)
          periodEnd = history.periodEnd(last, target.period)
        }
        met = periodDone >= target.count
        open = Self.openDays(history, from: max(today, week[0]), through: periodEnd)
      } else {
        required = days.filter { due.contains($0.0) && $0.1 != .skipped }.count
        doneDue = days.filter { due.contains($0.0) && $0.1 == .done }.count
        met = doneDue >= required
        open = days.filter { $0.1 == .pending }.count
      }
      let streaks = history.streaks()
      rows.append(
        Row(
          habit: habit, days: days, done: done, doneDue: doneDue, due: required, targetMet: met,
          currentStreak: streaks.current, streakUnit: history.streakUnit,
          strength: history.strength(on: week[6]), periodDone: periodDone,
          periodEnd: periodEnd, daysOpen: open))
    }
    self.rows = rows
  }

  /// The days from `first` through `last` neither done nor skipped.
  private static func openDays(
    _ history: HabitHistory, from first: CivilDate, through last: CivilDate
  ) -> Int {
    var count = 0
    var day = first
    while day <= last {
      if !history.isDone(day) && !history.isSkipped(day) { count += 1 }
      day = day.adding(days: 1)
    }
    return count
  }
}
