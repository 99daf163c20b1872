// SPDX-License-Identifier: Apache-2.0
import GRDB
import GRDBSQLite

/// A prepared statement run again and again with its values bound straight
/// to SQLite: what a first merge inserts hundreds of thousands of rows
/// through. GRDB's arguments box every value and check them against the
/// statement each time, which costs more than SQLite's insert itself.
///
/// Text is copied by SQLite into the parameter's buffer, which it keeps
/// from one run to the next. Each run resets the statement; a value bound
/// stays for the next run unless bound again.
struct BoundStatement {
  private let statement: OpaquePointer
  private let connection: OpaquePointer?

  init(_ statement: Statement, in db: Database) {
    self.statement = statement.sqliteStatement
    connection = db.sqliteConnection
  }

  func bind(_ index: Int32, _ value: Int) {
    sqlite3_bind_int64(statement, index, Int64(value))
  }

  func bind(_ index: Int32, _ value: Double?) {
    if let value {
      sqlite3_bind_double(statement, index, value)
    } else {
      sqlite3_bind_null(statement, index)
    }
  }

  func bind(_ index: Int32, _ text: String?) {
    guard var text else {
      sqlite3_bind_null(statement, index)
      return
    }
    text.withUTF8 { bind(index, text: $0) }
  }

  /// Binds `bytes`, UTF-8, as text.
  func bind(_ index: Int32, text bytes: UnsafeBufferPointer<UInt8>) {
    // An empty buffer may have no address, which would bind NULL.
    guard let start = bytes.baseAddress else {
      _ = sqlite3_bind_text(statement, index, "", 0, Self.transient)
      return
    }
    _ = start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
      sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.transient)
    }
  }

  /// Runs the statement once with the values bound and `bytes`, UTF-8,
  /// as the text of parameter `index`, which SQLite reads in place rather
  /// than copy; then resets it, and leaves that parameter NULL.
  func run(binding bytes: UnsafeBufferPointer<UInt8>, to index: Int32) throws {
    guard let start = bytes.baseAddress else {
      bind(index, text: bytes)
      try run()
      return
    }
    _ = start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
      sqlite3_bind_text(statement, index, $0, Int32(bytes.count), nil)
    }
    defer { sqlite3_bind_null(statement, index) }
    try run()
  }

  /// Runs the statement once with the values bound, and resets it.
  func run() throws {
    let code = sqlite3_step(statement)
    if code == SQLITE_DONE {
      sqlite3_reset(statement)
      return
    }
    let message = String(cString: sqlite3_errmsg(connection))
    sqlite3_reset(statement)
    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
  }

  /// SQLite's SQLITE_TRANSIENT: the text is copied before the bind returns.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
