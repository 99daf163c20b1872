import GRDB
import HabitsCore

extension HabitStore {
  /// What `recordDone` did.
  public enum DoneResult: Equatable, Sendable {
    /// A new check-in.
    case recorded
    /// A yes/no habit was already done that day; nothing changed.
    case alreadyDone
    /// An amount was added to the day's; the new total.
    case added(total: Double)
    /// The day had been skipped; it is now done.
    case replacedSkip
  }

  /// Records that `habitID` was done on `day`; an amount adds to the day's total.
  public func recordDone(
    habitID: String, day: CivilDate, value: Double? = nil, note: String? = nil, at: Instant
  ) throws(HabitsError) -> DoneResult {
    try write { db in
      try Self.ensureHabit(db, habitID, at: at)
      let existing = try Row.fetchOne(
        db, sql: "SELECT kind, value FROM checkin WHERE habit = ? AND day = ?",
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
      if kind == "skip" {
        try db.execute(
          sql: """
            UPDATE checkin SET kind = 'done', value = ?, recorded_at = ?,
              note = CASE WHEN ? IS NULL THEN note WHEN note IS NULL THEN ? ELSE note || char(10) || ? END
            WHERE habit = ? AND day = ?
            """,
          arguments: [value, at.description, note, note, note, habitID, day.description])
        return .replacedSkip
      }
      guard let value else { return .alreadyDone }
      let total = ((existing["value"] as Double?) ?? 0) + value
      try db.execute(
        sql: """
          UPDATE checkin SET value = ?, recorded_at = ?,
            note = CASE WHEN ? IS NULL THEN note WHEN note IS NULL THEN ? ELSE note || char(10) || ? END
          WHERE habit = ? AND day = ?
          """,
        arguments: [total, at.description, note, note, note, habitID, day.description])
      return .added(total: total)
    }
  }

  /// What `recordSkip` did.
  public enum SkipResult: Equatable, Sendable {
    case recorded
    case alreadySkipped
    /// The day is already done; skipping would lose it, so nothing changed.
    case alreadyDone
  }

  /// Marks `day` skipped: it neither counts nor breaks a streak.
  public func recordSkip(
    habitID: String, day: CivilDate, note: String? = nil, at: Instant
  ) throws(HabitsError) -> SkipResult {
    try write { db in
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

  /// Removes the day's check-in or skip; returns what was removed.
  @discardableResult
  public func undo(habitID: String, day: CivilDate) throws(HabitsError) -> CheckIn? {
    try write { db in
      let row = try Row.fetchOne(
        db, sql: "SELECT * FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      guard let row, let checkIn = Self.checkIn(row) else { return nil }
      try db.execute(
        sql: "DELETE FROM checkin WHERE habit = ? AND day = ?",
        arguments: [habitID, day.description])
      return checkIn
    }
  }

  /// Check-ins, oldest first; of one habit, or all, from `since` on.
  public func checkIns(habitID: String? = nil, since: CivilDate? = nil) throws(HabitsError) -> [CheckIn] {
    try read { db in
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
      sql += " ORDER BY day, habit"
      var result: [CheckIn] = []
      let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try rows.next() {
        if let checkIn = Self.checkIn(row) { result.append(checkIn) }
      }
      return result
    }
  }

  static func ensureHabit(_ db: Database, _ habitID: String, at: Instant) throws {
    try db.execute(
      sql: "INSERT OR IGNORE INTO habit (id, first_seen) VALUES (?, ?)",
      arguments: [habitID, at.description])
  }

  static func checkIn(_ row: Row) -> CheckIn? {
    guard let habit = row["habit"] as String?, let dayText = row["day"] as String?,
      let day = CivilDate(iso: dayText), let kindText = row["kind"] as String?,
      let kind = CheckIn.Kind(rawValue: kindText)
    else { return nil }
    let recorded = (row["recorded_at"] as String?).flatMap { DateTimeText.instant($0, in: .utc) }
    return CheckIn(
      habitID: habit, day: day, kind: kind, value: row["value"], note: row["note"],
      recordedAt: recorded ?? Instant(secondsSince1970: 0))
  }
}
