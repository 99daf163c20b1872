// SPDX-License-Identifier: Apache-2.0
/// Reads five-field cron lines (`30 7 * * mon-fri`) into recurrence rules.
///
/// As in cron, when both day-of-month and day-of-week are restricted (neither
/// starts with `*`), a day matching either one fires; that becomes two rules.
public enum CronParser {
  private static let macros = [
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
  ]
  private static let monthNames = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]
  private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

  /// Whether `text` reads as cron rather than words: five fields of cron
  /// characters, or an `@` macro.
  static func looksLikeCron(_ text: String) -> Bool {
    if text.hasPrefix("@") { return true }
    let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard fields.count == 5, let first = fields[0].first else { return false }
    return first.isNumber || first == "*"
  }

  private struct Field {
    let name: String
    let range: ClosedRange<Int>
    let names: [String]
    /// What the first name stands for (0 for weekdays, 1 for months).
    let nameBase: Int
  }

  private static let fields = [
    Field(name: "minute", range: 0...59, names: [], nameBase: 0),
    Field(name: "hour", range: 0...23, names: [], nameBase: 0),
    Field(name: "day of month", range: 1...31, names: [], nameBase: 0),
    Field(name: "month", range: 1...12, names: monthNames, nameBase: 1),
    Field(name: "day of week", range: 0...7, names: dayNames, nameBase: 0),
  ]

  public static func parse(_ text: String, anchor: CivilDate) throws(RecurrenceError)
    -> [RecurrenceRule]
  {
    var line = text
    if text.hasPrefix("@") {
      guard let expansion = macros[text.lowercased()] else {
        throw RecurrenceError(
          "unknown cron macro '\(text)'", hint: Suggestion.hint(for: text, in: macros.keys),
          offset: 0)
      }
      line = expansion
    }
    var values: [[Int]] = []
    var stars: [Bool] = []
    var offset = 0
    let characters = Array(line)
    var index = 0
    for field in fields {
      while index < characters.count && (characters[index] == " " || characters[index] == "\t") {
        index += 1
      }
      offset = index
      while index < characters.count && characters[index] != " " && characters[index] != "\t" {
        index += 1
      }
      let token = String(characters[offset..<index])
      values.append(try parseField(token, field, at: text.hasPrefix("@") ? 0 : offset))
      stars.append(token.hasPrefix("*"))
    }
    let minutes = values[0]
    let hours = values[1]
    let months = values[3].count == 12 ? [] : values[3]
    let weekdays = Set(values[4].map { ($0 + 6) % 7 }).sorted().map { Weekday.allCases[$0] }
    var base = RecurrenceRule(frequency: .daily, start: LocalDateTime(date: anchor))
    base.byHour = hours
    base.byMinute = minutes
    base.byMonth = months
    var byMonthDay = base
    byMonthDay.byMonthDay = values[2]
    var byWeekday = base
    byWeekday.byDay = weekdays.map { .init($0) }
    switch (stars[2], stars[4]) {
    case (true, true):
      // "*/2" in one field with "*" in the other still restricts by the first.
      var rule = base
      if values[2].count != 31 { rule.byMonthDay = values[2] }
      if weekdays.count != 7 { rule.byDay = weekdays.map { .init($0) } }
      return [rule]
    case (false, true):
      if weekdays.count != 7 {
        var rule = byMonthDay
        rule.byDay = weekdays.map { .init($0) }
        return [rule]
      }
      return [byMonthDay]
    case (true, false):
      if values[2].count != 31 {
        var rule = byWeekday
        rule.byMonthDay = values[2]
        return [rule]
      }
      return [byWeekday]
    case (false, false):
      return [byMonthDay, byWeekday]
    }
  }

  private static func parseField(_ token: String, _ field: Field, at offset: Int)
    throws(RecurrenceError) -> [Int]
  {
    guard !token.isEmpty else {
      throw RecurrenceError(
        "cron needs five fields: minute hour day-of-month month day-of-week",
        hint: "e.g. '0 21 * * *' for 21:00 every day", offset: offset)
    }
    var result = Set<Int>()
    var itemOffset = offset
    for item in token.split(separator: ",", omittingEmptySubsequences: false) {
      defer { itemOffset += item.count + 1 }
      let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
      guard pieces.count <= 2 else {
        throw RecurrenceError("'\(item)' has more than one '/'", offset: itemOffset)
      }
      var step = 1
      if pieces.count == 2 {
        guard let s = Int(pieces[1]), s >= 1, s <= field.range.upperBound + 1 else {
          throw RecurrenceError(
            "the step in '\(item)' must be a whole number from 1 to \(field.range.upperBound + 1)",
            offset: itemOffset + pieces[0].count + 1)
        }
        step = s
      }
      let span = pieces[0]
      var low: Int
      var high: Int
      if span == "*" {
        low = field.range.lowerBound
        high = field.name == "day of week" ? 6 : field.range.upperBound
      } else {
        let ends = span.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2 else {
          throw RecurrenceError("'\(span)' is not a value or a range", offset: itemOffset)
        }
        low = try value(ends[0], field, at: itemOffset)
        if ends.count == 2 {
          high = try value(ends[1], field, at: itemOffset + ends[0].count + 1)
          if field.name == "day of week" && high == 0 && low > 0 { high = 7 }
          guard low <= high else {
            throw RecurrenceError(
              "the range '\(span)' runs backwards", hint: "write the smaller end first",
              offset: itemOffset)
          }
        } else {
          high =
            pieces.count == 2 ? (field.name == "day of week" ? 6 : field.range.upperBound) : low
          // '7/3' steps from Sunday as '0/3' does (as croniter reads it), rather than matching
          // no day at all, which would leave the field unrestricted.
          if field.name == "day of week" && pieces.count == 2 && low == 7 { low = 0 }
        }
      }
      var v = low
      while v <= high {
        result.insert(field.name == "day of week" ? v % 7 : v)
        v += step
      }
    }
    return result.sorted()
  }

  private static func value(_ text: Substring, _ field: Field, at offset: Int)
    throws(RecurrenceError)
    -> Int
  {
    if let number = Int(text) {
      guard field.range.contains(number) else {
        throw RecurrenceError(
          "\(field.name) \(number) is out of range \(field.range.lowerBound)-\(field.range.upperBound)",
          offset: offset)
      }
      return number
    }
    if let index = field.names.firstIndex(of: text.lowercased()) {
      return index + field.nameBase
    }
    let hint =
      field.names.isEmpty
      ? "use a number from \(field.range.lowerBound) to \(field.range.upperBound)"
      : Suggestion.hint(for: String(text), in: field.names)
    throw RecurrenceError("invalid \(field.name) '\(text)'", hint: hint, offset: offset)
  }
}
