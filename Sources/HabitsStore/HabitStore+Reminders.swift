// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore
import Recurrence

extension HabitStore {
  /// Holds back `habitID`'s reminders until `until`.
  public func snooze(
    habitID: String, until: Instant, at: Instant, day: CivilDate? = nil
  ) throws(HabitsError) {
    try write { db in
      try Self.ensureHabit(db, habitID, at: at)
      try db.execute(
        sql: """
          INSERT INTO snooze (habit, until, recorded_at, day) VALUES (?, ?, ?, ?)
          ON CONFLICT (habit) DO UPDATE SET
            until = excluded.until, recorded_at = excluded.recorded_at, day = excluded.day
          """,
        arguments: [habitID, until.description, at.description, day?.description])
    }
  }

  /// The days of the reminders that buttons snoozed, by habit.
  public func snoozedDays() throws(HabitsError) -> [String: CivilDate] {
    try read(Self.snoozedDays)
  }

  static func snoozedDays(_ db: Database) throws -> [String: CivilDate] {
    var result: [String: CivilDate] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT habit, day FROM snooze WHERE day IS NOT NULL")
    while let row = try rows.next() {
      if let habit = row[0] as String?,
        let day = (row[1] as String?).flatMap(CivilDate.init(iso:))
      {
        result[habit] = day
      }
    }
    return result
  }

  /// Snoozes still in force at `now`, by habit.
  public func snoozes(at now: Instant) throws(HabitsError) -> [String: Instant] {
    try read { db in
      var result: [String: Instant] = [:]
      let rows = try Row.fetchCursor(
        db, sql: "SELECT habit, until FROM snooze WHERE until > ?", arguments: [now.description])
      while let row = try rows.next() {
        if let habit = row["habit"] as String?,
          let until = (row["until"] as String?).flatMap(Self.instant)
        {
          result[habit] = until
        }
      }
      return result
    }
  }

  /// Every snooze, past or present, by habit: until when, and when it was made.
  public func allSnoozes() throws(HabitsError) -> [String: (until: Instant, recordedAt: Instant)] {
    try read(Self.allSnoozes)
  }

  static func allSnoozes(_ db: Database) throws -> [String: (until: Instant, recordedAt: Instant)] {
    var result: [String: (until: Instant, recordedAt: Instant)] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT habit, until, recorded_at FROM snooze")
    while let row = try rows.next() {
      if let habit = row["habit"] as String?,
        let until = (row["until"] as String?).flatMap(Self.instant),
        let made = (row["recorded_at"] as String?).flatMap(Self.instant)
      {
        result[habit] = (until, made)
      }
    }
    return result
  }

  /// Marks a logged reminder as shown.
  public func markDelivered(habitID: String?, due: Instant, at: Instant) throws(HabitsError) {
    try write { db in
      try db.execute(
        sql: "UPDATE reminder_log SET delivered_at = ? WHERE ifnull(habit, '') = ? AND due = ?",
        arguments: [at.description, habitID ?? "", due.description])
    }
  }

  /// Reminders logged but never shown (the agent stopped in between), oldest first.
  public func undeliveredReminders() throws(HabitsError) -> [FiredReminder] {
    try firedReminders(since: Instant(secondsSince1970: 0), undeliveredOnly: true)
  }

  /// Writes that a reminder fired, before it is shown; false when that
  /// reminder (habit and due instant) was already logged, so it must not fire again.
  public func logReminder(_ reminder: FiredReminder) throws(HabitsError) -> Bool {
    try write { db in
      if let habit = reminder.habitID { try Self.ensureHabit(db, habit, at: reminder.firedAt) }
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO reminder_log (habit, due, fired_at, kind, day)
          VALUES (?, ?, ?, ?, ?)
          """,
        arguments: [
          reminder.habitID, reminder.due.description, reminder.firedAt.description,
          reminder.kind.rawValue, reminder.day?.description,
        ])
      return db.changesCount > 0
    }
  }

  /// Reminders fired with a due instant at or after `since`, oldest first.
  public func firedReminders(
    since: Instant, undeliveredOnly: Bool = false
  ) throws(HabitsError) -> [FiredReminder] {
    try read { db in try Self.firedReminders(db, since: since, undeliveredOnly: undeliveredOnly) }
  }

  /// Rows whose kind this version does not know (none is written) are left out.
  static func firedReminders(
    _ db: Database, since: Instant, undeliveredOnly: Bool
  ) throws -> [FiredReminder] {
    var result: [FiredReminder] = []
    let filter = undeliveredOnly ? " AND delivered_at IS NULL" : ""
    let rows = try Row.fetchCursor(
      db,
      sql:
        "SELECT habit, due, fired_at, kind, day FROM reminder_log WHERE due >= ?\(filter) ORDER BY due",
      arguments: [since.description])
    while let row = try rows.next() {
      guard let due = (row["due"] as String?).flatMap(Self.instant),
        let fired = (row["fired_at"] as String?).flatMap(Self.instant),
        let kind = (row["kind"] as String?).flatMap(ReminderKind.init(rawValue:))
      else { continue }
      result.append(
        FiredReminder(
          habitID: row["habit"], due: due, firedAt: fired, kind: kind,
          day: (row["day"] as String?).flatMap { CivilDate(iso: $0) }))
    }
    return result
  }

  /// The days of the weekly summaries fired with a due instant at or after
  /// `since` (rows logged before days were kept have none and are left out).
  public func summaryDays(since: Instant) throws(HabitsError) -> [CivilDate] {
    try read { db in try Self.summaryDays(db, since: since) }
  }

  static func summaryDays(_ db: Database, since: Instant) throws -> [CivilDate] {
    try String.fetchAll(
      db,
      sql: """
        SELECT day FROM reminder_log
        WHERE habit IS NULL AND kind = ? AND due >= ? AND day IS NOT NULL ORDER BY due
        """,
      arguments: [ReminderKind.summary.rawValue, since.description]
    ).compactMap { CivilDate(iso: $0) }
  }

  /// Everything a planning pass needs, in one read transaction, so that the
  /// planner sees one state of the store rather than a check-in written
  /// between two reads.
  public func reminderSnapshot(_ needs: ReminderNeeds) throws(HabitsError) -> ReminderSnapshot {
    try read { db in
      let checkIns = Dictionary(
        grouping: try Self.checkIns(db, habitID: nil, since: needs.checkInsSince), by: \.habitID)
      let logged = try Self.firedReminders(db, since: needs.loggedSince, undeliveredOnly: false)
      var lastFired: [String: Instant] = [:]
      var broughtForward: [String: Instant] = [:]
      var firedAhead: [String: Instant] = [:]
      // Not after now: a clock set back must not hide what is due again.
      for reminder in logged {
        let key = reminder.habitID ?? ""
        guard reminder.firedAt <= needs.now else {
          firedAhead[key] = min(firedAhead[key] ?? reminder.firedAt, reminder.firedAt)
          continue
        }
        lastFired[key] = max(lastFired[key] ?? reminder.firedAt, reminder.firedAt)
        if reminder.due > reminder.firedAt {
          broughtForward[key] = max(broughtForward[key] ?? reminder.due, reminder.due)
        }
      }
      return ReminderSnapshot(
        checkIns: checkIns, snoozes: try Self.allSnoozes(db),
        logged: Set(logged.map { ReminderSnapshot.LoggedKey(habitID: $0.habitID, due: $0.due) }),
        lastFired: lastFired, snoozedDays: try Self.snoozedDays(db),
        summaryDays: try Self.summaryDays(db, since: needs.summariesSince),
        undelivered: needs.undelivered
          ? try Self.firedReminders(db, since: Instant(secondsSince1970: 0), undeliveredOnly: true)
          : [], broughtForward: broughtForward, firedAhead: firedAhead)
    }
  }
}
