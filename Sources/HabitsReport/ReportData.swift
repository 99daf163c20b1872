// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// The numbers `habits report` shows: the week as `habits week` sums it up,
/// and for each habit its streaks and strength as `habits stats` gives them,
/// with a year of days and of weekly strengths for the charts.
public struct ReportData: Sendable {
  /// One habit's part of the page.
  public struct Part: Sendable {
    public var habit: Habit
    /// Its row of the week grid; nil when `habits week` leaves it out (off,
    /// and nothing recorded that week).
    public var week: WeekSummary.Row?
    public var currentStreak: Int
    public var bestStreak: Int
    /// "day", "week" or "month".
    public var streakUnit: String
    /// Today's strength, rounded to 4 places as `habits stats --json` gives it.
    public var strength: Double
    /// The state of each day from `ReportData.firstDay`; days after today are left out.
    public var days: [HabitHistory.DayState]
    /// The strength at the end of each week shown (today, for the current
    /// one); nil before the first check-in and after today.
    public var weeklyStrength: [Double?]
  }

  /// How many weeks the heatmap and the strength line cover: a year and a bit,
  /// ending with the report's week.
  public static let weeks = 53

  public var weekStart: CivilDate
  public var today: CivilDate
  /// The first day of the heatmap: `weeks - 1` weeks before `weekStart`.
  public var firstDay: CivilDate
  /// The habits the week grid shows, as `habits week` does.
  public var summary: WeekSummary
  /// The week in words, as `habits week` and the weekly notification tell it.
  public var story: WeekStory
  /// The habits `habits stats` shows: those that are on, and any others with a history.
  public var parts: [Part]

  /// The report for the week holding `day`, as seen on `today`.
  public init(
    habits: [Habit], checkInsByHabit: [String: [CheckIn]], day: CivilDate, today: CivilDate,
    clock: DayClock
  ) {
    let summary = WeekSummary(
      habits: habits, checkInsByHabit: checkInsByHabit, day: day, today: today, clock: clock)
    self.summary = summary
    story = WeekStory(summary)
    self.today = today
    weekStart = summary.weekStart
    firstDay = summary.weekStart.adding(days: -7 * (Self.weeks - 1))
    let lastDay = min(summary.weekStart.adding(days: 6), today)
    var rows: [String: WeekSummary.Row] = [:]
    for row in summary.rows { rows[row.habit.id] = row }
    var parts: [Part] = []
    for habit in habits {
      let checkIns = checkInsByHabit[habit.id] ?? []
      guard habit.enabled || !checkIns.isEmpty else { continue }
      let history = HabitHistory(habit: habit, checkIns: checkIns, clock: clock, today: today)
      let streaks = history.streaks()
      let strengths = history.strengths()
      parts.append(
        Part(
          habit: habit, week: rows[habit.id], currentStreak: streaks.current,
          bestStreak: streaks.best, streakUnit: history.streakUnit,
          strength: Self.round4(strengths.last ?? 0),
          days: Self.states(history, from: firstDay, through: lastDay),
          weeklyStrength: Self.weekly(
            strengths, origin: checkIns.map(\.day).min(), firstDay: firstDay, today: today)))
    }
    self.parts = parts
  }

  /// `value` to 4 decimal places, as `habits stats` rounds strength.
  public static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }

  /// A strength as the whole percentage `habits stats` prints.
  public static func percent(_ strength: Double) -> Int { Int((strength * 100).rounded()) }

  private static func states(
    _ history: HabitHistory, from first: CivilDate, through last: CivilDate
  ) -> [HabitHistory.DayState] {
    guard first <= last else { return [] }
    let due = Set(history.dueDays(from: first, through: last))
    var result: [HabitHistory.DayState] = []
    result.reserveCapacity(last.daysSinceEpoch - first.daysSinceEpoch + 1)
    var day = first
    while day <= last {
      result.append(history.state(of: day, isDue: due.contains(day)))
      day = day.adding(days: 1)
    }
    return result
  }

  /// One point a week: the strength on the week's last day (or today), where
  /// `strengths` (one a day from `origin`, the first check-in) has one.
  private static func weekly(
    _ strengths: [Double], origin: CivilDate?, firstDay: CivilDate, today: CivilDate
  ) -> [Double?] {
    (0..<weeks).map { week in
      guard let origin else { return nil }
      let weekStart = firstDay.adding(days: 7 * week)
      guard weekStart <= today else { return nil }
      let index = min(weekStart.adding(days: 6), today).daysSinceEpoch - origin.daysSinceEpoch
      return index >= 0 && index < strengths.count ? strengths[index] : nil
    }
  }
}
