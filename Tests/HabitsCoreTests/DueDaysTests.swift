// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// The local days on which a habit is due: those with at least one occurrence.
@Suite struct DueDaysTests {
  typealias F = HistoryFixture

  static func due(
    _ when: String, _ first: String, _ last: String, clock: DayClock = DayClock(zone: .utc)
  ) throws -> [String] {
    DueDays.days(
      of: try Schedule.parse(when, start: nil), from: F.day(first), through: F.day(last),
      clock: clock
    ).map(\.description)
  }

  @Test func aDailyHabitIsDueEveryDayInclusive() throws {
    #expect(
      try Self.due("daily at 21:00", "2026-11-16", "2026-11-20")
        == ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"])
    #expect(try Self.due("daily at 21:00", "2026-11-20", "2026-11-20") == ["2026-11-20"])
    #expect(try Self.due("daily at 21:00", "2026-11-21", "2026-11-20") == [])
  }

  @Test func weekdaysOnly() throws {
    #expect(
      try Self.due("every mon, wed, fri at 7:00", "2026-11-15", "2026-11-22")
        == ["2026-11-16", "2026-11-18", "2026-11-20"])
  }

  @Test func severalTimesADayIsOneDueDay() throws {
    #expect(
      try Self.due("daily at 8:00, 13:00 and 21:00", "2026-11-16", "2026-11-17")
        == ["2026-11-16", "2026-11-17"])
  }

  @Test func aReminderBeforeDayStartsAtMakesTheDayBeforeDue() throws {
    // Given mon/wed/fri at 01:30 and a day that starts at 04:00
    let clock = DayClock(zone: .utc, dayStartsAt: TimeOfDay(hour: 4, minute: 0))
    // Then the due days are the sunday, tuesday and thursday before, even at the range's edges
    #expect(
      try Self.due("every mon, wed, fri at 1:30", "2026-11-15", "2026-11-20", clock: clock)
        == ["2026-11-15", "2026-11-17", "2026-11-19"])
    // The friday 01:30 of the 20th counts for the 19th; the monday 01:30 of the 23rd for the 22nd
    #expect(
      try Self.due("every mon, wed, fri at 1:30", "2026-11-20", "2026-11-22", clock: clock)
        == ["2026-11-22"])
  }

  @Test func severalRulesMergeInOrderOnce() throws {
    // Given cron's day-of-month OR weekday: the 1st of the month and every monday (two rules)
    let schedule = try Schedule.parse("0 9 1,2 * 1", start: nil)
    #expect(schedule.rules.count > 1)
    // Then the days of both come out ascending, and monday the 2nd only once
    #expect(
      try Self.due("0 9 1,2 * 1", "2026-10-31", "2026-11-30")
        == ["2026-11-01", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"])
  }

  @Test func monthlyAndCronForms() throws {
    #expect(
      try Self.due("0 9 1 * *", "2026-10-15", "2026-12-31") == ["2026-11-01", "2026-12-01"])
    #expect(
      try Self.due("RRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=10;BYMINUTE=0", "2026-11-01", "2026-11-30")
        == ["2026-11-07", "2026-11-14", "2026-11-21", "2026-11-28"])
  }
}
