// SPDX-License-Identifier: Apache-2.0
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

  @Test("the weekly summary: one a week, in the words of WeekStory, as `habits week` tells it")
  func weeklySummary() throws {
    // Given a daily habit done Mon, Tue, Wed, Fri, Sat and a 2/week habit done Mon and Thu
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("2026-01-18T18:00"),
      config: "summary = \"every sunday at 19:00\"\n")
    harness.habit("alpha", "title = \"Alpha\"\nwhen = \"daily at 9:00\"\n")
    harness.habit(
      "beta",
      "title = \"Beta\"\nwhen = \"daily at 9:00\"\ntarget = \"2/week\"\n"
        + "summary_line = \"You swam on {count} mornings\"\n")
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
    // opening with what went well, then each habit's week: a good week with
    // today still to come, a target met, strength beside the streak
    let first = try #require(summaries.first?.notification)
    #expect(first.summary == "Your week")
    let clock = DayClock(zone: Self.zone)
    let week = WeekSummary(
      habits: try loadedHabits(harness), checkIns: try harness.store.checkIns(),
      day: day("2026-01-18"), today: day("2026-01-18"), clock: clock)
    let strength = week.rows.map { Int(($0.strength * 100).rounded()) }
    #expect(
      first.body == """
        You made time for Alpha on five days this week.
        You swam on two mornings this week.

        Alpha: 5 of 7, a good week so far, today still to come. Strength \(strength[0])%, streak 2 days.
        Beta: 2 of 2, target met. Strength \(strength[1])%, streak 1 week.
        """)
    // and a week with nothing done says so kindly, with no row of zeros
    #expect(
      summaries.last?.notification.body
        == "Nothing checked off yet this week, and there is still time: one small moment is enough."
    )
    // each the words `habits week` tells from the store
    for shown in summaries {
      let today = clock.day(of: shown.at)
      let story = WeekStory(
        WeekSummary(
          habits: try loadedHabits(harness), checkIns: try harness.store.checkIns(), day: today,
          today: today, clock: clock))
      #expect(shown.notification.body.hasPrefix(story.opening.joined(separator: "\n")))
      #expect(shown.notification.body.hasSuffix(story.details.last ?? story.opening.last ?? "-"))
      #expect(!shown.notification.body.contains("streak 0"))
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

    // Then it shows the whole streak, beside a strength that today, still to do, holds back
    let body = try #require(run.notifier.shown(habit: nil).first?.notification.body)
    #expect(
      body == """
        You made time for Alpha on six days this week.

        Alpha: 6 of 7, every one so far, today still to come. Strength 95%, streak 500 days.
        """)
  }

  private func loadedHabits(_ harness: AgentHarness) throws -> [Habit] {
    let set = ScheduleSet(directory: harness.directory.schedules, logger: harness.logs.logger)
    set.reload()
    return set.habits
  }
}
