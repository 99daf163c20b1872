// SPDX-License-Identifier: Apache-2.0
import GRDB
import GRDBSQLite
import HabitsCore
import HabitsSync
import Recurrence

extension HabitStore {
  /// This device's membership, or nil when it never joined a sync folder.
  public func syncMember() throws(HabitsError) -> SyncMember? {
    try read { db in try Self.member(db) }
  }

  /// Makes this device a member of `folder` as `name` (keeping the id it had,
  /// if it was one before), writes the history the folder does not have yet
  /// as this device's events, and merges what the others wrote.
  public func joinSync(
    folder: SyncFolder, name: String, at now: Instant
  ) throws(HabitsError) -> (member: SyncMember, report: SyncReport) {
    if let problem = SyncFolder.checkedName(name) {
      throw HabitsError(problem, hint: "pass --name with another name", kind: .usage)
    }
    try folder.prepare()
    // The id is kept, not yet syncing, before anything is written under it:
    // a join killed after writing its history joins again as the same
    // device, which finds that history its own, rather than as a new one
    // that would add it a second time.
    let (device, wasMember) = try write { db in
      // A copy of a database that joined elsewhere joins as a device of its own.
      if let renewed = try Self.renewIfCopied(db) { return (renewed, false) }
      if let device = try Self.member(db)?.device { return (device, true) }
      var generator = SystemRandomNumberGenerator()
      let device = DeviceID(using: &generator)
      try db.execute(
        sql: "INSERT INTO sync_self (only, device, name, active, home) VALUES (1, ?, ?, 0, ?)",
        arguments: [device.text, name, Self.home(db)])
      return (device, false)
    }
    // Joining again a folder that holds this device's folder (it left, or
    // a join was killed): the history there is its own, and what the
    // others wrote since is newer than what it holds of those days.
    let listed = wasMember ? try folder.list().devices : []
    let again = listed.contains(device)
    return try write { db in
      try db.execute(sql: "UPDATE sync_self SET name = ?, active = 1", arguments: [name])
      try folder.writeName(name, of: device)
      guard var member = try Self.member(db) else {
        throw HabitsError("this device's membership was not found after writing it")
      }
      var report = SyncReport()
      // Events kept here before it synced (for a together folder) first.
      report.written += try Self.writeKeptHere(db, member: member, folder: folder)
      // Every day that has a check-in or an event, brought into the folder.
      let keys = try Self.allDays(db)
      let unread = try Self.keepUncommitted(
        db, days: Set(keys), member: &member, folder: folder, now: now, thorough: true)
      guard unread.isEmpty else { throw Self.unreadOwnFiles(unread, folder: folder) }
      if again {
        // As a pass would have, had it synced all along: what changed here
        // meanwhile is written as the events that take the days from what
        // it last merged to what it holds (an amount added adds to one
        // another device added), and the others' events are merged after.
        // A day it did not change is the folder's: its record of it is only
        // older.
        report.written += try Self.writeChanges(
          db, days: keys, member: &member, folder: folder, now: now, backdated: true)
        try Self.merge(db, folder: folder, member: &member, now: now, report: &report)
        try Self.finish(db, member: member)
        return (member, report)
      }
      // The folder first, then this device's history over it: a day it holds
      // stays as it holds it, written as the events that take the folder's
      // day there (none when both hold it alike, as two computers with one
      // database copied do: written first, each one's amounts would add up),
      // and a day it does not hold is the folder's.
      let held = try Self.heldRows(db)
      let undone = try Self.undoneDays(db, keys, held: held)
      try Self.merge(db, folder: folder, member: &member, now: now, report: &report)
      try Self.restore(db, held, undone: undone)
      report.written += try Self.writeChanges(
        db, days: keys, member: &member, folder: folder, now: now, backdated: true)
      // This device's directory, just written by it alone, as it is now:
      // the next command need not wait for it to settle.
      if let state = folder.directoryState(of: device) {
        try Self.record(db, FolderLook.recordPath(of: device), offset: 0, lines: 0, state: state)
      }
      try Self.finish(db, member: member)
      return (member, report)
    }
  }

  /// Stops syncing: the events and check-ins stay, and so does the id, for
  /// a later `joinSync`. Returns whether the device was syncing.
  @discardableResult
  public func leaveSync() throws(HabitsError) -> Bool {
    try write { db in
      try db.execute(sql: "UPDATE sync_self SET active = 0 WHERE active = 1")
      return db.changesCount > 0
    }
  }

  /// Writes the changes made here since the last pass as events, then merges
  /// what the folder gained: what every command does first when the device
  /// syncs. Does nothing for a device that does not.
  ///
  /// A pass that finds nothing changed here and every file as it was last
  /// read returns without the write lock, which the agent and the other
  /// commands want too.
  @discardableResult
  public func synchronize(folder: SyncFolder, at now: Instant) throws(HabitsError) -> SyncReport {
    guard let scan = try news(folder: folder, at: now) else { return SyncReport() }
    // Without waiting for the disk. What this transaction keeps can be had
    // again: the folder holds every event, this device's own fsynced there
    // before the commit, and a lost commit takes the offsets read with it,
    // so the next pass reads the same again.
    return try write(fromFolder: true, durability: .folder) { db in
      var report = SyncReport()
      // A copy was refused by `news`, just before.
      guard var member = try Self.member(db), member.active else { return report }
      let flushed = try Self.flush(
        db, member: &member, folder: folder, now: now, report: &report, passing: true)
      // While this device's own files cannot be read, its changes wait, and
      // so does the merge: a day changed here is written as the change from
      // the events it was made over, so a merge replaying the day from the
      // folder's events now would lose that change.
      if flushed {
        // What was just written changed this device's files since the look.
        try Self.merge(
          db, folder: folder, member: &member, now: now, report: &report,
          scan: report.written > 0 ? nil : scan)
      }
      try Self.finish(db, member: member, keepingMarks: !flushed)
      return report
    }
  }

  /// Whether a pass would find anything to do: this device syncs, and a
  /// day changed here, a device directory is not in the state it was last
  /// read in, or a file looked at is not (new, grown, shrunk, replaced,
  /// written in place, or unreadable, which the pass reports). Reading
  /// only: another process that merges at the same time makes this say yes
  /// for nothing, at worst.
  func hasNews(folder: SyncFolder, at now: Instant) throws(HabitsError) -> Bool {
    try news(folder: folder, at: now) != nil
  }

  /// The folder as `hasNews` found it when a pass has anything to do (its
  /// files and their states, which the pass then need not look at again),
  /// or nil. The look is a `FolderLook` that knows how the folder was read.
  func news(folder: SyncFolder, at now: Instant) throws(HabitsError) -> FolderLook? {
    let (syncing, dirty, known) = try read { db -> (Bool, Bool, FolderLook.Known) in
      guard let member = try Self.member(db), member.active else { return (false, false, .init()) }
      if let home = member.copiedFrom { throw Self.copied(from: home) }
      let dirty =
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM sync_dirty)"))
        == true
      return (true, dirty, try Self.known(db, at: now))
    }
    guard syncing else { return nil }
    let look = try FolderLook(folder: folder, known: known)
    return dirty || look.news ? look : nil
  }

  /// Which month of the year's files of an unchanged directory a look at
  /// `now` takes in turn (`FolderLook.turn(ofMonthFile:)`): another each
  /// minute.
  static func turn(_ now: Instant) -> Int {
    now.secondsSince1970 / 60 % FolderLook.rotation
  }

  /// How the folder was last read (of `device` alone, with one), for a
  /// look at `now`: from the table of read positions, each directory's row
  /// (`devices/ID/`) and the rows of the month files (`devices/ID/NAME`)
  /// such a look takes: each device's two newest and those of this turn
  /// (`FolderLook.turn(ofMonthFile:)`). Chosen by SQLite and
  /// read byte by byte: a folder of years has hundreds of files, and every
  /// command looks.
  static func known(
    _ db: Database, device: DeviceID? = nil, at now: Instant
  ) throws -> FolderLook.Known {
    let low = device.map(FolderLook.recordPath(of:)) ?? "devices/"
    var known = FolderLook.Known()
    // A path is "devices/" (8 bytes), the id (16), "/" and the name, whose
    // month is at byte 31; SQLite reads a row of the table only for the
    // paths its index shows are wanted.
    let chosen = try db.cachedStatement(
      sql: """
        SELECT path, size, identity FROM sync_file
        WHERE path >= ? AND path < ? AND (length(path) = 25 OR substr(path, 31, 2) = ?)
        """)
    chosen.setUncheckedArguments([low, Self.after(low), FolderLook.month(ofTurn: turn(now))])
    try eachRecord(chosen, db) { device, name, state in
      if let name {
        known.files[device, default: []].append((name, state))
      } else if let state {
        known.directories[device] = state
      }
    }
    // Each device's two newest months, the last of its paths.
    let newest = try db.cachedStatement(
      sql: "SELECT path, size, identity FROM sync_file WHERE path > ? AND path < ? "
        + "ORDER BY path DESC LIMIT 2")
    for device in known.directories.keys {
      let directory = FolderLook.recordPath(of: device)
      newest.setUncheckedArguments([directory, Self.after(directory)])
      try eachRecord(newest, db) { device, name, state in
        guard let name, known.files[device]?.contains(where: { $0.name == name }) != true else {
          return
        }
        known.files[device, default: []].append((name, state))
      }
    }
    for device in known.files.keys { known.files[device]?.sort { $0.name < $1.name } }
    return known
  }

  /// The first path after every one that starts with `prefix`, which ends
  /// with a slash: "0" follows "/".
  static func after(_ prefix: String) -> String {
    String(prefix.dropLast()) + "0"
  }

  /// Calls `body` with each row of `statement` (path, size, identity, from
  /// the table of read positions under `devices/`): its device, its file's
  /// name (nil for the directory's own row) and its state.
  private static func eachRecord(
    _ statement: Statement, _ db: Database,
    _ body: (DeviceID, String?, FileState?) throws -> Void
  ) throws {
    let sqlite = statement.sqliteStatement
    defer { sqlite3_reset(sqlite) }
    let directoryLength = "devices/".utf8.count + 17
    while try step(sqlite, db) {
      guard let path = sqlite3_column_text(sqlite, 0) else { continue }
      let length = Int(sqlite3_column_bytes(sqlite, 0))
      guard length >= directoryLength, path[directoryLength - 1] == UInt8(ascii: "/"),
        let device = DeviceID(
          String(decoding: UnsafeBufferPointer(start: path + 8, count: 16), as: UTF8.self))
      else { continue }
      var state: FileState?
      if sqlite3_column_type(sqlite, 1) != SQLITE_NULL,
        let identity = sqlite3_column_text(sqlite, 2)
      {
        state = FileState(
          size: Int(sqlite3_column_int64(sqlite, 1)), identity: String(cString: identity))
      }
      let name =
        length == directoryLength
        ? nil
        : String(
          decoding: UnsafeBufferPointer(
            start: path + directoryLength, count: length - directoryLength),
          as: UTF8.self)
      try body(device, name, state)
    }
  }

  /// Writes the changes made here as events (O_APPEND, then fsync) and
  /// nothing else: what `done`, `skip` and `undo` do before they report.
  @discardableResult
  public func writeSyncEvents(folder: SyncFolder, at now: Instant) throws(HabitsError) -> Int {
    try write { db in try Self.writeEvents(db, folder: folder, now: now) }
  }

  /// Makes `change` and, with `folder` (and this device syncing), writes
  /// what it changed there as events, in the one transaction: the events
  /// are on disk (fsync) before the commit, and one commit keeps both.
  ///
  /// Should the events fail to be written, the change is kept all the same
  /// (the day stays marked, for the next pass to write) and the error says so.
  ///
  /// When every day it changed went to the folder as events, the commit
  /// does not wait for the disk, and the WAL is left for the next writer
  /// (as a pass leaves it, see `write`): the events are on disk first, and
  /// a commit lost to a power cut is had again from them by the next pass,
  /// which finds them beyond what was read of this device's file. When any
  /// did not, the change is checkpointed onto the disk before this returns,
  /// or it says it could not be.
  func writeSyncing<T>(
    _ folder: SyncFolder?, at now: Instant?, _ change: (Database) throws -> T
  ) throws(HabitsError) -> T {
    guard let folder, let now else { return try write(change) }
    var failure: HabitsError?
    var inFolder = false
    var changed = false
    let path = self.path
    let body = { (db: Database) throws -> T in
      let before = db.totalChangesCount
      let result = try change(db)
      changed = db.totalChangesCount != before
      do {
        try db.inSavepoint {
          let written = try Self.writeEvents(db, folder: folder, now: now)
          inFolder = written > 0
          return .commit
        }
      } catch let error as HabitsError {
        failure = error
      } catch {
        failure = Self.translate(error, path: path)
      }
      return result
    }
    let result = try write(inFolder: { inFolder }, durability: .folder, body)
    // A change that changed nothing (a day done again) has nothing to keep.
    let onDisk = inFolder || !changed ? true : try checkpoint()
    if let failure {
      var error = Self.unwritten(failure, folder: folder)
      if !onDisk { error.message += "; and \(heldBack)" }
      throw error
    }
    guard onDisk else {
      throw HabitsError(
        "recorded, but \(heldBack)",
        hint: "a power cut before the next habits command that records something could lose it")
    }
    return result
  }

  /// Why a change `checkpoint` could not copy may not be on disk yet.
  private var heldBack: String {
    "another process reading \(path.map { "'\($0)'" } ?? "the database") kept it from the disk "
      + "for \(Int(Self.busyTimeout)) seconds"
  }

  /// Copies the WAL into the database file and waits for both to be on
  /// disk: what a commit under `synchronous = NORMAL` did not wait for.
  ///
  /// Whether it copied everything: a reader of an older state of the
  /// database (another habits process reading it) keeps the checkpoint from
  /// copying what came after; SQLite waits for it as long as the busy
  /// timeout, then says so, and what the commit did not wait for may not be
  /// on disk yet.
  private func checkpoint() throws(HabitsError) -> Bool {
    let row: Row?
    do {
      row = try writer.writeWithoutTransaction { db in
        try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(FULL)")
      }
    } catch {
      throw Self.translate(error, path: path)
    }
    let busy: Int = row?[0] ?? 1
    return busy == 0
  }

  /// The error for a change recorded here whose events could not be written
  /// to `folder`.
  public static func unwritten(_ error: HabitsError, folder: SyncFolder) -> HabitsError {
    HabitsError(
      "recorded on this device, but not written to the sync folder: \(error.message)",
      hint: error.message.hasPrefix(Self.copyMessage)
        ? error.hint
        : "it is written there by the next habits command that can reach '\(folder.path)'")
  }

  /// `writeSyncEvents` inside a transaction: how many events it wrote.
  private static func writeEvents(_ db: Database, folder: SyncFolder, now: Instant) throws -> Int {
    var report = SyncReport()
    guard var member = try Self.member(db), member.active else { return 0 }
    if let home = member.copiedFrom { throw Self.copied(from: home) }
    try Self.flush(db, member: &member, folder: folder, now: now, report: &report)
    try Self.finish(db, member: member)
    return report.written
  }

  /// Replaces the history with the one the folder alone holds: this
  /// device's changes are written first, then every check-in is dropped and
  /// every file read again from its start.
  @discardableResult
  public func rebuildFromSync(folder: SyncFolder, at now: Instant) throws(HabitsError)
    -> SyncReport
  {
    try write { db in
      var report = SyncReport()
      guard var member = try Self.member(db), member.active else {
        throw HabitsError(
          "this device does not sync", hint: "run 'habits sync init DIR' first", kind: .usage)
      }
      if let home = member.copiedFrom { throw Self.copied(from: home) }
      try Self.flush(db, member: &member, folder: folder, now: now, report: &report)
      // This device's own events, which the rebuild reads back from its
      // files, are all there first: one missing from them would be gone.
      report.written += try Self.writeKeptHere(db, member: member, folder: folder)
      try db.execute(sql: "DELETE FROM checkin; DELETE FROM sync_event; DELETE FROM sync_file")
      try Self.merge(db, folder: folder, member: &member, now: now, report: &report)
      try Self.finish(db, member: member)
      return report
    }
  }

  /// The devices seen, what waits and what could not be used; it merges
  /// first, and reads every file again for its problems.
  ///
  /// A folder that is not there, or a pass that fails, is a problem it
  /// reports with what this database holds, rather than an error: that is
  /// when the status is wanted most.
  public func syncStatus(folder: SyncFolder, at now: Instant) throws(HabitsError) -> SyncStatus {
    var problems: [SyncProblem] = []
    var listing = SyncFolder.Listing()
    if !folder.isThere {
      problems.append(
        SyncProblem(
          file: "", line: 0,
          kind: .unreadable(
            "the folder is not there (moved, renamed, or on a disk not mounted): what is "
              + "recorded here waits for it")))
    } else {
      do {
        try synchronize(folder: folder, at: now)
        listing = try folder.list()
      } catch {
        problems.append(SyncProblem(file: "", line: 0, kind: .unreadable(error.message)))
      }
    }
    return try read { db in
      guard let member = try Self.member(db) else {
        throw HabitsError(
          "this device does not sync", hint: "run 'habits sync init DIR' first", kind: .usage)
      }
      problems += listing.problems
      var pending: [SyncStatus.Pending] = []
      for file in listing.files {
        do throws(SyncProblem) {
          let bytes = try folder.read(file, from: 0)
          let chunk = EventFileReader.read(bytes.bytes, file: file.relativePath, of: file.device)
          problems += chunk.problems
          if chunk.consumed < bytes.bytes.count {
            pending.append(
              SyncStatus.Pending(file: file.relativePath, bytes: bytes.bytes.count - chunk.consumed)
            )
          }
        } catch {
          problems.append(error)
        }
      }
      var devices: [DeviceID: SyncStatus.Device] = [:]
      for device in listing.devices {
        devices[device] = SyncStatus.Device(
          id: device, name: folder.name(of: device), events: 0, latest: nil)
      }
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT device, count(*), max(seconds) FROM sync_event WHERE person IS NULL GROUP BY device"
      )
      for row in rows {
        guard let text = row[0] as String?, let device = DeviceID(text) else { continue }
        var seen =
          devices[device]
          ?? SyncStatus.Device(id: device, name: folder.name(of: device), events: 0, latest: nil)
        seen.events = row[1]
        seen.latest = (row[2] as Int?).map { Instant(secondsSince1970: $0) }
        devices[device] = seen
      }
      problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
      return SyncStatus(
        folder: folder.path, member: member, devices: devices.values.sorted { $0.id < $1.id },
        pending: pending, problems: problems,
        unwritten: try Int.fetchOne(
          db, sql: "SELECT count(*) FROM sync_dirty WHERE habit IS NOT NULL") ?? 0)
    }
  }

  // MARK: - Inside a transaction

  static func member(_ db: Database) throws -> SyncMember? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: "SELECT device, name, active, clock_seconds, clock_counter, home FROM sync_self")),
      let text = row[0] as String?, let device = DeviceID(text)
    else { return nil }
    let seconds: Int = row[3]
    let counter: Int = row[4]
    let last =
      seconds > 0 ? HybridTimestamp(seconds: seconds, counter: counter, device: device) : nil
    let active: Int = row[2]
    let home: String? = row[5]
    // Compared only when one is recorded: the real path costs a few system calls.
    let copiedFrom = home.flatMap { recorded in
      Self.home(db).flatMap { $0 == recorded ? nil : recorded }
    }
    return SyncMember(
      device: device, name: row[1], active: active == 1,
      clock: HybridClock(device: device, last: last), home: home, copiedFrom: copiedFrom)
  }

  /// Saves the clock and forgets the days marked changed: every one of
  /// them has been written as events, or replayed from them, by now.
  static func finish(_ db: Database, member: SyncMember, keepingMarks: Bool = false) throws {
    // Unchanged, nothing is written: a pass that finds nothing new leaves
    // the database's file alone.
    if let last = member.clock.last, try Self.member(db)?.clock.last != last {
      try db.cachedStatement(sql: "UPDATE sync_self SET clock_seconds = ?, clock_counter = ?")
        .execute(arguments: [last.seconds, last.counter])
    }
    // With a WHERE, SQLite deletes row by row rather than clearing the
    // table's pages, so that an empty table is not written at all.
    guard !keepingMarks else { return }
    try db.cachedStatement(sql: "DELETE FROM sync_dirty WHERE habit IS NOT NULL").execute()
  }

  /// A habit's day.
  struct DayKey: Hashable, Comparable {
    var habit: String
    var day: String

    static func < (a: DayKey, b: DayKey) -> Bool { (a.habit, a.day) < (b.habit, b.day) }
  }

  private static func allDays(_ db: Database) throws -> [DayKey] {
    let rows = try Row.fetchAll(
      db,
      sql: "SELECT habit, day FROM checkin UNION SELECT habit, day FROM sync_event ORDER BY 1, 2")
    return rows.map { DayKey(habit: $0[0], day: $0[1]) }
  }

  /// Every check-in row as it is, by its day: what a join keeps of this
  /// device's history over the folder's.
  private static func heldRows(_ db: Database) throws -> [DayKey: Row] {
    var rows: [DayKey: Row] = [:]
    let cursor = try Row.fetchCursor(
      db, sql: "SELECT habit, day, kind, value, note, recorded_at FROM checkin")
    while let row = try cursor.next() {
      rows[DayKey(habit: row[0], day: row[1])] = row.copy()
    }
    return rows
  }

  /// The days of `keys` without a check-in row whose events say otherwise:
  /// undone here while this device did not sync (it left, and joins
  /// again). Open is how it holds them, as a row is how it holds the
  /// others; a day its events leave open too is the folder's.
  private static func undoneDays(
    _ db: Database, _ keys: [DayKey], held: [DayKey: Row]
  ) throws -> [DayKey] {
    try keys.filter { key in
      try held[key] == nil && DayReplay.state(of: events(db, key)) != .open
    }
  }

  /// Writes back each of `held` that a merge replaced with another state
  /// (kind, amount or note), as it was, and clears each of `undone` a
  /// merge gave a check-in; quietly, as the join writes its events for
  /// those days next.
  private static func restore(_ db: Database, _ held: [DayKey: Row], undone: [DayKey]) throws {
    // The rows now, in one scan rather than a lookup each.
    let now = held.isEmpty ? [:] : try heldRows(db)
    var changed: [Row] = []
    for (key, row) in held {
      let same =
        now[key].map {
          ($0[2] as String) == (row[2] as String) && ($0[3] as Double?) == (row[3] as Double?)
            && ($0[4] as String?) == (row[4] as String?)
        } ?? false
      if !same { changed.append(row) }
    }
    guard !changed.isEmpty || !undone.isEmpty else { return }
    try quietly(db) {
      for key in undone {
        try db.cachedStatement(sql: "DELETE FROM checkin WHERE habit = ? AND day = ?")
          .execute(arguments: [key.habit, key.day])
      }
      // A statement of its own: `replay` binds its cached one by hand.
      let upsert = try db.makeStatement(
        sql: """
          INSERT INTO checkin (habit, day, kind, value, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (habit, day) DO UPDATE SET kind = excluded.kind, value = excluded.value,
            note = excluded.note, recorded_at = excluded.recorded_at
          """)
      for row in changed {
        try upsert.execute(arguments: StatementArguments(Array(row.databaseValues)))
      }
    }
  }

  /// Writes the days changed here since the last pass as events.
  ///
  /// When a file of this device's cannot be read, nothing is written: a
  /// pass (`passing`) reports the files and goes on to merge, and returns
  /// false, for `finish` to keep the days marked for the next pass; anything
  /// else (writing a change's events, a rebuild, which would drop what is
  /// not written) throws.
  @discardableResult
  private static func flush(
    _ db: Database, member: inout SyncMember, folder: SyncFolder, now: Instant,
    report: inout SyncReport, passing: Bool = false
  ) throws -> Bool {
    let rows = try Row.fetchAll(
      db.cachedStatement(sql: "SELECT habit, day FROM sync_dirty ORDER BY habit, day"))
    let keys = rows.map { DayKey(habit: $0[0], day: $0[1]) }
    guard !keys.isEmpty else { return true }
    let unread = try keepUncommitted(db, days: Set(keys), member: &member, folder: folder, now: now)
    guard unread.isEmpty else {
      guard passing else { throw unreadOwnFiles(unread, folder: folder) }
      report.problems += unread
      return false
    }
    report.written += try writeChanges(
      db, days: keys, member: &member, folder: folder, now: now, backdated: false)
    return true
  }

  /// Writes to this device's files the events of its own that only the
  /// database holds: those it made while it kept habits together without
  /// syncing, or lines its files lost (`rewriteOwnEvents`); those its files
  /// hold already (a join killed halfway) are not written again. A
  /// file of this device's that cannot be read stops the join before
  /// anything is written: what it holds is unknown, and an event appended
  /// to it could be one no other device ever reads.
  private static func writeKeptHere(
    _ db: Database, member: SyncMember, folder: SyncFolder
  ) throws -> Int {
    let rows = try String.fetchAll(
      db, sql: "SELECT line FROM sync_event WHERE device = ? AND person IS NULL",
      arguments: [member.device.text])
    guard !rows.isEmpty else { return 0 }
    var inFiles = Set<EventID>()
    for file in try folder.list().files where file.device == member.device {
      let bytes: SyncFolder.Bytes
      do throws(SyncProblem) {
        bytes = try folder.read(file, from: 0)
      } catch {
        throw unreadOwnFiles([error], folder: folder)
      }
      for event in EventFileReader.read(bytes.bytes, file: file.relativePath, of: file.device)
        .events
      {
        inFiles.insert(event.id)
      }
    }
    var byFile: [SyncFolder.EventFile: [String]] = [:]
    for line in rows {
      guard case .event(let event)? = try? EventLine.decode(line), !inFiles.contains(event.id)
      else { continue }
      byFile[SyncFolder.EventFile(device: member.device, stamp: event.stamp), default: []]
        .append(line)
    }
    for (file, lines) in byFile.sorted(by: { $0.key < $1.key }) {
      try folder.append(lines, to: file)
    }
    return byFile.values.reduce(0) { $0 + $1.count }
  }

  /// Whether a file of this device's that was read before is gone from the
  /// folder: removed on another computer, say, and the removal brought
  /// here by the sync tool. Told only when the look listed the device's
  /// directory whole (it changed, or is gone), as it then lists every file.
  private static func ownFileGone(
    _ db: Database, scan: FolderLook, device: DeviceID
  ) throws -> Bool {
    let directory = FolderLook.recordPath(of: device)
    if let found = scan.directories.first(where: { $0.device == device }),
      let recorded = try position(db, directory)?.state, found.state == recorded
    {
      return false
    }
    let listed = Set(scan.files.filter { $0.device == device }.map(\.relativePath))
    let read = try String.fetchAll(
      db.cachedStatement(
        sql: "SELECT path FROM sync_file WHERE substr(path, 1, ?) = ? AND path LIKE '%.jsonl'"),
      arguments: [directory.utf8.count, directory])
    return read.contains { !listed.contains($0) }
  }

  /// Writes again to this device's files the events of its own that they no
  /// longer hold (a file cut short, or removed), as only this device can:
  /// the other devices, and one that joins later, would otherwise never
  /// have them, and a rebuild here would drop them too. Its files are read
  /// afresh at the next pass, which then finds them whole. Returns how many.
  private static func rewriteOwnEvents(
    _ db: Database, member: SyncMember, folder: SyncFolder
  ) throws -> Int {
    try forget(db, member.device)
    return try writeKeptHere(db, member: member, folder: folder)
  }

  /// Forgets how `device`'s directory and files were read: the next look
  /// lists it whole, and reads each of its files from the start.
  private static func forget(_ db: Database, _ device: DeviceID) throws {
    let directory = FolderLook.recordPath(of: device)
    try db.cachedStatement(sql: "DELETE FROM sync_file WHERE substr(path, 1, ?) = ?")
      .execute(arguments: [directory.utf8.count, directory])
  }

  /// Keeps the events of `days` that this device's files hold beyond what
  /// was read of them and the database does not: lines a command appended
  /// before it was killed, or the machine stopped, ahead of the commit that
  /// keeps them. They are part of the history already (the other devices
  /// read them), so the change they carry must not be written again: an
  /// amount would count twice, and a new stamp could tie with theirs. The
  /// merge reads these lines again and finds them kept.
  ///
  /// Returns the files of this device's it could not read. What such a
  /// file holds beyond what was read is unknown, so no change of `days`
  /// may be written while there is one: the callers write nothing then.
  static func keepUncommitted(
    _ db: Database, days: Set<DayKey>, member: inout SyncMember, folder: SyncFolder, now: Instant,
    thorough: Bool = false
  ) throws -> [SyncProblem] {
    var unread: [SyncProblem] = []
    // Wholly when joining: a join killed halfway may have written any month.
    let look = try FolderLook(
      folder: folder, known: thorough ? nil : known(db, device: member.device, at: now),
      only: member.device)
    // As last read, or as this device last wrote them: nothing beyond.
    for (file, changed) in zip(look.files, look.changed) where changed {
      let path = file.relativePath
      let position = try position(db, path)
      let (offset, lines) = (position?.offset ?? 0, position?.lines ?? 0)
      let bytes: SyncFolder.Bytes
      do throws(SyncProblem) {
        bytes = try folder.read(file, from: offset, after: position?.tail)
      } catch {
        unread.append(error)
        continue
      }
      guard !bytes.shrunk else { continue }
      let chunk = EventFileReader.read(
        bytes.bytes, file: path, of: file.device, offset: offset, lines: lines)
      for event in chunk.events where event.stamp.device == member.device {
        member.clock.observe(event.stamp, at: now)
        guard days.contains(DayKey(habit: event.habitID, day: event.day.description)) else {
          continue
        }
        _ = try keep(db, event)
      }
    }
    return unread
  }

  /// The error for files of this device's that cannot be read, so that no
  /// change is written after them.
  static func unreadOwnFiles(_ problems: [SyncProblem], folder: SyncFolder) -> HabitsError {
    HabitsError(
      "a file of this device's in the sync folder cannot be read, so no change is written "
        + "after it: \(folder.path)/\(problems[0])",
      hint: "move the file aside or mend its permissions; the changes wait for the next pass")
  }

  /// For each of `days` whose check-in differs from its events' replay,
  /// the events that make up the difference: appended to this device's
  /// files, kept, and replayed into the check-in. With `backdated`, a day
  /// without events gets them stamped when its check-in was recorded, so
  /// that history from before joining keeps its times.
  static func writeChanges(
    _ db: Database, days: [DayKey], member: inout SyncMember, folder: SyncFolder?, now: Instant,
    backdated: Bool
  ) throws -> Int {
    var generator = SystemRandomNumberGenerator()
    var written: [SyncEvent] = []
    var changedDays: [DayKey] = []
    // Days whose row says just what their events now say, at the time of
    // the latest: replaying them would write the same row again.
    var settledDays = Set<DayKey>()
    for key in days {
      guard let day = CivilDate(iso: key.day), HabitID.isValid(key.habit) else { continue }
      let events = try events(db, key)
      let replayed = DayReplay.state(of: events)
      let (state, recorded) = try rowState(db, key)
      let changes = DayChange.changes(from: replayed, to: state)
      if changes.isEmpty {
        // A state events cannot say exactly (an amount below 0, which no
        // command records) becomes what they say.
        if state != replayed { changedDays.append(key) }
        continue
      }
      // Each change comes after every event of the day it changes, even one
      // stamped further ahead than the clock follows (`HybridClock`): from
      // a device whose clock runs days fast, say. Stamped before it, an
      // undo here would be replayed first, and the day stay done.
      var after = events.map(\.stamp).max()
      // A note says which it was written over: a device that wrote one
      // meanwhile, unseen here, then keeps its own too (`DayReplay`).
      var before = replayed
      for (index, change) in changes.enumerated() {
        var stamp: HybridTimestamp
        if backdated && events.isEmpty, let recorded {
          stamp = HybridTimestamp(
            seconds: recorded.secondsSince1970, counter: index, device: member.device)
          // A change made in the same second comes after it.
          member.clock.observe(stamp, at: now)
        } else {
          stamp = member.clock.stamp(at: now)
        }
        if let latest = after, stamp <= latest {
          stamp = HybridTimestamp(
            seconds: latest.seconds, counter: latest.counter + 1, device: member.device)
        }
        after = stamp
        written.append(
          SyncEvent(
            id: EventID(using: &generator), stamp: stamp, habitID: key.habit, day: day,
            change: change, over: change.note == nil ? nil : NoteFingerprint(of: before.note)))
        before = DayReplay.apply(before, change: change)
      }
      let all = events + written.suffix(changes.count)
      if DayReplay.state(of: all) == state, let latest = all.map(\.stamp).max(),
        recorded == Instant(secondsSince1970: latest.seconds), !exceedsMaximum(state)
      {
        settledDays.insert(key)
      }
      changedDays.append(key)
    }
    let byFile = Dictionary(grouping: written) {
      SyncFolder.EventFile(device: member.device, stamp: $0.stamp)
    }
    // Without a folder (a device that keeps habits together and does not
    // sync), the events are kept here only: the together pass sends those
    // of the habits kept together, and a later `joinSync` writes them all.
    var cutShort = false
    for (file, events) in byFile.sorted(by: { $0.key < $1.key }) {
      guard let folder else { break }
      let lines = events.map(EventLine.encode)
      let appended = try folder.append(lines, to: file)
      if try recordOwnAppend(db, file: file, lines: lines, appended) { cutShort = true }
    }
    for event in written { _ = try keep(db, event) }
    // A file of this device's found shorter than it was read (cut short,
    // or removed, in the folder) and appended to at once: grown again, a
    // merge would read on from the old offset, in the middle of the new
    // lines, and never find it short. What it lost is written again now.
    var rewritten = 0
    if cutShort, let folder {
      rewritten = try rewriteOwnEvents(db, member: member, folder: folder)
    }
    for key in changedDays where !settledDays.contains(key) { try replay(db, key) }
    return written.count + rewritten
  }

  /// Moves this device's read position in `file` past the `lines` it just
  /// appended, with the file's state after: the next pass then finds
  /// nothing new there, where it would read its own events back, with the
  /// write lock, for nothing. Only when the file held exactly what was read
  /// of it before: lines beyond (a command killed before its commit) are
  /// left for the merge to read. The state is trusted at once, against the
  /// settling rule of `FileState`: only this device writes its files, and
  /// only by appending, which changes their size; so is its directory's
  /// after it made a new file there, which only it does. Whether the file
  /// was shorter before than what was read of it: it lost lines.
  private static func recordOwnAppend(
    _ db: Database, file: SyncFolder.EventFile, lines: [String], _ appended: SyncFolder.Appended
  ) throws -> Bool {
    // A new month's file changed the directory: that change is this
    // device's own too, when the directory was as last found before it.
    if let directory = appended.directory {
      let path = FolderLook.recordPath(of: file.device)
      if try position(db, path)?.state == directory.before {
        try record(db, path, offset: 0, lines: 0, state: directory.after)
      }
    }
    guard let before = appended.sizeBefore else { return false }
    let position = try position(db, file.relativePath)
    let (offset, read) = (position?.offset ?? 0, position?.lines ?? 0)
    if before < offset { return true }
    guard offset == before, let state = appended.state else { return false }
    try record(
      db, file.relativePath, offset: before + appended.bytes, lines: read + lines.count,
      state: state, tail: FileTail(appended: lines))
    return false
  }

  /// Reads what each file gained since the last pass, keeps its new events
  /// and replays the days they touch. `scan`, when the caller has one, is
  /// the folder as it looked a moment ago. An error it throws must end the
  /// transaction (see `without`).
  private static func merge(
    _ db: Database, folder: SyncFolder, member: inout SyncMember, now: Instant,
    report: inout SyncReport, scan: FolderLook? = nil
  ) throws {
    let scan = try scan ?? FolderLook(folder: folder, known: nil)
    // Devices with a file left without a settled state: their directory's
    // state is not recorded, so that the next look lists them whole.
    var unsettled = Set<DeviceID>()
    // Into a table without events (a first merge, a rebuild), a day's
    // events are the ones kept in this pass, and need not be read back.
    let fresh = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_event)") ?? false)
    var found: [SyncEvent] = []
    var foundLines = ReadLines()
    // Whether a file of this device's lost lines it had (see below).
    var ownFilesShort = try ownFileGone(db, scan: scan, device: member.device)
    for (index, (file, state)) in zip(scan.files, scan.states).enumerated()
    where scan.changed[index] {
      let path = file.relativePath
      let position = try position(db, path)
      let recorded = position?.state
      // A file as it was when last read has nothing new: not even opened.
      if let recorded, state == recorded { continue }
      var offset = position?.offset ?? 0
      var lines = position?.lines ?? 0
      var bytes: SyncFolder.Bytes
      do throws(SyncProblem) {
        bytes = try folder.read(file, from: offset, after: position?.tail)
        if bytes.shrunk {
          report.problems.append(
            SyncProblem(
              file: path, line: 0,
              kind: .unreadable(
                "the file is shorter than when it was last read, or other bytes stand before "
                  + "where it was read to; read again")))
          if file.device == member.device { ownFilesShort = true }
          offset = 0
          lines = 0
          bytes = try folder.read(file, from: 0)
        }
      } catch {
        // A file of this device's may be reported already, by `flush`.
        if !report.problems.contains(error) { report.problems.append(error) }
        unsettled.insert(file.device)
        continue
      }
      if bytes.state == nil { unsettled.insert(file.device) }
      let chunk = EventFileReader.read(
        bytes.bytes, file: path, of: file.device, offset: offset, lines: lines)
      report.problems += chunk.problems
      found += chunk.events
      foundLines.add(bytes.bytes, chunk.canonicalLines)
      // The state too, so that the next pass sees this file needs no
      // reading; none (read it again) while it is not settled.
      if chunk.consumed != offset || bytes.state != recorded {
        try record(
          db, path, offset: chunk.consumed, lines: chunk.lines, state: bytes.state,
          tail: bytes.tail(readTo: chunk.consumed, from: offset, recorded: position?.tail))
      }
    }
    try recordDirectories(db, scan.directories, unsettled: unsettled)
    // Another device's directory gone: what was read of it is forgotten,
    // so that the next look does not find it gone again; its events stay.
    for device in scan.gone where device != member.device { try forget(db, device) }
    if ownFilesShort {
      // A file of its own that cannot be read is reported; the events wait
      // for a later pass.
      do {
        report.written += try rewriteOwnEvents(db, member: member, folder: folder)
      } catch let error as HabitsError {
        report.problems.append(
          SyncProblem(
            file: FolderLook.recordPath(of: member.device), line: 0,
            kind: .unreadable("this device's events could not be written again: \(error.message)")
          ))
      }
    }
    guard !found.isEmpty else { return }
    // Years of events at once would not fit SQLite's default cache of 2 MiB:
    // its pages would go out to the WAL and be read back, again and again.
    // About a kibibyte an event holds them all (only what is used is taken).
    let cache = found.count > 2000 ? "-\(min(found.count, 1 << 20))" : nil
    try with(db, pragma: "cache_size", setTo: cache) {
      try keepAndReplay(
        db, found, lines: foundLines, fresh: fresh, member: &member, now: now, report: &report)
    }
  }

  /// The second half of `merge`: keeps the events `found` (with their
  /// `lines`) and replays the days they change; `fresh` into a table
  /// without events.
  private static func keepAndReplay(
    _ db: Database, _ found: [SyncEvent], lines foundLines: ReadLines, fresh: Bool,
    member: inout SyncMember, now: Instant, report: inout SyncReport
  ) throws {
    // In the order of their ids, as the table's index of ids keeps them:
    // years of events from a new device then go in as an append rather
    // than one random page each.
    let order = idOrder(found)
    // The days to replay, in order, each with the events kept in this pass:
    // the replay takes them as they are rather than decode their lines again.
    // The replay's check-ins are the folder's, not changes made here: the
    // triggers that note those are kept quiet meanwhile (within this
    // transaction; `finish` would forget their marks anyway).
    if fresh {
      let marks = try keepFresh(
        db, found, lines: foundLines, order: order, member: &member, now: now,
        report: &report)
      guard !marks.isEmpty else { return }
      // The index of check-ins by day is made again after, over every row
      // at once, rather than kept up day by day in an order not its own;
      // the trigger that marks a new check-in changed here would only ask
      // each time whether it is quiet.
      try without(db, ["checkin_day", "checkin_insert_sync"]) {
        try quietly(db) {
          // A habit's days come one after another, the first of them first.
          var habit: String?
          var known = false
          report.days += try eachDay(found, marks) { key, events in
            if key.habit != habit {
              habit = key.habit
              known = false
            }
            if try replay(db, key, events: events, habitKnown: known) { known = true }
          }
        }
      }
      return
    }
    var kept: [DayKey: [SyncEvent]] = [:]
    for index in order {
      let event = found[index]
      let key = DayKey(habit: event.habitID, day: event.day.description)
      guard try keep(db, event, line: foundLines.line(index), reused: &report.problems) else {
        continue
      }
      report.merged += 1
      kept[key, default: []].append(event)
      member.clock.observe(event.stamp, at: now)
    }
    let days = kept.keys.sorted().map { ($0, kept[$0] ?? []) }
    guard !days.isEmpty else { return }
    try quietly(db) {
      for (key, events) in days { try replay(db, key, kept: events) }
    }
    report.days += days.count
  }

  /// Records the state each device directory was found in, for the next
  /// look to trust (`FolderLook`), but for those with a file left unsettled,
  /// whose state is forgotten instead.
  private static func recordDirectories(
    _ db: Database, _ directories: [(device: DeviceID, state: FileState?)],
    unsettled: Set<DeviceID>
  ) throws {
    for (device, state) in directories {
      let path = FolderLook.recordPath(of: device)
      let position = try position(db, path)
      let recorded = position?.state
      if let state, !unsettled.contains(device) {
        if recorded == state { continue }
        try record(db, path, offset: 0, lines: 0, state: state)
      } else if position != nil {
        try db.execute(sql: "DELETE FROM sync_file WHERE path = ?", arguments: [path])
      }
    }
  }

  /// Runs `body` with the triggers that mark days changed here quiet (they
  /// listen while this device syncs or keeps habits together): what it
  /// writes came from a folder, not from a change made here.
  static func quietly(_ db: Database, _ body: () throws -> Void) throws {
    let active = try Row.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT (SELECT active FROM sync_self), (SELECT active FROM together_self)
          """))
    let sync: Int? = active?[0]
    let together: Int? = active?[1]
    if sync == 1 { try db.cachedStatement(sql: "UPDATE sync_self SET active = 0").execute() }
    if together == 1 {
      try db.cachedStatement(sql: "UPDATE together_self SET active = 0").execute()
    }
    try body()
    if sync == 1 { try db.cachedStatement(sql: "UPDATE sync_self SET active = 1").execute() }
    if together == 1 {
      try db.cachedStatement(sql: "UPDATE together_self SET active = 1").execute()
    }
  }

  /// Runs `body` with the connection's `PRAGMA name` set to `value` (when
  /// not nil), then sets it back as it was, whether `body` returned or
  /// threw: a pragma is the connection's and outlives the transaction.
  /// Setting a flag back touches no file and is not expected to fail; when
  /// it does, its error is thrown (after `body`'s, kept with its result code
  /// for `translate`, should both fail), so that the pass fails and says so.
  static func with(
    _ db: Database, pragma name: String, setTo value: String?, _ body: () throws -> Void
  ) throws {
    guard let value else { return try body() }
    guard let old = try String.fetchOne(db, sql: "PRAGMA \(name)") else {
      throw HabitsError("SQLite has no PRAGMA \(name) to set")
    }
    try db.execute(sql: "PRAGMA \(name) = \(value)")
    let outcome = Result { try body() }
    do {
      try db.execute(sql: "PRAGMA \(name) = \(old)")
    } catch {
      guard case .failure(let first) = outcome else { throw error }
      throw Self.error(first, then: "setting PRAGMA \(name) back", failed: error)
    }
    try outcome.get()
  }

  /// `first`, with what failed after it (`then`, `second`) in its message;
  /// a `DatabaseError` keeps its result code, a `HabitsError` its hint.
  static func error(_ first: any Error, then: String, failed second: any Error) -> any Error {
    let after = "; then \(then) failed: \(second)"
    switch first {
    case let first as DatabaseError:
      return DatabaseError(
        resultCode: first.extendedResultCode, message: (first.message ?? "") + after,
        sql: first.sql)
    case var first as HabitsError:
      first.message += after
      return first
    default:
      return HabitsError("\(first)" + after)
    }
  }

  /// Runs `body` with the indexes and triggers named `names` dropped, and
  /// makes them again from their own SQL after it. An error of `body` is
  /// thrown as it is, with nothing made again: it ends the merge's
  /// transaction (or `keepFresh`'s savepoint), whose rollback brings them
  /// back, so no commit ever sees them dropped. (Not within a savepoint of
  /// its own: a replay of years of days inside one took half as long again.)
  static func without(_ db: Database, _ names: [String], _ body: () throws -> Void) throws {
    var dropped: [String] = []
    for name in names {
      guard
        let row = try Row.fetchOne(
          db,
          sql:
            "SELECT type, sql FROM sqlite_master WHERE name = ? AND type IN ('index', 'trigger')",
          arguments: [name]),
        let type = row[0] as String?, let sql = row[1] as String?
      else { continue }
      try db.execute(sql: "DROP \(type == "index" ? "INDEX" : "TRIGGER") \(name)")
      dropped.append(sql)
    }
    try body()
    for sql in dropped { try db.execute(sql: sql) }
  }

  /// The indices of `events` in the order of their ids, and as they came
  /// for one id met twice. An id's 32 hex digits, read as a number of 128
  /// bits, order as its text does, and are compared far faster.
  private static func idOrder(_ events: [SyncEvent]) -> [Int] {
    var keys: [(high: UInt64, low: UInt64, index: Int)] = []
    keys.reserveCapacity(events.count)
    for (index, event) in events.enumerated() {
      var text = event.id.text
      let (high, low) = text.withUTF8 { digits in
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (position, byte) in digits.enumerated() {
          let digit = UInt64(byte <= UInt8(ascii: "9") ? byte &- 48 : byte &- 87)
          if position < 16 { high = high << 4 | digit } else { low = low << 4 | digit }
        }
        return (high, low)
      }
      keys.append((high, low, index))
    }
    keys.sort { ($0.high, $0.low, $0.index) < ($1.high, $1.low, $1.index) }
    return keys.map(\.index)
  }

  /// What `keep` does with each of `found` (taken in `order`, that of their
  /// ids), for a table that held no events: an id met again with other
  /// content is settled here, between the two, and only the event that
  /// stays is inserted, once, with its line as read when it has one. Each
  /// event that stayed or gave way, marked so, for `eachDay`.
  ///
  /// The table's index of days is dropped meanwhile and made again at the
  /// end, over every row at once, which is far cheaper than keeping it up
  /// row by row in an order that is not its own. Within a savepoint: a
  /// database is never left without it, whatever fails in between. The
  /// table's check is left to the ids' type meanwhile, and on again after.
  private static func keepFresh(
    _ db: Database, _ found: [SyncEvent], lines: ReadLines, order: [Int],
    member: inout SyncMember, now: Instant, report: inout SyncReport
  ) throws -> [Mark] {
    // Each event that stayed (kept) or gave way, with its habit and day.
    var marks: [Mark] = []
    marks.reserveCapacity(found.count)
    try db.inSavepoint {
      try without(db, ["sync_event_day"]) {
        // The table's one check, an id of 32 lowercase hex digits, holds for
        // every EventID as made; SQLite's GLOB over each id would take about
        // as long as inserting it. Checked again as soon as these are in.
        try with(db, pragma: "ignore_check_constraints", setTo: "ON") {
          let insert = BoundStatement(
            try db.cachedStatement(
              sql: """
                INSERT INTO sync_event (id, seconds, counter, device, habit, day, line)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """), in: db)
          // The index of the event that stays for the id met last: events are
          // read in place, not copied, as there are hundreds of thousands.
          var staying: Int?
          func settle() throws {
            guard let current = staying else { return }
            let event = found[current]
            insert.bind(1, event.id.text)
            insert.bind(2, event.stamp.seconds)
            insert.bind(3, event.stamp.counter)
            insert.bind(4, event.stamp.device.text)
            insert.bind(5, event.habitID)
            insert.bind(6, event.day.description)
            try lines.withLine(current) { line in
              if let line {
                try insert.run(binding: line, to: 7)
              } else {
                insert.bind(7, EventLine.encode(event))
                try insert.run()
              }
            }
            marks.append(Mark(event, index: current, kept: true))
          }
          for next in order {
            if let current = staying, found[current].id == found[next].id {
              let (kept, event) = (found[current], found[next])
              guard kept != event, DayReplay.unique([kept, event]) == [event] else { continue }
              marks.append(Mark(kept, index: current, kept: false))
            } else {
              try settle()
            }
            staying = next
            report.merged += 1
            member.clock.observe(found[next].stamp, at: now)
          }
          try settle()
        }
      }
      return .commit
    }
    return marks
  }

  /// An event of a first merge, by its index: its habit and day, and
  /// whether it was kept or gave way to another with its id.
  private struct Mark {
    var habit: String
    var day: Int
    var index: Int
    var kept: Bool

    init(_ event: SyncEvent, index: Int, kept: Bool) {
      habit = event.habitID
      day = event.day.daysSinceEpoch
      self.index = index
      self.kept = kept
    }
  }

  /// Calls `body` with each day of `marks`, in the order of their habits
  /// and dates (that of `DayKey`), and the events marked kept, in replay
  /// order (none when its only event gave way to another); the number of
  /// days. One list of events is filled again for each day.
  private static func eachDay(
    _ found: [SyncEvent], _ marks: [Mark], _ body: (DayKey, [SyncEvent]) throws -> Void
  ) rethrows -> Int {
    // Each habit by a number, in the order first met, then by its rank
    // among the habits; days by their number: a date's ISO text orders as
    // the date does. Sorted as plain numbers, not strings.
    var numbers: [String: Int] = [:]
    var habits: [String] = []
    var keys: [DayMark] = []
    keys.reserveCapacity(marks.count)
    for mark in marks {
      let number: Int
      if let known = numbers[mark.habit] {
        number = known
      } else {
        number = habits.count
        numbers[mark.habit] = number
        habits.append(mark.habit)
      }
      keys.append(DayMark(habit: number, day: mark.day, index: mark.index, kept: mark.kept))
    }
    let ranked = habits.indices.sorted { habits[$0] < habits[$1] }
    var rank = [Int](repeating: 0, count: habits.count)
    for (position, number) in ranked.enumerated() { rank[number] = position }
    for position in keys.indices { keys[position].habit = rank[keys[position].habit] }
    keys.sort { ($0.habit, $0.day, $0.index) < ($1.habit, $1.day, $1.index) }
    var events: [SyncEvent] = []
    var days = 0
    var start = 0
    while start < keys.count {
      let first = keys[start]
      events.removeAll(keepingCapacity: true)
      var end = start
      while end < keys.count, keys[end].habit == first.habit, keys[end].day == first.day {
        if keys[end].kept { events.append(found[keys[end].index]) }
        end += 1
      }
      // In replay order, which the replay then need not make.
      events.sort(by: SyncEvent.replayOrder)
      let day = CivilDate(daysSinceEpoch: first.day).description
      try body(DayKey(habit: habits[ranked[first.habit]], day: day), events)
      days += 1
      start = end
    }
    return days
  }

  /// A `Mark` as `eachDay` sorts it: its habit by number, no string.
  private struct DayMark {
    var habit: Int
    var day: Int
    var index: Int
    var kept: Bool
  }

  /// How far a file was read (offset and whole lines), its state then,
  /// and the fingerprint of the bytes before the offset.
  typealias ReadPosition = (offset: Int, lines: Int, state: FileState?, tail: FileTail?)

  /// How far each file was read, by path.
  typealias ReadPositions = [String: ReadPosition]

  /// How far the file at `path` was read; nil for one never read.
  static func position(_ db: Database, _ path: String) throws -> ReadPosition? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: "SELECT offset, lines, size, identity, tail FROM sync_file WHERE path = ?"),
        arguments: [path])
    else { return nil }
    let size: Int? = row[2]
    let identity: String? = row[3]
    let state = size.flatMap { size in identity.map { FileState(size: size, identity: $0) } }
    let tail: Int64? = row[4]
    return (row[0], row[1], state, tail.flatMap(FileTail.init(stored:)))
  }

  /// Records how far the file at `path` was read, its state then and the
  /// fingerprint of the bytes before `offset`, when known (a directory's
  /// row, `devices/ID/`, holds its state alone).
  static func record(
    _ db: Database, _ path: String, offset: Int, lines: Int, state: FileState?,
    tail: FileTail? = nil
  ) throws {
    try db.cachedStatement(
      sql: """
        INSERT OR REPLACE INTO sync_file (path, offset, lines, size, identity, tail)
        VALUES (?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [path, offset, lines, state?.size, state?.identity, tail?.stored])
  }

  /// The table of read positions under `prefix` (`people/`, say), as
  /// `ReadPositions`.
  static func readFiles(_ db: Database, under prefix: String) throws -> ReadPositions {
    // Read column by column: a folder holds hundreds of files after a few
    // years.
    let statement = try db.cachedStatement(
      sql: """
        SELECT path, offset, lines, size, identity, tail FROM sync_file
        WHERE path >= ? AND path < ?
        """)
    statement.setUncheckedArguments([prefix, after(prefix)])
    let sqlite = statement.sqliteStatement
    defer { sqlite3_reset(sqlite) }
    var files: ReadPositions = [:]
    while try step(sqlite, db) {
      guard let path = sqlite3_column_text(sqlite, 0) else { continue }
      var state: FileState?
      if sqlite3_column_type(sqlite, 3) != SQLITE_NULL,
        let identity = sqlite3_column_text(sqlite, 4)
      {
        state = FileState(
          size: Int(sqlite3_column_int64(sqlite, 3)), identity: String(cString: identity))
      }
      let tail =
        sqlite3_column_type(sqlite, 5) == SQLITE_NULL
        ? nil : FileTail(stored: sqlite3_column_int64(sqlite, 5))
      files[String(cString: path)] = (
        Int(sqlite3_column_int64(sqlite, 1)), Int(sqlite3_column_int64(sqlite, 2)), state, tail
      )
    }
    return files
  }

  /// `keep(_:_:line:reused:)` for an event this device made: a new id,
  /// which no partner can have used, or a line of its own files the
  /// database missed (a command killed before its commit), whose id a
  /// partner could hold only by copying it in that moment. Theirs gives
  /// way unreported then.
  static func keep(
    _ db: Database, _ event: SyncEvent, line read: String? = nil
  ) throws -> Bool {
    var reused: [SyncProblem] = []
    return try keep(db, event, line: read, reused: &reused)
  }

  /// Keeps `event`, one of this person's; false when it was already kept.
  /// Should its id come with other content, the one `DayReplay.unique`
  /// would keep stays, so that every device keeps the same. But a
  /// partner's event with its id (the together folder can bring theirs
  /// before the sync folder brings ours) always gives way, whichever sorts
  /// first, and is added to `reused`: an event of theirs never replaces
  /// one of ours, and every computer of this person's keeps the same.
  static func keep(
    _ db: Database, _ event: SyncEvent, line read: String? = nil,
    reused: inout [SyncProblem]
  ) throws -> Bool {
    let line = read ?? EventLine.encode(event)
    // Nearly every event is new: inserted at once, and looked at only when
    // its id is taken. Statements are prepared once per connection, as a
    // merge runs them for each of thousands of events.
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO sync_event (id, seconds, counter, device, habit, day, line)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
        """)
    let arguments: StatementArguments = [
      event.id.text, event.stamp.seconds, event.stamp.counter, event.stamp.device.text,
      event.habitID, event.day.description, line,
    ]
    try insert.execute(arguments: arguments)
    if db.changesCount > 0 { return true }
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT line, person, habit, day FROM sync_event WHERE id = ?"),
        arguments: [event.id.text])
    else { return false }
    let old: String = row[0]
    let key = DayKey(habit: row[2], day: row[3])
    if let person = row[1] as String? {
      // Even the same line: as the partner's, it would count as their
      // change and never be sent as ours.
      reused.append(SyncProblem(file: "people/\(person)", line: 0, kind: .reusedID))
    } else {
      guard old != line, case .event(let kept)? = try? EventLine.decode(old),
        DayReplay.unique([kept, event]) == [event]
      else { return false }
    }
    try db.execute(sql: "DELETE FROM sync_event WHERE id = ?", arguments: [event.id.text])
    // The caller replays the event's own day; the other is the folder's
    // doing too, not a change made here.
    if key != DayKey(habit: event.habitID, day: event.day.description) {
      try quietly(db) { try replay(db, key) }
    }
    try insert.execute(arguments: arguments)
    return true
  }

  /// The kept events of one habit's day; those in `kept` are taken from
  /// there rather than decoded from their lines.
  static func events(
    _ db: Database, _ key: DayKey, kept: [SyncEvent] = []
  ) throws -> [SyncEvent] {
    var decoded: [String: SyncEvent] = [:]
    for event in kept { decoded[event.id.text] = event }
    let rows = try Row.fetchCursor(
      db.cachedStatement(sql: "SELECT id, line FROM sync_event WHERE habit = ? AND day = ?"),
      arguments: [key.habit, key.day])
    var events: [SyncEvent] = []
    while let row = try rows.next() {
      if let event = decoded[row[0]] {
        events.append(event)
      } else if case .event(let event)? = try? EventLine.decode(row[1] as String) {
        events.append(event)
      }
    }
    return events
  }

  /// What the check-in row says, and when it was recorded.
  private static func rowState(_ db: Database, _ key: DayKey) throws -> (DayState, Instant?) {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(
          sql: "SELECT kind, value, note, recorded_at FROM checkin WHERE habit = ? AND day = ?"),
        arguments: [key.habit, key.day])
    else { return (.open, nil) }
    let kind: String = row[0]
    let recorded = (row[3] as String?).flatMap(instant)
    if kind == "skip" { return (.skipped(note: row[2]), recorded) }
    return (.done(amount: row[1], note: row[2]), recorded)
  }

  /// Writes the replay of the day's events as its check-in row, recorded at
  /// the latest event's stamp.
  static func replay(_ db: Database, _ key: DayKey, kept: [SyncEvent] = []) throws {
    try replay(db, key, events: events(db, key, kept: kept))
  }

  /// `Instant(secondsSince1970: seconds).description`, written digit by
  /// digit for the years 1970 to 9999 rather than through interpolation
  /// of several strings: a first merge records tens of thousands of days.
  static func instantText(_ seconds: Int) -> String {
    guard (0..<253_402_300_800).contains(seconds) else {
      return Instant(secondsSince1970: seconds).description
    }
    let date = CivilDate(daysSinceEpoch: seconds / 86_400)
    let time = seconds % 86_400
    return String(unsafeUninitializedCapacity: 20) { bytes in
      // Each number's digits end just before `end`, followed by `after`.
      func put(_ value: Int, _ width: Int, _ end: Int, _ after: Unicode.Scalar) {
        var rest = value
        for position in (end - width..<end).reversed() {
          bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
        bytes[end] = UInt8(ascii: after)
      }
      put(date.year, 4, 4, "-")
      put(date.month, 2, 7, "-")
      put(date.day, 2, 10, "T")
      put(time / 3600, 2, 13, ":")
      put(time / 60 % 60, 2, 16, ":")
      put(time % 60, 2, 19, "Z")
      return 20
    }
  }

  /// The largest amount a check-in row keeps from a replay.
  static let maximumAmount = 999_999_999_999.0

  /// Whether `state` holds an amount a replay would cut to `maximumAmount`.
  private static func exceedsMaximum(_ state: DayState) -> Bool {
    if case .done(let amount?, _) = state { return amount > maximumAmount }
    return false
  }

  /// Writes the replay of `events`, all the day has, as its check-in row;
  /// `habitKnown` when its habit has a row already. Whether the day has a
  /// check-in now (and so its habit a row).
  @discardableResult
  static func replay(
    _ db: Database, _ key: DayKey, events: [SyncEvent], habitKnown: Bool = false
  ) throws -> Bool {
    let state = DayReplay.state(of: events)
    guard var latest = events.first?.stamp else {
      try db.cachedStatement(sql: "DELETE FROM checkin WHERE habit = ? AND day = ?")
        .execute(arguments: [key.habit, key.day])
      return false
    }
    var first = latest
    for event in events.dropFirst() {
      latest = max(latest, event.stamp)
      first = min(first, event.stamp)
    }
    let kind: String
    var value: Double?
    let note: String?
    switch state {
    case .open:
      try db.cachedStatement(sql: "DELETE FROM checkin WHERE habit = ? AND day = ?")
        .execute(arguments: [key.habit, key.day])
      return false
    case .done(let amount, let text):
      kind = "done"
      value = amount.map { min($0, maximumAmount) }
      note = text
    case .skipped(let text):
      kind = "skip"
      note = text
    }
    if !habitKnown {
      try db.cachedStatement(sql: "INSERT OR IGNORE INTO habit (id, first_seen) VALUES (?, ?)")
        .execute(arguments: [key.habit, first.instant.description])
    }
    // A first merge writes tens of thousands of days through here.
    let insert = BoundStatement(
      try db.cachedStatement(
        sql: """
          INSERT INTO checkin (habit, day, kind, value, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (habit, day) DO UPDATE SET kind = excluded.kind, value = excluded.value,
            note = excluded.note, recorded_at = excluded.recorded_at
          """), in: db)
    insert.bind(1, key.habit)
    insert.bind(2, key.day)
    insert.bind(3, kind)
    insert.bind(4, value)
    insert.bind(5, note)
    insert.bind(6, instantText(latest.seconds))
    try insert.run()
    return true
  }
}
