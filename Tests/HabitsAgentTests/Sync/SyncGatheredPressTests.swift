// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// A Done pressed on the gathered popup in the same wake as another
/// device's events arrive: the popup comes back only for what the merged
/// history leaves open.
@Suite("A press on the gathered popup as events arrive")
struct SyncGatheredPressTests {
  static func at(_ time: String) -> Instant { SyncAgentTests.at(time) }

  @Test("the gathered popup does not come back for a habit whose done arrived with the press")
  func notShownAgainForWhatArrived() throws {
    // Given walk (09:30) and stretch (09:40) shown together at 09:30
    let devices = try SyncAgentTests.TwoDevices()
    defer { devices.remove() }
    devices.harness.habit("stretch", "title = \"Stretch\"\nwhen = \"daily at 9:40\"\n")
    let notifier = RecordingNotifier(clock: devices.harness.clock)

    // When, at 09:35, the desktop's done for stretch arrives and Done for
    // walk is pressed here, the agent waking once for both
    let run = devices.harness.run(
      until: Self.at("10:00"),
      events: [
        ScriptedEvent(at: Self.at("09:35"), [.storeChanged]) {
          do {
            _ = try devices.other.recordDone(
              habitID: "stretch", day: day("2026-01-15"), at: Self.at("09:35"))
            try devices.other.synchronize(folder: devices.folder, at: Self.at("09:35"))
          } catch {
            Issue.record("the desktop could not record stretch: \(error)")
          }
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.pressDone("walk", on: popup)
        }
      ], notifier: notifier)

    // Then the gathered popup is taken down at 09:35, never shown again for stretch
    let gathered = run.notifier.shown.filter { $0.notification.key == ReminderComposer.gatheredKey }
    #expect(gathered.map { $0.notification.habitIDs } == [["walk", "stretch"]])
    #expect(run.notifier.closed.map(\.key) == [ReminderComposer.gatheredKey])
    #expect(run.notifier.closed.map(\.at) == [Self.at("09:35")])
    #expect(
      devices.harness.logs.messages.contains(
        "info: every habit of the gathered popup is answered; it is taken down"))
  }
}
