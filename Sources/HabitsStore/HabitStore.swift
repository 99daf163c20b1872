import GRDB
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// The one SQLite file habits keeps: check-ins, snoozes and the log of
/// reminders fired. Every method is one transaction.
///
/// Constraints live in the schema (one check-in per habit and day, kinds
/// limited by CHECK, foreign keys on), WAL lets the CLI and the agent work at
/// once, and a busy timeout keeps them from failing each other.
public final class HabitStore: Sendable {
  let writer: DatabaseQueue
  /// Where the file is, or nil in memory.
  public let path: String?

  /// How long a writer waits for another before giving up.
  public static let busyTimeout = 10.0

  /// Opens (creating with its directory, 0600 in 0700) the database at `path`.
  ///
  /// A file that is not a SQLite database, or one a newer habits wrote, is
  /// refused and left untouched.
  public init(path: String, readOnly: Bool = false) throws(HabitsError) {
    self.path = path
    let exists = access(path, F_OK) == 0
    if !exists {
      if readOnly { throw HabitsError("there is no database at '\(path)' yet") }
      try Self.createFile(path)
    }
    var configuration = Self.configuration()
    configuration.readonly = readOnly
    do {
      writer = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw Self.translate(error, path: path)
    }
    // Several processes may set up a new database at once (the agent at
    // login and a `habits done`, say). GRDB's migrator reads which migrations
    // are applied before it takes the write lock, so one process can trip
    // over tables another has just created: "table habit already exists", or
    // "no such table: grdb_migrations" when the table appears between two of
    // its reads. Such an SQLITE_ERROR passes once the other process has
    // committed, so the set-up runs again, a few times, before giving up.
    // So does SQLITE_BUSY: a set-up that read the schema before another
    // process migrated it cannot turn its read into a write, and SQLite says
    // busy at once rather than waiting.
    var attempt = 0
    while true {
      do {
        try setUp(readOnly: readOnly)
        return
      } catch let error as DatabaseError
        where
        (error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_SCHEMA
        || error.resultCode == .SQLITE_BUSY) && attempt < 5
      {
        attempt += 1
        usleep(useconds_t(attempt * 20_000))
      } catch let error as HabitsError {
        throw error
      } catch {
        throw Self.translate(error, path: path)
      }
    }
  }

  /// Checks the file, switches it to WAL and migrates it; SQLite's errors
  /// come out as they are, for `init` to retry or word.
  private func setUp(readOnly: Bool) throws {
    // Reading first: a file that is not a database fails here, before any write.
    _ = try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA schema_version") }
    // Before switching to WAL, which rewrites the header of a file in another mode.
    try refuseNewerSchema()
    if !readOnly {
      try writer.writeWithoutTransaction { db in
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        if mode.lowercased() != "wal" {
          _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
      }
    }
    try migrateRaw(readOnly: readOnly)
  }

  /// A private database in memory, for tests.
  public init() throws(HabitsError) {
    path = nil
    do {
      writer = try DatabaseQueue(configuration: Self.configuration())
    } catch {
      throw Self.translate(error, path: nil)
    }
    try migrate(readOnly: false)
  }

  private static func configuration() -> Configuration {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "habits"
    configuration.prepareDatabase { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    return configuration
  }

  private static func createFile(_ path: String) throws(HabitsError) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    if parts.count > 1 {
      var directory = path.hasPrefix("/") ? "" : "."
      for part in parts.dropLast() where !part.isEmpty {
        directory += "/" + part
        if access(directory, F_OK) != 0 && mkdir(directory, 0o700) != 0 && errno != EEXIST {
          throw HabitsError(
            "cannot create the directory '\(directory)': \(String(cString: strerror(errno)))")
        }
      }
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if descriptor < 0 && errno != EEXIST {
      throw HabitsError(
        "cannot create the database '\(path)': \(String(cString: strerror(errno)))")
    }
    if descriptor >= 0 { close(descriptor) }
  }

  /// Refuses a database whose migrations include some this version does not
  /// know: it was written by a newer habits and must never be migrated back.
  private func refuseNewerSchema() throws {
    let superseded = try writer.read { db in try Schema.migrator.hasBeenSuperseded(db) }
    if superseded {
      throw HabitsError(
        "the database '\(path ?? ":memory:")' was written by a newer version of habits",
        hint: "upgrade habits to use it; it was left untouched")
    }
  }

  private func migrate(readOnly: Bool) throws(HabitsError) {
    do {
      try migrateRaw(readOnly: readOnly)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  private func migrateRaw(readOnly: Bool) throws {
    let migrator = Schema.migrator
    if readOnly {
      let (complete, applied) = try writer.read { db in
        (try migrator.hasCompletedMigrations(db), try migrator.appliedIdentifiers(db))
      }
      if !complete {
        let name = "the database '\(path ?? ":memory:")'"
        throw applied.isEmpty
          ? HabitsError("\(name) is read-only and not set up yet")
          : HabitsError(
            "\(name) is from an earlier version of habits and read-only, so it cannot be upgraded",
            hint: "make it writable and run any habits command once")
      }
    } else {
      try migrator.migrate(writer)
    }
  }

  /// Turns SQLite's errors into messages a person can act on.
  static func translate(_ error: any Error, path: String?) -> HabitsError {
    let name = path.map { "'\($0)'" } ?? "the database"
    guard let error = error as? DatabaseError else {
      return HabitsError("database error with \(name): \(error)")
    }
    switch error.resultCode {
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      return HabitsError(
        "\(name) is not a habits database, or it is damaged (\(error.message ?? "unreadable"))",
        hint: "it was left untouched; point --db or HABITS_DB at another file")
    case .SQLITE_READONLY:
      return HabitsError(
        "\(name) is read-only, so nothing was recorded",
        hint: "check the file's permissions")
    case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
      if let path, isReadOnly(path) {
        // SQLite says only "unable to open database file" when it cannot
        // write the file or create the -wal and -shm files beside it.
        return HabitsError(
          "cannot open \(name): it is read-only (the file or its directory cannot be written)",
          hint:
            "check the permissions and attributes (lsattr) of the file and its directory, and that its file system is not mounted read-only"
        )
      }
      return HabitsError("cannot open \(name): \(error.message ?? "permission denied")")
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return HabitsError(
        "\(name) stayed busy for \(Int(busyTimeout)) seconds; nothing was recorded",
        hint: "try again")
    case .SQLITE_FULL:
      return HabitsError("the disk holding \(name) is full; nothing was recorded")
    case .SQLITE_CONSTRAINT:
      return HabitsError("refused by the database's rules: \(error.message ?? "constraint failed")")
    default:
      return HabitsError("database error with \(name): \(error.message ?? "\(error.resultCode)")")
    }
  }

  /// Whether the file at `path` exists but it, or the directory that must
  /// hold its -wal and -shm files, cannot be written.
  static func isReadOnly(_ path: String) -> Bool {
    guard access(path, F_OK) == 0 else { return false }
    let directory: String
    if let slash = path.lastIndex(of: "/") {
      directory = slash == path.startIndex ? "/" : String(path[..<slash])
    } else {
      directory = "."
    }
    return access(path, W_OK) != 0 || access(directory, W_OK) != 0
  }

  func write<T>(_ body: (Database) throws -> T) throws(HabitsError) -> T {
    do {
      return try writer.write(body)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  func read<T>(_ body: (Database) throws -> T) throws(HabitsError) -> T {
    do {
      return try writer.read(body)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }
}
