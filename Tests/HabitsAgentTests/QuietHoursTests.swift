// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// quiet_hours = "22:30-07:30": reminders due inside wait until it ends.
@Suite("Quiet hours")
struct QuietHoursTests {
  static let zone = Zones.newYork
  static let config = "summary = \"off\"\nquiet_hours = \"22:30-07:30\"\n"

  static func at(_ text: String) -> Instant { instant(text, in: zone) }

  @Test("07:00 waits until 07:30 and is shown then; 23:00 is never shown")
  func deferredAndDropped() throws {
    // Given reminders at 23:00 and 07:00 and quiet hours 22:30-07:30
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("2026-01-15T00:30"), config: Self.config)
    harness.habit("late", "title = \"Late\"\nwhen = \"daily at 23:00\"\n")
    harness.habit("early", "title = \"Early\"\nwhen = \"daily at 7:00\"\n")

    // When the agent runs from 00:30 for two days
    let run = harness.run(until: Self.at("2026-01-17T00:30"))

    // Then the 07:00 reminder is shown at 07:30, on time (not as a catch-up), each day
    #expect(
      run.notifier.shown(habit: "early").map(\.at) == [
        Self.at("2026-01-15T07:30"), Self.at("2026-01-16T07:30"),
      ])
    let early = try harness.store.firedReminders(since: Self.at("2026-01-14T00:00"))
      .filter { $0.habitID == "early" }
    #expect(early.map(\.kind) == [.reminder, .reminder])
    #expect(early.map(\.due) == [Self.at("2026-01-15T07:00"), Self.at("2026-01-16T07:00")])
    // and the 23:00 reminder never: by 07:30 its day is over
    #expect(run.notifier.shown(habit: "late").isEmpty)
    // and nothing is shown inside the quiet hours
    #expect(
      run.notifier.shown.allSatisfy {
        let local = Self.zone.local($0.at)
        let minutes = local.hour * 60 + local.minute
        return minutes >= 7 * 60 + 30 && minutes < 22 * 60 + 30
      })
  }

  @Test("the agent does not wake at 07:30 for a 23:00 reminder it will drop")
  func noWakeForADroppedReminder() throws {
    // Given only a 23:00 reminder, and quiet hours 22:30-07:30
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("2026-01-15T12:00"), config: Self.config)
    harness.habit("late", "title = \"Late\"\nwhen = \"daily at 23:00\"\n")

    // When the agent runs for three days
    let run = harness.run(until: Self.at("2026-01-18T12:00"))

    // Then nothing is shown, and it never asked to wake inside or at the end of the quiet hours
    #expect(run.notifier.shown.isEmpty)
    let wakes = run.wake.deadlines.compactMap { $0 }.filter { $0 < Self.at("2026-01-18T12:00") }
      .map { Self.zone.local($0) }
    #expect(wakes.allSatisfy { $0.hour >= 8 && $0.hour < 22 }, "\(wakes)")
  }

  @Test("the planner holds 23:00 at 23:00 and drops it by 07:30, and does not wake for it")
  func plannerDropsAReminderWhoseDayIsOver() throws {
    // Given only a 23:00 reminder and quiet hours 22:30-07:30
    var config = Config()
    config.summary = nil
    config.quietHours = Config.QuietHours(
      start: TimeOfDay(hour: 22, minute: 30), end: TimeOfDay(hour: 7, minute: 30))
    let planner = ReminderPlanner(
      habits: [try makeHabit("late", "daily at 23:00")], config: config, zone: Self.zone)

    // When it plans at 23:00, at 07:30 the next morning, and at noon
    let atEleven = planner.plan(now: Self.at("2026-01-15T23:00"), snapshot: .init())
    let atHalfSeven = planner.plan(now: Self.at("2026-01-16T07:30"), snapshot: .init())

    // Then nothing fires at either
    #expect(atEleven.firings.isEmpty)
    #expect(atHalfSeven.firings.isEmpty)
    // and it does not ask to be woken at 07:30 for a reminder it will drop
    let noon = planner.plan(now: Self.at("2026-01-15T12:00"), snapshot: .init())
    #expect(noon.nextWake != Self.at("2026-01-16T07:30"))
  }
}
