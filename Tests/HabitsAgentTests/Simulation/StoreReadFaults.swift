// SPDX-License-Identifier: Apache-2.0
import GRDB

@testable import HabitsStore

/// Makes a store's next reads fail as SQLite fails them when another
/// process holds the database past the busy timeout (`SQLITE_BUSY`) or the
/// disk fails (`SQLITE_IOERR`), through the store's `readFault` hook.
/// Writes still work. Used from the thread that uses the store.
final class StoreReadFaults {
  private var kind = StoreFaults.Kind.busy
  private var toPass = 0
  private var remaining = 0
  /// Reads refused since `arm`.
  private(set) var failed = 0
  private var held = false

  /// Watches the reads of `store` from now on.
  init(on store: HabitStore) {
    store.readFault = { [weak self] in try self?.next() }
  }

  /// The `count` reads after the next `after` fail with `kind`.
  func arm(_ kind: StoreFaults.Kind, count: Int, after: Int = 0) {
    (self.kind, toPass, remaining, failed) = (kind, after, count, 0)
  }

  /// Stops failing; returns how many reads failed since `arm`.
  @discardableResult
  func disarm() -> Int {
    defer { (toPass, remaining, failed) = (0, 0, 0) }
    return failed
  }

  /// Runs `body` with every read passing, whatever is armed: the checks'
  /// own reads in the middle of the agent's step.
  func passing<T>(_ body: () throws -> T) rethrows -> T {
    let wasHeld = held
    held = true
    defer { held = wasHeld }
    return try body()
  }

  private func next() throws {
    guard !held else { return }
    if toPass > 0 {
      toPass -= 1
      return
    }
    guard remaining > 0 else { return }
    remaining -= 1
    failed += 1
    throw DatabaseError(resultCode: kind.code, message: "simulated \(kind.rawValue) on a read")
  }
}
