// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// `target = "N/D days"`: N done days in each block of D days, blocks back
/// to back from the habit's `start` (or 1970-01-01 without one).
@Suite struct TargetDaysTests {
  typealias F = HistoryFixture

  // MARK: Parsing

  @Test func parsesABlockOfDays() {
    #expect(Target(parsing: "2/3 days") == Target(count: 2, period: .days(3)))
    #expect(Target(parsing: " 1 / 14 Days ") == Target(count: 1, period: .days(14)))
    #expect(Target(parsing: "1/1 day") == Target(count: 1, period: .days(1)))
    #expect(Target(parsing: "2/3 days")?.description == "2/3 days")
    // The others still read as before.
    #expect(Target(parsing: "3/week") == Target(count: 3, period: .week))
    #expect(Target(parsing: "10/month") == Target(count: 10, period: .month))
  }

  @Test(arguments: ["4/3 days", "0/3 days", "2/0 days", "2/367 days", "2/3 weeks", "2/days", "2/3"])
  func refusesWhatIsNotABlockOfDays(_ text: String) {
    #expect(Target(parsing: text) == nil)
  }

  @Test func aScheduleFileWithABlockOfDaysLoads() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write(
      "run.toml", "title = \"Run\"\nwhen = \"daily at 7:00\"\ntarget = \"2/3 days\"\n")
    let result = ScheduleLoader.load(files: [path])
    #expect(result.errors.isEmpty)
    let habit = try #require(result.habits.first)
    #expect(habit.target == Target(count: 2, period: .days(3)))
    // Loop Habit Tracker's "2 times in 3 days", exactly
    #expect(Frequency(habit: habit) == Frequency(2, 3))
  }

  // MARK: Blocks

  @Test func blocksRunFromTheStart() throws {
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    let history = F.history(habit, [], today: "2026-11-20")
    let period = Target.Period.days(3)
    #expect(history.periodStart(F.day("2026-11-01"), period) == F.day("2026-11-01"))
    #expect(history.periodStart(F.day("2026-11-03"), period) == F.day("2026-11-01"))
    #expect(history.periodStart(F.day("2026-11-04"), period) == F.day("2026-11-04"))
    #expect(history.periodStart(F.day("2026-11-20"), period) == F.day("2026-11-19"))
    // Days before the start fall in blocks counted back from it.
    #expect(history.periodStart(F.day("2026-10-31"), period) == F.day("2026-10-29"))
    #expect(history.periodStart(F.day("2026-10-29"), period) == F.day("2026-10-29"))
  }

  @Test func withoutAStartBlocksRunFrom1970() throws {
    let habit = try F.habit("run", target: "2/3 days")
    let history = F.history(habit, [], today: "2026-11-20")
    for text in ["2026-11-18", "2026-11-19", "2026-11-20", "1970-01-01", "1969-12-31"] {
      let day = F.day(text)
      let start = history.periodStart(day, .days(3))
      #expect(start.daysSinceEpoch % 3 == 0, "\(text) → \(start)")
      #expect(start <= day && day.daysSinceEpoch - start.daysSinceEpoch < 3, "\(text) → \(start)")
    }
  }

  @Test func doneCountCountsTheBlock() throws {
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    let history = F.history(
      habit, F.done(habit.id, ["2026-11-03", "2026-11-04", "2026-11-06"]), today: "2026-11-20")
    #expect(history.doneCount(inPeriodFrom: F.day("2026-11-01"), .days(3)) == 1)
    #expect(history.doneCount(inPeriodFrom: F.day("2026-11-04"), .days(3)) == 2)
  }

  // MARK: Streaks, rates, the week and today

  @Test func streaksCountTheDaysOfMetBlocks() throws {
    // Given 2/3 days from Nov 1, met in [1–3], [4–6] and so far in [7–9]
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    let history = F.history(
      habit,
      F.done(
        habit.id,
        ["2026-11-01", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-07", "2026-11-08"]),
      today: "2026-11-08")
    // Then the streak is 3 + 3 days, and 2 of the current block so far, in days
    #expect(history.streakUnit == "day")
    #expect(history.streaks().current == 8)
    #expect(history.streaks().best == 8)
  }

  @Test func aMissedBlockBreaksTheStreak() throws {
    // Given met in [1–3], missed in [4–6] (one day), met in [7–9]
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    let history = F.history(
      habit,
      F.done(habit.id, ["2026-11-01", "2026-11-02", "2026-11-05", "2026-11-07", "2026-11-09"]),
      today: "2026-11-10")
    // Then [10–12] is still open (it can be met), the current run is [7–9]
    #expect(history.streaks().current == 3)
    #expect(history.streaks().best == 3)
  }

  @Test func theRateIsDoneOverTheTargetsShare() throws {
    // Given 2/3 days over the 30 days to today: 20 expected, 10 done
    let habit = try F.habit("run", target: "2/3 days", start: "2026-10-01")
    let done = (0..<10).map { F.day("2026-10-22").adding(days: $0 * 3).description }
    let history = F.history(habit, F.done(habit.id, done), today: "2026-11-20")
    #expect(abs(history.rate() - 0.5) < 1e-9)
  }

  @Test func todayCountsTheCurrentBlock() throws {
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    let midnight = Instant(secondsSince1970: 1_795_132_800)  // 2026-11-20T00:00Z
    let agenda = TodayAgenda(
      habits: [habit], checkIns: [habit.id: F.done(habit.id, ["2026-11-19"])],
      clock: DayClock(zone: .utc), now: midnight)
    let entry = try #require(agenda.entries.first)
    #expect(agenda.today == F.day("2026-11-20"))
    // [19–21] holds one of two
    #expect(entry.periodDone == 1)
    #expect(!entry.targetMet)
    #expect(Target.Period.days(3).thisPeriod == "this 3-day block")
  }

  @Test func theWeekJudgesTheBlockHoldingItsLastDayOrToday() throws {
    // Given the week Mon 16 – Sun 22 seen on Saturday 21: its block is [19–21]
    let habit = try F.habit("run", target: "2/3 days", start: "2026-11-01")
    func row(_ done: [String]) throws -> WeekSummary.Row {
      let summary = WeekSummary(
        habits: [habit], checkIns: F.done(habit.id, done), day: F.day("2026-11-20"),
        today: F.day("2026-11-21"), clock: DayClock(zone: .utc))
      return try #require(summary.rows.first)
    }
    // Then two done in it meet the target, and the week shows all its done days
    let met = try row(["2026-11-16", "2026-11-19", "2026-11-21"])
    #expect(met.done == 3)
    #expect(met.due == 2)
    #expect(met.targetMet)
    #expect(met.streakUnit == "day")
    // and one does not, however many were done earlier in the week
    let short = try row(["2026-11-16", "2026-11-17", "2026-11-19"])
    #expect(short.done == 3)
    #expect(!short.targetMet)
  }
}
