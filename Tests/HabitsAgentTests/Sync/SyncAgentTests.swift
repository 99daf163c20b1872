// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The agent on a device that syncs: it merges the folder before each pass,
/// so a habit done on another computer is not reminded here, and a Done
/// pressed here reaches the other computers.
@Suite("The agent with a sync folder")
struct SyncAgentTests {
  static let zone = Zones.london

  static func at(_ time: String) -> Instant { instant("2026-01-15T" + time, in: zone) }

  /// An agent here and a second device's store, both members of one folder.
  struct TwoDevices {
    let harness: AgentHarness
    let other: HabitStore
    let folder: SyncFolder
    let root: String

    init() throws {
      root = NSTemporaryDirectory() + "habits-sync-agent-\(UUID().uuidString)"
      let folderPath = root + "/folder"
      try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: true)
      folder = SyncFolder(path: folderPath)
      harness = try AgentHarness(
        zone: SyncAgentTests.zone, now: SyncAgentTests.at("08:00"),
        config: "summary = \"off\"\n\n[sync]\nfolder = \"\(folderPath)\"\n", fileBacked: true)
      harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
      harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 9:30\"\n")
      _ = try harness.store.joinSync(folder: folder, name: "laptop", at: SyncAgentTests.at("08:00"))
      other = try HabitStore(path: root + "/desktop.db")
      _ = try other.joinSync(folder: folder, name: "desktop", at: SyncAgentTests.at("08:00"))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
  }

  @Test("a habit done on the other computer before its time is not reminded here")
  func doneElsewhereIsNotReminded() throws {
    // Given tea done on the desktop at 08:30, its event written to the folder
    let devices = try TwoDevices()
    defer { devices.remove() }
    _ = try devices.other.recordDone(habitID: "tea", day: day("2026-01-15"), at: Self.at("08:30"))
    try devices.other.synchronize(folder: devices.folder, at: Self.at("08:30"))

    // When the laptop's agent runs from 08:00 to 10:00
    let run = devices.harness.run(until: Self.at("10:00"))

    // Then it shows the walk at 09:30 but never the tea, which it counts done
    #expect(run.notifier.shown.map { $0.notification.habitIDs } == [["walk"]])
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:30")])
    let tea = try devices.harness.store.checkIns(habitID: "tea")
    #expect(tea.map(\.kind) == [.done])
  }

  @Test("a Done pressed on a popup here reaches the other computer")
  func donePressedHereTravels() throws {
    // Given the laptop's agent showing tea at 09:00, and Done pressed at 09:05
    let devices = try TwoDevices()
    defer { devices.remove() }
    let notifier = RecordingNotifier(clock: devices.harness.clock)
    devices.harness.run(
      until: Self.at("09:20"),
      events: [
        ScriptedEvent(at: Self.at("09:05")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.done, on: popup)
        }
      ], notifier: notifier)

    // When the desktop merges the folder
    try devices.other.synchronize(folder: devices.folder, at: Self.at("09:21"))

    // Then it has tea done for the 15th, recorded at 09:05
    let tea = try devices.other.checkIns(habitID: "tea")
    #expect(tea.map(\.day) == [day("2026-01-15")])
    #expect(tea.map(\.kind) == [.done])
  }
}
