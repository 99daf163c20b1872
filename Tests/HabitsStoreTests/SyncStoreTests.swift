// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// The store's side of sync with real files: a folder in a temporary
/// directory, databases on disk.
@Suite struct SyncStoreTests {
  static let devices = ["0123456789abcdef", "fedcba9876543210", "00000000000000aa"].compactMap {
    DeviceID($0)
  }
  static let now = Instant(secondsSince1970: 1_795_200_000)

  /// Random events of two habits on three days from three devices.
  static func events(seed: UInt64, count: Int) -> [SyncEvent] {
    var random = SplitMix64(seed: seed, index: 0)
    let notes: [String?] = [nil, nil, "at the station", "“thank you”\nsecond line"]
    return (0..<count).map { _ in
      let change: SyncEvent.Change
      switch random.int(0..<4) {
      case 0: change = .done(note: random.pick(notes))
      case 1: change = .amount(Double(random.int(1...40)) / 4, note: random.pick(notes))
      case 2: change = .skip(note: random.pick(notes))
      default: change = .undo
      }
      return SyncEvent(
        id: EventID(using: &random),
        stamp: HybridTimestamp(
          seconds: 1_795_190_000 + random.int(0..<600), counter: random.int(0..<2),
          device: random.pick(devices)),
        habitID: random.pick(["gratitude", "reading"]),
        day: CivilDate(year: 2026, month: 11, day: random.int(18...20)), change: change)
    }
  }

  /// Writes `lines` as the file of `device` in `folder`.
  static func write(_ lines: [String], device: DeviceID, in folder: String) throws {
    let directory = folder + "/devices/" + device.text
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let text = lines.map { $0 + "\n" }.joined()
    try text.write(toFile: directory + "/2026-11.jsonl", atomically: false, encoding: .utf8)
  }

  static func store(_ fixture: StoreFileFixture, _ name: String, folder: String) throws
    -> HabitStore
  {
    let store = try HabitStore(path: fixture.root + "/\(name).sqlite3")
    _ = try store.joinSync(folder: SyncFolder(path: folder), name: name, at: now)
    return store
  }

  /// A folder in `fixture` and a store for each of `names`, joined to it.
  static func devices(_ fixture: StoreFileFixture, _ names: String...) throws
    -> (SyncFolder, [HabitStore])
  {
    let folder = SyncFolder(path: fixture.root + "/shared")
    return (folder, try names.map { try store(fixture, $0, folder: folder.path) })
  }

  /// The directory of `store`'s files in `folder`, and the name of its one
  /// month file there.
  static func ownMonthFile(_ store: HabitStore, in folder: SyncFolder) throws
    -> (directory: String, name: String)
  {
    let own = try #require(try store.syncMember()).device
    let directory = folder.path + "/devices/" + own.text
    let name = try #require(
      try FileManager.default.contentsOfDirectory(atPath: directory).first {
        $0.hasSuffix(".jsonl")
      })
    return (directory, name)
  }

  /// Notes go to the other devices as they were written, however long (up
  /// to the database's limit) and whatever they hold, through the join and
  /// the passes after it; and a note another device adds to such a day is
  /// joined to the whole of it.
  @Test func notesTravelWhole() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let here = try HabitStore(path: fixture.root + "/here.sqlite3")
    let long = String(repeating: "é", count: CheckIn.maximumNote - 100)
    let escaped = "esc \u{1B}[31m red \u{9B}2J"
    let (first, second) = (
      CivilDate(year: 2026, month: 11, day: 19), CivilDate(year: 2026, month: 11, day: 20)
    )
    _ = try here.recordDone(habitID: "walk", day: first, note: long, at: Self.now)
    _ = try here.recordSkip(habitID: "walk", day: second, note: escaped, at: Self.now)
    _ = try here.joinSync(folder: folder, name: "here", at: Self.now)
    try here.synchronize(folder: folder, at: Self.now)
    #expect(try here.checkIns(habitID: "walk").map(\.note) == [long, escaped])
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns(habitID: "walk").map(\.note) == [long, escaped])
    // Another device adds to each day; both keep every word.
    _ = try there.recordDone(
      habitID: "walk", day: first, value: 2, note: "and more", at: Self.now, events: folder)
    _ = try there.recordDone(
      habitID: "walk", day: second, note: "went after all", at: Self.now, events: folder)
    try here.synchronize(folder: folder, at: Self.now)
    let joined = [long + "\nand more", escaped + "\nwent after all"]
    #expect(try there.checkIns(habitID: "walk").map(\.note) == joined)
    #expect(try here.checkIns(habitID: "walk").map(\.note) == joined)
    #expect(try here.checkIns(habitID: "walk").map(\.value) == [2, nil])
  }

  /// Two devices each add a note to one day before either has the other's:
  /// both notes stay, on both; a note written after, over what the day
  /// then holds, is taken as it is.
  @Test func notesAddedOnTwoDevicesAtOnceAreBothKept() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(
      habitID: "walk", day: day, note: "tea with Sam", at: Self.now, events: folder)
    _ = try there.recordSkip(
      habitID: "walk", day: day, note: "called mum", at: Self.now.adding(seconds: 30),
      events: folder)
    for store in [here, there, here] {
      try store.synchronize(folder: folder, at: Self.now.adding(seconds: 60))
    }
    for store in [here, there] {
      let row = try #require(try store.checkIns(habitID: "walk").first)
      #expect(row.kind == .skip && row.note == "tea with Sam\ncalled mum")
    }
    // Undone and done again here, with a note of its own: that note alone.
    _ = try here.undo(habitID: "walk", day: day, events: folder, at: Self.now.adding(seconds: 90))
    _ = try here.recordDone(
      habitID: "walk", day: day, note: "a walk", at: Self.now.adding(seconds: 120), events: folder)
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 150))
    #expect(try there.checkIns(habitID: "walk").map(\.note) == ["a walk"])
    #expect(try here.checkIns(habitID: "walk").map(\.note) == ["a walk"])
    // Each adds a line to the note both hold, before it has the other's:
    // both lines, the note they had once.
    _ = try here.recordDone(
      habitID: "walk", day: day, value: 2, note: "to the lake", at: Self.now.adding(seconds: 180),
      events: folder)
    _ = try there.recordDone(
      habitID: "walk", day: day, value: 1, note: "in the rain", at: Self.now.adding(seconds: 190),
      events: folder)
    for store in [here, there, here] {
      try store.synchronize(folder: folder, at: Self.now.adding(seconds: 200))
    }
    for store in [here, there] {
      let row = try #require(try store.checkIns(habitID: "walk").first)
      #expect(row.note == "a walk\nto the lake\nin the rain" && row.value == 3)
    }
  }

  /// Two computers with one database copied (or one backup imported on
  /// both) join one folder: each day they both hold stays as it was, its
  /// amount counted once; a day one of them changed before joining is as
  /// that one holds it; a day only one holds reaches the other.
  @Test func twoCopiesOfOneDatabaseJoinWithoutDoubling() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let (first, second, third) = (
      CivilDate(year: 2026, month: 11, day: 18), CivilDate(year: 2026, month: 11, day: 19),
      CivilDate(year: 2026, month: 11, day: 20)
    )
    let laptopPath = fixture.root + "/laptop.sqlite3"
    let original = try HabitStore(path: laptopPath)
    _ = try original.recordDone(
      habitID: "read", day: first, value: 30, note: "a chapter", at: Self.now)
    _ = try original.recordDone(habitID: "read", day: second, value: 20, at: Self.now)
    _ = try original.recordSkip(habitID: "walk", day: first, note: "rain", at: Self.now)
    try original.close()
    try FileManager.default.copyItem(atPath: laptopPath, toPath: fixture.root + "/desktop.sqlite3")
    let laptop = try HabitStore(path: laptopPath)
    let desktop = try HabitStore(path: fixture.root + "/desktop.sqlite3")
    // The desktop changes one day and adds another before it joins.
    _ = try desktop.recordDone(
      habitID: "read", day: second, value: 10, at: Self.now.adding(seconds: 60))
    _ = try desktop.recordDone(habitID: "walk", day: third, at: Self.now.adding(seconds: 60))
    _ = try laptop.joinSync(folder: folder, name: "laptop", at: Self.now.adding(seconds: 120))
    _ = try desktop.joinSync(folder: folder, name: "desktop", at: Self.now.adding(seconds: 180))
    try laptop.synchronize(folder: folder, at: Self.now.adding(seconds: 240))
    func record(_ store: HabitStore) throws -> [String] {
      try (store.checkIns(habitID: "read") + store.checkIns(habitID: "walk")).map {
        "\($0.habitID) \($0.day) \($0.kind) \($0.value.map { "\($0)" } ?? "-") \($0.note ?? "-")"
      }
    }
    let expected = [
      "read 2026-11-18 done 30.0 a chapter", "read 2026-11-19 done 30.0 -",
      "walk 2026-11-18 skip - rain", "walk 2026-11-20 done - -",
    ]
    #expect(try record(desktop).sorted() == expected)
    #expect(try record(laptop).sorted() == expected)
  }

  /// A change made while this device's own file cannot be read waits for
  /// the next pass, and so does the merge: replaying the day from the
  /// folder meanwhile lost it (an amount added here, then gone on both).
  @Test func aChangeMadeWhileThisDevicesFileCannotBeReadIsKept() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "read", day: day, value: 5, at: Self.now, events: folder)
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 30))
    // Here's file, a directory in its place: it cannot be read or written.
    let (directory, name) = try Self.ownMonthFile(here, in: folder)
    try FileManager.default.moveItem(
      atPath: directory + "/" + name, toPath: fixture.root + "/aside.jsonl")
    try FileManager.default.createDirectory(
      atPath: directory + "/" + name, withIntermediateDirectories: false)
    _ = try? here.recordDone(
      habitID: "read", day: day, value: 2, at: Self.now.adding(seconds: 60), events: folder)
    _ = try there.recordDone(
      habitID: "read", day: day, value: 1, at: Self.now.adding(seconds: 90), events: folder)
    try here.synchronize(folder: folder, at: Self.now.adding(seconds: 120))
    #expect(try here.checkIns(habitID: "read").map(\.value) == [7])
    // The file back, the change goes, and the other device's comes
    try FileManager.default.removeItem(atPath: directory + "/" + name)
    try FileManager.default.moveItem(
      atPath: fixture.root + "/aside.jsonl", toPath: directory + "/" + name)
    try here.synchronize(folder: folder, at: Self.now.adding(seconds: 150))
    try there.synchronize(folder: folder, at: Self.now.adding(seconds: 180))
    #expect(try here.checkIns(habitID: "read").map(\.value) == [8])
    #expect(try there.checkIns(habitID: "read").map(\.value) == [8])
  }

  /// A change comes after every event of its day, even one from a device
  /// whose clock runs days fast (whose stamps the clock here does not
  /// follow): an undo here clears the day on both, as it says.
  @Test func anUndoClearsADayStampedByAClockDaysAhead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "fast", "here")
    let (fast, here) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 18)
    _ = try fast.recordDone(
      habitID: "walk", day: day, at: Self.now.adding(seconds: 2 * 86_400), events: folder)
    try here.synchronize(folder: folder, at: Self.now)
    #expect(try here.checkIns(habitID: "walk").map(\.day) == [day])
    #expect(try here.undo(habitID: "walk", day: day, events: folder, at: Self.now) != nil)
    #expect(try here.checkIns(habitID: "walk").isEmpty)
    try here.synchronize(folder: folder, at: Self.now.adding(seconds: 60))
    #expect(try here.checkIns(habitID: "walk").isEmpty)
    try fast.synchronize(folder: folder, at: Self.now.adding(seconds: 2 * 86_400 + 60))
    #expect(try fast.checkIns(habitID: "walk").isEmpty)
  }

  /// This device's events are in its files for good: a file cut short or
  /// removed in the folder (on another computer, the sync tool bringing
  /// it here) is written again by the next pass, so that a device joining
  /// later has them all, and a rebuild here keeps them.
  @Test(arguments: ["cut short", "removed", "rebuilt"])
  func thisDevicesEventsLostFromItsFilesAreWrittenAgain(how: String) throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here")
    let here = stores[0]
    let days = (18...20).map { CivilDate(year: 2026, month: 11, day: $0) }
    for (index, day) in days.enumerated() {
      _ = try here.recordDone(
        habitID: "walk", day: day, at: Self.now.adding(seconds: index * 60), events: folder)
    }
    let (directory, name) = try Self.ownMonthFile(here, in: folder)
    let later = Self.now.adding(seconds: 600)
    switch how {
    case "cut short":
      let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
      let first = try #require(text.split(separator: "\n").first)
      try (first + "\n").write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
      try here.synchronize(folder: folder, at: later)
    case "removed":
      try FileManager.default.removeItem(atPath: directory)
      try here.synchronize(folder: folder, at: later)
    default:
      let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
      let first = try #require(text.split(separator: "\n").first)
      try (first + "\n").write(toFile: directory + "/" + name, atomically: false, encoding: .utf8)
      _ = try here.rebuildFromSync(folder: folder, at: later)
    }
    #expect(try here.checkIns(habitID: "walk").map(\.day).sorted() == days)
    let joiner = try Self.store(fixture, "joiner", folder: folder.path)
    #expect(try joiner.checkIns(habitID: "walk").map(\.day).sorted() == days)
  }

  /// Another device's folder removed (its computer retired, say) is news
  /// once: the pass forgets how it was read, keeps its events, and the
  /// next command finds nothing to do.
  @Test func anotherDevicesFolderRemovedIsNewsOnce() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here", "there")
    let (here, there) = (stores[0], stores[1])
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try there.recordDone(habitID: "walk", day: day, at: Self.now, events: folder)
    SyncNewsTests.settle()
    try here.synchronize(folder: folder, at: Self.now)
    #expect(try !here.hasNews(folder: folder, at: Self.now))
    let device = try #require(try there.syncMember()).device
    try FileManager.default.removeItem(atPath: folder.path + "/devices/" + device.text)
    #expect(try here.hasNews(folder: folder, at: Self.now))
    try here.synchronize(folder: folder, at: Self.now)
    #expect(try !here.hasNews(folder: folder, at: Self.now))
    #expect(try here.checkIns(habitID: "walk").map(\.day) == [day])
  }

  /// An amount of 0 (at most 3 sweets, and none today) reaches the other
  /// devices as 0, not as a plain done.
  @Test func anAmountOfZeroReachesTheOtherDevicesAsZero() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here", "there")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try stores[0].recordDone(
      habitID: "sweets", day: day, value: 0, at: Self.now, events: folder)
    try stores[1].synchronize(folder: folder, at: Self.now.adding(seconds: 60))
    for store in stores {
      #expect(try store.checkIns(habitID: "sweets").map(\.value) == [0])
    }
  }

  /// A folder without `devices` at all is one not there (a disk not
  /// mounted, whose empty mount point is left): nothing is news, and no
  /// pass writes the history into it.
  @Test func aFolderWithoutDevicesIsNotEveryDeviceGone() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, stores) = try Self.devices(fixture, "here", "there")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try stores[1].recordDone(habitID: "walk", day: day, at: Self.now, events: folder)
    SyncNewsTests.settle()
    try stores[0].synchronize(folder: folder, at: Self.now)
    try FileManager.default.removeItem(atPath: folder.path + "/devices")
    #expect(try !stores[0].hasNews(folder: folder, at: Self.now))
    try stores[0].synchronize(folder: folder, at: Self.now)
    #expect(!FileManager.default.fileExists(atPath: folder.path + "/devices"))
    #expect(try stores[0].checkIns(habitID: "walk").map(\.day) == [day])
  }

  @Test(arguments: 1...12)
  func orderAndDuplicatesGiveOneHistory(seed: UInt64) throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let events = Self.events(seed: seed, count: 40)
    var random = SplitMix64(seed: seed, index: 1)
    // The folder as written, and a copy with each file shuffled and every
    // line twice.
    for device in Self.devices {
      let lines = events.filter { $0.stamp.device == device }.map(EventLine.encode)
      try Self.write(lines, device: device, in: fixture.root + "/one")
      try Self.write(
        (lines + lines).shuffled(using: &random), device: device, in: fixture.root + "/two")
    }
    let one = try Self.store(fixture, "one", folder: fixture.root + "/one")
    let two = try Self.store(fixture, "two", folder: fixture.root + "/two")
    #expect(try one.checkIns() == two.checkIns())
    // And each day is what DayReplay says of its events.
    let byDay = Dictionary(grouping: events) { "\($0.habitID) \($0.day)" }
    var expected: [String: DayState] = [:]
    for (key, events) in byDay { expected[key] = DayReplay.state(of: events) }
    for checkIn in try one.checkIns() {
      let key = "\(checkIn.habitID) \(checkIn.day)"
      let state = expected[key]
      // Recorded at the day's latest event, whichever device it came from.
      #expect(checkIn.recordedAt == byDay[key]?.map(\.stamp).max()?.instant)
      switch checkIn.kind {
      case .done: #expect(state == .done(amount: checkIn.value, note: checkIn.note))
      case .skip: #expect(state == .skipped(note: checkIn.note))
      }
    }
    #expect(try one.checkIns().count == expected.values.filter { $0 != .open }.count)
  }

  @Test func aFileReadInPiecesGivesWhatItGivesWhole() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let events = Self.events(seed: 99, count: 60)
    let device = Self.devices[0]
    let lines = events.map { event -> String in
      var event = event
      event.stamp.device = device
      return EventLine.encode(event)
    }
    try Self.write(lines, device: device, in: fixture.root + "/whole")
    let whole = try Self.store(fixture, "whole", folder: fixture.root + "/whole")
    let folder = SyncFolder(path: fixture.root + "/pieces")
    let pieces = try Self.store(fixture, "pieces", folder: folder.path)
    // Growing as a sync tool copies it: a torn last line, then the rest.
    let text = lines.map { $0 + "\n" }.joined()
    let path = folder.path + "/devices/\(device)/2026-11.jsonl"
    for cut in [0, 1000, 1001, 4321, text.utf8.count] {
      try FileManager.default.createDirectory(
        atPath: folder.path + "/devices/\(device)", withIntermediateDirectories: true)
      try Data(text.utf8.prefix(cut)).write(to: URL(fileURLWithPath: path))
      try pieces.synchronize(folder: folder, at: Self.now)
    }
    #expect(try pieces.checkIns() == whole.checkIns())
  }

  @Test func changesMadeHereReachAnotherDevice() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    let here = try HabitStore(path: fixture.root + "/here.sqlite3")
    // History from before joining travels too.
    _ = try here.recordSkip(
      habitID: "walk", day: day.adding(days: -1), note: "rain", at: Self.now)
    _ = try here.joinSync(folder: folder, name: "here", at: Self.now)
    var at = Self.now
    func step(_ body: () throws -> Void) throws {
      at = Instant(secondsSince1970: at.secondsSince1970 + 60)
      try body()
      try here.writeSyncEvents(folder: folder, at: at)
    }
    try step { _ = try here.recordDone(habitID: "reading", day: day, value: 10, at: at) }
    try step {
      _ = try here.recordDone(habitID: "reading", day: day, value: 2.5, note: "more", at: at)
    }
    try step { _ = try here.recordSkip(habitID: "gratitude", day: day, note: "away", at: at) }
    try step { _ = try here.undo(habitID: "gratitude", day: day) }
    try step { _ = try here.recordSkip(habitID: "walk", day: day, note: "ill", at: at) }
    try step { _ = try here.recordDone(habitID: "walk", day: day, note: "better", at: at) }
    let there = try HabitStore(path: fixture.root + "/there.sqlite3")
    _ = try there.joinSync(folder: folder, name: "there", at: at)
    #expect(try there.checkIns() == here.checkIns())
    #expect(try there.checkIns().count == 3)
    #expect(try there.checkIns(habitID: "reading").first?.value == 12.5)
  }

  @Test func aStoreThatDoesNotSyncWritesNothing() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let store = try HabitStore(path: fixture.root + "/db.sqlite3")
    _ = try store.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 20), at: Self.now)
    #expect(try store.writeSyncEvents(folder: folder, at: Self.now) == 0)
    #expect(try store.fetchRawStrings("SELECT habit FROM sync_dirty").isEmpty)
    #expect(!fixture.exists(folder.path))
  }

  @Test func leavingStopsMarkingChanges() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let store = try Self.store(fixture, "db", folder: folder.path)
    try store.leaveSync()
    _ = try store.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 20), at: Self.now)
    #expect(try store.fetchRawStrings("SELECT habit FROM sync_dirty").isEmpty)
    #expect(try store.syncMember()?.active == false)
  }

  /// A command killed after it appended its event and before it committed:
  /// the line is in this device's file (another device may have merged it)
  /// and the day is still marked changed. The next pass must not write the
  /// change again, nor stamp a new event to tie with the line's.
  @Test func aLineWrittenBeforeAKilledCommitIsNotWrittenAgain() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    let here = try Self.store(fixture, "here", folder: folder.path)
    _ = try here.recordDone(habitID: "reading", day: day, value: 5, at: Self.now)
    var member = try #require(try here.syncMember())
    var generator = SplitMix64(seed: 7, index: 0)
    let written = SyncEvent(
      id: EventID(using: &generator), stamp: member.clock.stamp(at: Self.now),
      habitID: "reading", day: day, change: .amount(5, note: nil))
    try folder.append(
      [EventLine.encode(written)],
      to: SyncFolder.EventFile(device: member.device, stamp: written.stamp))
    try here.synchronize(folder: folder, at: Self.now)
    #expect(try here.checkIns(habitID: "reading").first?.value == 5)
    // A change made next is stamped after the line, and so replayed after it.
    _ = try here.undo(habitID: "reading", day: day)
    try here.writeSyncEvents(folder: folder, at: Self.now)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns(habitID: "reading").isEmpty)
    let lines = try String(
      contentsOfFile: folder.path + "/devices/\(member.device)/2026-11.jsonl", encoding: .utf8)
    #expect(lines.split(separator: "\n").count == 2)
  }

  /// A last line a crash left without its newline in this device's file is
  /// ended before the next event, which another device then merges.
  @Test func aTornLastLineIsEndedBeforeTheNextAppend() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    let here = try Self.store(fixture, "here", folder: folder.path)
    let device = try #require(try here.syncMember()).device
    let path = folder.path + "/devices/\(device)/2026-11.jsonl"
    let torn = #"{"v":1,"id":"0123456789abcdef0123456789abcdef","t":179"#
    try FileManager.default.createDirectory(
      atPath: folder.path + "/devices/\(device)", withIntermediateDirectories: true)
    try torn.write(toFile: path, atomically: false, encoding: .utf8)
    _ = try here.recordDone(habitID: "walk", day: day, at: Self.now)
    try here.writeSyncEvents(folder: folder, at: Self.now)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first.map(String.init) == torn)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns(habitID: "walk").map(\.day) == [day])
  }

  /// A `sync init` killed after it wrote this device's history to the
  /// folder and before it committed leaves the id kept, not yet syncing:
  /// joining again finds that history its own and does not add it twice.
  @Test func aJoinKilledAfterWritingItsHistoryIsNotWrittenAgain() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let day = CivilDate(year: 2026, month: 11, day: 20)
    let here = try HabitStore(path: fixture.root + "/here.sqlite3")
    _ = try here.recordDone(habitID: "reading", day: day, value: 4, at: Self.now)
    let device = Self.devices[0]
    try here.executeRaw(
      "INSERT INTO sync_self (only, device, name, active) VALUES (1, '\(device)', 'here', 0)")
    var generator = SplitMix64(seed: 8, index: 0)
    let history = SyncEvent(
      id: EventID(using: &generator),
      stamp: HybridTimestamp(seconds: Self.now.secondsSince1970, counter: 0, device: device),
      habitID: "reading", day: day, change: .amount(4, note: nil))
    try Self.write([EventLine.encode(history)], device: device, in: folder.path)
    let (member, _) = try here.joinSync(folder: folder, name: "here", at: Self.now)
    #expect(member.device == device)
    #expect(try here.checkIns(habitID: "reading").first?.value == 4)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns(habitID: "reading").first?.value == 4)
  }

  @Test func aChangeAndItsEventsAreWrittenTogether() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let here = try Self.store(fixture, "here", folder: folder.path)
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "walk", day: day, note: "park", at: Self.now, events: folder)
    _ = try here.recordSkip(habitID: "read", day: day, at: Self.now, events: folder)
    _ = try here.recordDone(habitID: "tea", day: day, at: Self.now, events: folder)
    _ = try here.undo(habitID: "tea", day: day, events: folder, at: Self.now)
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty").isEmpty)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns() == here.checkIns())
    #expect(try there.checkIns().map(\.habitID) == ["read", "walk"])
  }

  /// A store `here` joined to the folder `shared`, and the path of its file
  /// for November 2026 there (not made yet), in a folder that is.
  static func hereAndItsMonthFile(_ fixture: StoreFileFixture) throws -> (
    folder: SyncFolder, here: HabitStore, file: String
  ) {
    let folder = SyncFolder(path: fixture.root + "/shared")
    let here = try store(fixture, "here", folder: folder.path)
    let device = try #require(try here.syncMember()).device
    let directory = folder.path + "/devices/\(device)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    return (folder, here, directory + "/2026-11.jsonl")
  }

  /// Expects `here.recordDone` of walk on `day` to keep the change and say
  /// it did not reach `folder`, for a reason `mentioning` every text given.
  static func expectUnwritten(
    _ here: HabitStore, _ folder: SyncFolder, _ day: CivilDate, mentioning texts: [String]
  ) {
    #expect {
      _ = try here.recordDone(habitID: "walk", day: day, at: now, events: folder)
    } throws: { error in
      let message = (error as? HabitsError)?.message ?? ""
      return message.hasPrefix("recorded on this device, but not written to the sync folder")
        && texts.allSatisfy { message.contains($0) }
    }
  }

  @Test func aChangeWhoseEventsCannotBeWrittenIsKeptForTheNextPass() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, here, file) = try Self.hereAndItsMonthFile(fixture)
    // Where the month's file goes, under a file rather than a directory:
    // there is nothing of this device's to read, and the append fails.
    let directory = String(file.dropLast("/2026-11.jsonl".count))
    try FileManager.default.removeItem(atPath: directory)
    #expect(FileManager.default.createFile(atPath: directory, contents: nil))
    let day = CivilDate(year: 2026, month: 11, day: 20)
    Self.expectUnwritten(here, folder, day, mentioning: ["is not a directory"])
    #expect(try here.checkIns().map(\.habitID) == ["walk"])
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty") == ["walk"])
    try FileManager.default.removeItem(atPath: directory)
    #expect(try here.writeSyncEvents(folder: folder, at: Self.now) == 1)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns() == here.checkIns())
  }

  /// A file of this device's that cannot be read (here one past the size
  /// any device reads) is not passed over: what it holds beyond what was
  /// read could be a change written again. The change waits for the next
  /// pass, and the error names the file.
  @Test func anOwnFileThatCannotBeReadKeepsTheChangeForTheNextPass() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, here, file) = try Self.hereAndItsMonthFile(fixture)
    #expect(FileManager.default.createFile(atPath: file, contents: nil))
    #expect(truncate(file, off_t(SyncFolder.maximumFileBytes + 1)) == 0)
    let day = CivilDate(year: 2026, month: 11, day: 20)
    Self.expectUnwritten(here, folder, day, mentioning: ["2026-11.jsonl", "more than"])
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty") == ["walk"])
    // Nothing was appended to the file past its limit.
    #expect(
      try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int
        == SyncFolder.maximumFileBytes + 1)
    // A pass says what it could not read, and waits with the merge too (a
    // day the others changed, replayed from their events now, would lose
    // the change made here: `aChangeMadeWhileThisDevicesFileCannotBeReadIsKept`);
    // the day stays marked.
    try Self.write(SyncNewsTests.lines(6, seed: 2), device: Self.devices[1], in: folder.path)
    let report = try here.synchronize(folder: folder, at: Self.now)
    #expect(report.merged == 0)
    #expect(report.written == 0)
    #expect(report.problems.filter { $0.file.hasSuffix("/2026-11.jsonl") }.count == 1)
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty") == ["walk"])
    // With the file moved aside, the next pass writes the change, then merges.
    try FileManager.default.moveItem(atPath: file, toPath: fixture.root + "/aside.jsonl")
    let next = try here.synchronize(folder: folder, at: Self.now)
    #expect(next.written == 1)
    #expect(next.merged > 0)
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty").isEmpty)
    let there = try Self.store(fixture, "there", folder: folder.path)
    #expect(try there.checkIns(habitID: "walk").map(\.day) == [day])
  }

  /// What would drop or write again what this device's unreadable file
  /// holds refuses, names the file and changes nothing: a rebuild (which
  /// replaces the check-ins with the folder's) and joining again.
  @Test func aRebuildOrAJoinRefusesOverAnOwnFileThatCannotBeRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, here, file) = try Self.hereAndItsMonthFile(fixture)
    let day = CivilDate(year: 2026, month: 11, day: 20)
    _ = try here.recordDone(habitID: "walk", day: day, at: Self.now)
    #expect(FileManager.default.createFile(atPath: file, contents: nil))
    #expect(truncate(file, off_t(SyncFolder.maximumFileBytes + 1)) == 0)
    let refusal = "a file of this device's in the sync folder cannot be read"
    let rebuild = #expect(throws: HabitsError.self) {
      try here.rebuildFromSync(folder: folder, at: Self.now)
    }
    #expect(rebuild?.message.hasPrefix(refusal) == true)
    #expect(rebuild?.message.contains("2026-11.jsonl") == true)
    #expect(try here.checkIns(habitID: "walk").map(\.day) == [day])
    #expect(try here.fetchRawStrings("SELECT habit FROM sync_dirty") == ["walk"])
    try here.leaveSync()
    let join = #expect(throws: HabitsError.self) {
      try here.joinSync(folder: folder, name: "here", at: Self.now)
    }
    #expect(join?.message.hasPrefix(refusal) == true)
    #expect(try here.syncMember()?.active == false)
    #expect(try here.checkIns(habitID: "walk").map(\.day) == [day])
  }

  /// A first merge takes each day's events from memory; one whose id comes
  /// again with other content (on another day, even) is read back, and the
  /// history is the one merging file by file gives.
  @Test func aFirstMergeGivesWhatMergingFileByFileGives() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    var events = Self.events(seed: 7, count: 60)
    // Ids taken again with other content, by a device whose file is read
    // later: the earlier stamp stays, whichever came first.
    let (first, last) = (Self.devices[2], Self.devices[1])
    #expect(first < last)
    for (copy, of, shift) in [(40, 3, 100), (41, 5, -100), (42, 9, 50), (43, 11, -50)] {
      events[of].stamp.device = first
      events[copy].id = events[of].id
      events[copy].stamp = events[of].stamp
      events[copy].stamp.seconds += shift
      events[copy].stamp.device = last
      events[copy].habitID = events[of].habitID == "reading" ? "gratitude" : "reading"
    }
    let folder = SyncFolder(path: fixture.root + "/shared")
    let byDevice = Dictionary(grouping: events) { $0.stamp.device }
    // With a check-in of its own, so that its table of events is never empty.
    let steps = try HabitStore(path: fixture.root + "/steps.sqlite3")
    _ = try steps.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 1), at: Self.now)
    _ = try steps.joinSync(folder: folder, name: "steps", at: Self.now)
    for device in Self.devices {
      try Self.write(
        (byDevice[device] ?? []).map(EventLine.encode), device: device, in: folder.path)
      try steps.synchronize(folder: folder, at: Self.now)
    }
    let fresh = try HabitStore(path: fixture.root + "/fresh.sqlite3")
    _ = try fresh.joinSync(folder: folder, name: "fresh", at: Self.now)
    #expect(try fresh.checkIns() == steps.checkIns())
    #expect(try !fresh.checkIns().isEmpty)
  }

  /// A first merge makes the table's index of days again after its events
  /// are in, the same index as before, covering every event, and checks
  /// what is inserted again; one that fails on the way leaves the database
  /// with its index all the same.
  @Test func aFirstMergeKeepsTheIndexOfDays() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let events = Self.events(seed: 5, count: 80)
    let folder = SyncFolder(path: fixture.root + "/shared")
    for device in Self.devices {
      try Self.write(
        events.filter { $0.stamp.device == device }.map(EventLine.encode), device: device,
        in: folder.path)
    }
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    let store = try HabitStore(path: fixture.root + "/fresh.sqlite3")
    let before = try store.read { db in try Row.fetchAll(db, sql: schema) }
    _ = try store.joinSync(folder: folder, name: "fresh", at: Self.now)
    try store.read { db in
      #expect(try Row.fetchAll(db, sql: schema) == before)
      #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
      // Its checks are on again.
      #expect(try Int.fetchOne(db, sql: "PRAGMA ignore_check_constraints") == 0)
      let indexed = try Int.fetchOne(
        db, sql: "SELECT count(*) FROM sync_event INDEXED BY sync_event_day WHERE habit > ''")
      #expect(indexed == Set(events.map(\.id)).count)
    }
    // An insert refused halfway through a first merge.
    let failing = try HabitStore(path: fixture.root + "/failing.sqlite3")
    try failing.write { db in
      try db.execute(
        sql: """
          CREATE TRIGGER refuse BEFORE INSERT ON sync_event WHEN NEW.habit = 'reading'
          BEGIN SELECT RAISE(ABORT, 'refused'); END
          """)
    }
    #expect(throws: HabitsError.self) {
      try failing.joinSync(folder: folder, name: "failing", at: Self.now)
    }
    let (index, kept, checks) = try failing.read { db in
      let index = try String.fetchOne(
        db, sql: "SELECT sql FROM sqlite_master WHERE name = 'sync_event_day'")
      let kept = try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_event")
      let checks = try Int.fetchOne(db, sql: "PRAGMA ignore_check_constraints")
      return (index, kept, checks)
    }
    #expect(index == "CREATE INDEX sync_event_day ON sync_event (habit, day)")
    #expect(kept == 0)
    #expect(checks == 0)
  }

  /// A first merge replays its days with the index of check-ins by day and
  /// the trigger that marks a check-in made here dropped, and makes them
  /// again after: the same SQL, an index covering every check-in, and a
  /// trigger that marks the next change. A replay refused halfway leaves
  /// the database as it was, with both, and a merge after it gives the
  /// same history.
  @Test func aFirstMergeKeepsTheIndexAndTriggerOfCheckIns() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let events = Self.events(seed: 11, count: 80)
    let folder = SyncFolder(path: fixture.root + "/shared")
    for device in Self.devices {
      try Self.write(
        events.filter { $0.stamp.device == device }.map(EventLine.encode), device: device,
        in: folder.path)
    }
    let schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    let store = try HabitStore(path: fixture.root + "/fresh.sqlite3")
    let before = try store.read { db in try Row.fetchAll(db, sql: schema) }
    _ = try store.joinSync(folder: folder, name: "fresh", at: Self.now)
    let checkIns = try store.checkIns()
    #expect(!checkIns.isEmpty)
    try store.read { db in
      #expect(try Row.fetchAll(db, sql: schema) == before)
      #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
      let indexed = try Int.fetchOne(
        db, sql: "SELECT count(*) FROM checkin INDEXED BY checkin_day WHERE day > ''")
      #expect(indexed == checkIns.count)
    }
    // The trigger marks a check-in made here, which is then written.
    _ = try store.recordDone(
      habitID: "walk", day: CivilDate(year: 2026, month: 11, day: 21), at: Self.now)
    #expect(try store.writeSyncEvents(folder: folder, at: Self.now) == 1)

    // A check-in refused halfway through the replay.
    let failing = try HabitStore(path: fixture.root + "/failing.sqlite3")
    try failing.write { db in
      try db.execute(
        sql: """
          CREATE TRIGGER refuse BEFORE INSERT ON checkin WHEN NEW.habit = 'reading'
          BEGIN SELECT RAISE(ABORT, 'refused'); END
          """)
    }
    let refusing = try failing.read { db in try Row.fetchAll(db, sql: schema) }
    #expect(throws: HabitsError.self) {
      try failing.joinSync(folder: folder, name: "failing", at: Self.now)
    }
    let (after, kept, days) = try failing.read { db in
      (
        try Row.fetchAll(db, sql: schema),
        try Int.fetchOne(db, sql: "SELECT count(*) FROM sync_event"),
        try Int.fetchOne(db, sql: "SELECT count(*) FROM checkin")
      )
    }
    #expect(after == refusing)
    #expect(kept == 0)
    #expect(days == 0)
    try failing.write { db in try db.execute(sql: "DROP TRIGGER refuse") }
    _ = try failing.joinSync(folder: folder, name: "failing", at: Self.now)
    // With the check-in the first store wrote to the folder since.
    #expect(try failing.checkIns() == store.checkIns())
    #expect(try failing.read { db in try Row.fetchAll(db, sql: schema) } == before)
  }

  /// The text a replayed check-in is recorded at is the instant's own.
  @Test func aReplayRecordsTheInstantAsItsDescriptionHasIt() {
    var random = SplitMix64(seed: 3, index: 0)
    let edges = [0, 59, 86_399, 86_400, 951_782_400, 1_795_200_000, 253_402_300_799]
    let outside = [-1, -86_401, 253_402_300_800, 300_000_000_000]
    for seconds in edges + outside + (0..<2000).map({ _ in random.int(0..<253_402_300_800) }) {
      #expect(
        HabitStore.instantText(seconds) == Instant(secondsSince1970: seconds).description,
        "\(seconds)")
    }
  }
}
