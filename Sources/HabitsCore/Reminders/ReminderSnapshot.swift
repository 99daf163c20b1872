// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// What the store holds that bears on reminders, read in one transaction
/// for one planning pass: the planner decides from this alone.
public struct ReminderSnapshot: Sendable {
  /// Recent check-ins by habit (from `ReminderNeeds.checkInsSince` on).
  public var checkIns: [String: [CheckIn]]
  /// Snoozes by habit: until when, and when they were made.
  public var snoozes: [String: (until: Instant, recordedAt: Instant)]
  /// Reminders already logged (fired or about to be), as habit id ("" for the summary) and due instant.
  public var logged: Set<LoggedKey>
  /// When each habit ("" for the summary) was last reminded, by the log's
  /// `fired_at`, not after now: a clock set back must not hide what is due again.
  public var lastFired: [String: Instant]
  /// When each habit ("" for the summary) was first reminded after now:
  /// only a clock set back leaves such a firing. Within its day it still
  /// counts, so that what was given is not given again.
  public var firedAhead: [String: Instant]
  /// The latest due instant of each habit's reminders brought forward into
  /// an earlier popup (fired before their time, not after now): such a
  /// reminder stands for its time, so that travel east, which brings that
  /// time of day sooner, does not give it again.
  public var broughtForward: [String: Instant]
  /// The day a button's snooze was about (a 23:50 reminder snoozed past
  /// midnight is still about its own day); a snooze from the command line
  /// is about the day it was made.
  public var snoozedDays: [String: CivilDate]
  /// The days of the weekly summaries of the last two weeks or so: one a
  /// week, even when travel west brings the summary's local time round again.
  public var summaryDays: [CivilDate]
  /// Reminders logged but never shown (the agent stopped in between),
  /// oldest first; read only when `ReminderNeeds.undelivered` asks.
  public var undelivered: [FiredReminder]

  public init(
    checkIns: [String: [CheckIn]] = [:],
    snoozes: [String: (until: Instant, recordedAt: Instant)] = [:], logged: Set<LoggedKey> = [],
    lastFired: [String: Instant] = [:], snoozedDays: [String: CivilDate] = [:],
    summaryDays: [CivilDate] = [], undelivered: [FiredReminder] = [],
    broughtForward: [String: Instant] = [:], firedAhead: [String: Instant] = [:]
  ) {
    self.checkIns = checkIns
    self.snoozes = snoozes
    self.logged = logged
    self.lastFired = lastFired
    self.firedAhead = firedAhead
    self.broughtForward = broughtForward
    self.snoozedDays = snoozedDays
    self.summaryDays = summaryDays
    self.undelivered = undelivered
  }

  /// A logged reminder's identity: its habit ("" for the summary) and due instant.
  public struct LoggedKey: Hashable, Sendable {
    public var habitID: String
    public var due: Instant

    public init(habitID: String?, due: Instant) {
      self.habitID = habitID ?? ""
      self.due = due
    }
  }
}
