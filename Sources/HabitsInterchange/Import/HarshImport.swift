// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Reads harsh's two files (https://github.com/wakatara/harsh) into an
/// `ImportPlan`.
///
/// `habits` has a line a habit, `Name: frequency` (see `HarshFrequency`),
/// with `# comments` and `! Heading` lines; `log` has a line an answer,
/// `YYYY-MM-DD : Name : y|n|s : comment : amount` (comment and amount
/// optional). `y` becomes a check-in (the amount its value, the comment its
/// note), `s` a skip, and `n` nothing, since a day without a check-in is
/// already a day not done. As in harsh, a later answer for the same habit and
/// day replaces an earlier one.
///
/// Names become ids (`Called Mom` → `called-mom`) and stay the titles; a
/// habit's heading becomes its `practice`. Names only in the log keep their
/// check-ins, without a schedule file. A malformed line is refused as
/// `path:line: message`.
public enum HarshImport {
  /// Reads the files; either may be nil when only the other is there.
  public static func plan(habitsPath: String?, logPath: String?, now: Instant) throws(HabitsError)
    -> ImportPlan
  {
    var habits: (String, String)?
    if let habitsPath { habits = (habitsPath, try ImportFile.read(habitsPath)) }
    var log: (String, String)?
    if let logPath { log = (logPath, try ImportFile.read(logPath)) }
    return try plan(habits: habits, log: log, now: now)
  }

  /// Reads the files' texts; `path`s are for messages.
  public static func plan(
    habits: (path: String, text: String)?, log: (path: String, text: String)?, now: Instant
  ) throws(HabitsError) -> ImportPlan {
    var notes: [String] = []
    var listed: [ListedHabit] = []
    if let habits { listed = try parseHabits(habits.text, path: habits.path, notes: &notes) }
    var answers: [Answer] = []
    if let log { answers = try parseLog(log.text, path: log.path) }

    var ids: [String: String] = [:]
    var taken: Set<String> = []
    func id(for name: String) -> String {
      if let id = ids[name] { return id }
      let id = HabitID.slug(name, taken: taken)
      taken.insert(id)
      ids[name] = id
      return id
    }
    // Each habit starts on its first day in the log, so that blocks of days
    // (`target = "2/3 days"`) line up with the history rather than with 1970.
    var firstDay: [String: CivilDate] = [:]
    for answer in answers where firstDay[answer.name].map({ answer.day < $0 }) ?? true {
      firstDay[answer.name] = answer.day
    }
    var schedules: [ImportedSchedule] = []
    for habit in listed {
      let id = id(for: habit.name)
      let mapping = habit.frequency.mapping
      if let approximation = mapping.approximation {
        notes.append(
          "\(id) ('\(printable(habit.name)): \(printable(habit.frequencyText))'): \(approximation)")
      }
      if habit.name.unicodeScalars.contains(where: isForbidden) {
        notes.append("\(id): its title is written without the control characters of its name")
      }
      if let heading = habit.heading, heading.unicodeScalars.contains(where: isForbidden) {
        notes.append("\(id): its practice is written without the control characters of its heading")
      }
      schedules.append(
        ImportedSchedule(
          habitID: id,
          text: scheduleText(habit, mapping: mapping, start: firstDay[habit.name])))
    }

    // The last answer for a habit and day counts, as in harsh.
    var latest: [Key: Answer] = [:]
    var order: [Key] = []
    var replaced = 0
    for answer in answers {
      let key = Key(name: answer.name, day: answer.day)
      if latest.updateValue(answer, forKey: key) == nil {
        order.append(key)
      } else {
        replaced += 1
      }
    }
    let listedNames = Set(listed.map(\.name))
    var unlisted: [String: Int] = [:]
    var notDone = 0
    var droppedAmounts = 0
    var checkIns: [CheckIn] = []
    for key in order {
      guard let answer = latest[key] else { continue }
      let habitID = id(for: answer.name)
      switch answer.outcome {
      case .notDone:
        notDone += 1
        continue
      case .done:
        checkIns.append(
          CheckIn(
            habitID: habitID, day: answer.day, kind: .done, value: answer.amount,
            note: answer.comment, recordedAt: now))
      case .skip:
        if answer.amount != nil { droppedAmounts += 1 }
        checkIns.append(
          CheckIn(
            habitID: habitID, day: answer.day, kind: .skip, note: answer.comment, recordedAt: now))
      }
      if !listedNames.contains(answer.name) { unlisted[answer.name, default: 0] += 1 }
    }
    checkIns.sort { $0.day != $1.day ? $0.day < $1.day : $0.habitID < $1.habitID }

    for (name, count) in unlisted.sorted(by: { $0.key < $1.key }) {
      notes.append(
        "'\(printable(name))' is in the log but not the habits file: \(count == 1 ? "its check-in is" : "its \(count) check-ins are") imported as '\(id(for: name))', without a schedule file"
      )
    }
    if notDone > 0 {
      notes.append(
        "\(notDone) 'n' answer\(notDone == 1 ? " (not done) brings" : "s (not done) bring") no check-in: a day without one counts as not done"
      )
    }
    if replaced > 0 {
      notes.append(
        "\(replaced) answer\(replaced == 1 ? " was" : "s were") given again later in the log; the last one counts, as in harsh"
      )
    }
    if droppedAmounts > 0 {
      notes.append(
        "\(droppedAmounts) skipped day\(droppedAmounts == 1 ? "" : "s") had an amount, left out")
    }
    let files = [habits?.path, log?.path].compactMap { $0 }.map { "'\($0)'" }
    return ImportPlan(
      source: "harsh \(files.joined(separator: " and "))", schedules: schedules,
      checkIns: checkIns, notes: notes)
  }

  // MARK: The habits file

  struct ListedHabit {
    var name: String
    var heading: String?
    var frequencyText: String
    var frequency: HarshFrequency
  }

  static func parseHabits(_ text: String, path: String, notes: inout [String]) throws(HabitsError)
    -> [ListedHabit]
  {
    var habits: [ListedHabit] = []
    var heading: String?
    var listedOn: [String: Int] = [:]
    for (index, raw) in lines(text).enumerated() {
      let number = index + 1
      let line = raw.trimmingWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("!") {
        let name = line.dropFirst().trimmingWhitespace()
        heading = name.isEmpty ? nil : name
        continue
      }
      guard let colon = line.firstRange(of: ": ") else {
        throw HabitsError(
          "\(path):\(number): expected 'Name: frequency', not '\(printable(line))'",
          hint: "e.g. 'Meditated: 1' or 'Gym: 3/7'; comments start with '#', headings with '!'")
      }
      let name = line[..<colon.lowerBound].trimmingWhitespace()
      let frequencyText = line[colon.upperBound...].trimmingWhitespace()
      guard !name.isEmpty else {
        throw HabitsError("\(path):\(number): the habit has no name before the ':'")
      }
      guard !frequencyText.isEmpty else {
        throw HabitsError(
          "\(path):\(number): '\(printable(name))' has no frequency after the ':'",
          hint: "e.g. '\(printable(name)): 1' for daily")
      }
      let frequency: HarshFrequency
      do {
        frequency = try HarshFrequency(parsing: frequencyText)
      } catch {
        throw HabitsError("\(path):\(number): \(error.message)", hint: error.hint)
      }
      if let first = listedOn[name] {
        notes.append(
          "'\(printable(name))' is listed twice (lines \(first) and \(number)); the first counts")
        continue
      }
      listedOn[name] = number
      habits.append(
        ListedHabit(
          name: name, heading: heading, frequencyText: frequencyText, frequency: frequency))
    }
    return habits
  }

  static func scheduleText(
    _ habit: ListedHabit, mapping: HarshFrequency.Mapping, start: CivilDate? = nil
  ) -> String {
    var text =
      "# Imported from harsh: \(TOMLQuoting.quoted("\(habit.name): \(habit.frequencyText)")).\n"
    if let approximation = mapping.approximation {
      text += "# \(printable(approximation, limit: nil)).\n"
    }
    // A title and a practice hold no control characters
    // (`HabitFileParser.titleProblem`); the log still names the habit as harsh does.
    let title = shown(habit.name)
    if !title.isEmpty { text += "title = \(TOMLQuoting.quoted(title))\n" }
    if let practice = habit.heading.map(shown), !practice.isEmpty {
      text += "practice = \(TOMLQuoting.quoted(practice))\n"
    }
    text += "when = \(TOMLQuoting.quoted(mapping.when))\n"
    if let target = mapping.target { text += "target = \(TOMLQuoting.quoted(target))\n" }
    if let start { text += "start = \(start)\n" }
    text += "enabled = \(mapping.enabled)\n"
    return text
  }

  // MARK: The log

  enum Outcome {
    case done, notDone, skip
  }

  struct Answer {
    var day: CivilDate
    var name: String
    var outcome: Outcome
    var comment: String?
    var amount: Double?
  }

  private struct Key: Hashable {
    var name: String
    var day: CivilDate
  }

  static let logForm = "YYYY-MM-DD : Name : y|n|s : comment : amount"

  static func parseLog(_ text: String, path: String) throws(HabitsError) -> [Answer] {
    var answers: [Answer] = []
    for (index, raw) in lines(text).enumerated() {
      let number = index + 1
      let line = raw
      if line.trimmingWhitespace().isEmpty || line.hasPrefix("#") { continue }
      func problem(_ message: String) -> HabitsError {
        HabitsError("\(path):\(number): \(message)", hint: "log lines are '\(logForm)'")
      }
      let fields = line.split(separator: " : ", omittingEmptySubsequences: false)
        .map { $0.trimmingWhitespace() }
      guard (3...5).contains(fields.count) else {
        throw problem(
          fields.count < 3
            ? "expected at least a date, a name and y, n or s, separated by ' : '"
            : "too many ' : ' separators (\(fields.count) fields, at most 5)")
      }
      guard let day = CivilDate(iso: fields[0]) else {
        throw problem("'\(printable(fields[0]))' is not a date YYYY-MM-DD")
      }
      guard !fields[1].isEmpty else { throw problem("the habit's name is empty") }
      let outcome: Outcome
      switch fields[2] {
      case "y", "Y": outcome = .done
      case "n", "N": outcome = .notDone
      case "s", "S": outcome = .skip
      default: throw problem("'\(printable(fields[2]))' must be y, n or s")
      }
      var comment: String?
      if fields.count > 3, !fields[3].isEmpty {
        guard fields[3].unicodeScalars.count <= CheckIn.maximumNote,
          !fields[3].unicodeScalars.contains("\0")
        else { throw problem("the comment is too long or contains a NUL character") }
        comment = fields[3]
      }
      var amount: Double?
      if fields.count > 4, !fields[4].isEmpty {
        guard let value = Double(fields[4]), value.isFinite, value >= 0,
          value < ImportPlan.maximumValue
        else {
          throw problem("the amount '\(printable(fields[4]))' must be a number from 0 up to 1e12")
        }
        // harsh writes 0 when no amount was given.
        amount = value == 0 ? nil : value
      }
      answers.append(
        Answer(day: day, name: fields[1], outcome: outcome, comment: comment, amount: amount))
    }
    return answers
  }

  // MARK: Text

  /// The lines of `text`, ended by LF or CRLF.
  static func lines(_ text: String) -> [Substring] {
    // "\r\n" is one Character, so splitting on "\n" alone would miss it.
    text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
  }

  /// `text` without the control characters a title or a practice may not
  /// hold (`HabitFileParser.controlProblem`: all but tabs and line breaks).
  static func shown(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { !isForbidden($0) }))
      .trimmingWhitespace()
  }

  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isControlCharacter && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }

  /// `text` without control characters and, for messages, cut short.
  static func printable(_ text: String, limit: Int? = 80) -> String {
    let clean = text.withoutControlCharacters
    guard let limit, clean.count > limit else { return clean }
    return String(clean.prefix(limit)) + "…"
  }
}
