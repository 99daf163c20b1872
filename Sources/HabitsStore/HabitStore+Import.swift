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

  /// A habit and a day, as the `checkin` table spells it.
  private struct Key: Hashable {
    var habit: String
    var day: String
  }

  /// What a habit and day already holds.
  private struct Found {
    var kind: String
    var value: Double?
    var note: String?
  }

  private static func importCheckIns(_ checkIns: [CheckIn], _ db: Database, write: Bool) throws
    -> ImportCounts
  {
    var counts = ImportCounts()
    let insert =
      write
      ? try db.cachedStatement(
        sql: """
          INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """) : nil
    // What the habits being imported hold already, read habit by habit
    // rather than with a SELECT for each check-in (tens of thousands, from
    // years of another app's history); then what this import adds, so that
    // a second check-in for the same habit and day finds the first, as a
    // dry run too, which writes nothing to find again.
    var known: [Key: Found] = [:]
    var habits: Set<String> = []
    let existing = try db.cachedStatement(
      sql: "SELECT day, kind, value, note FROM checkin WHERE habit = ?")
    for habit in Set(checkIns.map(\.habitID)) {
      let rows = try Row.fetchCursor(existing, arguments: [habit])
      while let row = try rows.next() {
        let day: String = row[0]
        known[Key(habit: habit, day: day)] = Found(kind: row[1], value: row[2], note: row[3])
      }
    }
    for checkIn in checkIns {
      let day = checkIn.day.description
      let key = Key(habit: checkIn.habitID, day: day)
      if let found = known[key] {
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
      known[key] = Found(kind: checkIn.kind.rawValue, value: checkIn.value, note: checkIn.note)
      guard let insert else { continue }
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
