// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore

extension HabitStore {
  /// Runs `sql` as it is, each statement on its own (so that pragmas such as
  /// `journal_mode` may run too).
  ///
  /// Internal, for tests that must reach past the intention-named methods,
  /// such as proving that the schema's constraints refuse a bad row.
  func executeRaw(_ sql: String) throws(HabitsError) {
    do {
      try writer.writeWithoutTransaction { db in try db.execute(sql: sql) }
    } catch {
      throw Self.translate(error, path: path)
    }
  }

  /// The first column of every row `sql` returns, as text.
  func fetchRawStrings(_ sql: String) throws(HabitsError) -> [String?] {
    try read { db in try String?.fetchAll(db, sql: sql) }
  }
}
