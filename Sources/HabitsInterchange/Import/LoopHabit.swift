// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// One row of a Loop Habit Tracker export's `Habits.csv`.
public struct LoopHabit: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case yesNo
    case numeric(unit: String, kind: Goal.Kind, target: Double)
  }

  /// The `Position` column (`001`), which also names the habit's folder.
  public var position: Int
  public var name: String
  public var question: String
  public var description: String
  public var numerator: Int
  public var denominator: Int
  public var kind: Kind
  public var archived: Bool
  /// The line of `Habits.csv` it came from.
  public var line: Int

  public var isNumeric: Bool { kind != .yesNo }

  /// The columns every version of the export has, by their names in each:
  /// newer exports say `FrequencyNumerator`, older ones `NumRepetitions`.
  private static let required: [(names: [String], what: String)] = [
    (["Position"], "Position"),
    (["Name"], "Name"),
    (["FrequencyNumerator", "NumRepetitions"], "FrequencyNumerator"),
    (["FrequencyDenominator", "Interval"], "FrequencyDenominator"),
  ]

  /// The header of the newest export, for messages.
  static let header =
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
    + "Unit,Target Type,Target Value,Archived?"

  /// The habits of `Habits.csv`; `name` is the file as messages call it.
  public static func list(_ text: String, name: String) throws(HabitsError) -> [LoopHabit] {
    let records = try CSVReader.records(text, name: name)
    guard let head = records.first else {
      throw HabitsError(
        "\(name):1: the file is empty", hint: "a Loop export's Habits.csv starts '\(header)'")
    }
    var columns: [String: Int] = [:]
    for (index, field) in head.fields.enumerated() {
      columns[field.trimmingWhitespace().lowercased()] = index
    }
    func column(_ names: [String]) -> Int? {
      names.lazy.compactMap { columns[$0.lowercased()] }.first
    }
    for (names, what) in required where column(names) == nil {
      throw HabitsError(
        "\(name):\(head.line): not a Loop Habit Tracker habit list: no '\(what)' column",
        hint: "a Loop export's Habits.csv starts '\(header)'")
    }
    var habits: [LoopHabit] = []
    var positions: [Int: Int] = [:]
    for record in records.dropFirst() {
      let at = "\(name):\(record.line)"
      guard record.fields.count == head.fields.count else {
        throw HabitsError(
          "\(at): \(record.fields.count) fields where the header has \(head.fields.count)",
          hint: "quote fields that hold commas")
      }
      func field(_ names: [String]) -> String {
        column(names).map { record.fields[$0].trimmingWhitespace() } ?? ""
      }
      let habit = try LoopHabit(at: at, line: record.line, field: field)
      if let other = positions[habit.position] {
        throw HabitsError("\(at): position \(habit.position) is also that of line \(other)")
      }
      positions[habit.position] = record.line
      habits.append(habit)
    }
    return habits
  }

  private init(at: String, line: Int, field: ([String]) -> String) throws(HabitsError) {
    self.line = line
    let positionText = field(["Position"])
    guard let position = Int(positionText), position >= 0 else {
      throw HabitsError("\(at): position '\(positionText)' is not a number")
    }
    self.position = position
    name = field(["Name"])
    guard !name.isEmpty else { throw HabitsError("\(at): a habit with no name") }
    question = field(["Question"])
    description = field(["Description"])
    let numeratorText = field(["FrequencyNumerator", "NumRepetitions"])
    let denominatorText = field(["FrequencyDenominator", "Interval"])
    guard let numerator = Int(numeratorText), let denominator = Int(denominatorText),
      numerator >= 1, denominator >= 1
    else {
      throw HabitsError(
        "\(at): frequency '\(numeratorText)/\(denominatorText)' is not two whole numbers from 1 up")
    }
    guard numerator <= denominator else {
      throw HabitsError(
        "\(at): frequency \(numerator)/\(denominator) asks for more days than it has")
    }
    self.numerator = numerator
    self.denominator = denominator
    let archivedText = field(["Archived?", "Archived"]).lowercased()
    switch archivedText {
    case "", "false", "0", "no": archived = false
    case "true", "1", "yes": archived = true
    default: throw HabitsError("\(at): Archived? is '\(archivedText)', not true or false")
    }
    let type = field(["Type"]).uppercased()
    switch type {
    case "", "0", "YES_NO", "BOOLEAN":
      kind = .yesNo
    case "1", "NUMERICAL", "NUMERIC":
      let targetType = field(["Target Type", "TargetType"]).uppercased()
      let goalKind: Goal.Kind
      switch targetType {
      case "0", "AT_LEAST": goalKind = .atLeast
      case "1", "AT_MOST": goalKind = .atMost
      default:
        throw HabitsError("\(at): target type '\(targetType)' is not AT_LEAST (0) or AT_MOST (1)")
      }
      let valueText = field(["Target Value", "TargetValue"])
      guard let target = Double(valueText), target.isFinite else {
        throw HabitsError("\(at): target value '\(valueText)' is not a number")
      }
      guard target > 0, target < 1e9 else {
        throw HabitsError(
          "\(at): target value \(valueText) cannot be imported: habits needs an amount above 0 and below a billion",
          hint: "set a target above 0 in Loop and export again")
      }
      let unit = field(["Unit"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
      kind = .numeric(unit: unit, kind: goalKind, target: target)
    default:
      throw HabitsError("\(at): habit type '\(type)' is not YES_NO (0) or NUMERICAL (1)")
    }
  }
}
