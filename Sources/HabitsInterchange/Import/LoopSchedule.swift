// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// The schedule file a Loop Habit Tracker habit becomes.
///
/// Loop's frequency is "N times in D days". Ours says it so that the
/// strength (Loop's score) uses the same N/D:
/// - 1/1 (and N/N, as Loop stores it) → `daily`
/// - N/7 → `target = "N/week"`
/// - N/30 and N/31 → `target = "N/month"` (scored as N/30)
/// - 1/D → `every D days`
/// - any other N/D → `target = "N/D days"`
///
/// Loop's export holds no reminder times, so every habit is reminded at
/// `reminderTime`, which the file says in a comment.
enum LoopSchedule {
  static let reminderTime = "9:00"

  /// The `when` and `target` of a frequency of `numerator` times in `denominator` days.
  static func frequency(_ numerator: Int, _ denominator: Int) -> (when: String, target: Target?)? {
    let daily = "daily at \(reminderTime)"
    if numerator == denominator { return (daily, nil) }
    if denominator == 7 { return (daily, Target(count: numerator, period: .week)) }
    if denominator == 30 || denominator == 31 {
      return (daily, Target(count: numerator, period: .month))
    }
    if numerator == 1 && denominator <= 1000 {
      return ("every \(denominator) days at \(reminderTime)", nil)
    }
    if denominator <= Target.maximumDays {
      return (daily, Target(count: numerator, period: .days(denominator)))
    }
    return nil
  }

  /// The TOML text for `habit` as `id`, starting on `start`; `at` names
  /// `Habits.csv` in messages.
  static func text(_ habit: LoopHabit, id: String, start: CivilDate, at: String)
    throws(HabitsError) -> String
  {
    let place = "\(at):\(habit.line)"
    guard let (when, target) = frequency(habit.numerator, habit.denominator) else {
      throw HabitsError(
        "\(place): frequency \(habit.numerator)/\(habit.denominator) cannot be imported",
        hint: "habits counts targets over at most \(Target.maximumDays) days")
    }
    var lines = [
      "# Imported from Loop Habit Tracker (habit \(habit.position), '\(commentSafe(habit.name))').",
      "# Loop's export has no reminder times: \(reminderTime) is a placeholder, change it to suit.",
    ]
    // A title holds no control characters (`HabitFileParser.titleProblem`);
    // one with nothing left is left out, and the file's name stands for it.
    let title = oneLine(habit.name).unicodeScalars.filter { !$0.isControlCharacter }
    if !String(String.UnicodeScalarView(title)).trimmingWhitespace().isEmpty {
      lines.append("title = \(TOMLQuoting.quoted(String(String.UnicodeScalarView(title))))")
    }
    var about = [habit.question, habit.description].map(describing).filter { !$0.isEmpty }
    if about.count == 2 && about[0] == about[1] { about.removeLast() }
    if !about.isEmpty {
      lines.append("description = \(TOMLQuoting.quoted(about.joined(separator: " — ")))")
    }
    lines.append("when = \(TOMLQuoting.quoted(when))")
    if let target { lines.append("target = \(TOMLQuoting.quoted(target.description))") }
    if case .numeric(let unit, let kind, let amount) = habit.kind {
      // Loop's target is per D days and ours per due day: N of them fall in D days.
      let goal = Goal(kind: kind, amount: amount / Double(habit.numerator), unit: unit)
      let text = kind == .atLeast ? "at least \(goal)" : goal.description
      lines.append("goal = \(TOMLQuoting.quoted(text))")
    }
    lines.append("start = \(start)")
    if habit.archived {
      lines.append("# Archived in Loop.")
      lines.append("enabled = false")
    }
    let text = lines.joined(separator: "\n") + "\n"
    // A file that would not load must never be written.
    let (parsed, diagnostics) = HabitFileParser(path: id + ".toml", text: text).parse()
    guard parsed != nil, diagnostics.isEmpty else {
      let problem = diagnostics.first?.message ?? "it does not load"
      throw HabitsError("\(place): the habit's schedule file would not load: \(problem)")
    }
    return text
  }

  /// `text` on one line: each line break, with the spaces around it, as one space.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }
      .filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// `text` on one line, for a description, which holds no control
  /// characters but tabs (`HabitFileParser.controlProblem`).
  static func describing(_ text: String) -> String {
    let kept = oneLine(text).unicodeScalars.filter { !$0.isControlCharacter || $0 == "\t" }
    return String(String.UnicodeScalarView(kept)).trimmingWhitespace()
  }

  /// `text` on one line without the control characters a TOML comment
  /// cannot hold: the ASCII ones (C1 it can).
  static func commentSafe(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        oneLine(text).unicodeScalars.filter { !($0.isControlCharacter && $0.isASCII) })
    )
  }
}
