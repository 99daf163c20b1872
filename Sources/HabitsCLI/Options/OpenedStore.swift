// SPDX-License-Identifier: Apache-2.0
import HabitsStore

/// The database a command has opened for writing, kept for the rest of the
/// command: the sync pass that runs before a command reads opens it, and the
/// command reads and writes through the same connection rather than open
/// the file a second time.
final class OpenedStore {
  private var path: String?
  private var store: HabitStore?

  /// The store opened at `path`, if any.
  func store(at path: String) -> HabitStore? {
    self.path == path ? store : nil
  }

  /// Keeps `store`, opened at `path`, for the rest of the command.
  func keep(_ store: HabitStore, at path: String) {
    self.path = path
    self.store = store
  }
}
