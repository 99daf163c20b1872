// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The reminder log: written before a reminder is shown, so a restart never shows it twice.
@Suite("Restarts")
struct RestartTests {
  static let zone = Zones.newYork

  static func at(_ time: String) -> Instant { instant("2026-01-15T" + time, in: zone) }

  @Test("a new agent over the same store does not fire the same reminder again")
  func restartAfterFiring() throws {
    // Given an agent that showed the 09:00 reminder and stopped at 09:30
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let first = harness.run(until: Self.at("09:30"))
    #expect(first.notifier.shown.map(\.at) == [Self.at("09:00")])

    // When a new agent starts at 09:30 and runs until noon
    let second = harness.run(until: Self.at("12:00"))

    // Then it shows nothing
    #expect(second.notifier.shown.isEmpty)
  }

  @Test("a reminder logged but not shown before a crash is shown once by the next agent")
  func undeliveredIsShownOnce() throws {
    // Given the 09:00 reminder logged, and the agent gone before showing it
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("09:05"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let logged = try harness.store.logReminder(
      FiredReminder(
        habitID: "tea", due: Self.at("09:00"), firedAt: Self.at("09:00"), kind: .reminder))
    #expect(logged)

    // When a new agent starts at 09:05 and runs until noon
    let run = harness.run(until: Self.at("12:00"))

    // Then it shows it once, at startup, and marks it delivered
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:05")])
    #expect(run.notifier.shown.first?.notification.day == day("2026-01-15"))
    #expect(try harness.store.undeliveredReminders().isEmpty)
    // and yet another agent does not show it again
    let third = harness.run(until: Self.at("13:00"))
    #expect(third.notifier.shown.isEmpty)
  }

  @Test("an undelivered reminder for a habit done meanwhile is not shown")
  func undeliveredButDone() throws {
    // Given the 09:00 reminder logged but not shown, and the habit done from the CLI at 09:02
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("09:05"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    _ = try harness.store.logReminder(
      FiredReminder(
        habitID: "tea", due: Self.at("09:00"), firedAt: Self.at("09:00"), kind: .reminder))
    _ = try harness.store.recordDone(habitID: "tea", day: day("2026-01-15"), at: Self.at("09:02"))

    // When a new agent starts
    let run = harness.run(until: Self.at("12:00"))

    // Then nothing is shown, and the log no longer holds it as pending
    #expect(run.notifier.shown.isEmpty)
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }

  @Test("a failing notifier does not stall the schedule; what failed is retried at the next start")
  func failingNotifier() throws {
    // Given reminders at 09:00 and 10:00 and a notification server that is missing
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 10:00\"\n")
    let broken = RecordingNotifier(clock: harness.clock)
    broken.failing = true

    // When the agent runs to 11:00
    let run = harness.run(until: Self.at("11:00"), notifier: broken)

    // Then both were tried once, at their times, and the agent went on
    #expect(run.notifier.failedAttempts == 2)
    #expect(harness.logs.messages.filter { $0.contains("could not show") }.count == 2)
    #expect(try harness.store.undeliveredReminders().map(\.habitID) == ["tea", "walk"])

    // When an agent with a working server starts at 11:00
    let next = harness.run(until: Self.at("12:00"))

    // Then each is shown once, the two together (gather)
    #expect(next.notifier.shown.map(\.notification.habitIDs) == [["tea", "walk"]])
  }

  @Test("an undelivered reminder of a habit since removed is dropped, not retried at every start")
  func undeliveredForARemovedHabit() throws {
    // Given a reminder logged but not shown for a habit whose file is gone
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("09:05"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    _ = try harness.store.logReminder(
      FiredReminder(
        habitID: "gone", due: Self.at("09:00"), firedAt: Self.at("09:00"), kind: .reminder))

    // When an agent starts
    let run = harness.run(until: Self.at("09:30"))

    // Then it shows nothing for it, and no longer holds it as pending
    #expect(run.notifier.shown(habit: "gone").isEmpty)
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }

  @Test("a mark the store refused is made at the next pass, so a new agent does not show it again")
  func refusedMarkIsMadeLater() throws {
    // Given the 09:00 reminder, and SQLite refusing the write after the one that logs it
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let faults = StoreFaults(on: harness.store)
    let first = harness.run(
      until: Self.at("09:30"),
      events: [ScriptedEvent(at: Self.at("08:59")) { faults.arm(.busy, count: 1, after: 1) }])
    #expect(faults.disarm() == 1)

    // Then it is shown once, the refusal is logged, and it is marked shown by 09:30
    #expect(first.notifier.shown.map(\.at) == [Self.at("09:00")])
    #expect(
      harness.logs.messages.contains { $0.hasPrefix("error: cannot mark the reminder for tea") })
    #expect(try harness.store.undeliveredReminders().isEmpty)

    // And a new agent started at 09:30 shows nothing
    let second = harness.run(until: Self.at("12:00"))
    #expect(second.notifier.shown.isEmpty)
  }

  @Test("a popup shown just before the agent died, before it was marked, is shown once more")
  func shownBeforeTheMarkIsShownOnceMore() throws {
    // Given an agent killed as soon as it has shown the 09:00 reminder, before marking it
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let faults = StoreFaults(on: harness.store)
    let notifier = RecordingNotifier(clock: harness.clock)
    notifier.crashAfterNextDelivery = true
    notifier.onCrash = { faults.arm(.gone, count: Int.max) }
    harness.run(until: Self.at("09:00:30"), notifier: notifier)
    #expect(notifier.shown.map(\.at) == [Self.at("09:00")])
    faults.disarm()

    // When a new agent starts at 09:00:30
    let next = harness.run(until: Self.at("12:00"))

    // Then it shows it once more, and marks it
    #expect(next.notifier.shown.map(\.at) == [Self.at("09:00:30")])
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }
}
