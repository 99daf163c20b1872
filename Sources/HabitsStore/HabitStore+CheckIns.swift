// SPDX-License-Identifier: Apache-2.0
import GRDB
import GRDBSQLite
import HabitsCore
import HabitsSync
import Recurrence

extension HabitStore {
  /// What `recordDone` did.
  public enum DoneResult: Equatable, Sendable {
    /// A new check-in.
    case recorded
    /// A yes/no habit was already done that day; nothing changed (a note
    /// given was there already).
    case alreadyDone
    /// A yes/no habit was already done that day; the note given was added
    /// to the day's, a line apart.
    case noteAdded
    /// An amount was added to the day's; the new total.
    case added(total: Double)
    /// The day had been skipped; it is now done.
    case replacedSkip
  }

  /// Records that `habitID` was done on `day`; an amount adds to the day's total.
  /// With `events`, the change is also written there as this device's
  /// events, in the same transaction (`writeSyncing`).
  public func recordDone(
    habitID: String, day: CivilDate, value: Double? = nil, note: String? = nil, at: Instant,
    events: SyncFolder? = nil
  ) throws(HabitsError) -> DoneResult {
    try writeSyncing(events, at: at) { db in
      try Self.ensureHabit(db, habitID, at: at)
      let existing = try Row.fetchOne(
        db, sql: "SELECT kind, value, note FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      guard let existing else {
        try db.execute(
          sql: """
            INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
            VALUES (?, ?, 'done', ?, ?, ?)
            """,
          arguments: [habitID, day.description, value, note, at.description])
        return .recorded
      }
      let kind: String = existing["kind"]
      let written: String? = existing["note"]
      // A done without an amount on a done day adds only its note, and
      // not one the day's note holds already (the same command again).
      if kind == "done", value == nil {
        guard let note else { return .alreadyDone }
        let held = Set((written ?? "").split(separator: "\n", omittingEmptySubsequences: false))
        if Set(note.split(separator: "\n", omittingEmptySubsequences: false)).isSubset(of: held) {
          return .alreadyDone
        }
      }
      // The day's note and this one, a line apart, as the updates below join them.
      if let note, let written,
        written.unicodeScalars.count + 1 + note.unicodeScalars.count > CheckIn.maximumNote
      {
        throw HabitsError(
          "the notes of '\(habitID)' on \(day) would be longer than \(CheckIn.maximumNote) characters together",
          hint: "give a shorter note; the day is as it was")
      }
      if kind == "skip" {
        try db.execute(
          sql: """
            UPDATE checkin SET kind = 'done', value = ?, recorded_at = ?,
              \(Self.joiningNote)
            WHERE habit = ? AND day = ?
            """,
          arguments: [value, at.description, note, note, note, habitID, day.description])
        return .replacedSkip
      }
      guard let value else {
        try db.execute(
          sql: """
            UPDATE checkin SET recorded_at = ?,
              \(Self.joiningNote)
            WHERE habit = ? AND day = ?
            """,
          arguments: [at.description, note, note, note, habitID, day.description])
        return .noteAdded
      }
      let total = ((existing["value"] as Double?) ?? 0) + value
      try db.execute(
        sql: """
          UPDATE checkin SET value = ?, recorded_at = ?,
            \(Self.joiningNote)
          WHERE habit = ? AND day = ?
          """,
        arguments: [total, at.description, note, note, note, habitID, day.description])
      return .added(total: total)
    }
  }

  /// The day's note with a note given joined to it, a line apart (none
  /// given: as it was); its three arguments are the note given.
  static let joiningNote =
    "note = CASE WHEN ? IS NULL THEN note WHEN note IS NULL THEN ? ELSE note || char(10) || ? END"

  /// What `recordSkip` did.
  public enum SkipResult: Equatable, Sendable {
    case recorded
    case alreadySkipped
    /// The day is already done; skipping would lose it, so nothing changed.
    case alreadyDone
  }

  /// Marks `day` skipped: it neither counts nor breaks a streak. With
  /// `events`, as `recordDone`.
  public func recordSkip(
    habitID: String, day: CivilDate, note: String? = nil, at: Instant, events: SyncFolder? = nil
  ) throws(HabitsError) -> SkipResult {
    try writeSyncing(events, at: at) { db in
      try Self.ensureHabit(db, habitID, at: at)
      let kind = try String.fetchOne(
        db, sql: "SELECT kind FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      switch kind {
      case "done": return .alreadyDone
      case "skip": return .alreadySkipped
      default:
        try db.execute(
          sql: """
            INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
            VALUES (?, ?, 'skip', NULL, ?, ?)
            """,
          arguments: [habitID, day.description, note, at.description])
        return .recorded
      }
    }
  }

  /// Removes the day's check-in or skip; returns what was removed. With
  /// `events`, stamped at `now`, as `recordDone`.
  @discardableResult
  public func undo(
    habitID: String, day: CivilDate, events: SyncFolder? = nil, at now: Instant? = nil
  ) throws(HabitsError) -> CheckIn? {
    try writeSyncing(events, at: now) { db in
      let row = try Row.fetchOne(
        db,
        sql:
          "SELECT habit, day, kind, value, note, recorded_at FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      guard let row, let checkIn = Self.checkIn(row) else { return nil }
      try db.execute(
        sql: "DELETE FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      return checkIn
    }
  }

  /// Check-ins, oldest first; of one habit, or all, from `since` on.
  public func checkIns(habitID: String? = nil, since: CivilDate? = nil) throws(HabitsError)
    -> [CheckIn]
  {
    if let habitID { return try checkIns(of: habitID, since: since, details: true) }
    return try read { db in try Self.checkIns(db, habitID: nil, since: since) }
  }

  /// `checkIns(habitID:since:)` inside a transaction already open.
  static func checkIns(_ db: Database, habitID: String?, since: CivilDate?) throws -> [CheckIn] {
    var sql = "SELECT habit, day, kind, value, note, recorded_at FROM checkin"
    var conditions: [String] = []
    var arguments: StatementArguments = []
    if let habitID {
      conditions.append("habit = ?")
      arguments += [habitID]
    }
    if let since {
      conditions.append("day >= ?")
      arguments += [since.description]
    }
    if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
    var result: [CheckIn] = []
    let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
    while let row = try rows.next() {
      if let checkIn = Self.checkIn(row) { result.append(checkIn) }
    }
    // Sorted here, not with ORDER BY: SQLite would copy every row through a
    // temporary B-tree (more than half the time of `habits stats` over years
    // of check-ins), while rows mostly come in day order already, as they were
    // written, and Swift's sort takes such runs in one pass.
    let ordered = zip(result, result.dropFirst()).allSatisfy { Self.precedes($0, $1) }
    if !ordered { result.sort(by: Self.precedes) }
    return result
  }

  /// One habit's days (done or skipped, and amounts), oldest first, for
  /// streaks, strength and summaries: notes and recording times are not read
  /// (they come back empty).
  public func history(habitID: String, since: CivilDate? = nil) throws(HabitsError) -> [CheckIn] {
    try checkIns(of: habitID, since: since, details: false)
  }

  /// One habit's check-ins, oldest first, read column by column from SQLite.
  ///
  /// The (habit, day) index hands the rows over in day order, and reading
  /// the columns' bytes directly skips a Row and several Strings per row:
  /// `habits stats` reads years of history for each habit. Its statements
  /// run each in a transaction of its own, and are prepared once per
  /// connection, not once per habit.
  func checkIns(of habitID: String, since: CivilDate?, details: Bool) throws(HabitsError)
    -> [CheckIn]
  {
    try readOne { db in
      // A habit has a row a day at most, so its last day bounds how many
      // there are: the array is allocated once, where growing it would copy
      // years of check-ins several times over and fault in fresh pages for
      // each copy. A row written in between only makes the guess wrong.
      let last = try Self.lastDay(db, habitID)
      let statement = try db.cachedStatement(
        sql: details
          ? """
          SELECT day, kind, value, note, recorded_at FROM checkin
          WHERE habit = ? AND day >= ? ORDER BY day
          """
          : "SELECT day, kind, value FROM checkin WHERE habit = ? AND day >= ? ORDER BY day")
      try statement.setArguments([habitID, since?.description ?? "0000-00-00"])
      let sqlite = statement.sqliteStatement
      var result: [CheckIn] = []
      while try Self.step(sqlite, db) {
        guard let day = Self.column(sqlite, 0, Self.dayBytes),
          let kindText = sqlite3_column_text(sqlite, 1)
        else { continue }
        if result.isEmpty, let last {
          result.reserveCapacity(
            min(max(last.daysSinceEpoch - day.daysSinceEpoch + 1, 1), Self.largestReservation))
        }
        let kind: CheckIn.Kind = kindText.pointee == UInt8(ascii: "d") ? .done : .skip
        let value =
          sqlite3_column_type(sqlite, 2) == SQLITE_NULL ? nil : sqlite3_column_double(sqlite, 2)
        let note = details ? sqlite3_column_text(sqlite, 3).map { String(cString: $0) } : nil
        let recorded =
          details
          ? Self.column(sqlite, 4, Self.instantBytes) ?? Instant(secondsSince1970: 0)
          : Instant(secondsSince1970: 0)
        result.append(
          CheckIn(
            habitID: habitID, day: day, kind: kind, value: value, note: note, recordedAt: recorded))
      }
      return result
    }
  }

  /// One habit's days, oldest first: what `history(habitID:since:)` reads,
  /// without a `CheckIn` a row. `habits stats` reads years of days of each
  /// habit and needs no more than these.
  public func days(of habitID: String, since: CivilDate? = nil) throws(HabitsError) -> [HabitDay] {
    try readOne { db in
      let last = try Self.lastDay(db, habitID)
      let statement = try db.cachedStatement(
        sql: "SELECT day, kind, value FROM checkin WHERE habit = ? AND day >= ? ORDER BY day")
      try statement.setArguments([habitID, since?.description ?? "0000-00-00"])
      let sqlite = statement.sqliteStatement
      var result: [HabitDay] = []
      while try Self.step(sqlite, db) {
        guard let day = Self.column(sqlite, 0, Self.dayBytes),
          let kindText = sqlite3_column_text(sqlite, 1)
        else { continue }
        let number = day.daysSinceEpoch
        if result.isEmpty, let last {
          result.reserveCapacity(
            min(max(last.daysSinceEpoch - number + 1, 1), Self.largestReservation))
        }
        result.append(
          HabitDay(
            number: Int32(truncatingIfNeeded: number),
            kind: kindText.pointee == UInt8(ascii: "d") ? .done : .skip,
            value: sqlite3_column_type(sqlite, 2) == SQLITE_NULL
              ? nil : sqlite3_column_double(sqlite, 2)))
      }
      return result
    }
  }

  /// Steps `statement` to its next row: false when there is none.
  static func step(_ statement: OpaquePointer, _ db: Database) throws -> Bool {
    let code = sqlite3_step(statement)
    if code == SQLITE_DONE { return false }
    guard code == SQLITE_ROW else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
    return true
  }

  /// At most this many check-ins (a century of days) are reserved at once:
  /// a day far off in the future must not make the guess huge.
  private static let largestReservation = 36_525

  /// The last day of `habitID`'s check-ins, read from the end of its
  /// (habit, day) index; nil when it has none.
  private static func lastDay(_ db: Database, _ habitID: String) throws -> CivilDate? {
    let statement = try db.cachedStatement(sql: "SELECT max(day) FROM checkin WHERE habit = ?")
    try statement.setArguments([habitID])
    let sqlite = statement.sqliteStatement
    defer { sqlite3_reset(sqlite) }
    guard sqlite3_step(sqlite) == SQLITE_ROW else { return nil }
    return column(sqlite, 0, dayBytes)
  }

  /// A text column parsed from its bytes, falling back to a String for other forms.
  private static func column<T>(
    _ statement: OpaquePointer, _ index: Int32, _ parse: (UnsafeBufferPointer<UInt8>) -> T?
  ) -> T? {
    guard let text = sqlite3_column_text(statement, index) else { return nil }
    let count = Int(sqlite3_column_bytes(statement, index))
    return parse(UnsafeBufferPointer(start: text, count: count))
  }

  /// Oldest first; on one day, by habit id (ids are ASCII, so this is SQLite's BINARY order).
  static func precedes(_ a: CheckIn, _ b: CheckIn) -> Bool {
    a.day != b.day ? a.day < b.day : a.habitID < b.habitID
  }

  static func ensureHabit(_ db: Database, _ habitID: String, at: Instant) throws {
    try db.execute(
      sql: "INSERT OR IGNORE INTO habit (id, first_seen) VALUES (?, ?)",
      arguments: [habitID, at.description])
  }

  /// A check-in from a row of `habit, day, kind, value, note, recorded_at`, in that order.
  ///
  /// By position and with parsers for exactly the forms the store writes:
  /// `habits stats` reads every row there is, and by name with the general
  /// date parsers this was most of its time.
  static func checkIn(_ row: Row) -> CheckIn? {
    guard let habit = row[0] as String?, let dayText = row[1] as String?,
      let day = Self.day(dayText), let kindText = row[2] as String?,
      let kind = CheckIn.Kind(rawValue: kindText)
    else { return nil }
    let recorded = (row[5] as String?).flatMap(Self.instant)
    return CheckIn(
      habitID: habit, day: day, kind: kind, value: row[3], note: row[4],
      recordedAt: recorded ?? Instant(secondsSince1970: 0))
  }

  /// Reads `YYYY-MM-DD`.
  static func day(_ text: String) -> CivilDate? {
    var text = text
    return text.withUTF8(dayBytes)
  }

  static func dayBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
    guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
      let y = number(bytes, 0, 4), let m = number(bytes, 5, 2), let d = number(bytes, 8, 2),
      CivilDate.isValid(year: y, month: m, day: d)
    else { return CivilDate(iso: String(decoding: bytes, as: UTF8.self)) }
    return CivilDate(year: y, month: m, day: d)
  }

  /// Reads `YYYY-MM-DDTHH:MM:SSZ`, as `Instant.description` writes it; other forms the slow way.
  static func instant(_ text: String) -> Instant? {
    var text = text
    return text.withUTF8(instantBytes)
  }

  static func instantBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Instant? {
    guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
      bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A,
      let y = number(bytes, 0, 4), let mo = number(bytes, 5, 2), let d = number(bytes, 8, 2),
      let h = number(bytes, 11, 2), let mi = number(bytes, 14, 2), let s = number(bytes, 17, 2),
      CivilDate.isValid(year: y, month: mo, day: d), h < 24, mi < 60, s < 60
    else { return DateTimeFormat.instant(String(decoding: bytes, as: UTF8.self), in: .utc) }
    let days = CivilDate(year: y, month: mo, day: d).daysSinceEpoch
    return Instant(secondsSince1970: days * 86_400 + h * 3600 + mi * 60 + s)
  }

  /// The decimal number in `count` ASCII digits from `start`.
  private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int)
    -> Int?
  {
    var value = 0
    var index = start
    while index < start + count {
      let digit = bytes[index] &- 0x30
      guard digit < 10 else { return nil }
      value = value &* 10 &+ Int(digit)
      index += 1
    }
    return value
  }
}
