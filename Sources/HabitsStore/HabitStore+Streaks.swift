// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension HabitStore {
  /// How far back a history read for a current streak starts: most streaks
  /// broke within the last few weeks.
  static let recentDays = 62

  /// The history of `habit` from as far back as its current streak needs
  /// (`HabitHistory.currentStreak()`), holding `day` too: the last two
  /// months first, and the whole of it only when the streak runs back past
  /// them. A history of years then costs what a few weeks of it do, as
  /// `done` and `skip` report the streak.
  public func streakHistory(
    of habit: Habit, clock: DayClock, today: CivilDate, holding day: CivilDate
  ) throws(HabitsError) -> HabitHistory {
    let since = min(day, today).adding(days: -Self.recentDays)
    let recent = HabitHistory(
      habit: habit, checkIns: try checkIns(habitID: habit.id, since: since), clock: clock,
      today: today)
    if recent.currentStreak().settled { return recent }
    return HabitHistory(
      habit: habit, checkIns: try checkIns(habitID: habit.id), clock: clock, today: today)
  }
}
