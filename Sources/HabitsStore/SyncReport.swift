// SPDX-License-Identifier: Apache-2.0
import HabitsSync

/// What one pass over the sync folder did.
public struct SyncReport: Equatable, Sendable {
  /// Events this device wrote to its own file.
  public var written = 0
  /// Events read from the folder that were new here.
  public var merged = 0
  /// Habit-days replayed into check-ins.
  public var days = 0
  /// Lines and files that could not be used, in what was read this time.
  public var problems: [SyncProblem] = []

  public init() {}
}
