// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// A sync pass that finds nothing new takes no write lock, and one that
/// finds a file changed in any way reads it: real files, real databases,
/// and another connection holding the write lock as the agent does while
/// it writes.
@Suite struct SyncNewsTests {
  static let now = SyncStoreTests.now
  static let other = SyncStoreTests.devices[1]

  /// Another device's events, one a line, on the days 18 to 20.
  static func lines(_ count: Int, seed: UInt64) -> [String] {
    SyncStoreTests.events(seed: seed, count: count).map { event -> String in
      var event = event
      event.stamp.device = other
      return EventLine.encode(event)
    }
  }

  /// The other device's month file in `folder`.
  static func file(_ folder: SyncFolder) -> String {
    folder.path + "/devices/\(other)/2026-11.jsonl"
  }

  /// A joined store and a folder where the other device has written `lines`,
  /// read once the file has settled, so that the next pass may skip it.
  static func settled(_ fixture: StoreFileFixture, lines: [String]) throws
    -> (HabitStore, SyncFolder)
  {
    let folder = SyncFolder(path: fixture.root + "/shared")
    try SyncStoreTests.write(lines, device: other, in: folder.path)
    let store = try SyncStoreTests.store(fixture, "db", folder: folder.path)
    settle()
    try store.synchronize(folder: folder, at: now)
    return (store, folder)
  }

  /// Waits until what was written so far is older than a file's state
  /// must be to be trusted.
  static func settle() {
    usleep(useconds_t(FileState.settlingSeconds * 1_000_000 + 100_000))
  }

  /// Runs `body` while another connection holds the database's write lock.
  static func whileLocked(_ store: HabitStore, _ body: () throws -> Void) throws {
    let path = try #require(store.path)
    let other = try HabitStore(path: path)
    let locked = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
    Thread {
      _ = try? other.write { _ in
        locked.signal()
        release.wait()
      }
      finished.signal()
    }.start()
    locked.wait()
    defer {
      release.signal()
      finished.wait()
    }
    try body()
  }

  @Test func aPassWithNothingNewTakesNoWriteLock() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder) = try Self.settled(fixture, lines: Self.lines(30, seed: 3))
    let before = try store.checkIns()
    #expect(!before.isEmpty)
    // Without the check first, the pass waits for the lock (ten seconds)
    // and then fails as busy.
    try Self.whileLocked(store) { () throws in
      let started = Date()
      #expect(try store.synchronize(folder: folder, at: Self.now) == SyncReport())
      #expect(Date().timeIntervalSince(started) < 2)
    }
    #expect(try store.checkIns() == before)
  }

  @Test func aDayChangedHereIsNews() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder) = try Self.settled(fixture, lines: Self.lines(10, seed: 4))
    #expect(try !store.hasNews(folder: folder, at: Self.now))
    _ = try store.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 20), at: Self.now)
    #expect(try store.hasNews(folder: folder, at: Self.now))
    #expect(try store.synchronize(folder: folder, at: Self.now).written == 1)
  }

  @Test func aGrownFileIsRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let lines = Self.lines(20, seed: 5)
    let (store, folder) = try Self.settled(fixture, lines: Array(lines.prefix(10)))
    try SyncStoreTests.write(lines, device: Self.other, in: folder.path)
    #expect(try store.hasNews(folder: folder, at: Self.now))
    let report = try store.synchronize(folder: folder, at: Self.now)
    #expect(report.merged == 10)
  }

  /// A sync tool that preallocates its copy (zeros where the last line
  /// will be) and then renames the finished one over it: the same size,
  /// another inode, and a last line that is whole now.
  @Test func aFileReplacedAtTheSameSizeIsRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let lines = Self.lines(8, seed: 6)
    let whole = Data(lines.map { $0 + "\n" }.joined().utf8)
    let last = lines[7].utf8.count + 1
    let folder = SyncFolder(path: fixture.root + "/shared")
    try SyncStoreTests.write([], device: Self.other, in: folder.path)
    try (whole.prefix(whole.count - last) + Data(count: last)).write(
      to: URL(fileURLWithPath: Self.file(folder)))
    let store = try SyncStoreTests.store(fixture, "db", folder: folder.path)
    Self.settle()
    #expect(try store.synchronize(folder: folder, at: Self.now).merged == 0)
    #expect(try !store.hasNews(folder: folder, at: Self.now))
    try whole.write(to: URL(fileURLWithPath: Self.file(folder)), options: .atomic)
    #expect(try store.hasNews(folder: folder, at: Self.now))
    #expect(try store.synchronize(folder: folder, at: Self.now).merged == 1)
  }

  /// The same copy written in place: the same size and inode, and changed
  /// so soon after the last read that its times may not have moved.
  @Test func aFileWrittenInPlaceAtTheSameSizeIsRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let lines = Self.lines(8, seed: 7)
    let whole = Data(lines.map { $0 + "\n" }.joined().utf8)
    let last = lines[7].utf8.count + 1
    let folder = SyncFolder(path: fixture.root + "/shared")
    try SyncStoreTests.write([], device: Self.other, in: folder.path)
    let path = Self.file(folder)
    try (whole.prefix(whole.count - last) + Data(count: last)).write(
      to: URL(fileURLWithPath: path))
    let store = try SyncStoreTests.store(fixture, "db", folder: folder.path)
    #expect(try store.synchronize(folder: folder, at: Self.now).merged == 0)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.seek(toOffset: UInt64(whole.count - last))
    try handle.write(contentsOf: whole.suffix(last))
    try handle.close()
    #expect(try store.hasNews(folder: folder, at: Self.now))
    #expect(try store.synchronize(folder: folder, at: Self.now).merged == 1)
  }

  @Test func aFileThatShrankIsReportedAndReadAgain() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let lines = Self.lines(12, seed: 8)
    let (store, folder) = try Self.settled(fixture, lines: lines)
    try SyncStoreTests.write(Array(lines.prefix(4)), device: Self.other, in: folder.path)
    #expect(try store.hasNews(folder: folder, at: Self.now))
    let report = try store.synchronize(folder: folder, at: Self.now)
    #expect(report.problems.map(\.file) == ["devices/\(Self.other)/2026-11.jsonl"])
  }

  @Test func aNewDeviceFolderIsRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder) = try Self.settled(fixture, lines: Self.lines(6, seed: 9))
    var event = SyncStoreTests.events(seed: 10, count: 1)[0]
    event.stamp.device = SyncStoreTests.devices[2]
    try SyncStoreTests.write(
      [EventLine.encode(event)], device: SyncStoreTests.devices[2], in: folder.path)
    #expect(try store.hasNews(folder: folder, at: Self.now))
    #expect(try store.synchronize(folder: folder, at: Self.now).merged == 1)
  }

  @Test func aFileThatCannotBeReadIsReportedEveryPass() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder) = try Self.settled(fixture, lines: Self.lines(6, seed: 11))
    let link = folder.path + "/devices/\(Self.other)/2026-10.jsonl"
    #expect(symlink(Self.file(folder), link) == 0)
    Self.settle()
    for _ in 0..<2 {
      #expect(try store.hasNews(folder: folder, at: Self.now))
      let report = try store.synchronize(folder: folder, at: Self.now)
      #expect(report.problems.map(\.file) == ["devices/\(Self.other)/2026-10.jsonl"])
    }
  }

  /// A change made here writes its event and records the state its file
  /// is left in, and its directory's when the file is new: the next pass
  /// finds nothing new, though those states are younger than states from
  /// another device's writes must be.
  @Test func aChangeWrittenHereLeavesNoNewsBehind() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder) = try Self.settled(fixture, lines: Self.lines(10, seed: 12))
    // The first event makes this device's month file.
    _ = try store.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 20), at: Self.now,
      events: folder)
    #expect(try !store.hasNews(folder: folder, at: Self.now))
    _ = try store.recordDone(
      habitID: "read", day: CivilDate(year: 2026, month: 11, day: 20), at: Self.now,
      events: folder)
    #expect(try !store.hasNews(folder: folder, at: Self.now))
    // A line beyond it, as a command killed before its commit leaves one,
    // is news.
    let own = try #require(try store.syncMember()).device
    let line = try #require(
      String(
        data: FileManager.default.contents(
          atPath: folder.path + "/devices/\(own)/2026-11.jsonl") ?? Data(), encoding: .utf8)?
        .split(separator: "\n").last)
    let handle = try #require(
      FileHandle(forWritingAtPath: folder.path + "/devices/\(own)/2026-11.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((line + "\n").utf8))
    try handle.close()
    #expect(try store.hasNews(folder: folder, at: Self.now))
  }

  /// The instant of the minute whose turn (`FolderLook.rotation`) is `turn`.
  static func minute(turn: Int) -> Instant {
    let base = now.secondsSince1970 / 60 / FolderLook.rotation * FolderLook.rotation
    return Instant(secondsSince1970: (base + turn) * 60)
  }

  /// A joined store, and another device's months of September to November
  /// (a line each, of `lines`), read once they settled.
  static func threeMonths(_ fixture: StoreFileFixture, seed: UInt64) throws -> (
    store: HabitStore, folder: SyncFolder, directory: String, lines: [String]
  ) {
    let folder = SyncFolder(path: fixture.root + "/shared")
    let directory = folder.path + "/devices/\(other)"
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true)
    let lines = Self.lines(6, seed: seed)
    for (index, month) in ["2026-09", "2026-10", "2026-11"].enumerated() {
      try (lines[index] + "\n").write(
        toFile: directory + "/\(month).jsonl", atomically: false, encoding: .utf8)
    }
    let store = try SyncStoreTests.store(fixture, "db", folder: folder.path)
    settle()
    try store.synchronize(folder: folder, at: now)
    return (store, folder, directory, lines)
  }

  /// Another device's months of September to November, read and settled,
  /// and September's file then written in place (as a tool that copies in
  /// place would), its directory untouched: a look that trusts the
  /// directory finds it in September's turn, and a look in any other turn
  /// does not, until then.
  @Test func anOlderMonthWrittenInPlaceIsFoundInItsTurn() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder, directory, lines) = try Self.threeMonths(fixture, seed: 13)
    let september = FolderLook.turn(ofMonthFile: "2026-09.jsonl")
    #expect(september == 8)
    #expect(try !store.hasNews(folder: folder, at: Self.minute(turn: september)))
    var info = stat()
    #expect(stat(directory, &info) == 0)
    let directoryBefore = info.st_mtim
    let handle = try #require(FileHandle(forWritingAtPath: directory + "/2026-09.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((lines[3] + "\n").utf8))
    try handle.close()
    #expect(stat(directory, &info) == 0)
    #expect(info.st_mtim.tv_sec == directoryBefore.tv_sec)
    #expect(info.st_mtim.tv_nsec == directoryBefore.tv_nsec)
    for turn in 0..<FolderLook.rotation where turn != september {
      #expect(try !store.hasNews(folder: folder, at: Self.minute(turn: turn)), "turn \(turn)")
    }
    #expect(try store.hasNews(folder: folder, at: Self.minute(turn: september)))
    #expect(try store.synchronize(folder: folder, at: Self.minute(turn: september)).merged == 1)
    // Read before it settled: looked at again, in any turn, until it has.
    let other = (september + 1) % FolderLook.rotation
    #expect(try store.hasNews(folder: folder, at: Self.minute(turn: other)))
    Self.settle()
    #expect(try store.synchronize(folder: folder, at: Self.minute(turn: other)).merged == 0)
    #expect(try !store.hasNews(folder: folder, at: Self.minute(turn: other)))
  }

  /// The end of October brought in place after the start of November, as a
  /// tool that copies in place may bring them: found in any turn.
  @Test func theMonthBeforeTheNewestWrittenInPlaceIsFoundAtOnce() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder, directory, lines) = try Self.threeMonths(fixture, seed: 15)
    let handle = try #require(FileHandle(forWritingAtPath: directory + "/2026-10.jsonl"))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((lines[4] + "\n").utf8))
    try handle.close()
    let turn = FolderLook.turn(ofMonthFile: "2026-01.jsonl")
    #expect(try store.hasNews(folder: folder, at: Self.minute(turn: turn)))
    #expect(try store.synchronize(folder: folder, at: Self.minute(turn: turn)).merged == 1)
  }

  /// The same month replaced whole by a copy renamed over it, as Syncthing
  /// brings a changed file: its directory changes, and any turn finds it.
  @Test func anOlderMonthReplacedIsFoundAtOnce() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, folder, directory, lines) = try Self.threeMonths(fixture, seed: 14)
    try (lines[0] + "\n" + lines[3] + "\n").write(
      toFile: directory + "/2026-09.jsonl", atomically: true, encoding: .utf8)
    #expect(try store.hasNews(folder: folder, at: Self.minute(turn: 5)))
    #expect(try store.synchronize(folder: folder, at: Self.minute(turn: 5)).merged == 1)
  }
}
