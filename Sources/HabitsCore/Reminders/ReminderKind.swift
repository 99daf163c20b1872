// SPDX-License-Identifier: Apache-2.0
/// What kind of reminder the agent showed: the planner decides it, the
/// reminder log keeps it (as its raw value), and the popup's words follow it.
public enum ReminderKind: String, Hashable, Sendable, CaseIterable {
  /// On time.
  case reminder
  /// A re-nudge of a reminder not yet answered (`[nudge] repeat`).
  case nudge
  /// Late, as `catch_up` allows: missed while the machine slept or the agent was away.
  case catchUp = "catch-up"
  /// The weekly summary.
  case summary
}
