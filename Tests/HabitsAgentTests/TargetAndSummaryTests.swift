import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// `target = "N/week"` and the weekly summary.
@Suite("Weekly targets and the weekly summary")
struct TargetAndSummaryTests {
  static let zone = Zones.london

  static func at(_ text: String) -> Instant { instant(text, in: zone) }

  @Test("once the week's target is met, no more reminders that week; they resume the next")
  func targetMetMidWeek() throws {
    // Given a daily 09:00 reminder with target = "2/week", from Monday 12 January
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("2026-01-12T08:00"))
    harness.habit("swim", "title = \"Swim\"\nwhen = \"daily at 9:00\"\ntarget = \"2/week\"\n")
    let done: (String) -> ScriptedEvent = { date in
      ScriptedEvent(at: Self.at(date + "T10:00"), [.storeChanged]) {
        _ = try? harness.store.recordDone(
          habitID: "swim", day: day(date), at: Self.at(date + "T10:00"))
      }
    }

    // When it is done on Monday and Tuesday, and the agent runs to the next Wednesday
    let run = harness.run(
      until: Self.at("2026-01-21T08:00"), events: [done("2026-01-12"), done("2026-01-13")])

    // Then Monday and Tuesday had reminders, Wednesday to Sunday none, and Monday and
    // Tuesday of the next week have them again
    #expect(
      run.notifier.shown(habit: "swim").times(in: Self.zone) == [
        "2026-01-12T09:00:00+00:00", "2026-01-13T09:00:00+00:00",
        "2026-01-19T09:00:00+00:00", "2026-01-20T09:00:00+00:00",
      ])
  }

  @Test("the weekly summary: one a week, with the numbers of WeekSummary")
  func weeklySummary() throws {
    // Given a daily habit done Mon, Tue, Wed, Fri, Sat and a 2/week habit done Mon and Thu
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("2026-01-18T18:00"),
      config: "summary = \"every sunday at 19:00\"\n")
    harness.habit("alpha", "title = \"Alpha\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("beta", "title = \"Beta\"\nwhen = \"daily at 9:00\"\ntarget = \"2/week\"\n")
    for date in ["2026-01-12", "2026-01-13", "2026-01-14", "2026-01-16", "2026-01-17"] {
      _ = try harness.store.recordDone(
        habitID: "alpha", day: day(date), at: Self.at(date + "T20:00"))
    }
    for date in ["2026-01-12", "2026-01-15"] {
      _ = try harness.store.recordDone(
        habitID: "beta", day: day(date), at: Self.at(date + "T20:00"))
    }

    // When the agent runs from Sunday 18:00 to the Sunday after next
    let run = harness.run(until: Self.at("2026-02-01T12:00"))

    // Then one summary each Sunday at 19:00
    let summaries = run.notifier.shown(habit: nil)
    #expect(
      summaries.times(in: Self.zone) == [
        "2026-01-18T19:00:00+00:00", "2026-01-25T19:00:00+00:00",
      ])
    // with each habit's week: done/due, target met, streak
    let first = try #require(summaries.first?.notification)
    #expect(first.summary == "Your week")
    #expect(first.body == "Alpha: 5/7, streak 2 days\nBeta: 2/2 ✓, streak 1 week")
    // the same numbers as `habits week` computes from the store
    let clock = DayClock(zone: Self.zone)
    for shown in summaries {
      let today = clock.day(of: shown.at)
      let week = WeekSummary(
        habits: try loadedHabits(harness), checkIns: try harness.store.checkIns(), day: today,
        today: today, clock: clock)
      for row in week.rows {
        let met = row.targetMet ? " ✓" : ""
        #expect(
          shown.notification.body.contains(
            "\(row.habit.title): \(row.done)/\(row.due)\(met), streak \(row.currentStreak)"))
      }
    }
  }

  @Test("the summary's streak counts a streak longer than a year, as `habits week` does")
  func longStreak() throws {
    // Given a daily habit done every day for 500 days up to Saturday 17 January
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("2026-01-18T18:00"),
      config: "summary = \"every sunday at 19:00\"\n")
    harness.habit("alpha", "title = \"Alpha\"\nwhen = \"daily at 9:00\"\n")
    let last = day("2026-01-17")
    for back in 0..<500 {
      _ = try harness.store.recordDone(
        habitID: "alpha", day: last.adding(days: -back), at: Self.at("2026-01-18T12:00"))
    }

    // When the summary goes out
    let run = harness.run(until: Self.at("2026-01-18T20:00"))

    // Then it shows the whole streak
    let body = try #require(run.notifier.shown(habit: nil).first?.notification.body)
    #expect(body == "Alpha: 6/7, streak 500 days")
  }

  private func loadedHabits(_ harness: AgentHarness) throws -> [Habit] {
    let set = ScheduleSet(directory: harness.directory.schedules, logger: harness.logs.logger)
    set.reload()
    return set.habits
  }
}
