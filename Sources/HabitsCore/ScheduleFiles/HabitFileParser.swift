// SPDX-License-Identifier: Apache-2.0
import Recurrence
import TOMLKit

/// Turns one schedule file's text into a `Habit`, or into diagnostics.
package struct HabitFileParser {
  package static let keys = [
    "id", "title", "practice", "description", "when", "enabled", "start", "target", "goal",
    "prompts", "nudge", "streak", "summary_line", "together", "share_notes",
  ]
  package static let nudgeKeys = ["repeat", "until"]

  package let path: String
  package let text: String
  /// Whom the habits are kept with (`relationship` in `config.toml`): the
  /// habit offers only the prompts that suit it.
  package var relationship = Relationship.couple
  /// Their name (`partner` in `config.toml`), for `{partner}` in prompts.
  package var partner: String?

  package init(
    path: String, text: String, relationship: Relationship = .couple, partner: String? = nil
  ) {
    self.path = path
    self.text = text
    self.relationship = relationship
    self.partner = partner
  }

  package func parse() -> (Habit?, [Diagnostic]) {
    var document = TOMLDocument(path: path, text: text)
    guard let root = document.root else { return (nil, document.diagnostics) }
    document.checkKeys(root, allowed: Self.keys)

    let stem = String(path.split(separator: "/").last ?? "").replacingSuffix(".toml")
    var id = stem
    if let explicit = document.string(root, "id") { id = explicit }
    if !HabitID.isValid(id) {
      let rule =
        "habit id '\(InputEcho.visible(id))' must be ASCII letters, digits, '-' or '_' (at most 64), "
        + "starting with a letter or digit"
      if root["id"] == nil {
        // Taken from the file's name, which the person may well keep.
        document.report(nil, rule + " — rename the file, or give one with id = \"…\"")
      } else {
        document.report("id", rule)
      }
    }
    let title = document.string(root, "title") ?? stem
    if let problem = Self.titleProblem(title) { document.report("title", problem) }
    let start = document.date(root, "start")
    let enabled = document.bool(root, "enabled") ?? true
    let prompts = parsePrompts(root, &document)
    var schedule: Schedule?
    if let when = document.string(root, "when") {
      do {
        let anchor = start.map { LocalDateTime(date: $0) }
        let parsed = try Schedule.parse(when, start: anchor)
        if !parsed.canFire(in: .utc) {
          document.report("when", "'\(parsed.expression)' never fires: no date matches all of it")
        } else if start != nil, parsed.rules.contains(where: \.dependsOnStartTime) {
          // `start` is a date, so such a rule would fire at midnight.
          document.report(
            "when",
            HabitsError(
              "'\(parsed.expression)' does not say what time of day",
              hint: parsed.form == .rrule
                ? "add BYHOUR and BYMINUTE, e.g. ';BYHOUR=21;BYMINUTE=0'"
                : "add a time, e.g. '\(parsed.expression) at 9:00'"))
        } else {
          schedule = parsed
        }
      } catch {
        document.report("when", error, in: when)
      }
    } else if root["when"] == nil {
      document.report(
        nil, "missing key 'when': say when to be reminded, e.g. when = \"daily at 21:00\"")
    }
    var target: Target?
    if let text = document.string(root, "target") {
      target = Target(parsing: text)
      if target == nil {
        document.report(
          "target",
          "'target' must be like \"3/week\", \"10/month\" or \"2/3 days\""
            + " (at most 7 a week, 31 a month, or all D of D days), not '\(text)'"
        )
      }
    }
    var goal: Goal?
    if let text = document.string(root, "goal") {
      goal = Goal(parsing: text)
      if goal == nil {
        document.report(
          "goal",
          "'goal' must be an amount such as \"30 minutes\" or \"at most 60 minutes\", not '\(text)'"
        )
      }
    }
    var nudge: Nudge?
    if let value = root["nudge"] {
      if let table = value.table {
        nudge = parseNudge(table, &document)
      } else {
        document.report("nudge", "'nudge' must be a table: [nudge] with repeat and until")
      }
    }
    // Read before the check below, so that a wrong type here also keeps the habit out.
    let practice = document.string(root, "practice")
    let description = document.string(root, "description")
    for (key, text, noun) in [
      ("practice", practice, "a practice"), ("description", description, "a description"),
    ] {
      if let text, let problem = Self.controlProblem(text, in: "'\(key)'", noun) {
        document.report(key, problem)
      }
    }
    let showsStreak = document.bool(root, "streak") ?? true
    let summaryLine = parseSummaryLine(root, &document)
    let (together, sharesNotes) = parseTogether(root, &document)
    guard !document.hasErrors, let schedule, let prompts else {
      return (nil, document.diagnostics)
    }
    let habit = Habit(
      id: id, title: title, schedule: schedule, path: path, practice: practice,
      description: description, enabled: enabled, start: start, target: target, goal: goal,
      allPrompts: prompts, nudge: nudge, showsStreak: showsStreak, summaryLine: summaryLine,
      together: together, sharesNotes: sharesNotes
    ).offering(to: relationship, partner: partner)
    if !prompts.isEmpty && habit.prompts.isEmpty {
      let instead = description == nil ? "only the title" : "the description instead"
      document.report(
        "prompts",
        "no prompt here is for '\(relationship)' (the relationship in config.toml), so its"
          + " reminders show \(instead) — add one with for = \"\(relationship)\", or one without 'for'",
        severity: .warning)
    }
    return (habit, document.diagnostics)
  }

  /// How often `pattern` occurs in `text`, character by character and not
  /// overlapping, as `ranges(of:)` counts: that one looks up its searcher's
  /// generic types by name at run time, which took a twentieth of a
  /// `habits done` for a schedule with a summary line.
  static func occurrences(of pattern: String, in text: String) -> Int {
    let pattern = Array(pattern)
    let characters = Array(text)
    guard !pattern.isEmpty else { return 0 }
    var count = 0
    var index = 0
    while index + pattern.count <= characters.count {
      if characters[index..<index + pattern.count].elementsEqual(pattern) {
        count += 1
        index += pattern.count
      } else {
        index += 1
      }
    }
    return count
  }

  /// `together` ("shared" or "each") and `share_notes`, which means nothing
  /// without it.
  private func parseTogether(_ root: TOMLTable, _ document: inout TOMLDocument) -> (
    Together?, Bool
  ) {
    var together: Together?
    if let text = document.string(root, "together") {
      together = Together(rawValue: text)
      if together == nil {
        document.report(
          "together",
          "'together' must be \"shared\" (one record for the two of you) or \"each\""
            + " (each your own, both seen), not '\(text)'")
      }
    }
    let sharesNotes = document.bool(root, "share_notes") ?? false
    if sharesNotes && root["together"] == nil {
      document.report(
        "share_notes", "'share_notes' means nothing without 'together': it is left out",
        severity: .warning)
    }
    return (together, sharesNotes)
  }

  /// `summary_line`: a sentence with `{count}` once, where the number of days goes.
  private func parseSummaryLine(_ root: TOMLTable, _ document: inout TOMLDocument) -> String? {
    guard let text = document.string(root, "summary_line") else { return nil }
    guard Self.occurrences(of: WeekStory.countPlaceholder, in: text) == 1 else {
      document.report(
        "summary_line",
        "'summary_line' must hold {count} once, where the number of days goes,"
          + " e.g. \"You said thank you on {count} days\", not '\(text)'")
      return nil
    }
    guard !text.contains(where: \.isNewline) else {
      document.report("summary_line", "'summary_line' must be one line")
      return nil
    }
    if let problem = Self.controlProblem(text, in: "'summary_line'", "a summary line") {
      document.report("summary_line", problem)
      return nil
    }
    return text
  }

  private func parseNudge(_ table: TOMLTable, _ document: inout TOMLDocument) -> Nudge? {
    document.checkKeys(table, prefix: "nudge", allowed: Self.nudgeKeys)
    var every: Int?
    if let text = document.string(table, "repeat", prefix: "nudge") {
      if let seconds = DurationFormat.seconds(text), seconds >= 300 {
        every = seconds
      } else if DurationFormat.seconds(text) == nil {
        document.report(
          "nudge.repeat", "'repeat' must be \(DurationFormat.expectedForm), not '\(text)'")
      } else {
        document.report("nudge.repeat", "'repeat' must be at least 5m, not '\(text)'")
      }
    } else if table["repeat"] == nil {
      document.report(
        "nudge", "[nudge] needs 'repeat', e.g. repeat = \"30m\"", atValue: false)
    }
    var until: TimeOfDay?
    if let text = document.string(table, "until", prefix: "nudge") {
      until = TimeOfDay(parsing: text)
      if until == nil {
        document.report("nudge.until", "'until' must be a time such as \"23:00\", not '\(text)'")
      }
    }
    guard let every else { return nil }
    return Nudge(repeatEvery: every, until: until)
  }
}

extension String {
  func replacingSuffix(_ suffix: String) -> String {
    hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
  }
}

extension HabitFileParser {
  /// What is wrong with `title`, or nil. Lists, the status bar and popups
  /// show a title as it is, its line breaks and tabs as spaces: it may not
  /// be empty, nor hold another control character, whose escape sequences
  /// a terminal would obey.
  static func titleProblem(_ title: String) -> String? {
    if title.trimmingWhitespace().isEmpty {
      return "'title' is empty; leave it out to use the file's name"
    }
    return controlProblem(title, in: "'title'", "a title")
  }

  /// What is wrong with `text`, a free text of the file (`subject` says
  /// which, `noun` what it is), or nil. A title, a practice, a description,
  /// a prompt and a summary line are shown as they are written: they may
  /// hold tabs and line breaks, but no other control character, whose
  /// escape sequences a terminal would obey.
  static func controlProblem(
    _ text: String, in subject: @autoclosure () -> String, _ noun: String
  ) -> String? {
    // In UTF-8 a control character is a byte below 0x20, 0x7F, or 0xC2
    // followed by 0x80–0x9F: most texts hold none of these bytes, and
    // `today` reads every prompt of every file.
    let mayHold: (UInt8) -> Bool = { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }
    guard
      text.utf8.withContiguousStorageIfAvailable({ $0.contains(where: mayHold) })
        ?? text.utf8.contains(where: mayHold)
    else { return nil }
    guard
      let control = text.unicodeScalars.first(where: {
        $0.isControlCharacter && $0 != "\t" && $0 != "\n" && $0 != "\r"
      })
    else { return nil }
    let code = String(control.value, radix: 16, uppercase: true)
    let padded = String(repeating: "0", count: 4 - code.count) + code
    return "\(subject()) holds the control character U+\(padded); \(noun) is text"
  }
}
