// SPDX-License-Identifier: Apache-2.0
// The insert of `habits done`, on SQLite's C interface and nothing else: what
// floor-sqlite makes alone and floor-foundation with Foundation loaded.
import CSQLite

#if canImport(Glibc)
  import Glibc
#endif

/// Says `message` on standard error and exits with `code`.
public func fail(_ message: String, _ code: Int32) -> Never {
  let line = message + "\n"
  _ = line.withCString { write(2, $0, strlen($0)) }
  exit(code)
}

/// Inserts the check-in `habits done gratitude` makes into the existing
/// database named by the one argument of `program`, or says why not and exits.
public func insertCheckIn(program: String) {
  let insert = """
    PRAGMA foreign_keys = ON; BEGIN IMMEDIATE;
    INSERT INTO checkin (habit, day, kind, recorded_at)
    VALUES ('gratitude', '2026-11-21', 'done', '2026-11-21T21:00:00Z');
    COMMIT
    """
  var db: OpaquePointer?
  guard CommandLine.arguments.count == 2,
    sqlite3_open_v2(CommandLine.arguments[1], &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK
  else {
    fail("usage: \(program) DATABASE (an existing one)", 64)
  }
  sqlite3_busy_timeout(db, 10_000)
  guard sqlite3_exec(db, insert, nil, nil, nil) == SQLITE_OK else {
    fail("\(program): \(String(cString: sqlite3_errmsg(db)))", 1)
  }
  sqlite3_close(db)
}
