// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsTestSupport
import Testing

@testable import HabitsAgent

/// Buttons on the popup, pressed through the notifier's action handler.
@Suite("Notification buttons")
struct ActionTests {
  static let zone = Zones.newYork

  @Test("Done on a 23:50 reminder pressed at 00:10 records the reminder's day")
  func doneRecordsTheRemindersDay() throws {
    // Given a 23:50 reminder on Thursday 15 January
    let harness = try AgentHarness(zone: Self.zone, now: instant("2026-01-15T23:00", in: Self.zone))
    harness.habit("journal", "title = \"Journal\"\nwhen = \"daily at 23:50\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Done is pressed on it at 00:10 on Friday
    let run = harness.run(
      until: instant("2026-01-16T01:00", in: Self.zone),
      events: [
        ScriptedEvent(at: instant("2026-01-16T00:10", in: Self.zone)) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.done, on: popup)
        }
      ], notifier: notifier)

    // Then the popup was about Thursday, and Thursday is recorded done, not Friday
    #expect(run.notifier.shown.map(\.notification.day) == [day("2026-01-15")])
    let checkIns = try harness.store.checkIns(habitID: "journal")
    #expect(checkIns.map(\.day) == [day("2026-01-15")])
    #expect(checkIns.map(\.kind) == [.done])
    #expect(checkIns.first?.recordedAt == instant("2026-01-16T00:10", in: Self.zone))
  }

  @Test("Snooze on a 23:50 reminder at 00:10 brings it back at 00:25, still about its own day")
  func snoozePastMidnightKeepsTheRemindersDay() throws {
    // Given a 23:50 reminder on Thursday 15 January
    let harness = try AgentHarness(zone: Self.zone, now: instant("2026-01-15T23:00", in: Self.zone))
    harness.habit("journal", "title = \"Journal\"\nwhen = \"daily at 23:50\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Snooze is pressed at 00:10 on Friday, and Done on the popup that comes back
    let run = harness.run(
      until: instant("2026-01-16T01:00", in: Self.zone),
      events: [
        ScriptedEvent(at: instant("2026-01-16T00:10", in: Self.zone)) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.snooze, on: popup)
        },
        ScriptedEvent(at: instant("2026-01-16T00:30", in: Self.zone)) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.done, on: popup)
        },
      ], notifier: notifier)

    // Then it came back at 00:25 about Thursday, and Thursday is recorded done
    let shown = run.notifier.shown(habit: "journal")
    #expect(
      shown.map(\.at) == [
        instant("2026-01-15T23:50", in: Self.zone), instant("2026-01-16T00:25", in: Self.zone),
      ])
    #expect(shown.map(\.notification.day) == [day("2026-01-15"), day("2026-01-15")])
    #expect(try harness.store.checkIns(habitID: "journal").map(\.day) == [day("2026-01-15")])
  }

  @Test("Skip today on a popup records the skip, and stops the day's nudges")
  func skipStopsNudges() throws {
    // Given a 21:00 reminder with nudges every 30 minutes until 23:00
    let harness = try AgentHarness(zone: Self.zone, now: instant("2026-01-15T20:00", in: Self.zone))
    harness.habit(
      "walk",
      "title = \"Walk\"\nwhen = \"daily at 21:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"23:00\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Skip is pressed at 21:05
    let run = harness.run(
      until: instant("2026-01-16T01:00", in: Self.zone),
      events: [
        ScriptedEvent(at: instant("2026-01-15T21:05", in: Self.zone)) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.skip, on: popup)
        }
      ], notifier: notifier)

    // Then no nudge follows, and the day is skipped
    #expect(run.notifier.shown.count == 1)
    #expect(try harness.store.checkIns(habitID: "walk").map(\.kind) == [.skip])
  }
}
