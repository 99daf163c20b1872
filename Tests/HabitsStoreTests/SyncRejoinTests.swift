// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// A device that leaves and joins again.
@Suite struct SyncRejoinTests {
  static let now = SyncStoreTests.now

  /// A day undone here while the device did not sync stays undone when it
  /// joins again, even when another device changed that day meanwhile: the
  /// undo is this device's history, as an amount changed then would be.
  @Test func anUndoMadeWhileAwayStaysAtRejoin() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "read", day: day, value: 5, at: Self.now, events: folder)
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    try here.leaveSync()
    #expect(try here.undo(habitID: "read", day: day, at: Self.now.adding(seconds: 60)) != nil)
    _ = try there.recordDone(
      habitID: "read", day: day, value: 2, at: Self.now.adding(seconds: 90), events: folder)
    _ = try here.joinSync(folder: folder, name: "here", at: Self.now.adding(seconds: 120))
    #expect(try here.checkIns(habitID: "read").isEmpty)
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 150))
    #expect(try there.checkIns(habitID: "read").isEmpty)
  }
}
