// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// A schedule file an import would write: `<habitID>.toml` and its text.
public struct ImportedSchedule: Sendable, Equatable {
  public var habitID: String
  /// The file's TOML text, valid for `ScheduleLoader`.
  public var text: String

  public init(habitID: String, text: String) {
    self.habitID = habitID
    self.text = text
  }

  public var fileName: String { habitID + ".toml" }
}
