// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One moment a habit may pop up: a reminder at its time, or one of its
/// nudges, moved by quiet hours. The agent's planner and `habits check`'s
/// timeline both start from these.
package struct ReminderSlot: Sendable {
  package var due: Instant
  /// When it may show: `due`, or the end of the quiet hours it falls in.
  package var at: Instant
  /// The day it is about.
  package var day: CivilDate
  package var isNudge: Bool
  /// The end of a snooze: asked for, so it comes even when its day is over.
  package var isSnooze = false
  /// For a nudge, the instant its run of nudges ends (its `until`, the
  /// habit's next reminder or the end of its day): waiting for `gather`
  /// may not take it there.
  package var limit: Instant?

  package init(
    due: Instant, at: Instant, day: CivilDate, isNudge: Bool, isSnooze: Bool = false,
    limit: Instant? = nil
  ) {
    self.due = due
    self.at = at
    self.day = day
    self.isNudge = isNudge
    self.isSnooze = isSnooze
    self.limit = limit
  }

  /// `habit`'s reminders due from `start` to `end`, each followed by its
  /// nudges (every `repeat` until the nudge's `until`, the next reminder or
  /// the end of the day), in the order of their due instants; `quiet` moves
  /// an instant out of quiet hours. A slot quiet hours push past the end of
  /// its day is left out: that day is over.
  package static func slots(
    of habit: Habit, clock: DayClock, quiet: (Instant) -> Instant, from start: Instant,
    to end: Instant
  ) -> [ReminderSlot] {
    let zone = clock.zone
    var occurrences: [Instant] = []
    var iterator = habit.schedule.occurrences(from: start, in: zone)
    while let due = iterator.next(), due < end { occurrences.append(due) }
    var slots: [ReminderSlot] = []
    for (index, due) in occurrences.enumerated() {
      let day = clock.day(of: due)
      slots.append(ReminderSlot(due: due, at: quiet(due), day: day, isNudge: false))
      guard let nudge = habit.nudge else { continue }
      var limit = clock.start(of: day.adding(days: 1))
      if let until = nudge.until {
        var local = LocalDateTime(date: day, hour: until.hour, minute: until.minute)
        if until < clock.dayStartsAt { local.date = day.adding(days: 1) }
        limit = min(limit, zone.instant(for: local).adding(seconds: 1))
      }
      if index + 1 < occurrences.count { limit = min(limit, occurrences[index + 1]) }
      var at = due.adding(seconds: nudge.repeatEvery)
      while at < limit {
        slots.append(
          ReminderSlot(due: at, at: quiet(at), day: day, isNudge: true, limit: limit))
        at = at.adding(seconds: nudge.repeatEvery)
      }
    }
    return slots.filter { clock.day(of: $0.at) <= $0.day }
  }
}
