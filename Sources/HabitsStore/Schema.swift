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
    // One history across devices (`habits sync`): this device's id, name and
    // clock; every event read or written, by id, with the line it came as;
    // how far each device's file has been read; and the days changed here
    // since they were last written as events. The triggers note a change only
    // while this device syncs, so that a database that does not sync pays a
    // lookup in a one-row table and nothing more. (Not INSERT OR IGNORE: the
    // conflict policy of the statement that fires a trigger overrides the
    // trigger's own.)
    migrator.registerMigration("v3") { db in
      try db.execute(
        sql: """
          CREATE TABLE sync_self (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            device TEXT NOT NULL
              CHECK (length(device) = 16 AND device NOT GLOB '*[^0-9a-f]*'),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            clock_seconds INTEGER NOT NULL DEFAULT 0,
            clock_counter INTEGER NOT NULL DEFAULT 0
          ) STRICT;

          CREATE TABLE sync_event (
            id TEXT PRIMARY KEY NOT NULL
              CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
            seconds INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            device TEXT NOT NULL,
            habit TEXT NOT NULL,
            day TEXT NOT NULL,
            line TEXT NOT NULL
          ) STRICT;
          CREATE INDEX sync_event_day ON sync_event (habit, day);

          CREATE TABLE sync_file (
            path TEXT PRIMARY KEY NOT NULL,
            offset INTEGER NOT NULL CHECK (offset >= 0),
            lines INTEGER NOT NULL CHECK (lines >= 0)
          ) STRICT;

          CREATE TABLE sync_dirty (
            habit TEXT NOT NULL,
            day TEXT NOT NULL,
            PRIMARY KEY (habit, day)
          ) STRICT, WITHOUT ROWID;

          CREATE TRIGGER checkin_insert_sync AFTER INSERT ON checkin
            WHEN (SELECT active FROM sync_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT NEW.habit, NEW.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = NEW.habit AND day = NEW.day);
            END;
          CREATE TRIGGER checkin_update_sync AFTER UPDATE ON checkin
            WHEN (SELECT active FROM sync_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT OLD.habit, OLD.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = OLD.habit AND day = OLD.day);
              INSERT INTO sync_dirty SELECT NEW.habit, NEW.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = NEW.habit AND day = NEW.day);
            END;
          CREATE TRIGGER checkin_delete_sync AFTER DELETE ON checkin
            WHEN (SELECT active FROM sync_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT OLD.habit, OLD.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = OLD.habit AND day = OLD.day);
            END;
          """)
    }
    // What each device's file looked like when it was last read (its size
    // and identity, as `FileState` has them), so that a pass can tell it has
    // nothing to read without taking the write lock. Rows from before have
    // none, and are read as usual once.
    migrator.registerMigration("v4") { db in
      try db.execute(
        sql: """
          ALTER TABLE sync_file ADD COLUMN size INTEGER CHECK (size IS NULL OR size >= 0);
          ALTER TABLE sync_file ADD COLUMN identity TEXT;
          """)
    }
    // Habits kept with a partner (`habits together`): this person's id and
    // name and this device's id in the together folder, whether it takes
    // part, and the partner's name as last read there (for `{partner}`);
    // the habits the two keep together, as last agreed; the partner's
    // events: of a shared habit among this device's (`sync_event.person`
    // says whose), so that every replay of its day has both people's; of
    // an `each` habit in a table of their own, never in a check-in; and the
    // ids of this person's events already sent to the folder. While either
    // sync or together is on, the triggers note the days changed here.
    migrator.registerMigration("v5") { db in
      try db.execute(
        sql: """
          CREATE TABLE together_self (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            person TEXT NOT NULL
              CHECK (length(person) = 16 AND person NOT GLOB '*[^0-9a-f]*'),
            device TEXT NOT NULL
              CHECK (length(device) = 16 AND device NOT GLOB '*[^0-9a-f]*'),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
            active INTEGER NOT NULL CHECK (active IN (0, 1)),
            partner_name TEXT CHECK (partner_name IS NULL OR length(partner_name) BETWEEN 1 AND 64)
          ) STRICT;
          CREATE TABLE together_habit (
            habit TEXT PRIMARY KEY NOT NULL,
            kept TEXT NOT NULL CHECK (kept IN ('shared', 'each')),
            notes INTEGER NOT NULL CHECK (notes IN (0, 1))
          ) STRICT, WITHOUT ROWID;
          ALTER TABLE sync_event ADD COLUMN person TEXT;
          CREATE TABLE partner_event (
            id TEXT PRIMARY KEY NOT NULL
              CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
            seconds INTEGER NOT NULL,
            counter INTEGER NOT NULL,
            device TEXT NOT NULL,
            person TEXT NOT NULL,
            habit TEXT NOT NULL,
            day TEXT NOT NULL,
            line TEXT NOT NULL
          ) STRICT;
          CREATE INDEX partner_event_day ON partner_event (habit, day);
          CREATE TABLE together_sent (id TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
          DROP TRIGGER checkin_insert_sync;
          DROP TRIGGER checkin_update_sync;
          DROP TRIGGER checkin_delete_sync;
          CREATE TRIGGER checkin_insert_sync AFTER INSERT ON checkin
            WHEN (SELECT active FROM sync_self) = 1 OR (SELECT active FROM together_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT NEW.habit, NEW.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = NEW.habit AND day = NEW.day);
            END;
          CREATE TRIGGER checkin_update_sync AFTER UPDATE ON checkin
            WHEN (SELECT active FROM sync_self) = 1 OR (SELECT active FROM together_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT OLD.habit, OLD.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = OLD.habit AND day = OLD.day);
              INSERT INTO sync_dirty SELECT NEW.habit, NEW.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = NEW.habit AND day = NEW.day);
            END;
          CREATE TRIGGER checkin_delete_sync AFTER DELETE ON checkin
            WHEN (SELECT active FROM sync_self) = 1 OR (SELECT active FROM together_self) = 1
            BEGIN
              INSERT INTO sync_dirty SELECT OLD.habit, OLD.day WHERE NOT EXISTS
                (SELECT 1 FROM sync_dirty WHERE habit = OLD.habit AND day = OLD.day);
            END;
          """)
    }
    // The partner's person id, kept once found: a profile of a third person
    // that changes later (one of the partner's computers joined under a
    // misspelt name, say) never takes their place.
    migrator.registerMigration("v6") { db in
      try db.execute(
        sql: """
          ALTER TABLE together_self ADD COLUMN partner TEXT
            CHECK (partner IS NULL OR (length(partner) = 16 AND partner NOT GLOB '*[^0-9a-f]*'));
          """)
    }
    // The fingerprint of the bytes each file was read to (`FileTail`), so
    // that a file that holds others there now is read again from its
    // start. Rows from before have none, and are checked from their next read.
    migrator.registerMigration("v7") { db in
      try db.execute(sql: "ALTER TABLE sync_file ADD COLUMN tail INTEGER")
    }
    // Where the database is (`HabitStore.home`: this computer's id and the
    // file's path), so that a copy of it elsewhere does not write as the
    // device that joined: one that joined before is taken to be where it is.
    migrator.registerMigration("v8") { db in
      try db.execute(sql: "ALTER TABLE sync_self ADD COLUMN home TEXT")
      if let home = HabitStore.home(db) {
        try db.execute(sql: "UPDATE sync_self SET home = ?", arguments: [home])
      }
    }
    return migrator
  }()
}
