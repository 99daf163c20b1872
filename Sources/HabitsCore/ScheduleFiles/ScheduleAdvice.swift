import Recurrence

/// What `habits check` says of habits that load but would not remind as
/// their files suggest: quiet hours that hold every reminder past the end of
/// its day, so the habit never reminds at all.
public enum ScheduleAdvice {
  /// How far ahead, and through how many reminders, a habit is looked at.
  static let horizonDays = 366
  static let maximumOccurrences = 2_000

  /// A warning for each enabled habit whose every reminder in the coming
  /// year quiet hours push past the end of its day (the agent drops those),
  /// placed at the habit's `when`.
  public static func warnings(
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

  /// A warning at the `when` of the schedule file at `path`.
  static func warning(in path: String, _ message: String) -> Diagnostic {
    var line = 1
    var column = 1
    if let text = ScheduleLoader.read(path: path).0,
      let location = SourceMap(text).location(of: "when")
    {
      line = location.line
      column = location.valueColumn
    }
    return Diagnostic(path: path, line: line, column: column, severity: .warning, message: message)
  }
}
