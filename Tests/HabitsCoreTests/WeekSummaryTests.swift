// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Testing

/// The weekly summary behind `habits week` and the Sunday notification.
@Suite struct WeekSummaryTests {
  typealias F = HistoryFixture

  static func states(_ row: WeekSummary.Row) -> [String] { row.days.map(\.state.rawValue) }

  @Test func aKnownWeekOfADailyHabit() throws {
    // Given a daily habit first done on fri 13th, then mon, tue done, wed skipped, thu missed, fri done
    let habit = try F.habit()
    let checkIns =
      F.done(
        habit.id,
        ["2026-11-13", "2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-20"])
      + F.skipped(habit.id, ["2026-11-18"])
    // When the week of 16 Nov is summed up on friday 20th
    let summary = WeekSummary(
      habits: [habit], checkIns: checkIns, day: F.day("2026-11-18"), today: F.day("2026-11-20"),
      clock: DayClock(zone: .utc))
    // Then
    #expect(summary.weekStart == F.day("2026-11-16"))
    let row = try #require(summary.rows.first)
    #expect(row.days.map(\.day.description).first == "2026-11-16")
    #expect(
      Self.states(row) == ["done", "done", "skipped", "missed", "done", "pending", "pending"])
    #expect(row.done == 3)
    #expect(row.due == 6)  // seven due days, less the skipped one
    #expect(row.targetMet == false)
    #expect(row.currentStreak == 1)
    #expect(row.streakUnit == "day")
  }

  @Test func aCompletedWeekMeetsItsDueDays() throws {
    // Given mon/wed/fri, all three done, and the week over
    let habit = try F.habit("stretch", "every mon, wed, fri at 7:00")
    let checkIns = F.done(habit.id, ["2026-11-16", "2026-11-18", "2026-11-20"])
    let summary = WeekSummary(
      habits: [habit], checkIns: checkIns, day: F.day("2026-11-16"), today: F.day("2026-11-23"),
      clock: DayClock(zone: .utc))
    let row = try #require(summary.rows.first)
    #expect(
      Self.states(row) == ["done", "not_due", "done", "not_due", "done", "not_due", "not_due"])
    #expect(row.done == 3)
    #expect(row.due == 3)
    #expect(row.targetMet)
    #expect(row.currentStreak == 3)
  }

  @Test func daysBeforeTheFirstCheckInAreNotDueNeverMissed() throws {
    // Given a daily habit whose first check-in is thursday 19th
    let habit = try F.habit()
    let summary = WeekSummary(
      habits: [habit], checkIns: F.done(habit.id, ["2026-11-19"]), day: F.day("2026-11-20"),
      today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    let row = try #require(summary.rows.first)
    // Then mon..wed are not_due, not missed
    #expect(
      Self.states(row) == [
        "not_due", "not_due", "not_due", "done", "pending", "pending", "pending",
      ])
    #expect(row.due == 4)
    // and a habit with no check-ins at all has nothing missed either
    let fresh = WeekSummary(
      habits: [habit], checkIns: [], day: F.day("2026-11-20"), today: F.day("2026-11-20"),
      clock: DayClock(zone: .utc))
    #expect(!Self.states(try #require(fresh.rows.first)).contains("missed"))
  }

  @Test func aWeekStartingOnSunday() throws {
    // Given weeks from sunday: sun 15 .. sat 21
    let habit = try F.habit()
    let clock = DayClock(zone: .utc, weekStarts: .sunday)
    let checkIns = F.done(habit.id, F.run(6, endingOn: "2026-11-20"))  // 15..20
    let summary = WeekSummary(
      habits: [habit], checkIns: checkIns, day: F.day("2026-11-20"), today: F.day("2026-11-20"),
      clock: clock)
    #expect(summary.weekStart == F.day("2026-11-15"))
    let row = try #require(summary.rows.first)
    #expect(row.days.map(\.day.description) == F.run(7, endingOn: "2026-11-21"))
    #expect(Self.states(row) == ["done", "done", "done", "done", "done", "done", "pending"])
    #expect(row.done == 6)
    #expect(row.due == 7)
    #expect(row.currentStreak == 6)
  }

  @Test func aWeeklyTarget() throws {
    // Given "3/week" reminded tue/thu/sat, done mon, wed and fri (no reminder days)
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    let checkIns = F.done(
      habit.id,
      ["2026-11-09", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-18", "2026-11-20"])
    let summary = WeekSummary(
      habits: [habit], checkIns: checkIns, day: F.day("2026-11-20"), today: F.day("2026-11-20"),
      clock: DayClock(zone: .utc))
    let row = try #require(summary.rows.first)
    // Then the week counts every done day against the target, and it is met
    #expect(row.done == 3)
    #expect(row.due == 3)
    #expect(row.targetMet)
    #expect(row.currentStreak == 2)
    #expect(row.streakUnit == "week")
    #expect(row.days.map(\.state).filter { $0 == .done }.count == 3)
  }

  @Test func disabledHabitsAppearOnlyWithCheckInsThatWeek() throws {
    var paused = try F.habit("paused")
    paused.enabled = false
    let active = try F.habit("active")
    let none = WeekSummary(
      habits: [paused, active], checkIns: F.done("paused", ["2026-11-09"]),
      day: F.day("2026-11-20"),
      today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    #expect(none.rows.map(\.habit.id) == ["active"])
    let some = WeekSummary(
      habits: [paused, active], checkIns: F.done("paused", ["2026-11-17"]),
      day: F.day("2026-11-20"),
      today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    #expect(some.rows.map(\.habit.id) == ["paused", "active"])
  }
}
