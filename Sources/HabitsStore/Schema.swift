// SPDX-License-Identifier: Apache-2.0
import GRDB

/// The database's tables, as versioned migrations. A migration, once
/// released, never changes: new needs get a new one.
enum Schema {
  static let migrator: DatabaseMigrator = {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE habit (
            id TEXT PRIMARY KEY NOT NULL
              CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^A-Za-z0-9_-]*'),
            first_seen TEXT NOT NULL
          ) STRICT;

          -- Keyed by (habit, day) without a rowid: one habit's history is one
          -- contiguous range of the table, read in day order.
          CREATE TABLE checkin (
            habit TEXT NOT NULL REFERENCES habit(id) ON DELETE RESTRICT,
            -- '+0 days' makes SQLite normalise the date, so '2026-02-30' (which
            -- date() alone passes through) becomes '2026-03-02' and is refused.
            day TEXT NOT NULL CHECK (date(day, '+0 days') IS day),
            kind TEXT NOT NULL CHECK (kind IN ('done', 'skip')),
            value REAL CHECK (value IS NULL OR (value >= 0 AND value < 1e12)),
            note TEXT CHECK (note IS NULL OR length(note) <= 10000),
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (habit, day)
          ) STRICT, WITHOUT ROWID;

          CREATE TABLE snooze (
            habit TEXT PRIMARY KEY NOT NULL REFERENCES habit(id) ON DELETE RESTRICT,
            until TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            -- The day of the reminder that was snoozed, when a button said so.
            day TEXT CHECK (day IS NULL OR date(day, '+0 days') IS day)
          ) STRICT;

          CREATE TABLE reminder_log (
            id INTEGER PRIMARY KEY,
            habit TEXT REFERENCES habit(id) ON DELETE RESTRICT,
            due TEXT NOT NULL,
            fired_at TEXT NOT NULL,
            delivered_at TEXT,
            kind TEXT NOT NULL CHECK (kind IN ('reminder', 'nudge', 'catch-up', 'summary'))
          ) STRICT;
          CREATE UNIQUE INDEX reminder_log_once ON reminder_log (ifnull(habit, ''), due);
          """)
    }
    // The day a reminder was about, as the agent worked it out when it fired:
    // a weekly summary's week is the one its day falls in, wherever the
    // laptop has travelled since. And indexes for the agent's reads since a
    // day or an instant, which are otherwise scans of the whole history.
    migrator.registerMigration("v2") { db in
      try db.execute(
        sql: """
          ALTER TABLE reminder_log ADD COLUMN day TEXT
            CHECK (day IS NULL OR date(day, '+0 days') IS day);
          CREATE INDEX reminder_log_due ON reminder_log (due);
          CREATE INDEX checkin_day ON checkin (day);
          """)
    }
    return migrator
  }()
}
