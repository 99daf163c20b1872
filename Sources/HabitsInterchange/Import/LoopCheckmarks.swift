// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// A habit's `Checkmarks.csv` in a Loop Habit Tracker export: `Date,Value,Notes`,
/// one row a day, newest first.
///
/// Values are words (`YES_MANUAL`, `YES_AUTO`, `NO`, `SKIP`, `UNKNOWN`) or,
/// in older exports, their numbers (2, 1, 0, 3 or -3, -1); a numeric habit's
/// amounts are whole thousandths (1500 is 1.5), and Loop writes the amounts
/// 0, 1 and 2 as `NO`, `YES_AUTO` and `YES_MANUAL`.
public enum LoopCheckmarks {
  /// What one row brings in.
  public enum Mark: Sendable, Equatable {
    /// Done; for a numeric habit, with its amount.
    case done(Double?)
    case skip
    /// Nothing of ours: not done, unknown, or Loop's own `YES_AUTO`.
    case nothing
  }

  public struct Row: Sendable, Equatable {
    public var day: CivilDate
    public var mark: Mark
    public var note: String?
    public var line: Int
  }

  /// The rows of the file `text` for `habit`; `name` is the file as messages call it.
  public static func rows(_ text: String, name: String, habit: LoopHabit) throws(HabitsError)
    -> [Row]
  {
    var records = try CSVReader.records(text, name: name)[...]
    // Older exports have no header: their first row starts with a date.
    var width: ClosedRange<Int> = 2...3
    if let first = records.first, CivilDate(iso: first.fields[0].trimmingWhitespace()) == nil {
      let names = first.fields.map { $0.trimmingWhitespace().lowercased() }
      guard names == ["date", "value", "notes"] || names == ["date", "value"] else {
        throw HabitsError(
          "\(name):\(first.line): not a Loop Habit Tracker checkmark list: "
            + "the header is '\(first.fields.joined(separator: ","))'",
          hint: "it should be 'Date,Value,Notes'")
      }
      width = names.count...names.count
      records = records.dropFirst()
    }
    var rows: [Row] = []
    var seen: [CivilDate: Int] = [:]
    for record in records {
      // Worded only for a message: most rows need none.
      func at() -> String { "\(name):\(record.line)" }
      guard width.contains(record.fields.count) else {
        throw HabitsError(
          "\(at()): \(record.fields.count) fields where Date,Value"
            + (width.upperBound == 3 ? ",Notes" : "") + " are expected",
          hint: "quote notes that hold commas")
      }
      let dateText = record.fields[0].trimmingWhitespace()
      guard let day = CivilDate(iso: dateText) else {
        throw HabitsError("\(at()): '\(dateText)' is not a date like 2026-11-20")
      }
      if let other = seen[day] {
        throw HabitsError("\(at()): \(dateText) is also on line \(other)")
      }
      seen[day] = record.line
      let valueText = record.fields[1].trimmingWhitespace()
      guard let mark = mark(valueText, habit: habit) else {
        throw HabitsError(
          "\(at()): unknown value '\(valueText)'",
          hint: habit.isNumeric
            ? "expected an amount in thousandths, SKIP or UNKNOWN"
            : "expected YES_MANUAL, YES_AUTO, NO, SKIP or UNKNOWN")
      }
      var note: String?
      if record.fields.count == 3 {
        let text = record.fields[2].trimmingWhitespace()
        note = text.isEmpty ? nil : text
      }
      rows.append(Row(day: day, mark: mark, note: note, line: record.line))
    }
    return rows
  }

  /// Loop's words for the values 0, 1 and 2.
  private static let words = ["NO": 0, "YES_AUTO": 1, "YES_MANUAL": 2]

  /// What `text` means for `habit`, or nil if it means nothing known.
  static func mark(_ text: String, habit: LoopHabit) -> Mark? {
    let word = text.uppercased()
    if word == "SKIP" { return .skip }
    if word == "UNKNOWN" { return .nothing }
    guard let number = words[word] ?? Int(text) else { return nil }
    switch habit.kind {
    case .yesNo:
      switch number {
      case 2: return .done(nil)
      case 3, -3: return .skip
      case 1, 0, -1: return .nothing
      default: return nil
      }
    case .numeric(_, let kind, _):
      // An at-most habit's 0 is a good day logged; an at-least one's is nothing done.
      if number > 0 || (number == 0 && kind == .atMost) {
        return .done(Double(number) / 1000)
      }
      return .nothing
    }
  }
}
