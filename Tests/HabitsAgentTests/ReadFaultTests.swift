// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// When SQLite cannot read the database (busy past its timeout, an I/O
/// error), the agent logs it and tries again: a reminder due meanwhile
/// comes when it can read again, once.
@Suite("Read faults")
struct ReadFaultTests {
  static let zone = Zones.newYork

  static func at(_ time: String) -> Instant { instant("2026-01-15T" + time, in: zone) }

  @Test(
    "a reminder due while the database cannot be read comes a minute later, as the read is tried again"
  )
  func readRetried() throws {
    // Given the 09:00 reminder, and SQLite refusing the agent's read at 09:00 (after the one at 08:59)
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let faults = StoreReadFaults(on: harness.store)
    let run = harness.run(
      until: Self.at("09:30"),
      events: [ScriptedEvent(at: Self.at("08:59")) { faults.arm(.busy, count: 1, after: 1) }])
    #expect(faults.disarm() == 1)

    // Then the failure is logged, and the reminder comes once, a minute later, on time
    #expect(
      harness.logs.messages.contains { $0.hasPrefix("error: cannot read the database") })
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:01")])
    #expect(run.notifier.shown.first?.notification.body.contains("away") == false)
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }

  @Test("a reminder logged when its words could not be read is shown at the next pass, once")
  func wordsUnreadable() throws {
    // Given the 09:00 reminder, and SQLite refusing the read after the plan's, the one for its words
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let faults = StoreReadFaults(on: harness.store)
    let run = harness.run(
      until: Self.at("09:30"),
      events: [ScriptedEvent(at: Self.at("08:59")) { faults.arm(.ioError, count: 1, after: 2) }])
    #expect(faults.disarm() == 1)

    // Then the failure is logged, and it is shown a second later, once, and marked shown
    #expect(
      harness.logs.messages.contains {
        $0.hasPrefix("error: cannot read what the reminder for tea should say")
      })
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:00:01")])
    #expect(try harness.store.undeliveredReminders().isEmpty)

    // And a new agent shows nothing more
    let next = harness.run(until: Self.at("12:00"))
    #expect(next.notifier.shown.isEmpty)
  }

  @Test(
    "showing what it logged and could not word, the agent leaves out what it showed and could not mark"
  )
  func unwordedBesideUnmarked() throws {
    // Given alpha and beta at 09:00 in popups of their own; alpha's words unreadable,
    // and beta's mark refused twice, at 09:00 and at the pass a second later
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("08:00"), config: "gather = \"off\"\n")
    harness.habit("alpha", "title = \"Alpha\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("beta", "title = \"Beta\"\nwhen = \"daily at 9:00\"\n")
    let reads = StoreReadFaults(on: harness.store)
    let writes = StoreFaults(on: harness.store)
    let run = harness.run(
      until: Self.at("09:30"),
      events: [
        ScriptedEvent(at: Self.at("08:59")) {
          reads.arm(.ioError, count: 1, after: 2)
          writes.arm(.busy, count: 2, after: 2)
        }
      ])
    #expect(reads.disarm() == 1)
    #expect(writes.disarm() == 2)

    // Then each is shown once: beta at 09:00, alpha a second later
    #expect(run.notifier.shown.map(\.notification.habitIDs) == [["beta"], ["alpha"]])
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:00"), Self.at("09:00:01")])
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }

  @Test(
    "after Done on a gathered popup, when the store cannot be read, the popup comes back at the next pass"
  )
  func gatheredBackAfterUnreadable() throws {
    // Given Tea and Walk at 21:00, in one popup
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 21:00\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 21:00\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)
    let faults = StoreReadFaults(on: harness.store)

    // When Done is pressed for Tea at 21:10, and SQLite refuses the read that follows
    let run = harness.run(
      until: Self.at("21:30"),
      events: [
        ScriptedEvent(at: Self.at("21:10")) {
          guard let popup = notifier.shown.last?.notification else { return }
          faults.arm(.busy, count: 1)
          notifier.pressDone("tea", on: popup)
        }
      ], notifier: notifier)
    #expect(faults.disarm() == 1)

    // Then Tea is recorded, the failure logged, and the popup comes back for
    // Walk at the pass that follows the press
    #expect(try harness.store.checkIns(habitID: "tea").map(\.kind) == [.done])
    #expect(
      harness.logs.messages.contains {
        $0.hasPrefix("error: cannot read the store to bring the gathered popup up to date")
      })
    #expect(run.notifier.shown.map(\.at) == [Self.at("21:00"), Self.at("21:10")])
    #expect(run.notifier.shown.last?.notification.habitIDs == ["walk"])
  }

  @Test(
    "a reminder held back by a read the store refused just before quiet hours waits for their end")
  func heldIntoQuietHours() throws {
    // Given quiet hours from 23:00, Tea at 22:59, and SQLite refusing the agent's read at 22:59
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("22:00"), config: "quiet_hours = \"23:00-06:30\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 22:59\"\n")
    let faults = StoreReadFaults(on: harness.store)
    let run = harness.run(
      until: Self.at("23:59"),
      events: [ScriptedEvent(at: Self.at("22:58")) { faults.arm(.busy, count: 1, after: 1) }])
    #expect(faults.disarm() == 1)

    // Then nothing is shown at 23:00, when the agent reads again, nor later in the quiet hours
    #expect(run.notifier.shown.isEmpty)
  }
}
