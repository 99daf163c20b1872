// SPDX-License-Identifier: Apache-2.0
import GRDB
import GRDBSQLite
import HabitsCore
import HabitsSync
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Where a database is, so that a copy of it (restored on another computer,
/// or put in another folder) is told from the database that joined: a
/// device's files in the sync and together folders are written by one
/// database only, and two writing as one device would write over each
/// other's lines.
extension HabitStore {
  /// This computer's id, from `/etc/machine-id` (empty where there is none,
  /// as in some containers: then the path alone tells a copy).
  static let machineID: String = {
    guard let bytes = try? WholeFile.read("/etc/machine-id", limit: 256, regularOnly: true) else {
      return ""
    }
    return String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
  }()

  /// Where the database `db` is: this computer's id and the file's real
  /// path, a space apart; nil for one in memory. Worked out once a process
  /// for each file (a pass asks several times, and `realpath` takes a
  /// system call a directory).
  static func home(_ db: Database) -> String? {
    guard let name = sqlite3_db_filename(db.sqliteConnection, "main"), name.pointee != 0 else {
      return nil
    }
    let file = String(cString: name)
    if let known = homes.withLock({ $0[file] }) { return known }
    guard let resolved = realpath(name, nil) else { return nil }
    defer { free(resolved) }
    let home = machineID + " " + String(cString: resolved)
    homes.withLock { $0[file] = home }
    return home
  }

  /// `home` by the name SQLite opened each database file by.
  private static let homes = Mutex<[String: String]>([:])

  /// A `home` in words: its path on this computer, or another computer.
  static func place(of home: String) -> String {
    guard let space = home.firstIndex(of: " ") else { return "'\(home)'" }
    let path = home[home.index(after: space)...]
    return home[..<space] == machineID ? "'\(path)'" : "'\(path)' on another computer"
  }

  /// How `copied(from:)` begins.
  static let copyMessage = "this database is a copy"

  /// The error for a database that syncs (or keeps habits together) as a
  /// device set up at `home`, somewhere else.
  static func copied(from home: String) -> HabitsError {
    HabitsError(
      "\(copyMessage) of one that joined the folder at \(place(of: home)), so it does not write "
        + "as that device",
      hint:
        "run 'habits sync init DIR' (or 'habits together init DIR --name NAME') to join as a device of its own; "
        + "what is recorded here is kept meanwhile")
  }

  /// Gives the device a new id, where it is, when its database is a copy
  /// of one that joined elsewhere (`SyncMember.copiedFrom`): its events
  /// stay, as the other device's, whose files it never writes. Records
  /// where it is when it has no record of it yet. Returns the new id.
  static func renewIfCopied(_ db: Database) throws -> DeviceID? {
    guard let member = try member(db) else { return nil }
    guard member.copiedFrom != nil else {
      if member.home == nil, let home = home(db) {
        try db.execute(sql: "UPDATE sync_self SET home = ?", arguments: [home])
      }
      return nil
    }
    var generator = SystemRandomNumberGenerator()
    let device = DeviceID(using: &generator)
    try db.execute(
      sql: "UPDATE sync_self SET device = ?, home = ?, clock_seconds = 0, clock_counter = 0",
      arguments: [device.text, home(db)])
    try db.execute(
      sql: "UPDATE together_self SET device = ? WHERE device = ?",
      arguments: [device.text, member.device.text])
    // What was read of the other device's own files stays read; no
    // directory of the new id has been looked at yet.
    return device
  }
}
