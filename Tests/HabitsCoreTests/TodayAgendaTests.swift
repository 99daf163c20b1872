// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// What `habits today` shows: each habit due today and where it stands.
@Suite struct TodayAgendaTests {
  typealias F = HistoryFixture

  static func agenda(
    _ habits: [Habit], _ checkIns: [CheckIn], now: String, zone: Zone = .utc,
    dayStartsAt: TimeOfDay = TimeOfDay(hour: 0, minute: 0)
  ) throws -> TodayAgenda {
    let instant = try #require(DateTimeFormat.instant(now, in: zone))
    return TodayAgenda(
      habits: habits, checkIns: Dictionary(grouping: checkIns, by: \.habitID),
      clock: DayClock(zone: zone, dayStartsAt: dayStartsAt), now: instant)
  }

  @Test func dueHabitsWithTheirStatesAndWhatIsLeft() throws {
    // Given friday 20th: gratitude done, reading pending, walk skipped, stretch not due (tue only)
    let habits = [
      try F.habit("gratitude"), try F.habit("reading", "daily at 20:00"),
      try F.habit("stretch", "every tuesday at 7:00"), try F.habit("walk", "daily at 18:00"),
    ]
    let checkIns = F.done("gratitude", ["2026-11-20"]) + F.skipped("walk", ["2026-11-20"])
    // When
    let agenda = try Self.agenda(habits, checkIns, now: "2026-11-20T12:00:00Z")
    // Then
    #expect(agenda.today == F.day("2026-11-20"))
    #expect(agenda.entries.map(\.habit.id) == ["gratitude", "reading", "walk"])
    #expect(agenda.entries.map(\.state) == [.done, .pending, .skipped])
    #expect(agenda.left.map(\.habit.id) == ["reading"])
    let reading = try #require(agenda.entries.first { $0.habit.id == "reading" })
    #expect(reading.reminders.map(\.description) == ["2026-11-20T20:00:00Z"])
  }

  @Test func aMetWeeklyTargetIsNotLeft() throws {
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    let met = try Self.agenda(
      [habit], F.done(habit.id, ["2026-11-16", "2026-11-17", "2026-11-18"]),
      now: "2026-11-21T09:00:00Z")
    let entry = try #require(met.entries.first)
    #expect(entry.state == .pending)
    #expect(entry.periodDone == 3)
    #expect(entry.targetMet)
    #expect(met.left.isEmpty)
    let short = try Self.agenda(
      [habit], F.done(habit.id, ["2026-11-16"]), now: "2026-11-21T09:00:00Z")
    #expect(short.left.map(\.habit.id) == ["quality-time"])
    #expect(short.entries.first?.periodDone == 1)
  }

  @Test func aNumericHabitBelowItsGoalIsStillLeft() throws {
    let habit = try F.habit("reading", "daily at 20:00", goal: "30 minutes")
    let agenda = try Self.agenda(
      [habit], F.done(habit.id, ["2026-11-20"], value: 10), now: "2026-11-20T21:00:00Z")
    let entry = try #require(agenda.entries.first)
    #expect(entry.value == 10)
    #expect(entry.state == .pending)
    #expect(agenda.left.count == 1)
  }

  @Test func withTheDayStartingAtFourTheSmallHoursBelongToYesterday() throws {
    // Given London, a day from 04:00, and 01:30 on saturday 21st
    let zone = try F.zone("Europe/London")
    let habits = [try F.habit("gratitude", "daily at 21:00"), try F.habit("late", "daily at 2:00")]
    let agenda = try Self.agenda(
      habits, F.done("gratitude", ["2026-11-20"]), now: "2026-11-21T01:30:00Z", zone: zone,
      dayStartsAt: TimeOfDay(hour: 4, minute: 0))
    // Then today is still friday: gratitude is done, and the 02:00 reminder of the 21st is friday's
    #expect(agenda.today == F.day("2026-11-20"))
    #expect(agenda.entries.map(\.state) == [.done, .pending])
    let late = try #require(agenda.entries.last)
    #expect(late.reminders.map(\.description) == ["2026-11-21T02:00:00Z"])
  }

  @Test func aDisabledHabitIsNotDue() throws {
    var habit = try F.habit()
    habit.enabled = false
    let agenda = try Self.agenda([habit], [], now: "2026-11-20T12:00:00Z")
    #expect(agenda.entries.isEmpty)
  }

  @Test func theNextChangeIsTheNextReminderTimeThenTheDaysEnd() throws {
    // Given friday 20th in London with the day starting at 04:00, reminders at 18:45 and 21:00
    let zone = try F.zone("Europe/London")
    let habits = [
      try F.habit("dinner", "daily at 18:45"), try F.habit("gratitude", "daily at 21:00"),
    ]
    let four = TimeOfDay(hour: 4, minute: 0)
    let noon = try Self.agenda(
      habits, [], now: "2026-11-20T12:00:00Z", zone: zone, dayStartsAt: four)
    // Then the day ends at 04:00 on the 21st, and what it shows changes next at 18:45
    #expect(noon.end.description == "2026-11-21T04:00:00Z")
    let now = try #require(DateTimeFormat.instant("2026-11-20T12:00:00Z", in: .utc))
    #expect(noon.nextChange(after: now).description == "2026-11-20T18:45:00Z")
    #expect(noon.entries.allSatisfy { $0.dueSince(now) == nil })
    // When 18:45 comes, dinner is due since then, and the next change is 21:00
    let dinner = try #require(DateTimeFormat.instant("2026-11-20T18:45:00Z", in: .utc))
    #expect(noon.entries[0].dueSince(dinner) == dinner)
    #expect(noon.entries[1].dueSince(dinner) == nil)
    #expect(noon.nextChange(after: dinner).description == "2026-11-20T21:00:00Z")
    // And after the last reminder only the day's end is left
    let late = try #require(DateTimeFormat.instant("2026-11-20T23:30:00Z", in: .utc))
    #expect(noon.nextChange(after: late).description == "2026-11-21T04:00:00Z")
  }

  @Test func aDayWithNothingDueChangesOnlyWhenItEnds() throws {
    let habit = try F.habit("stretch", "every tuesday at 7:00")
    let agenda = try Self.agenda([habit], [], now: "2026-11-20T12:00:00Z")
    let now = try #require(DateTimeFormat.instant("2026-11-20T12:00:00Z", in: .utc))
    #expect(agenda.entries.isEmpty)
    #expect(agenda.nextChange(after: now).description == "2026-11-21T00:00:00Z")
  }
}
