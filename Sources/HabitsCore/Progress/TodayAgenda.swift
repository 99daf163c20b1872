// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// What today holds: each habit due today (or checked in today) and where it stands.
public struct TodayAgenda: Sendable {
  public struct Entry: Sendable {
    public var habit: Habit
    /// done, skipped or pending.
    public var state: HabitHistory.DayState
    /// Today's reminders.
    public var reminders: [Instant]
    public var value: Double?
    /// For a habit with a target: days done in the current period, and whether that meets it.
    public var periodDone: Int
    public var targetMet: Bool

    /// Today's first reminder, once `now` has reached it: the habit is due,
    /// not merely on for later today.
    public func dueSince(_ now: Instant) -> Instant? {
      reminders.first.flatMap { $0 <= now ? $0 : nil }
    }
  }

  public var today: CivilDate
  /// When today ends (the next day's `day_starts_at`).
  public var end: Instant
  public var entries: [Entry]

  /// Entries still to do: pending, with any period target not yet met.
  public var left: [Entry] { entries.filter { $0.state == .pending && !$0.targetMet } }

  /// The first instant after `now` at which the agenda, read at that
  /// instant, can differ without anything being written: a reminder's time
  /// coming (a habit falls due) or the day ending.
  public func nextChange(after now: Instant) -> Instant {
    let reminders = entries.flatMap(\.reminders).filter { $0 > now && $0 < end }
    return reminders.min() ?? end
  }

  public init(habits: [Habit], checkIns: [String: [CheckIn]], clock: DayClock, now: Instant) {
    let today = clock.day(of: now)
    self.today = today
    let start = clock.start(of: today)
    let end = clock.start(of: today.adding(days: 1))
    self.end = end
    var entries: [Entry] = []
    for habit in habits {
      let history = HabitHistory(
        habit: habit, checkIns: checkIns[habit.id] ?? [], clock: clock, today: today)
      var reminders: [Instant] = []
      if habit.enabled {
        var iterator = habit.schedule.occurrences(from: start, in: clock.zone)
        while let at = iterator.next(), at < end { reminders.append(at) }
      }
      let checkIn = history.checkIn(on: today)
      guard !reminders.isEmpty || checkIn != nil else { continue }
      var periodDone = 0
      var met = false
      if let target = habit.target {
        periodDone = history.doneCount(
          inPeriodFrom: history.periodStart(today, target.period), target.period)
        met = periodDone >= target.count
      }
      entries.append(
        Entry(
          habit: habit, state: history.state(of: today, isDue: true), reminders: reminders,
          value: checkIn?.value, periodDone: periodDone, targetMet: met))
    }
    self.entries = entries
  }
}
