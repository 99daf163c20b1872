// SPDX-License-Identifier: Apache-2.0
import HabitsStore

/// The databases a command has opened. The one opened for writing is kept
/// for the rest of the command: the sync pass that runs before a command
/// reads opens it, and the command reads and writes through the same
/// connection rather than open the file a second time. Each is closed
/// before the command exits (`Context.exit(after:)`).
final class OpenedStore {
  private var path: String?
  private var store: HabitStore?
  /// Every store opened through the context and not closed yet.
  private var opened: [HabitStore] = []
  /// The stores closed, held so that none is released before the process
  /// ends: releasing them would only delay the exit.
  private var closed: [HabitStore] = []

  /// The store opened for writing at `path`, if any.
  func store(at path: String) -> HabitStore? {
    self.path == path ? store : nil
  }

  /// Keeps `store`, opened for writing at `path`, for the rest of the command.
  func keep(_ store: HabitStore, at path: String) {
    self.path = path
    self.store = store
    opened.append(store)
  }

  /// Holds `store`, opened for reading, until the command exits.
  func hold(_ store: HabitStore) {
    opened.append(store)
  }

  /// Closes every store opened: a later `store(at:)` gives nil. False
  /// when SQLite refused to close one, which is left open for its release
  /// to close.
  func close() -> Bool {
    path = nil
    store = nil
    var refused: [HabitStore] = []
    for store in opened {
      do {
        try store.close()
        closed.append(store)
      } catch {
        refused.append(store)
      }
    }
    opened = refused
    return refused.isEmpty
  }
}
