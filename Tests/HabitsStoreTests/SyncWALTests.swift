// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import HabitsCore
import HabitsSync
import Recurrence
import Testing

@testable import HabitsStore

/// What a pass took from the sync folder waits in the WAL for the next
/// connection that writes something of the user's, so that a command that
/// only read and merged closes without an fsync; what the user writes is
/// tidied into the database file as before. Real files, real databases.
@Suite struct SyncWALTests {
  static let now = SyncStoreTests.now

  /// A database at `db.sqlite3` joined to the folder `shared` (its store
  /// closed again), and the folder and the database's path.
  static func joined(_ fixture: StoreFileFixture) throws -> (folder: SyncFolder, path: String) {
    let folder = SyncFolder(path: fixture.root + "/shared")
    _ = try SyncStoreTests.store(fixture, "db", folder: folder.path)
    return (folder, fixture.root + "/db.sqlite3")
  }

  /// As `joined`, with a directory where this device's file for November
  /// 2026 goes: its events cannot be written there.
  static func joinedAndBlocked(_ fixture: StoreFileFixture) throws -> (
    folder: SyncFolder, path: String
  ) {
    let (folder, path) = try joined(fixture)
    let device = try #require(try HabitStore(path: path).syncMember()).device
    try FileManager.default.createDirectory(
      atPath: folder.path + "/devices/\(device)/2026-11.jsonl", withIntermediateDirectories: true)
    return (folder, path)
  }

  /// Leaves the database at `path` as a power cut may: its file alone,
  /// without its WAL, which is kept aside with the file as it was; returns
  /// what puts them back. In place, as a copy elsewhere is another
  /// database (`HabitStore.home`), which does not sync as this device.
  static func fileAlone(_ path: String) throws -> () -> Void {
    let names = [path, path + "-wal", path + "-shm"]
    for name in names where FileManager.default.fileExists(atPath: name) {
      try FileManager.default.moveItem(atPath: name, toPath: name + ".kept")
    }
    try FileManager.default.copyItem(atPath: path + ".kept", toPath: path)
    return {
      for name in names {
        try? FileManager.default.removeItem(atPath: name)
        try? FileManager.default.moveItem(atPath: name + ".kept", toPath: name)
      }
    }
  }

  /// Copies the database file alone, as `cp` of it would: without its WAL.
  static func copyAlone(_ path: String, to copy: String) throws {
    for file in [copy, copy + "-wal", copy + "-shm"] {
      try? FileManager.default.removeItem(atPath: file)
    }
    try FileManager.default.copyItem(atPath: path, toPath: copy)
  }

  @Test func aPassLeavesTheWALForTheNextWriterAndLosesNothingTheFolderHolds() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joined(fixture)
    // Joining is the user's doing: tidied into the file at close.
    #expect(HabitStore.walSize(path) == nil)
    try SyncStoreTests.write(
      SyncNewsTests.lines(30, seed: 5), device: SyncNewsTests.other, in: folder.path)

    var merged: [CheckIn] = []
    do {
      let store = try HabitStore(path: path)
      try store.synchronize(folder: folder, at: Self.now)
      merged = try store.checkIns()
    }
    #expect(!merged.isEmpty)
    let left = try #require(
      HabitStore.walSize(path), "the merge's WAL was checkpointed and deleted")
    #expect(left > 0)

    // The file alone, as a power cut may leave it, lacks the merge, and
    // the folder gives it back whole.
    let putBack = try Self.fileAlone(path)
    do {
      let store = try HabitStore(path: path)
      #expect(try store.checkIns().isEmpty)
      try store.synchronize(folder: folder, at: Self.now)
      #expect(try store.checkIns() == merged)
    }
    putBack()
    let copy = fixture.root + "/copy.sqlite3"

    // A command that only reads leaves the WAL as it found it.
    do {
      let store = try HabitStore.forReading(path: path)
      #expect(try store.checkIns() == merged)
    }
    #expect(HabitStore.walSize(path) == left)

    // One that records the user's check-in tidies everything into the file.
    let day = CivilDate(year: 2026, month: 11, day: 21)
    do {
      let store = try HabitStore(path: path)
      _ = try store.recordDone(habitID: "tea", day: day, at: Self.now)
    }
    #expect(HabitStore.walSize(path) == nil)
    try Self.copyAlone(path, to: copy)
    let store = try HabitStore(path: copy)
    let all = try store.checkIns()
    #expect(all.filter { $0.habitID != "tea" } == merged)
    #expect(all.contains { $0.habitID == "tea" && $0.day == day })
  }

  /// Pass after pass, each in a process of its own, the WAL stays small:
  /// the next process reads all of it again to rebuild its index, and
  /// takes none of it as already copied into the file, so past
  /// `walLeftAtMost` it is tidied at close.
  @Test func passAfterPassTheWALStaysSmall() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joined(fixture)
    var lines: [String] = []
    var left = 0
    var largest = 0
    for round in 0..<60 {
      lines += SyncNewsTests.lines(25, seed: UInt64(100 + round))
      try SyncStoreTests.write(lines, device: SyncNewsTests.other, in: folder.path)
      do {
        let store = try HabitStore(path: path)
        #expect(try store.synchronize(folder: folder, at: Self.now).merged > 0)
      }
      let size = HabitStore.walSize(path) ?? 0
      if size > 0 { left += 1 }
      largest = max(largest, size)
    }
    #expect(left > 30, "passes that left the WAL: \(left)")
    #expect(largest <= 2 << 20, "largest WAL left: \(largest)")
  }

  /// A pass whose own writes take the WAL past `walLeftAtMost` (a first
  /// merge of years) tidies it at close.
  @Test func aLargeMergeIsTidiedAtClose() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joined(fixture)
    try SyncStoreTests.write(
      SyncNewsTests.lines(12_000, seed: 7), device: SyncNewsTests.other, in: folder.path)
    do {
      let store = try HabitStore(path: path)
      #expect(try store.synchronize(folder: folder, at: Self.now).merged > 10_000)
      #expect((HabitStore.walSize(path) ?? 0) > HabitStore.walLeftAtMost)
    }
    #expect(HabitStore.walSize(path) == nil)
  }

  /// A pass after the user's write in the same connection does not keep
  /// that write from being tidied into the file.
  @Test func aPassAfterTheUsersWriteStillTidiesAtClose() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joined(fixture)
    do {
      let store = try HabitStore(path: path)
      _ = try store.recordDone(
        habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), at: Self.now)
      try SyncStoreTests.write(
        SyncNewsTests.lines(10, seed: 6), device: SyncNewsTests.other, in: folder.path)
      let report = try store.synchronize(folder: folder, at: Self.now)
      #expect(report.merged > 0)
    }
    #expect(HabitStore.walSize(path) == nil)
  }

  /// A change recorded here whose events reached the folder leaves the WAL
  /// too, its commit not waited for: the events were on disk first, and
  /// the database file alone (as a power cut may leave it) gets the change
  /// back from them at the next pass.
  @Test func aChangeWrittenToTheFolderLeavesTheWALAndComesBackFromIt() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joined(fixture)
    let day = CivilDate(year: 2026, month: 11, day: 21)
    do {
      let store = try HabitStore(path: path)
      // The next write of the user's waits for the disk again: DurabilityTests.
      _ = try store.recordDone(habitID: "tea", day: day, at: Self.now, events: folder)
    }
    #expect((HabitStore.walSize(path) ?? 0) > 0)
    _ = try Self.fileAlone(path)
    let store = try HabitStore(path: path)
    #expect(try store.checkIns().isEmpty)
    try store.synchronize(folder: folder, at: Self.now)
    #expect(try store.checkIns().map(\.habitID) == ["tea"])
  }

  /// One whose events could not be written is the database's alone: it is
  /// on disk in the database file before the command reports.
  @Test func aChangeTheFolderDidNotTakeIsInTheFileAtOnce() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joinedAndBlocked(fixture)
    let store = try HabitStore(path: path)
    #expect(throws: HabitsError.self) {
      _ = try store.recordDone(
        habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), at: Self.now,
        events: folder)
    }
    // Still open, and the file alone has it.
    let copy = fixture.root + "/copy.sqlite3"
    try Self.copyAlone(path, to: copy)
    #expect(try HabitStore(path: copy).checkIns().map(\.habitID) == ["tea"])
  }

  /// When a reader of an older state of the database keeps that checkpoint
  /// from copying the change past the busy timeout, the change may not be
  /// on disk yet: the command says so rather than report success.
  @Test func aCheckpointAReaderHoldsBackIsAnError() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try Self.joinedAndBlocked(fixture)
    let store = try HabitStore(path: path)
    // A short wait rather than the ten seconds a real one waits.
    try store.executeRaw("PRAGMA busy_timeout = 100")
    let reader = try DatabaseQueue(path: path)
    let day = CivilDate(year: 2026, month: 11, day: 21)
    let (error, again) = try reader.read { db in
      // The reader's snapshot, taken before the change.
      _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM checkin")
      let error = #expect(throws: HabitsError.self) {
        _ = try store.recordDone(habitID: "tea", day: day, at: Self.now, events: folder)
      }
      // The same done again changes nothing, so nothing waits for the disk.
      let again = #expect(throws: HabitsError.self) {
        _ = try store.recordDone(habitID: "tea", day: day, at: Self.now, events: folder)
      }
      return (error, again)
    }
    // Both what the folder did not take and what the disk may not have.
    #expect(error?.message.contains("not written to the sync folder") == true)
    #expect(
      error?.message.contains("kept it from the disk") == true, "\(String(describing: error))")
    #expect(again?.message.contains("not written to the sync folder") == true)
    #expect(again?.message.contains("kept it from the disk") == false)
    // Recorded all the same.
    #expect(try store.checkIns().map(\.habitID) == ["tea"])
  }
}
