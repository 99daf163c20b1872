// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore
import Recurrence

extension HabitStore {
  /// What `importCheckIns` did, or would do.
  public struct ImportCounts: Equatable, Sendable, Codable {
    /// Check-ins written (skips among them).
    public var added = 0
    /// Skips among those written.
    public var skipsAdded = 0
    /// Check-ins for a habit and day that already had one, left as they were.
    public var alreadyThere = 0
    /// Of those, the ones whose kind, value or note differ from the imported one.
    public var differing = 0

    public init(added: Int = 0, skipsAdded: Int = 0, alreadyThere: Int = 0, differing: Int = 0) {
      self.added = added
      self.skipsAdded = skipsAdded
      self.alreadyThere = alreadyThere
      self.differing = differing
    }
  }

  /// Records `checkIns` in one transaction; a habit and day that already has
  /// a check-in keeps it. With `dryRun`, only counts what it would do.
  ///
  /// Importing the same check-ins again adds nothing. The caller validates
  /// them first (`ImportPlan.validate`); should the schema still refuse one,
  /// nothing at all is written.
  public func importCheckIns(_ checkIns: [CheckIn], dryRun: Bool = false) throws(HabitsError)
    -> ImportCounts
  {
    if dryRun { return try read { db in try Self.importCheckIns(checkIns, db, write: false) } }
    return try write { db in try Self.importCheckIns(checkIns, db, write: true) }
  }

  private struct Key: Hashable {
    var habit: String
    var day: CivilDate
  }

  private static func importCheckIns(_ checkIns: [CheckIn], _ db: Database, write: Bool) throws
    -> ImportCounts
  {
    var counts = ImportCounts()
    let existing = try db.cachedStatement(
      sql: "SELECT kind, value, note FROM checkin WHERE habit = ? AND day = ?")
    let insert =
      write
      ? try db.cachedStatement(
        sql: """
          INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """) : nil
    var habits: Set<String> = []
    // What this import added before, for a dry run, which writes nothing to find again.
    var pending: [Key: CheckIn] = [:]
    for checkIn in checkIns {
      let day = checkIn.day.description
      var found: (kind: String, value: Double?, note: String?)?
      if let earlier = pending[Key(habit: checkIn.habitID, day: checkIn.day)] {
        found = (earlier.kind.rawValue, earlier.value, earlier.note)
      } else if let row = try Row.fetchOne(existing, arguments: [checkIn.habitID, day]) {
        let kind: String = row[0]
        let value: Double? = row[1]
        let note: String? = row[2]
        found = (kind, value, note)
      }
      if let found {
        counts.alreadyThere += 1
        if found.kind != checkIn.kind.rawValue || found.value != checkIn.value
          || found.note != checkIn.note
        {
          counts.differing += 1
        }
        continue
      }
      counts.added += 1
      if checkIn.kind == .skip { counts.skipsAdded += 1 }
      guard let insert else {
        pending[Key(habit: checkIn.habitID, day: checkIn.day)] = checkIn
        continue
      }
      if habits.insert(checkIn.habitID).inserted {
        try ensureHabit(db, checkIn.habitID, at: checkIn.recordedAt)
      }
      try insert.execute(arguments: [
        checkIn.habitID, day, checkIn.kind.rawValue, checkIn.value, checkIn.note,
        checkIn.recordedAt.description,
      ])
    }
    return counts
  }
}
