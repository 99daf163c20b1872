// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore
import Testing

@testable import HabitsStore

/// What a merge sets on the connection for a while (a larger cache, CHECK
/// constraints off) is set back whether the merge succeeded or failed, and
/// an error keeps what `translate` words it by.
@Suite struct ConnectionSettingsTests {
  static func cacheSize(_ db: Database) throws -> Int? {
    try Int.fetchOne(db, sql: "PRAGMA cache_size")
  }

  @Test func aPragmaIsSetBackAfterItsBodyReturnsOrThrows() throws {
    let queue = try DatabaseQueue()
    try queue.inDatabase { db in
      let before = try Self.cacheSize(db)
      var inside: Int?
      try HabitStore.with(db, pragma: "cache_size", setTo: "-5000") {
        inside = try Self.cacheSize(db)
      }
      #expect(inside == -5000)
      #expect(try Self.cacheSize(db) == before)
      do {
        try HabitStore.with(db, pragma: "cache_size", setTo: "-6000") {
          throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        }
        Issue.record("the body's error was not thrown")
      } catch let error as DatabaseError {
        #expect(error.resultCode == .SQLITE_FULL)
      }
      #expect(try Self.cacheSize(db) == before)
      // Nothing to set: the body runs as it is.
      try HabitStore.with(db, pragma: "cache_size", setTo: nil) { inside = try Self.cacheSize(db) }
      #expect(inside == before)
    }
  }

  @Test func twoFailuresKeepTheFirstsResultCodeOrHintAndSayBoth() {
    let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
    let then = DatabaseError(resultCode: .SQLITE_NOMEM, message: "out of memory")
    let combined = HabitStore.error(full, then: "setting PRAGMA x back", failed: then)
    let database = combined as? DatabaseError
    #expect(database?.resultCode == .SQLITE_FULL)
    #expect(database?.message?.contains("database or disk is full") == true)
    #expect(database?.message?.contains("setting PRAGMA x back failed") == true)
    #expect(database?.message?.contains("out of memory") == true)
    // As `translate` words it: by the first one's code.
    #expect(HabitStore.translate(combined, path: nil).message.contains("full"))

    let habits = HabitsError("refused", hint: "try again", kind: .usage)
    let kept = HabitStore.error(habits, then: "making an index again", failed: then) as? HabitsError
    #expect(kept?.hint == "try again")
    #expect(kept?.kind == .usage)
    #expect(kept?.message.hasPrefix("refused; then making an index again failed") == true)
  }
}
