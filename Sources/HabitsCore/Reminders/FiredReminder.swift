// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// A reminder in the agent's log: written before it is shown, marked
/// delivered after, so that a restart neither shows it twice nor loses it.
public struct FiredReminder: Hashable, Sendable {
  /// nil for the weekly summary.
  public var habitID: String?
  /// The slot's identity: the instant it was due before any deferral.
  public var due: Instant
  public var firedAt: Instant
  public var kind: ReminderKind
  /// The day it was about; nil in rows logged before the day was kept.
  public var day: CivilDate?

  public init(
    habitID: String?, due: Instant, firedAt: Instant, kind: ReminderKind, day: CivilDate? = nil
  ) {
    self.habitID = habitID
    self.due = due
    self.firedAt = firedAt
    self.kind = kind
    self.day = day
  }
}
