// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// What one planning pass needs from the store: how far back to read each
/// kind of record. The planner decides it (`ReminderPlanner.needs(at:)`);
/// the store reads it in one transaction (`HabitStore.reminderSnapshot`).
public struct ReminderNeeds: Hashable, Sendable {
  /// The moment planned for; reminders fired after it do not count as fired.
  public var now: Instant
  /// Check-ins from this day on.
  public var checkInsSince: CivilDate
  /// Logged reminders due from this instant on.
  public var loggedSince: Instant
  /// Weekly summaries due from this instant on.
  public var summariesSince: Instant
  /// Whether to read the reminders logged but never shown, too.
  public var undelivered: Bool

  public init(
    now: Instant, checkInsSince: CivilDate, loggedSince: Instant, summariesSince: Instant,
    undelivered: Bool = false
  ) {
    self.now = now
    self.checkInsSince = checkInsSince
    self.loggedSince = loggedSince
    self.summariesSince = summariesSince
    self.undelivered = undelivered
  }
}
