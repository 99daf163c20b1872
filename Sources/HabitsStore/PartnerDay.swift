// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsSync
import Recurrence

/// Where the partner stands on one day of a habit kept together: for an
/// `each` habit, their own record; for a `shared` one, the couple's record
/// when the partner was the last to change it.
public struct PartnerDay: Hashable, Sendable {
  public var habitID: String
  public var kept: Together
  /// The partner's state: `.open` when they have done nothing that day (or,
  /// for a shared habit, when you changed it last).
  public var state: DayState
  /// When they last changed it, by their stamp.
  public var at: Instant?
  /// Their current streak, for a habit each keeps, when it is counted.
  public var streak: Int?

  public init(habitID: String, kept: Together, state: DayState, at: Instant?) {
    self.habitID = habitID
    self.kept = kept
    self.state = state
    self.at = at
  }
}
