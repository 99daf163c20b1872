// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent
@testable import HabitsStore

/// What the planted bugs of `./dev mutants` found the other tests let
/// through, each pinned by a small test of its own.
@Suite("Found by planted bugs")
struct PlantedBugTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  @Test("a reminder the store's log refuses is not shown, so it is never shown twice")
  func unloggedReminderIsNotShown() throws {
    // Given a 09:00 reminder, and a store whose reminder log refuses every row (a full disk)
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:55"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    try harness.store.executeRaw(
      """
      CREATE TRIGGER refuse_log BEFORE INSERT ON reminder_log
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
      """)

    // When the agent runs past 09:00
    let refused = harness.run(until: Self.at("09:03"))

    // Then nothing is shown: a popup the log does not hold would come again at every try
    #expect(refused.notifier.shown.isEmpty, "\(refused.notifier.shown.times(in: Self.zone))")

    // When the log takes rows again
    try harness.store.executeRaw("DROP TRIGGER refuse_log")
    let recovered = harness.run(until: Self.at("09:30"))

    // Then the reminder comes once, as a catch-up
    #expect(recovered.notifier.shown.map(\.at) == [Self.at("09:03")])
  }

  @Test("with catch_up = \"same-day\", a summary missed on Sunday is not caught up on Monday")
  func noSummaryCaughtUpTheDayAfter() throws {
    // Given the weekly summary on Sunday at 16:00, and the agent running on Sunday 18 January
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("15:00", "2026-01-18"),
      config: "summary = \"every sunday at 16:00\"\ncatch_up = \"same-day\"\n")

    // When the laptop sleeps from 15:30 until Monday 09:00
    let run = harness.run(
      until: Self.at("12:00", "2026-01-19"),
      events: [
        ScriptedEvent(at: Self.at("15:30", "2026-01-18"), [.clockChanged]) {
          harness.clock.set(Self.at("09:00", "2026-01-19"))
        }
      ])

    // Then no summary comes: Sunday is over
    #expect(run.notifier.shown.isEmpty, "\(run.notifier.shown.times(in: Self.zone))")
  }

  @Test("a summary moved from Saturday to Sunday after Saturday's went out waits for next week")
  func oneSummaryAWeekAcrossAnEdit() throws {
    // Given the summary on Saturdays at 16:00, shown on Saturday 17 January
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("12:00", "2026-01-17"),
      config: "summary = \"every saturday at 16:00\"\n")
    let saturday = harness.run(until: Self.at("17:00", "2026-01-17"))
    #expect(saturday.notifier.shown(habit: nil).map(\.at) == [Self.at("16:00", "2026-01-17")])

    // When config.toml moves it to Sundays and the agent starts again
    harness.directory.config("summary = \"every sunday at 16:00\"\n")
    let run = harness.run(until: Self.at("12:00", "2026-01-26"))

    // Then that week has had its summary: the next comes on Sunday 25 January
    #expect(
      run.notifier.shown(habit: nil).map(\.at) == [Self.at("16:00", "2026-01-25")],
      "\(run.notifier.shown.times(in: Self.zone))")
  }

  @Test("a reminder logged but never shown is dropped by an agent that starts the day after")
  func undeliveredFromYesterdayIsDropped() throws {
    // Given yesterday's 09:00 reminder logged, and the agent gone before showing it
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:30"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let yesterday = Self.at("09:00", "2026-01-14")
    _ = try harness.store.logReminder(
      FiredReminder(habitID: "tea", due: yesterday, firedAt: yesterday, kind: .reminder))

    // When a new agent starts at 08:30 the next morning
    let run = harness.run(until: Self.at("08:55"))

    // Then yesterday's reminder is not shown (that day is over), and is no longer pending
    #expect(run.notifier.shown.isEmpty, "\(run.notifier.shown.times(in: Self.zone))")
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }
}
