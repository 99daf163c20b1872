// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// Snoozes (from the CLI or a button) and `[nudge] repeat/until`.
@Suite("Snooze and re-nudge")
struct SnoozeAndNudgeTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  @Test("after a 15-minute snooze: nothing until it ends, then exactly one reminder")
  func snoozeFromTheCommandLine() throws {
    // Given a 09:00 reminder that has fired
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")

    // When at 09:02 `habits snooze tea 15m` writes the store
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        ScriptedEvent(at: Self.at("09:02"), [.storeChanged]) {
          try? harness.store.snooze(habitID: "tea", until: Self.at("09:17"), at: Self.at("09:02"))
        }
      ])

    // Then the reminder comes back once, at 09:17
    #expect(run.notifier.shown(habit: "tea").map(\.at) == [Self.at("09:00"), Self.at("09:17")])
  }

  @Test("Snooze 15 min on the popup brings the reminder back once, 15 minutes later")
  func snoozeFromTheButton() throws {
    // Given a 09:00 reminder with nudges every 30 minutes until 10:00
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit(
      "tea",
      "title = \"Tea\"\nwhen = \"daily at 9:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"10:00\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Snooze is pressed at 09:20
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        ScriptedEvent(at: Self.at("09:20")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.snooze, on: popup)
        }
      ], notifier: notifier)

    // Then the 09:30 nudge is held back, the reminder comes at 09:35, and the 10:00 nudge after
    #expect(
      run.notifier.shown(habit: "tea").map(\.at) == [
        Self.at("09:00"), Self.at("09:35"), Self.at("10:00"),
      ])
  }

  @Test("a snooze made while a reminder was still unshown holds that one back too")
  func snoozeHoldsBackAnUnshownReminder() throws {
    // Given a 09:00 reminder the agent never showed (it was not running), snoozed at 09:05 until 09:20
    let planner = ReminderPlanner(
      habits: [try makeHabit("tea", "daily at 9:00")], config: Config(), zone: Self.zone)
    let snapshot = ReminderPlanner.Snapshot(
      snoozes: ["tea": (until: Self.at("09:20"), recordedAt: Self.at("09:05"))])

    // When the agent plans at 09:10, inside the snooze, and at 09:20, when it ends
    let during = planner.plan(now: Self.at("09:10"), snapshot: snapshot)
    let after = planner.plan(now: Self.at("09:20"), snapshot: snapshot)

    // Then nothing fires during it, and one reminder fires at its end
    #expect(during.firings.isEmpty)
    #expect(during.nextWake == Self.at("09:20"))
    #expect(after.firings.map(\.due) == [Self.at("09:20")])
    #expect(after.firings.map(\.kind) == [.reminder])
  }

  static let gratitude = """
    title = "Gratitude"
    when = "daily at 21:00"
    [nudge]
    repeat = "30m"
    until = "23:00"
    """

  @Test("re-nudges every 30 minutes until 23:00, replacing the first popup")
  func renudgeUntil() throws {
    // Given a 21:00 reminder with [nudge] repeat = 30m, until = 23:00
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit("gratitude", Self.gratitude)

    // When the agent runs until the next morning and nobody checks in
    let run = harness.run(until: Self.at("09:00", "2026-01-16"))

    // Then the reminder and nudges at 21:30, 22:00, 22:30 and 23:00, and none after
    let shown = run.notifier.shown(habit: "gratitude")
    #expect(
      shown.times(in: Self.zone) == [
        "2026-01-15T21:00:00-05:00", "2026-01-15T21:30:00-05:00", "2026-01-15T22:00:00-05:00",
        "2026-01-15T22:30:00-05:00", "2026-01-15T23:00:00-05:00",
      ])
    let kinds = try harness.store.firedReminders(since: Self.at("00:00")).map(\.kind)
    #expect(kinds == [.reminder, .nudge, .nudge, .nudge, .nudge])
    // all with the same key, so each replaces the popup before it
    #expect(Set(shown.map(\.notification.key)) == ["gratitude"])
  }

  @Test("no nudge after a check-in")
  func noNudgeAfterCheckIn() throws {
    // Given the same reminder with nudges
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit("gratitude", Self.gratitude)

    // When `habits done gratitude` runs at 21:45
    let run = harness.run(
      until: Self.at("09:00", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("21:45"), [.storeChanged]) {
          _ = try? harness.store.recordDone(
            habitID: "gratitude", day: day("2026-01-15"), at: Self.at("21:45"))
        }
      ])

    // Then the nudges stop
    #expect(
      run.notifier.shown(habit: "gratitude").map(\.at) == [Self.at("21:00"), Self.at("21:30")])
  }

  @Test("after a check-in the agent sleeps through the day's remaining nudge slots")
  func noWakesForADoneDay() throws {
    // Given a 09:00 reminder with a nudge every 5 minutes until 23:00
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit(
      "water",
      "title = \"Water\"\nwhen = \"daily at 9:00\"\n[nudge]\nrepeat = \"5m\"\nuntil = \"23:00\"\n")

    // When it is done at 09:02
    let run = harness.run(
      until: Self.at("12:00", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("09:02"), [.storeChanged]) {
          _ = try? harness.store.recordDone(
            habitID: "water", day: day("2026-01-15"), at: Self.at("09:02"))
        }
      ])

    // Then it does not wake again until tomorrow's reminder
    let after = run.wake.waits.filter { $0.asked >= Self.at("09:02") }.compactMap(\.deadline)
    #expect(after.first == Self.at("09:00", "2026-01-16"), "\(after)")
    #expect(
      run.notifier.shown.map(\.at).filter { $0 < Self.at("09:00", "2026-01-16") } == [
        Self.at("09:00")
      ])
  }
}
