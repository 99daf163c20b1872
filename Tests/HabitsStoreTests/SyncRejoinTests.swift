// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// A device that leaves and joins again, and one whose own file is cut
/// short while it goes on recording.
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

  /// What the other devices did while this one did not sync stays when it
  /// joins again: it writes only what it changed meanwhile, as a pass would
  /// have, and the days it did not change are the folder's. Its record of
  /// them is only older.
  @Test func whatOthersDidWhileAwayStaysAtRejoin() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    // Given three days here, merged there, and then this device leaving
    _ = try here.recordDone(habitID: "water", day: day, value: 3, at: Self.now, events: folder)
    _ = try here.recordDone(habitID: "thanks", day: day, at: Self.now, events: folder)
    _ = try here.recordDone(habitID: "walk", day: day, at: Self.now, events: folder)
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    try here.leaveSync()
    // When the other adds glasses, a note and undoes the walk meanwhile,
    _ = try there.recordDone(
      habitID: "water", day: day, value: 4, at: Self.now.adding(seconds: 60), events: folder)
    _ = try there.recordDone(
      habitID: "thanks", day: day, note: "thanked Sam", at: Self.now.adding(seconds: 61),
      events: folder)
    _ = try there.undo(habitID: "walk", day: day, events: folder, at: Self.now.adding(seconds: 62))
    // and this one adds glasses of its own before joining again
    _ = try here.recordDone(
      habitID: "water", day: day, value: 2, at: Self.now.adding(seconds: 90), events: nil)
    _ = try here.joinSync(folder: folder, name: "here", at: Self.now.adding(seconds: 120))
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 150))
    // Then both hold every glass, the note and the walk undone
    for store in [here, there] {
      let days = Dictionary(
        uniqueKeysWithValues: try store.checkIns().map { ($0.habitID, $0) })
      #expect(days["water"]?.value == 9)
      #expect(days["thanks"]?.note == "thanked Sam")
      #expect(days["walk"] == nil)
    }
  }

  /// A line in another device's file that names this device (put there by
  /// hand) is reported and never taken as this device's own: not merged,
  /// and not written to its files by a rebuild, whence it would reach every
  /// device as this one's.
  @Test func aLineNamingThisDeviceInAnothersFileIsNotTakenAsItsOwn() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "walk", day: day, at: Self.now, events: folder)
    let theirs = try #require(try there.syncMember()).device
    let (directory, name) = try SyncStoreTests.ownMonthFile(here, in: folder)
    let forged =
      #"{"v":1,"id":"eeee1111aaaa1111aaaa1111aaaa1111","t":1795190400,"c":0,"d":""#
      + theirs.text + #"","habit":"dinner","day":"2026-11-19","op":"done","note":"forged"}"# + "\n"
    let handle = try #require(FileHandle(forWritingAtPath: directory + "/" + name))
    handle.seekToEndOfFile()
    handle.write(Data(forged.utf8))
    try handle.close()
    let report = try there.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    #expect(
      report.problems.contains { $0.description.contains("says it is device \(theirs.text)'s") })
    #expect(try there.checkIns().map(\.habitID) == ["walk"])
    _ = try there.rebuildFromSync(folder: folder, at: Self.now.adding(seconds: 60))
    #expect(try there.checkIns().map(\.habitID) == ["walk"])
    let own = folder.path + "/devices/" + theirs.text
    let written = try FileManager.default.contentsOfDirectory(atPath: own)
      .filter { $0.hasSuffix(".jsonl") }
      .map { try String(contentsOfFile: own + "/" + $0, encoding: .utf8) }.joined()
    #expect(!written.contains("forged"))
  }

  /// A copy of a database that joined (restored on another computer, or
  /// put in another folder) does not write as that device, whose files
  /// only one database may write: its passes and changes say it is a copy
  /// and write nothing, what it records is kept, and `joinSync` makes it a
  /// device of its own, whose history then reaches the first, which goes on
  /// as before.
  @Test func aCopiedDatabaseWritesNothingAsTheDeviceItCopiedAndJoinsAsItsOwn() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here")
    let here = stores[0]
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "walk", day: day, at: Self.now, events: folder)
    let copyPath = fixture.root + "/elsewhere/copy.sqlite3"
    try FileManager.default.createDirectory(
      atPath: fixture.root + "/elsewhere", withIntermediateDirectories: false)
    try here.executeRaw("VACUUM INTO '\(copyPath)'")
    let copy = try HabitStore(path: copyPath)
    let original = try #require(try here.syncMember())
    #expect(original.copiedFrom == nil)
    let copied = try #require(try copy.syncMember())
    #expect(copied.device == original.device)
    #expect(copied.copiedFrom?.hasSuffix(fixture.root + "/here.sqlite3") == true)
    // A pass, and a change with its events, write nothing as that device
    #expect(throws: HabitsError.self) {
      try copy.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    }
    let files = try folder.list().files
    let error = #expect(throws: HabitsError.self) {
      try copy.recordDone(
        habitID: "tea", day: day, at: Self.now.adding(seconds: 60), events: folder)
    }
    #expect(error?.message.contains("this database is a copy") == true)
    #expect(error?.hint?.contains("habits sync init") == true)
    #expect(try folder.list().files == files)
    #expect(try copy.checkIns().map(\.habitID).sorted() == ["tea", "walk"])
    // Joined, it is a device of its own, and the first takes its day
    let (member, _) = try copy.joinSync(
      folder: folder, name: "copy", at: Self.now.adding(seconds: 90))
    #expect(member.device != original.device)
    #expect(try copy.syncMember()?.copiedFrom == nil)
    _ = try copy.recordDone(
      habitID: "read", day: day, at: Self.now.adding(seconds: 100), events: folder)
    try here.synchronize(folder: folder, at: Self.now.adding(seconds: 120))
    #expect(try here.checkIns().map(\.habitID).sorted() == ["read", "tea", "walk"])
    #expect(try here.syncMember()?.device == original.device)
    let devices = Set(try folder.list().files.map(\.device))
    #expect(devices == [original.device, member.device])
  }

  /// This device's file cut short, then a change recorded here before any
  /// pass found it short: the lost events are still written again, and
  /// the new one reaches the others whole.
  @Test func anOwnFileCutShortThenWrittenToIsWrittenAgain() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here")
    let here = stores[0]
    let first = CivilDate(year: 2026, month: 11, day: 18)
    let second = CivilDate(year: 2026, month: 11, day: 19)
    _ = try here.recordDone(habitID: "walk", day: first, at: Self.now, events: folder)
    let (directory, name) = try SyncStoreTests.ownMonthFile(here, in: folder)
    try "".write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
    _ = try here.recordDone(
      habitID: "walk", day: second, note: String(repeating: "long note ", count: 40),
      at: Self.now.adding(seconds: 60), events: folder)
    try here.synchronize(folder: folder, at: Self.now.adding(seconds: 120))
    #expect(try here.checkIns(habitID: "walk").map(\.day).sorted() == [first, second])
    let joiner = try SyncStoreTests.store(fixture, "joiner", folder: folder.path)
    #expect(try joiner.checkIns(habitID: "walk").map(\.day).sorted() == [first, second])
  }

  /// Another device's file cut short and grown again past where this
  /// device had read it (its own change, then the events it lost written
  /// again after it) is read again from its start: read on from the old
  /// offset, the change before it would never arrive here.
  @Test func anotherDevicesFileCutShortAndGrownAgainIsReadAgain() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try SyncStoreTests.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let days = (18...21).map { CivilDate(year: 2026, month: 11, day: $0) }
    for (index, day) in days.prefix(3).enumerated() {
      _ = try here.recordDone(
        habitID: "walk", day: day, at: Self.now.adding(seconds: index), events: folder)
    }
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    #expect(try there.checkIns(habitID: "walk").map(\.day).sorted() == Array(days.prefix(3)))
    let (directory, name) = try SyncStoreTests.ownMonthFile(here, in: folder)
    let file = directory + "/" + name
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    try "".write(toFile: file, atomically: true, encoding: .utf8)
    _ = try here.recordDone(
      habitID: "walk", day: days[3], at: Self.now.adding(seconds: 60), events: folder)
    // The lost lines are written again after the new one.
    let after = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(after.count > before.count && after.prefix(before.count) != before)
    let report = try there.synchronize(folder: folder, at: Self.now.adding(seconds: 90))
    #expect(try there.checkIns(habitID: "walk").map(\.day).sorted() == days)
    let device = try #require(directory.split(separator: "/").last)
    #expect(report.problems.map(\.file) == ["devices/\(device)/\(name)"])
    #expect(report.problems.allSatisfy { "\($0)".contains("other bytes stand before") })
  }
}
