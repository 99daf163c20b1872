// SPDX-License-Identifier: Apache-2.0
/// Reads RFC 5545 RRULE text (`RRULE:FREQ=WEEKLY;BYDAY=MO,WE`) into a `RecurrenceRule`.
public enum RRuleParser {
  static let knownParts = [
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYHOUR",
    "BYMINUTE", "BYSETPOS", "WKST",
  ]
  static let unsupportedParts = ["BYSECOND", "BYYEARDAY", "BYWEEKNO"]

  public static func parse(_ text: String, start: LocalDateTime) throws(RecurrenceError)
    -> RecurrenceRule
  {
    var body = Substring(text)
    var base = 0
    if body.uppercased().hasPrefix("RRULE:") {
      body = body.dropFirst(6)
      base = 6
    }
    var parts: [(key: String, value: Substring, offset: Int)] = []
    var offset = base
    for piece in body.split(separator: ";", omittingEmptySubsequences: false) {
      defer { offset += piece.count + 1 }
      if piece.isEmpty { continue }
      guard let equals = piece.firstIndex(of: "=") else {
        throw RecurrenceError(
          "'\(piece)' is not a KEY=VALUE part", hint: "RRULE parts look like 'FREQ=DAILY'",
          offset: offset)
      }
      let key = piece[..<equals].uppercased()
      let value = piece[piece.index(after: equals)...]
      if unsupportedParts.contains(key) {
        throw RecurrenceError(
          "\(key) is not supported",
          hint: "use BYMONTH, BYMONTHDAY, BYDAY, BYHOUR and BYMINUTE", offset: offset)
      }
      guard knownParts.contains(key) else {
        throw RecurrenceError(
          "unknown RRULE part '\(piece[..<equals])'",
          hint: Suggestion.hint(for: key, in: knownParts), offset: offset)
      }
      if parts.contains(where: { $0.key == key }) {
        throw RecurrenceError("\(key) is given twice", offset: offset)
      }
      parts.append((key, value, offset + key.count + 1))
    }
    guard let freqPart = parts.first(where: { $0.key == "FREQ" }) else {
      throw RecurrenceError(
        "an RRULE needs FREQ", hint: "e.g. 'FREQ=DAILY;BYHOUR=21;BYMINUTE=0'", offset: base)
    }
    let freqText = freqPart.value.uppercased()
    guard let frequency = RecurrenceRule.Frequency(rawValue: freqText) else {
      let smaller = freqText == "MINUTELY" || freqText == "SECONDLY"
      throw RecurrenceError(
        smaller
          ? "FREQ=\(freqText) is not supported: reminders repeat at most hourly"
          : "unknown frequency '\(freqPart.value)'",
        hint: smaller
          ? "use FREQ=HOURLY with BYMINUTE, or several times of day"
          : Suggestion.hint(
            for: freqText, in: RecurrenceRule.Frequency.allCases.map(\.rawValue)),
        offset: freqPart.offset)
    }
    var rule = RecurrenceRule(frequency: frequency, start: start)
    for (key, value, at) in parts {
      switch key {
      case "INTERVAL":
        rule.interval = try number(value, key, 1...1_000_000, at)
      case "COUNT":
        rule.count = try number(value, key, 1...1_000_000, at)
      case "UNTIL":
        rule.until = try until(value, at)
      case "BYDAY":
        rule.byDay = try weekdays(value, frequency: frequency, at)
      case "BYMONTHDAY":
        rule.byMonthDay = try numbers(value, key, -31...31, at, allowZero: false)
      case "BYMONTH":
        rule.byMonth = try numbers(value, key, 1...12, at)
      case "BYHOUR":
        rule.byHour = try numbers(value, key, 0...23, at)
      case "BYMINUTE":
        rule.byMinute = try numbers(value, key, 0...59, at)
      case "BYSETPOS":
        rule.bySetPosition = try numbers(value, key, -366...366, at, allowZero: false)
      case "WKST":
        guard value.count == 2, let day = Weekday(parsing: value) else {
          throw RecurrenceError(
            "WKST must be a weekday code (MO, TU, WE, TH, FR, SA or SU), not '\(value)'",
            offset: at)
        }
        rule.weekStart = day
      default:
        break
      }
    }
    if rule.count != nil && rule.until != nil {
      throw RecurrenceError(
        "COUNT and UNTIL cannot both be given (RFC 5545)", hint: "keep one of them", offset: base)
    }
    return rule
  }

  private static func number(
    _ text: Substring, _ key: String, _ range: ClosedRange<Int>, _ at: Int
  ) throws(RecurrenceError) -> Int {
    guard let value = Int(text), range.contains(value) else {
      throw RecurrenceError(
        "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'",
        offset: at)
    }
    return value
  }

  private static func numbers(
    _ text: Substring, _ key: String, _ range: ClosedRange<Int>, _ at: Int,
    allowZero: Bool = true
  ) throws(RecurrenceError) -> [Int] {
    var result: [Int] = []
    var offset = at
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      guard let value = Int(item), range.contains(value), allowZero || value != 0 else {
        let zero = allowZero ? "" : " other than 0"
        throw RecurrenceError(
          "\(key) values must be whole numbers from \(range.lowerBound) to \(range.upperBound)\(zero), not '\(item)'",
          offset: offset)
      }
      result.append(value)
      offset += item.count + 1
    }
    return result
  }

  private static func weekdays(
    _ text: Substring, frequency: RecurrenceRule.Frequency, _ at: Int
  ) throws(RecurrenceError) -> [RecurrenceRule.WeekdayNumber] {
    var result: [RecurrenceRule.WeekdayNumber] = []
    var offset = at
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      defer { offset += item.count + 1 }
      let code = item.suffix(2)
      guard item.count >= 2, let day = Weekday(parsing: code), code.allSatisfy(\.isLetter) else {
        throw RecurrenceError(
          "unknown weekday '\(item)' in BYDAY",
          hint: Suggestion.hint(for: String(item), in: Weekday.allCases.map(\.code))
            ?? "use MO, TU, WE, TH, FR, SA or SU, optionally with an ordinal such as 2MO or -1FR",
          offset: offset)
      }
      let prefix = item.dropLast(2)
      if prefix.isEmpty {
        result.append(.init(day))
        continue
      }
      let limit = frequency == .yearly ? 53 : 5
      guard let ordinal = Int(prefix), ordinal != 0, abs(ordinal) <= limit else {
        throw RecurrenceError(
          "'\(item)' has an ordinal out of range: use 1 to \(limit) or -1 to -\(limit)",
          offset: offset)
      }
      guard frequency == .monthly || frequency == .yearly else {
        throw RecurrenceError(
          "'\(item)' numbers a weekday, which only FREQ=MONTHLY or FREQ=YEARLY can do",
          hint: "use a plain weekday such as '\(code)'", offset: offset)
      }
      result.append(.init(day, ordinal: ordinal))
    }
    return result
  }

  private static func until(_ text: Substring, _ at: Int) throws(RecurrenceError)
    -> RecurrenceRule.Until
  {
    let chars = Array(text)
    func digits(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= chars.count else { return nil }
      return Int(String(chars[range]))
    }
    let bad = RecurrenceError(
      "UNTIL must be a date or date-time such as 20261231 or 20261231T235900Z, not '\(text)'",
      offset: at)
    guard chars.count == 8 || chars.count == 15 || chars.count == 16,
      let y = digits(0..<4), let m = digits(4..<6), let d = digits(6..<8),
      CivilDate.isValid(year: y, month: m, day: d)
    else { throw bad }
    let date = CivilDate(year: y, month: m, day: d)
    if chars.count == 8 {
      // A date alone includes the whole day.
      return .local(LocalDateTime(date: date, hour: 23, minute: 59, second: 59))
    }
    guard chars[8] == "T", let hh = digits(9..<11), let mm = digits(11..<13),
      let ss = digits(13..<15), hh < 24, mm < 60, ss < 60
    else { throw bad }
    let local = LocalDateTime(date: date, hour: hh, minute: mm, second: ss)
    if chars.count == 16 {
      guard chars[15] == "Z" || chars[15] == "z" else { throw bad }
      return .instant(Instant(secondsSince1970: local.localSeconds))
    }
    return .local(local)
  }
}
