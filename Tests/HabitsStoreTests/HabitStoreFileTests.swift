// SPDX-License-Identifier: Apache-2.0
import Foundation
import GRDB
import HabitsCore
import Recurrence
import Testing

@testable import HabitsStore

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh directory for one test, removed by `remove()`.
struct StoreFileFixture {
  let root: String

  init() throws {
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-store-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }

  func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  /// The permission bits of `path`.
  func mode(_ path: String) throws -> mode_t {
    var info = stat()
    guard stat(path, &info) == 0 else {
      throw HabitsError("cannot stat '\(path)': \(String(cString: strerror(errno)))")
    }
    return info.st_mode & 0o7777
  }

  /// The files in `root` whose names start with that of `path`: the database and its sidecars.
  func family(_ path: String) throws -> [String] {
    let name = (path as NSString).lastPathComponent
    let directory = (path as NSString).deletingLastPathComponent
    return try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0.hasPrefix(name) }.sorted()
  }
}

/// The store on disk: created safely, WAL, and careful with files it does not own.
@Suite(.serialized) struct HabitStoreFileTests {
  typealias F = StoreFixture

  @Test func aNewDatabaseIs0600InA0700DirectoryCreatedWithItsParents() throws {
    // Given a path whose directories do not exist yet
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/data/habits/habits.sqlite3"
    // When the store is opened and used
    do {
      let store = try HabitStore(path: path)
      _ = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    }
    // Then the file is 0600 and each new directory 0700
    #expect(try fixture.mode(path) == 0o600)
    #expect(try fixture.mode(fixture.root + "/data/habits") == 0o700)
    #expect(try fixture.mode(fixture.root + "/data") == 0o700)
    // and it reopens with the check-in in it
    #expect(try HabitStore(path: path).checkIns().count == 1)
  }

  @Test func theSidecarFilesAreAsPrivateAsTheDatabase() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    let store = try HabitStore(path: path)
    _ = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    // While it is open, the WAL and shared-memory files exist with the database's mode
    for sidecar in ["-wal", "-shm"] where fixture.exists(path + sidecar) {
      #expect(try fixture.mode(path + sidecar) == 0o600, "\(sidecar)")
    }
    #expect(fixture.exists(path + "-wal"))
  }

  @Test func walForeignKeysAndABusyTimeoutAreOn() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let store = try HabitStore(path: fixture.root + "/habits.sqlite3")
    #expect(try store.fetchRawStrings("PRAGMA journal_mode") == ["wal"])
    #expect(try store.fetchRawStrings("PRAGMA foreign_keys") == ["1"])
    let timeout =
      Int(try store.fetchRawStrings("PRAGMA busy_timeout").first.flatMap { $0 } ?? "") ?? 0
    #expect(timeout >= 3000)
    #expect(
      try store.fetchRawStrings("SELECT identifier FROM grdb_migrations") == [
        "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
      ])
  }

  /// Opening for writing finds a file as the set-up leaves it, or sets it up
  /// again: one switched to the rollback journal (by another tool, say) is
  /// in WAL once more.
  @Test func aDatabaseOutOfWALIsInWALAgainOnceOpenedForWriting() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    do {
      let store = try HabitStore(path: path)
      try store.executeRaw("PRAGMA journal_mode = DELETE")
      #expect(try store.fetchRawStrings("PRAGMA journal_mode") == ["delete"])
    }
    let store = try HabitStore(path: path)
    #expect(try store.fetchRawStrings("PRAGMA journal_mode") == ["wal"])
  }

  @Test func aFirstVersionDatabaseOpenedReadOnlySaysItNeedsAnUpgrade() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    do {
      let store = try HabitStore(path: path)
      try store.executeRaw("DELETE FROM grdb_migrations WHERE identifier = 'v2'")
    }
    #expect {
      try HabitStore(path: path, readOnly: true)
    } throws: { error in
      "\(error)".contains("from an earlier version of habits and read-only")
    }
  }

  @Test func aFirstVersionDatabaseIsUpgradedWithNothingLost() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    // Given a database in the first version's shape, with history in it
    do {
      let store = try HabitStore(path: path)
      try store.executeRaw(
        """
        DROP TRIGGER checkin_insert_sync; DROP TRIGGER checkin_update_sync;
        DROP TRIGGER checkin_delete_sync; DROP TABLE sync_self; DROP TABLE sync_event;
        DROP TABLE sync_file; DROP TABLE sync_dirty; DROP TABLE together_self;
        DROP TABLE together_habit; DROP TABLE partner_event; DROP TABLE together_sent;
        DROP INDEX reminder_log_due; DROP INDEX checkin_day;
        ALTER TABLE reminder_log DROP COLUMN day;
        DELETE FROM grdb_migrations WHERE identifier IN ('v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8');
        """)
      _ = try store.recordDone(
        habitID: "gratitude", day: F.day("2026-11-20"), note: "tea", at: F.now)
      try store.executeRaw(
        """
        INSERT INTO reminder_log (habit, due, fired_at, kind)
        VALUES (NULL, '2026-11-15T17:00:00Z', '2026-11-15T17:00:00Z', 'summary')
        """)
    }
    // When it is opened again
    let store = try HabitStore(path: path)
    // Then it is upgraded, and what it held is there
    #expect(
      try store.fetchRawStrings("SELECT identifier FROM grdb_migrations") == [
        "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8",
      ])
    #expect(try store.checkIns().map(\.note) == ["tea"])
    let logged = try store.firedReminders(since: Instant(secondsSince1970: 0))
    #expect(logged.map(\.kind) == [.summary] && logged.first?.day == nil)
    // and a summary logged now keeps its day
    _ = try store.logReminder(
      FiredReminder(
        habitID: nil, due: F.now, firedAt: F.now, kind: .summary, day: F.day("2026-11-22")))
    #expect(try store.summaryDays(since: Instant(secondsSince1970: 0)) == [F.day("2026-11-22")])
  }

  @Test func theCLIAndTheAgentCanWriteToOneFileInTurn() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    let cli = try HabitStore(path: path)
    let agent = try HabitStore(path: path)
    _ = try cli.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    #expect(
      try agent.logReminder(
        .init(habitID: "gratitude", due: F.now, firedAt: F.now, kind: .reminder)))
    _ = try cli.recordDone(habitID: "walk", day: F.day("2026-11-20"), at: F.now)
    #expect(try agent.checkIns().count == 2)
    #expect(try cli.firedReminders(since: F.now).count == 1)
  }

  /// SQLite says only SQLITE_READONLY when it cannot make the -wal and
  /// -shm files beside a database it may write: the folder is named, and a
  /// read is not told that nothing was recorded.
  @Test func aFolderThatCannotBeWrittenIsNamedAndAReadSaysItCannotRead() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = fixture.root + "/data"
    let path = folder + "/habits.sqlite3"
    _ = try HabitStore(path: path)
    // Root writes any folder but an immutable one; anyone else, none without w.
    let locked: Bool
    if geteuid() == 0 {
      locked = (try? Self.run("/usr/bin/chattr", ["+i", folder])) == 0
    } else {
      locked = chmod(folder, 0o555) == 0
    }
    defer {
      _ = try? Self.run("/usr/bin/chattr", ["-i", folder])
      chmod(folder, 0o700)
    }
    try #require(locked, "the folder could not be made read-only")
    let readOnly = DatabaseError(
      resultCode: .SQLITE_READONLY, message: "attempt to write a readonly database")
    let read = HabitStore.translate(readOnly, path: path, reading: true)
    #expect(read.message == "the folder of '\(path)' cannot be written, so it cannot be read")
    #expect(read.hint?.contains("make '\(folder)' writable") == true)
    let written = HabitStore.translate(readOnly, path: path)
    #expect(written.message == "the folder of '\(path)' cannot be written, so nothing was recorded")
    // A file that cannot be written is named as before.
    #expect(
      HabitStore.translate(readOnly, path: fixture.root + "/nowhere.sqlite3", reading: true).message
        == "'\(fixture.root)/nowhere.sqlite3' is read-only, so it cannot be read")
  }

  /// Runs `program` and gives its exit status.
  static func run(_ program: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test func aFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
    // Given a text file where the database should be
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    let text = String(repeating: "my shopping list: eggs, milk, bread\n", count: 200)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let before = try fixture.bytes(path)
    // When it is opened, for writing or for reading
    let error = try #require(throws: HabitsError.self) { try HabitStore(path: path) }
    let readError = try #require(throws: HabitsError.self) {
      try HabitStore(path: path, readOnly: true)
    }
    // Then the message says what it is, and the file is byte for byte as it was, with no sidecars
    #expect(error.message.contains("is not a habits database"))
    #expect(error.description.contains("left untouched"))
    #expect(readError.message.contains("is not a habits database"))
    #expect(try fixture.bytes(path) == before)
    #expect(try fixture.family(path) == ["habits.sqlite3"])
  }

  @Test func anotherProgramsDatabaseIsRefusedAndLeftUntouched() throws {
    // Given another program's SQLite database where the database should be
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    do {
      let other = try HabitStore(path: fixture.root + "/scratch.sqlite3")
      try other.executeRaw("ATTACH '\(path)' AS other")
      try other.executeRaw("CREATE TABLE other.checkin (x)")
      try other.executeRaw("CREATE TABLE other.recipes (name TEXT)")
      try other.executeRaw("DETACH other")
    }
    let before = try fixture.bytes(path)
    // When it is opened, for writing or for reading
    let error = try #require(throws: HabitsError.self) { try HabitStore(path: path) }
    let readError = try #require(throws: HabitsError.self) {
      try HabitStore(path: path, readOnly: true)
    }
    // Then the message says whose it is, and the file is as it was: no tables added, not WAL
    #expect(
      error.message
        == "'\(path)' is not a habits database: it holds another program's tables ('checkin', 'recipes')"
    )
    #expect(error.description.contains("left untouched"))
    #expect(readError.message == error.message)
    #expect(try fixture.bytes(path) == before)
    #expect(try fixture.family(path) == ["habits.sqlite3"])
  }

  /// Writes a database whose migrations include one this version does not know.
  static func newerDatabase(at path: String, journal: String) throws {
    let store = try HabitStore(path: path)
    _ = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    try store.executeRaw("INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
    try store.executeRaw("PRAGMA journal_mode = \(journal)")
  }

  @Test(arguments: ["WAL", "DELETE"])
  func aDatabaseFromANewerVersionIsRefusedAndLeftUntouched(_ journal: String) throws {
    // Given a database a newer habits wrote (in WAL, or in the rollback journal other tools use)
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    try Self.newerDatabase(at: path, journal: journal)
    let before = try fixture.bytes(path)
    let filesBefore = try fixture.family(path)
    #expect(filesBefore == ["habits.sqlite3"])
    // When it is opened for writing
    let error = try #require(throws: HabitsError.self) { try HabitStore(path: path) }
    // Then it says a newer version wrote it, and nothing changed, not even its journal mode
    #expect(error.message.contains("newer version of habits"))
    #expect(error.description.contains("left untouched"))
    #expect(try fixture.bytes(path) == before)
    #expect(try fixture.family(path) == filesBefore)
    // The same when it is opened for reading (where SQLite may leave an empty
    // -wal and -shm beside a WAL database: read-only connections never remove them)
    let readError = try #require(throws: HabitsError.self) {
      try HabitStore(path: path, readOnly: true)
    }
    #expect(readError.message.contains("newer version of habits"))
    #expect(try fixture.bytes(path) == before)
  }

  @Test func aReadOnlyDatabaseRefusesWritesWithAClearMessage() throws {
    // Given a database with one check-in
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    do {
      _ = try HabitStore(path: path).recordDone(
        habitID: "gratitude", day: F.day("2026-11-19"), at: F.now)
    }
    let store: HabitStore
    if getuid() == 0 {
      // Root writes through any permission bits, so chmod proves nothing here:
      // the read-only open is what the CLI uses for a file it cannot write.
      print(
        "HabitStoreFileTests: running as root, where chmod 0400 does not stop writes;"
          + " testing HabitStore(path:readOnly: true) instead")
      store = try HabitStore(path: path, readOnly: true)
    } else {
      #expect(chmod(path, 0o400) == 0)
      store = try HabitStore(path: path)
    }
    defer { _ = chmod(path, 0o600) }
    // When a check-in is recorded
    let error = try #require(throws: HabitsError.self) {
      try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    }
    // Then it is refused, saying why, and the store still reads
    #expect(error.message.contains("read-only"))
    #expect(error.message.contains("nothing was recorded"))
    #expect(try store.checkIns().map(\.day) == [F.day("2026-11-19")])
    #expect(throws: HabitsError.self) {
      try store.snooze(habitID: "gratitude", until: F.now.adding(seconds: 900), at: F.now)
    }
  }

  @Test func readingANonexistentDatabaseCreatesNothing() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/missing/habits.sqlite3"
    let error = try #require(throws: HabitsError.self) {
      try HabitStore(path: path, readOnly: true)
    }
    #expect(error.message.contains("no database"))
    #expect(!fixture.exists(fixture.root + "/missing"))
  }

  /// What `habits today` falls back to on a full disk: it reads every
  /// check-in, the uncheckpointed ones in the WAL too, and maps no -shm file,
  /// so it needs no space (`Tests/stress/full_disk_test.sh` runs it on a
  /// really full disk).
  @Test func readingOnAFullDiskMapsNoSharedMemoryAndSeesTheWAL() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    let writer = try HabitStore(path: path)
    _ = try writer.recordDone(habitID: "gratitude", day: F.day("2026-11-19"), at: F.now)
    // The writer stays open, so the check-in is still in the WAL.
    _ = try writer.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    let bytes = try fixture.bytes(path)
    try withExtendedLifetime(writer) {
      // A copy without its -shm, as a reader on a full disk finds it.
      let copy = fixture.root + "/copy.sqlite3"
      try Data(bytes).write(to: URL(fileURLWithPath: copy))
      try fixture.bytes(path + "-wal").write(to: URL(fileURLWithPath: copy + "-wal"))
      let reader = try HabitStore(path: copy, mode: .readingOnFullDisk)
      #expect(try reader.checkIns().map(\.day) == [F.day("2026-11-19"), F.day("2026-11-20")])
      #expect(try fixture.family(copy) == ["copy.sqlite3", "copy.sqlite3-wal"])
      #expect(throws: HabitsError.self) {
        try reader.snooze(habitID: "gratitude", until: F.now.adding(seconds: 900), at: F.now)
      }
    }
  }

  @Test(arguments: ["{root}", "/dev/null", "/dev/zero"])
  func aPathThatIsNotAFileIsRefusedByWhatItIs(path: String) throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = path.replacingOccurrences(of: "{root}", with: fixture.root)
    for open in [{ try HabitStore(path: path) }, { try HabitStore.forReading(path: path) }] {
      let error = try #require(throws: HabitsError.self) { _ = try open() }
      #expect(error.message.hasPrefix("'\(path)' is a "), "\(error)")
      #expect(error.message.hasSuffix(", not a database file"), "\(error)")
    }
  }
}
