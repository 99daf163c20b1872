// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// What `habits check` says of habits that load but would not remind as
/// their files suggest: quiet hours that hold every reminder past the end of
/// its day, so the habit never reminds at all; and `gather`, which keeps a
/// nudge that far from the popup before it, holding every nudge of a habit
/// past the end of its run, so the habit is never nudged.
///
/// `gather` alone never silences a habit: it brings a reminder forward into
/// the popup of another, never later, and so every reminder still comes.
/// Its nudges can be lost, though, and a `[nudge]` that never nudges is as
/// silent as quiet hours that swallow a reminder.
public enum ScheduleAdvice {
  /// How far ahead, and through how many reminders, a habit is looked at.
  static let horizonDays = 366
  static let maximumOccurrences = 2_000
  /// How far ahead the popups are worked out for nudges: twelve weeks hold
  /// every weekly pattern and a few of each monthly one.
  static let nudgeHorizonDays = 84

  /// A warning for each enabled habit whose every reminder in the coming
  /// year quiet hours push past the end of its day (the agent drops those),
  /// placed at the habit's `when`; and for each whose nudges would never
  /// come in the coming twelve weeks with no reminder answered, placed at
  /// its `[nudge]`.
  public static func warnings(
    for habits: [Habit], config: Config, zone: Zone, from now: Instant
  ) -> [Diagnostic] {
    quietHoursWarnings(for: habits, config: config, zone: zone, from: now)
      + nudgeWarnings(for: habits, config: config, zone: zone, from: now)
  }

  /// A warning for each enabled habit with a `[nudge]` none of whose nudges
  /// would come in the coming twelve weeks if no reminder were answered:
  /// each falls within `gather` after another popup (its own reminder's, or
  /// another habit's), and waiting until `gather` has passed takes it past
  /// its `until`, its next reminder or the end of its day.
  static func nudgeWarnings(
    for habits: [Habit], config: Config, zone: Zone, from now: Instant
  ) -> [Diagnostic] {
    guard let gather = config.gather,
      habits.contains(where: { $0.enabled && $0.nudge != nil })
    else { return [] }
    let clock = DayClock(zone: zone, config: config)
    let start = clock.start(of: clock.day(of: now))
    let timeline = ReminderTimeline(
      habits: habits, config: config, zone: zone, from: start,
      to: clock.start(of: clock.day(of: now).adding(days: nudgeHorizonDays)))
    var nudged = Set<String>()
    for popup in timeline.popups { nudged.formUnion(popup.nudges) }
    var warnings: [Diagnostic] = []
    for habit in habits where habit.enabled && habit.nudge != nil {
      guard (timeline.nudgesDue[habit.id] ?? 0) > 0, !nudged.contains(habit.id) else { continue }
      warnings.append(
        warning(
          in: habit.path,
          "every nudge of '\(habit.id)' falls within \(DurationFormat.text(gather)) (gather) after"
            + " another popup and, held back until then, would come past its until, its next"
            + " reminder or the end of its day, so it is never nudged — give its nudges more room,"
            + " or shorten gather in config.toml",
          at: ["nudge.repeat", "nudge", "when"]))
    }
    return warnings
  }

  /// A warning for each enabled habit whose every reminder in the coming
  /// year quiet hours push past the end of its day.
  static func quietHoursWarnings(
    for habits: [Habit], config: Config, zone: Zone, from now: Instant
  ) -> [Diagnostic] {
    guard let quiet = config.quietHours else { return [] }
    let clock = DayClock(zone: zone, config: config)
    let horizon = now.adding(seconds: horizonDays * 86_400)
    var warnings: [Diagnostic] = []
    for habit in habits where habit.enabled {
      var iterator = habit.schedule.occurrences(from: now, in: zone)
      var looked = 0
      var reminds = false
      while looked < maximumOccurrences, let due = iterator.next(), due < horizon {
        looked += 1
        if clock.day(of: quiet.release(of: due, in: zone)) <= clock.day(of: due) {
          reminds = true
          break
        }
      }
      guard looked > 0, !reminds else { continue }
      warnings.append(
        warning(
          in: habit.path,
          "quiet hours \(quiet) hold every reminder of '\(habit.id)' past the end of its day,"
            + " so it never reminds you — move its time out of them, or shorten them in config.toml"
        ))
    }
    return warnings
  }

  /// A warning at the first of `keys` (by default the `when`) in the
  /// schedule file at `path`.
  static func warning(in path: String, _ message: String, at keys: [String] = ["when"])
    -> Diagnostic
  {
    var line = 1
    var column = 1
    if let text = ScheduleLoader.read(path: path).0 {
      let map = SourceMap(text)
      if let location = keys.lazy.compactMap({ map.location(of: $0) }).first {
        line = location.line
        column = location.valueColumn
      }
    }
    return Diagnostic(path: path, line: line, column: column, severity: .warning, message: message)
  }
}
