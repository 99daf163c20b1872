// SPDX-License-Identifier: Apache-2.0
import GRDB
import Synchronization

@testable import HabitsStore

/// Makes a store's next writes fail as SQLite fails them when another
/// process holds the database past the busy timeout (`SQLITE_BUSY`) or the
/// disk fails (`SQLITE_IOERR`): each is refused at its commit, and SQLite
/// rolls the whole transaction back, so nothing of it reaches the file.
/// Reads still work.
final class StoreFaults: TransactionObserver, Sendable {
  enum Kind: String, Sendable {
    case busy
    case ioError = "I/O error"
    /// The process died: its connection writes nothing more.
    case gone = "connection of a process that died"

    var code: ResultCode {
      switch self {
      case .busy: return .SQLITE_BUSY
      case .ioError: return .SQLITE_IOERR
      case .gone: return .SQLITE_MISUSE
      }
    }
  }

  private struct State {
    var kind = Kind.busy
    var passing = 0
    var remaining = 0
    var failed = 0
  }

  private let state = Mutex(State())

  /// Watches the commits of `store`'s connection from now on.
  init(on store: HabitStore) {
    store.writer.add(transactionObserver: self, extent: .observerLifetime)
  }

  /// The `count` commits after the next `after` fail with `kind`.
  func arm(_ kind: Kind, count: Int, after: Int = 0) {
    state.withLock { $0 = State(kind: kind, passing: after, remaining: count, failed: 0) }
  }

  /// Stops failing; returns how many commits failed since `arm`.
  @discardableResult
  func disarm() -> Int {
    state.withLock { state in
      defer { state = State() }
      return state.failed
    }
  }

  func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
  func databaseDidChange(with event: DatabaseEvent) {}

  func databaseWillCommit() throws {
    let kind: Kind? = state.withLock { state in
      if state.passing > 0 {
        state.passing -= 1
        return nil
      }
      guard state.remaining > 0 else { return nil }
      state.remaining -= 1
      state.failed += 1
      return state.kind
    }
    guard let kind else { return }
    throw DatabaseError(resultCode: kind.code, message: "simulated \(kind.rawValue)")
  }

  func databaseDidCommit(_ db: Database) {}
  func databaseDidRollback(_ db: Database) {}
}
