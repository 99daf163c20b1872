// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// What an import brings in, whatever it was read from: schedule files to
/// write and check-ins to record. Building one touches nothing; `habits import`
/// applies it in one go.
public struct ImportPlan: Sendable, Equatable {
  /// What was read, for messages: `Loop Habit Tracker export 'Loop.zip'`.
  public var source: String
  public var schedules: [ImportedSchedule]
  public var checkIns: [CheckIn]
  /// What a person should know about how the source was read: approximations,
  /// entries that have no equivalent. Shown with the summary.
  public var notes: [String]
  /// The text of a `config.toml` to write where there is none (a habits
  /// export's); nil for none.
  public var config: String?

  public init(
    source: String, schedules: [ImportedSchedule], checkIns: [CheckIn], notes: [String] = [],
    config: String? = nil
  ) {
    self.source = source
    self.schedules = schedules
    self.checkIns = checkIns
    self.notes = notes
    self.config = config
  }
}
