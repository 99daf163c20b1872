// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// A habit settled on another computer while its popup is up here: the
/// agent takes the popup down as the event arrives, and nudges no more.
@Suite("The agent withdraws popups settled on another device")
struct SyncWithdrawalTests {
  static func at(_ time: String) -> Instant { SyncAgentTests.at(time) }

  /// The two devices, tea nudged every 10 minutes until 10:00: from 09:20,
  /// as a nudge waits for `gather` after any popup.
  static func devices() throws -> SyncAgentTests.TwoDevices {
    let devices = try SyncAgentTests.TwoDevices()
    devices.harness.habit(
      "tea",
      "title = \"Tea\"\nwhen = \"daily at 9:00\"\n[nudge]\nrepeat = \"10m\"\nuntil = \"10:00\"\n")
    return devices
  }

  /// At `time`, the desktop records `action` for `habit` and writes its
  /// event to the folder; the laptop's agent wakes as inotify would wake it.
  static func elsewhere(
    _ devices: SyncAgentTests.TwoDevices, _ time: String, _ action: NotificationAction,
    _ habit: String
  ) -> ScriptedEvent {
    ScriptedEvent(at: at(time), [.storeChanged]) {
      do {
        if action == .skip {
          _ = try devices.other.recordSkip(habitID: habit, day: day("2026-01-15"), at: at(time))
        } else {
          _ = try devices.other.recordDone(habitID: habit, day: day("2026-01-15"), at: at(time))
        }
        try devices.other.synchronize(folder: devices.folder, at: at(time))
      } catch {
        Issue.record("the desktop could not record \(habit): \(error)")
      }
    }
  }

  @Test(
    "the popup goes when the other computer's Done or Skip arrives, and no nudge follows",
    arguments: [NotificationAction.done, .skip])
  func withdrawnOnArrival(action: NotificationAction) throws {
    // Given the laptop's agent showing tea at 09:00, nudges due every 10 minutes
    let devices = try Self.devices()
    defer { devices.remove() }

    // When tea is settled on the desktop at 09:05 and its event arrives
    let run = devices.harness.run(
      until: Self.at("10:00"), events: [Self.elsewhere(devices, "09:05", action, "tea")])

    // Then the tea popup is closed at 09:05, and tea is never shown again that day
    #expect(run.notifier.closed.map(\.key) == ["tea"])
    #expect(run.notifier.closed.map(\.at) == [Self.at("09:05")])
    #expect(run.notifier.shown(habit: "tea").map(\.at) == [Self.at("09:00")])
    let word = action == .done ? "done" : "skipped"
    #expect(
      devices.harness.logs.messages.contains(
        "info: tea is \(word) for 2026-01-15: its popup is withdrawn"))
  }

  @Test("an event for another habit leaves the popup up")
  func otherHabitsLeaveItUp() throws {
    // Given tea shown at 09:00
    let devices = try Self.devices()
    defer { devices.remove() }

    // When the walk, not yet reminded, is done on the desktop at 09:05
    let run = devices.harness.run(
      until: Self.at("09:25"), events: [Self.elsewhere(devices, "09:05", .done, "walk")])

    // Then nothing is closed, and tea's nudge still comes, once `gather` has passed
    #expect(run.notifier.closed.isEmpty)
    #expect(run.notifier.shown(habit: "tea").map(\.at) == [Self.at("09:00"), Self.at("09:20")])
  }

  @Test("a popup answered here is not withdrawn again when the event comes back")
  func answeredHereIsNotWithdrawn() throws {
    // Given tea shown at 09:00 and Done pressed on it at 09:02
    let devices = try Self.devices()
    defer { devices.remove() }
    let notifier = RecordingNotifier(clock: devices.harness.clock)
    let run = devices.harness.run(
      until: Self.at("10:00"),
      events: [
        ScriptedEvent(at: Self.at("09:02")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.done, on: popup)
        },
        // When the desktop writes something at 09:05 and the agent merges it
        Self.elsewhere(devices, "09:05", .done, "walk"),
      ], notifier: notifier)

    // Then the server took the popup down on the press; the agent closes nothing
    #expect(run.notifier.closed.isEmpty)
    #expect(run.notifier.shown(habit: "tea").count == 1)
  }

  @Test("a gathered popup is withdrawn once every habit in it is settled elsewhere")
  func gatheredWithdrawnWhenAllSettled() throws {
    // Given walk (09:30) and stretch (09:40) shown together at 09:30
    let devices = try SyncAgentTests.TwoDevices()
    defer { devices.remove() }
    devices.harness.habit("stretch", "title = \"Stretch\"\nwhen = \"daily at 9:40\"\n")

    // When the desktop does walk at 09:32 and stretch at 09:34
    let run = devices.harness.run(
      until: Self.at("10:00"),
      events: [
        Self.elsewhere(devices, "09:32", .done, "walk"),
        Self.elsewhere(devices, "09:34", .done, "stretch"),
      ])

    // Then the gathered popup stays after the first and goes at the second
    let gathered = run.notifier.shown.filter { $0.notification.key == ReminderComposer.gatheredKey }
    #expect(gathered.map { $0.notification.habitIDs } == [["walk", "stretch"]])
    #expect(run.notifier.closed.map(\.key) == [ReminderComposer.gatheredKey])
    #expect(run.notifier.closed.map(\.at) == [Self.at("09:34")])
    #expect(
      devices.harness.logs.messages.contains(
        "info: every habit of the gathered popup is settled: it is withdrawn"))
  }
}
