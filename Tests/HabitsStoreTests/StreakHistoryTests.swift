// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// `done` reports the current streak from the last two months of a
/// history when they settle it, and from the whole of it when not.
@Suite struct StreakHistoryTests {
  typealias F = HistoryFixture
  static let today = F.day("2026-11-20")
  static let clock = DayClock(zone: .utc)

  /// A store with `habit` done on `days` days up to today, the earlier of
  /// them after a missed day `gap` days before today (none without).
  static func store(_ habit: Habit, days: Int, missed gap: Int?) throws -> HabitStore {
    let store = try HabitStore()
    for back in 0..<days where back != gap {
      _ = try store.recordDone(
        habitID: habit.id, day: today.adding(days: -back), at: F.recorded)
    }
    return store
  }

  @Test func aStreakSettledByTheLastTwoMonthsIsReadFromThem() throws {
    let habit = try F.habit()
    let store = try Self.store(habit, days: 400, missed: 10)
    let history = try store.streakHistory(
      of: habit, clock: Self.clock, today: Self.today, holding: Self.today)
    #expect(history.currentStreak() == (10, true))
    // Read from two months back, not from the first check-in.
    #expect(history.firstDay > Self.today.adding(days: -HabitStore.recentDays - 1))
  }

  @Test func aStreakLongerThanTwoMonthsIsReadWhole() throws {
    let habit = try F.habit()
    let store = try Self.store(habit, days: 300, missed: 250)
    let history = try store.streakHistory(
      of: habit, clock: Self.clock, today: Self.today, holding: Self.today)
    #expect(history.currentStreak().streak == 250)
    let never = try Self.store(habit, days: 100, missed: nil)
    #expect(
      try never.streakHistory(of: habit, clock: Self.clock, today: Self.today, holding: Self.today)
        .currentStreak().streak == 100)
  }

  @Test func aHabitWithATargetMetSinceBeforeTwoMonthsIsReadWhole() throws {
    // Given 3/week met every week of 200 days
    let habit = try F.habit(target: "3/week")
    let store = try Self.store(habit, days: 200, missed: 3)
    let history = try store.streakHistory(
      of: habit, clock: Self.clock, today: Self.today, holding: Self.today)
    // Then its streak of weeks runs back past two months, and all of it is read
    #expect(history.firstDay == Self.today.adding(days: -199))
    #expect(history.currentStreak().streak == 29)
  }

  @Test func aHabitWithATargetMissedInTheLastTwoMonthsIsReadFromThem() throws {
    // Given 3/week over 400 days, but for a week three weeks ago with one done day
    let habit = try F.habit(target: "3/week")
    let store = try HabitStore()
    let monday = Self.clock.weekStart(of: Self.today).adding(days: -21)
    for back in 0..<400 {
      let day = Self.today.adding(days: -back)
      if day >= monday && day < monday.adding(days: 6) { continue }
      _ = try store.recordDone(habitID: habit.id, day: day, at: F.recorded)
    }
    let history = try store.streakHistory(
      of: habit, clock: Self.clock, today: Self.today, holding: Self.today)
    // Then the streak counts the weeks since, read from the last two months alone
    #expect(history.currentStreak() == (3, true))
    #expect(history.firstDay > Self.today.adding(days: -HabitStore.recentDays - 1))
    let whole = HabitHistory(
      habit: habit, checkIns: try store.checkIns(habitID: habit.id), clock: Self.clock,
      today: Self.today)
    #expect(whole.streaks().current == 3)
  }

  @Test func theDayDoneIsInTheHistoryHoweverFarBack() throws {
    let habit = try F.habit()
    let store = try Self.store(habit, days: 20, missed: 5)
    let old = Self.today.adding(days: -300)
    _ = try store.recordDone(habitID: habit.id, day: old, at: F.recorded)
    let history = try store.streakHistory(
      of: habit, clock: Self.clock, today: Self.today, holding: old)
    #expect(history.checkIn(on: old)?.kind == .done)
    #expect(history.currentStreak() == (5, true))
  }
}
