// SPDX-License-Identifier: Apache-2.0
import CSQLiteOptions
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
  /// How it was opened.
  let mode: Mode
  /// Run before each read, in its place: tests set it to make reads fail
  /// as SQLite fails them (busy, an I/O error). Set only while no other
  /// thread uses the store; nil, as it always is outside tests, costs a check.
  nonisolated(unsafe) var readFault: (() throws -> Void)?
  /// Whether this connection checkpoints the WAL and deletes it, should it
  /// be the last to close (see `write`); set at open and by `write`, which
  /// the queue runs one at a time.
  nonisolated(unsafe) private var tidiesAtClose = false
  /// What the connection's commits wait for now (`PRAGMA synchronous`):
  /// read and set only by `write`, which the queue runs one at a time.
  nonisolated(unsafe) private var durability = Durability.disk

  /// The largest WAL a connection leaves behind: the next process to open
  /// the database reads all of it again to rebuild its index, and cannot
  /// know how much of it was already copied into the file.
  static let walLeftAtMost = 1 << 20

  /// How long a writer waits for another before giving up.
  public static let busyTimeout = 10.0

  /// What a commit waits for before it returns.
  enum Durability: String {
    /// The disk (`synchronous = FULL`): a commit returned is kept through
    /// a power cut. Every write but those below.
    case disk = "FULL"
    /// Nothing (`synchronous = NORMAL`: in WAL, a commit lost to a power
    /// cut is rolled back whole, never half-kept), for a write whose
    /// changes the sync folder holds on disk already, or one that is
    /// checkpointed onto the disk after it (`writeSyncing`).
    case folder = "NORMAL"
  }

  /// How a file is opened.
  enum Mode {
    /// Read and write; a new or older database is set up or migrated.
    case readWrite
    /// A read-only connection, for a file this process cannot write.
    case readOnly
    /// Reading a database on a full disk. A WAL reader normally needs the
    /// shared-memory file (-shm) beside the database, and SQLite grows it by
    /// writing; in EXCLUSIVE locking mode it keeps that index in memory
    /// instead, so reading needs no space at all.
    case readingOnFullDisk
  }

  /// Opens (creating with its directory, 0600 in 0700) the database at `path`.
  ///
  /// A file that is not a SQLite database, or one a newer habits wrote, is
  /// refused and left untouched.
  public convenience init(path: String, readOnly: Bool = false) throws(HabitsError) {
    try self.init(path: path, mode: readOnly ? .readOnly : .readWrite)
  }

  /// Opens the existing database at `path` for commands that only read.
  ///
  /// A writable file is opened as writers open it, so that an older database
  /// is migrated and the last connection to close tidies the -wal and -shm
  /// files away. When that fails because the disk is full, it is read
  /// without writing anything (`Mode.readingOnFullDisk`): `today`, `stats`
  /// and `log` still answer, and the file is left as it was. That mode is
  /// only the fallback, as it keeps every other connection out while it
  /// reads; a running agent would make it wait, but the agent's connection
  /// also keeps a full-sized -shm file in place, so the usual way works then.
  public static func forReading(path: String) throws(HabitsError) -> HabitStore {
    guard access(path, F_OK) == 0 else {
      throw HabitsError("there is no database at '\(path)' yet")
    }
    if access(path, W_OK) != 0 { return try HabitStore(path: path, mode: .readOnly) }
    do {
      return try HabitStore(path: path, mode: .readWrite, reading: true)
    } catch {
      guard diskIsFull(path) else { throw error }
    }
    return try HabitStore(path: path, mode: .readingOnFullDisk)
  }

  /// `reading` when the caller only reads, for its error messages.
  init(path: String, mode: Mode, reading: Bool = false) throws(HabitsError) {
    self.path = path
    self.mode = mode
    var info = stat()
    let exists = stat(path, &info) == 0
    if exists, let kind = Self.notAFile(info.st_mode) {
      // SQLite would say only "unable to open" or "disk I/O error".
      throw HabitsError(
        "'\(path)' is \(kind), not a database file", hint: "point --db or HABITS_DB at a file")
    }
    if !exists {
      if mode != .readWrite { throw HabitsError("there is no database at '\(path)' yet") }
      try Self.createFile(path)
    }
    var configuration = Self.configuration(exclusive: mode == .readingOnFullDisk)
    configuration.readonly = mode == .readOnly
    do {
      writer = try DatabaseQueue(path: path, configuration: configuration)
    } catch {
      throw Self.translate(error, path: path, reading: reading || mode != .readWrite)
    }
    // A WAL that holds changes already was left for a connection that
    // writes (see `write`): one that only reads leaves it too, unless it
    // has grown past what is worth leaving.
    if mode == .readWrite, let size = Self.walSize(path), size > 0 {
      if size > Self.walLeftAtMost {
        tidiesAtClose = true
      } else {
        do {
          try writer.inDatabase { db in try Self.checkpointOnClose(db, false) }
        } catch {
          throw Self.translate(error, path: path, reading: reading)
        }
      }
    }
    if isSetUp(mode: mode) { return }
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
        try setUp(mode: mode)
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
        throw Self.translate(error, path: path, reading: reading || mode != .readWrite)
      }
    }
  }

  /// Whether the file is already as `setUp` would leave it: a database with
  /// every migration of this version applied and no other, and in WAL for
  /// writing. Nearly every open finds it so, and one statement tells, where
  /// the checks of `setUp` take fifteen. Any error gives false: `setUp`
  /// meets it again, and retries or words it.
  private func isSetUp(mode: Mode) -> Bool {
    let row = try? writer.inDatabase { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT (SELECT journal_mode FROM pragma_journal_mode),
            (SELECT group_concat(identifier, ' ') FROM grdb_migrations)
          """)
    }
    guard let row, let applied: String = row[1] else { return false }
    let journal: String = row[0] ?? ""
    return applied.split(separator: " ").map(String.init).sorted()
      == Schema.migrator.migrations.sorted()
      && (mode != .readWrite || journal.lowercased() == "wal")
  }

  /// Checks the file, switches it to WAL and migrates it; SQLite's errors
  /// come out as they are, for `init` to retry or word.
  private func setUp(mode: Mode) throws {
    // Reading first: a file that is not a database fails here, before any write.
    _ = try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA schema_version") }
    // Before switching to WAL, which rewrites the header of a file in another mode.
    try refuseForeign()
    try refuseNewerSchema()
    if mode == .readWrite {
      try writer.writeWithoutTransaction { db in
        // A new or migrated database is tidied into one file at close.
        tidiesAtClose = true
        try Self.checkpointOnClose(db, true)
        let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? ""
        if mode.lowercased() != "wal" {
          _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
      }
    }
    try migrateRaw(mode: mode)
  }

  /// Closes the connection now rather than when the store is released:
  /// the last connection to close checkpoints the WAL and deletes it when
  /// this one tidies (see `write`). Nothing may use the store after.
  public func close() throws(HabitsError) {
    do {
      try writer.close()
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  /// A private database in memory, for tests.
  public init() throws(HabitsError) {
    path = nil
    mode = .readWrite
    do {
      writer = try DatabaseQueue(configuration: Self.configuration())
    } catch {
      throw Self.translate(error, path: nil)
    }
    try migrate(mode: .readWrite)
  }

  /// The connection's settings; `exclusive` for `Mode.readingOnFullDisk`.
  private static func configuration(exclusive: Bool = false) -> Configuration {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(busyTimeout)
    configuration.label = "habits"
    configuration.prepareDatabase { db in
      // First of all: `synchronous` reads the schema, and with it the WAL,
      // which would map the -shm file.
      if exclusive { try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
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
    if descriptor >= 0 { Glibc.close(descriptor) }
  }

  /// Refuses another program's database: one with tables but no record of
  /// habits' migrations. Setting it up would add habits' tables to it and
  /// switch it to WAL for good. A set-up records its first migration before
  /// it makes any table, so a database another habits is setting up passes.
  private func refuseForeign() throws {
    let tables = try writer.read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT name FROM sqlite_master
          WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
            AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'grdb_migrations')
          ORDER BY name LIMIT 4
          """)
    }
    guard !tables.isEmpty else { return }
    let names = tables.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
    throw HabitsError(
      "'\(path ?? ":memory:")' is not a habits database: it holds another program's tables "
        + "(\(names)\(tables.count > 3 ? ", …" : ""))",
      hint: "it was left untouched; point --db or HABITS_DB at another file")
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

  private func migrate(mode: Mode) throws(HabitsError) {
    do {
      try migrateRaw(mode: mode)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  private func migrateRaw(mode: Mode) throws {
    let migrator = Schema.migrator
    if mode == .readWrite {
      try migrator.migrate(writer)
      return
    }
    let (complete, applied) = try writer.read { db in
      (try migrator.hasCompletedMigrations(db), try migrator.appliedIdentifiers(db))
    }
    guard !complete else { return }
    let name = "the database '\(path ?? ":memory:")'"
    if mode == .readingOnFullDisk {
      throw HabitsError(
        "the disk holding \(name) is full, so it cannot be \(applied.isEmpty ? "set up" : "upgraded")",
        hint: "free some space on it and try again")
    }
    throw applied.isEmpty
      ? HabitsError("\(name) is read-only and not set up yet")
      : HabitsError(
        "\(name) is from an earlier version of habits and read-only, so it cannot be upgraded",
        hint: "make it writable and run any habits command once")
  }

  /// Turns SQLite's errors into messages a person can act on; `reading`
  /// when nothing was to be written.
  static func translate(_ error: any Error, path: String?, reading: Bool = false) -> HabitsError {
    let name = path.map { "'\($0)'" } ?? "the database"
    guard let error = error as? DatabaseError else {
      return HabitsError("database error with \(name): \(error)")
    }
    // SQLite says SQLITE_FULL when a write to the database or its WAL finds
    // no space, but only "disk I/O error" when growing the -shm file fails,
    // and "unable to open" when no -wal file can be made: the file system
    // says which.
    let full =
      error.resultCode == .SQLITE_FULL
      || ((error.resultCode == .SQLITE_IOERR || error.resultCode == .SQLITE_CANTOPEN)
        && path.map { !isReadOnly($0) && diskIsFull($0) } == true)
    if full {
      return HabitsError(
        "the disk holding \(name) is full, so \(reading ? "it cannot be read" : "nothing was recorded")",
        hint: "free some space on it and try again")
    }
    switch error.resultCode {
    case .SQLITE_NOTADB, .SQLITE_CORRUPT:
      return HabitsError(
        "\(name) is not a habits database, or it is damaged (\(error.message ?? "unreadable"))",
        hint: "it was left untouched; point --db or HABITS_DB at another file")
    case .SQLITE_READONLY:
      let consequence = reading ? "so it cannot be read" : "so nothing was recorded"
      if let path, access(path, W_OK) == 0, access(directory(of: path), W_OK) != 0 {
        // SQLite makes its -wal and -shm files beside the database even to read it.
        return HabitsError(
          "the folder of \(name) cannot be written, \(consequence)",
          hint:
            "SQLite keeps the database's -wal and -shm files beside it, even to read: make '\(directory(of: path))' writable"
        )
      }
      return HabitsError(
        "\(name) is read-only, \(consequence)", hint: "check the file's permissions")
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
    case .SQLITE_CONSTRAINT:
      return HabitsError("refused by the database's rules: \(error.message ?? "constraint failed")")
    default:
      return HabitsError("database error with \(name): \(error.message ?? "\(error.resultCode)")")
    }
  }

  /// Whether the file system holding `path` is out of space (less than
  /// 1 MiB left for this user) or out of inodes: what an I/O error there
  /// most likely means. One without blocks at all (procfs, sysfs) is not.
  static func diskIsFull(_ path: String) -> Bool {
    var info = statvfs()
    guard statvfs(path, &info) == 0 || statvfs(directory(of: path), &info) == 0 else {
      return false
    }
    // Root may use the blocks and inodes reserved for it.
    let root = geteuid() == 0
    let blocks = UInt64(root ? info.f_bfree : info.f_bavail)
    let inodes = UInt64(root ? info.f_ffree : info.f_favail)
    guard info.f_blocks > 0 else { return false }
    return blocks * UInt64(info.f_frsize) < 1 << 20 || (info.f_files > 0 && inodes == 0)
  }

  /// What a file of `mode` is, when it is not a regular file.
  static func notAFile(_ mode: mode_t) -> String? {
    switch mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a directory"
    case S_IFCHR, S_IFBLK: return "a device"
    case S_IFIFO: return "a FIFO"
    case S_IFSOCK: return "a socket"
    default: return "a special file"
    }
  }

  /// The directory `path` is in.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Whether the file at `path` exists but it, or the directory that must
  /// hold its -wal and -shm files, cannot be written.
  static func isReadOnly(_ path: String) -> Bool {
    guard access(path, F_OK) == 0 else { return false }
    return access(path, W_OK) != 0 || access(directory(of: path), W_OK) != 0
  }

  /// Runs `body` in a write transaction.
  ///
  /// The last connection to close checkpoints the WAL into the database
  /// file and deletes it, as SQLite does by default, when it wrote
  /// something of the user's. One that wrote only what a pass took from the
  /// sync or together folder (`fromFolder`) leaves the WAL to the next
  /// connection that writes, as does one that only read a WAL left so:
  /// closing then costs no fsync, and what the WAL holds can be had again
  /// from the folder. A WAL past `walLeftAtMost` is tidied all the same.
  ///
  /// Its commit waits for the disk unless `durability` says otherwise. The
  /// connection is set so at the start of the same turn on the queue, before
  /// the transaction begins (SQLite refuses the change inside one), and only
  /// when the write before it wanted otherwise: no other write can come
  /// between, and a failure to set it is this write's error.
  func write<T>(
    fromFolder: Bool = false, durability: Durability = .disk, _ body: (Database) throws -> T
  ) throws(HabitsError) -> T {
    try write(inFolder: { fromFolder }, durability: durability, body)
  }

  /// Runs `body` in a write transaction, as `write(fromFolder:durability:_:)`,
  /// where `inFolder`, asked once `body` has run, says whether all it wrote
  /// can be had again from a folder.
  func write<T>(
    inFolder: () -> Bool, durability wanted: Durability = .disk, _ body: (Database) throws -> T
  ) throws(HabitsError) -> T {
    // Reading on a full disk holds the database in exclusive mode; a write
    // there could only fail, or hold the lock for longer.
    guard mode != .readingOnFullDisk else {
      throw HabitsError(
        "the disk holding '\(path ?? ":memory:")' is full, so nothing was recorded",
        hint: "free some space on it and try again")
    }
    do {
      let result = try writer.writeWithoutTransaction { db in
        if durability != wanted {
          try db.execute(sql: "PRAGMA synchronous = \(wanted.rawValue)")
          durability = wanted
        }
        var result: T?
        try db.inTransaction {
          result = try body(db)
          if !tidiesAtClose {
            let fromFolder = inFolder()
            tidiesAtClose = !fromFolder
            try Self.checkpointOnClose(db, !fromFolder)
          }
          return .commit
        }
        // inTransaction returns only once the body has run and committed.
        guard let result else { preconditionFailure("a committed write without its result") }
        if !tidiesAtClose, let path, let size = Self.walSize(path), size > Self.walLeftAtMost {
          tidiesAtClose = true
          try Self.checkpointOnClose(db, true)
        }
        return result
      }
      return result
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  /// The size of the WAL beside the database at `path`, or nil without one.
  static func walSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path + "-wal", &info) == 0 ? Int(info.st_size) : nil
  }

  /// Sets whether the connection checkpoints the WAL and deletes it, should
  /// it be the last to close (see `write`).
  private static func checkpointOnClose(_ db: Database, _ checkpoint: Bool) throws {
    let code = habits_sqlite_checkpoint_on_close(db.sqliteConnection, checkpoint ? 1 : 0)
    guard code == SQLITE_OK else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: "cannot set whether the connection checkpoints when it closes")
    }
  }

  func read<T>(_ body: (Database) throws -> T) throws(HabitsError) -> T {
    do {
      if let readFault { try readFault() }
      return try writer.read(body)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path, reading: true)
    }
  }

  /// Like `read`, for a body that runs a single SELECT: SQLite reads it in
  /// a transaction of its own, so the four statements `read` wraps a body
  /// in (query_only on and off, BEGIN and COMMIT) are left out.
  func readOne<T>(_ body: (Database) throws -> T) throws(HabitsError) -> T {
    do {
      if let readFault { try readFault() }
      return try writer.inDatabase(body)
    } catch let error as HabitsError {
      throw error
    } catch {
      throw Self.translate(error, path: path, reading: true)
    }
  }
}
