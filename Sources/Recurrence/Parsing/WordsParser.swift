// SPDX-License-Identifier: Apache-2.0
/// Reads the everyday form of `when`: `daily at 21:00`, `every mon, wed at
/// 7:15`, `monthly on the last friday at 20:00`, `every 2 hours from 9:00 to
/// 17:00`, and the like (SCHEDULES.md lists them all).
public struct WordsParser {
  private struct Token {
    let text: String
    let offset: Int
  }

  private var tokens: [Token]
  private var index = 0
  private let source: String

  private init(_ text: String) {
    source = text
    var tokens: [Token] = []
    var current = ""
    var begin = 0
    for (offset, character) in text.enumerated() {
      if character.isLetter || character.isNumber || character == ":" {
        if current.isEmpty { begin = offset }
        current.append(character)
      } else {
        if !current.isEmpty { tokens.append(Token(text: current.lowercased(), offset: begin)) }
        current = ""
        // Other marks are tokens too, so that none is dropped unseen: '-1' must not read as 1.
        if !character.isWhitespace { tokens.append(Token(text: String(character), offset: offset)) }
      }
    }
    if !current.isEmpty { tokens.append(Token(text: current.lowercased(), offset: begin)) }
    self.tokens = tokens
  }

  public static func parse(_ text: String, start: LocalDateTime) throws(RecurrenceError)
    -> [RecurrenceRule]
  {
    var parser = WordsParser(text)
    return try parser.schedule(start: start)
  }

  // MARK: Grammar

  private static let vocabulary = [
    "daily", "every", "day", "days", "weekdays", "weekends", "weekday", "weekend", "week", "weeks",
    "monthly", "month", "months", "yearly", "year", "on", "the", "at", "and", "last", "from", "to",
    "hour", "hours", "minutes", "other", "hourly", "noon", "midnight",
  ]

  private mutating func schedule(start: LocalDateTime) throws(RecurrenceError) -> [RecurrenceRule] {
    var rule = RecurrenceRule(frequency: .daily, start: start)
    var times: [(hour: Int, minute: Int)]?
    let word = try expectWord()
    switch word.text {
    case "daily":
      break
    case "hourly":
      times = try hoursRange(step: 60)
    case "weekdays", "weekends":
      rule.frequency = .weekly
      rule.byDay = Self.group(word.text).map { .init($0) }
    case "monthly":
      rule.frequency = .monthly
      try monthDays(into: &rule)
    case "yearly", "annually":
      rule.frequency = .yearly
      try yearDay(into: &rule)
    case "every":
      try every(into: &rule, times: &times)
    default:
      throw unknown(
        word, expected: "a schedule such as 'daily at 21:00' or 'every sunday at 10:00'")
    }
    if times == nil, accept("at") {
      times = try timeList()
    }
    if let extra = peek() {
      if extra.text == "at" || times != nil {
        throw RecurrenceError(
          "unexpected '\(extra.text)'", hint: "a schedule has one 'at' with its times",
          offset: extra.offset)
      }
      // A known word in the wrong place gets no "did you mean" itself.
      throw RecurrenceError(
        "unexpected '\(extra.text)'",
        hint: Suggestion.hint(for: extra.text, in: Self.vocabulary.filter { $0 != extra.text })
          ?? "the time goes last, e.g. '… at 9:00'",
        offset: extra.offset)
    }
    guard let times else { return [rule] }
    // One rule per minute value, so 9:00 and 13:30 never make 9:30 and 13:00.
    var byMinute: [Int: [Int]] = [:]
    for time in times { byMinute[time.minute, default: []].append(time.hour) }
    return byMinute.keys.sorted().map { minute in
      var copy = rule
      copy.byHour = Array(Set(byMinute[minute, default: []])).sorted()
      copy.byMinute = [minute]
      return copy
    }
  }

  private mutating func every(
    into rule: inout RecurrenceRule, times: inout [(hour: Int, minute: Int)]?
  ) throws(RecurrenceError) {
    guard let token = peek() else {
      throw RecurrenceError(
        "'every' needs what follows it, e.g. 'every sunday at 10:00'", offset: source.count)
    }
    if token.text == "day" {
      index += 1
      return
    }
    if token.text == "weekday" || token.text == "weekend" {
      index += 1
      rule.frequency = .weekly
      rule.byDay = Self.group(token.text + "s").map { .init($0) }
      return
    }
    var count = 1
    if token.text == "other" {
      index += 1
      count = 2
    } else if let n = Int(token.text) {
      index += 1
      guard n >= 1 && n <= 1000 else {
        throw RecurrenceError("'every \(n)' must count from 1 to 1000", offset: token.offset)
      }
      count = n
    } else if Weekday(parsing: token.text) != nil {
      rule.frequency = .weekly
      rule.byDay = try weekdayList().map { .init($0) }
      return
    }
    let unit = try expectWord()
    switch unit.text {
    case "day", "days":
      rule.interval = count
    case "week", "weeks":
      rule.frequency = .weekly
      rule.interval = count
      if accept("on") { rule.byDay = try weekdayList().map { .init($0) } }
    case "month", "months":
      rule.frequency = .monthly
      rule.interval = count
      try monthDays(into: &rule)
    case "year", "years":
      rule.frequency = .yearly
      rule.interval = count
      try yearDay(into: &rule)
    case "hour", "hours":
      times = try hoursRange(step: count * 60)
    case "minute", "minutes", "min", "mins":
      guard count >= 5 else {
        throw RecurrenceError(
          "reminders at most every 5 minutes", hint: "use 'every 5 minutes' or more",
          offset: token.offset)
      }
      times = try hoursRange(step: count)
    default:
      if count == 1, token.offset == unit.offset {
        throw unknown(
          unit, expected: "a weekday, 'day', 'week', 'month' or a number",
          candidates: Self.weekdayWords)
      }
      throw unknown(
        unit, expected: "'days', 'weeks', 'months', 'hours' or 'minutes'",
        candidates: ["days", "weeks", "months", "years", "hours", "minutes"])
    }
  }

  /// `from 9:00 to 17:00`, stepping by `step` minutes.
  private mutating func hoursRange(step: Int) throws(RecurrenceError) -> [(hour: Int, minute: Int)]
  {
    guard accept("from") else {
      throw RecurrenceError(
        "say the hours to repeat in, e.g. 'every 2 hours from 9:00 to 17:00'",
        offset: peek()?.offset ?? source.count)
    }
    let first = try time()
    try expect("to")
    let lastToken = peek()
    let last = try time()
    let begin = first.hour * 60 + first.minute
    let end = last.hour * 60 + last.minute
    guard begin <= end else {
      throw RecurrenceError(
        "the range ends before it starts", hint: "ranges stay within one day",
        offset: lastToken?.offset ?? 0)
    }
    return stride(from: begin, through: end, by: step).map { (hour: $0 / 60, minute: $0 % 60) }
  }

  /// `on the 1st`, `on the 1st and 15th`, `on the last day`, `on the last friday`, `on the 2nd tuesday`.
  private mutating func monthDays(into rule: inout RecurrenceRule) throws(RecurrenceError) {
    try expect("on")
    _ = accept("the")
    repeat {
      _ = accept("the")
      let token = try expectWord()
      guard let ordinal = Self.ordinal(token.text) else {
        throw RecurrenceError(
          "expected a day of the month such as '1st', '15th' or 'last', not '\(token.text)'",
          offset: token.offset)
      }
      if let next = peek(), let day = Weekday(parsing: next.text) {
        index += 1
        guard (-5...5).contains(ordinal) else {
          throw RecurrenceError("a month has at most five of each weekday", offset: token.offset)
        }
        rule.byDay.append(.init(day, ordinal: ordinal))
      } else {
        _ = accept("day")
        guard (-31...31).contains(ordinal) else {
          throw RecurrenceError("a month has at most 31 days", offset: token.offset)
        }
        rule.byMonthDay.append(ordinal)
      }
    } while accept(",") || accept("and")
  }

  /// `on march 3`, `on 3 march`.
  private mutating func yearDay(into rule: inout RecurrenceRule) throws(RecurrenceError) {
    try expect("on")
    let first = try expectWord()
    if let month = Self.month(first.text) {
      let day = try expectWord()
      guard let n = Self.ordinal(day.text), n >= 1, n <= CivilDate.daysIn(month: month, year: 2000)
      else {
        throw RecurrenceError(
          "'\(day.text)' is not a day of \(Self.months[month - 1])", offset: day.offset)
      }
      rule.byMonth = [month]
      rule.byMonthDay = [n]
    } else if let n = Self.ordinal(first.text) {
      let name = try expectWord()
      guard let month = Self.month(name.text) else {
        throw unknown(name, expected: "a month", candidates: Self.months)
      }
      guard n >= 1, n <= CivilDate.daysIn(month: month, year: 2000) else {
        throw RecurrenceError(
          "'\(first.text)' is not a day of \(Self.months[month - 1])", offset: first.offset)
      }
      rule.byMonth = [month]
      rule.byMonthDay = [n]
    } else {
      throw unknown(first, expected: "a date such as 'march 3'", candidates: Self.months)
    }
  }

  private mutating func weekdayList() throws(RecurrenceError) -> [Weekday] {
    var days: [Weekday] = []
    repeat {
      let token = try expectWord()
      guard let day = Weekday(parsing: token.text) else {
        throw unknown(token, expected: "a weekday", candidates: Self.weekdayWords)
      }
      days.append(day)
    } while accept(",") || accept("and")
    return Array(Set(days)).sorted()
  }

  private mutating func timeList() throws(RecurrenceError) -> [(hour: Int, minute: Int)] {
    var times: [(hour: Int, minute: Int)] = []
    repeat { times.append(try time()) } while accept(",") || accept("and")
    return times
  }

  /// `9:00`, `09:00`, `9am`, `9:30pm`, `noon`, `midnight`.
  private mutating func time() throws(RecurrenceError) -> (hour: Int, minute: Int) {
    guard let token = peek() else {
      throw RecurrenceError("expected a time such as '21:00' or '9pm'", offset: source.count)
    }
    index += 1
    if token.text == "noon" { return (12, 0) }
    if token.text == "midnight" { return (0, 0) }
    var text = Substring(token.text)
    var meridiem: String?
    if text.hasSuffix("am") || text.hasSuffix("pm") {
      meridiem = String(text.suffix(2))
      text = text.dropLast(2)
    } else if let next = peek(), next.text == "am" || next.text == "pm" {
      meridiem = next.text
      index += 1
    }
    let bad = RecurrenceError(
      "'\(token.text)' is not a time", hint: "write times like '21:00', '9:30' or '9pm'",
      offset: token.offset)
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), (1...2).contains(parts[0].count), let hour = Int(parts[0])
    else { throw bad }
    var minute = 0
    if parts.count == 2 {
      guard parts[1].count == 2, let m = Int(parts[1]) else { throw bad }
      minute = m
    }
    guard minute < 60 else {
      throw RecurrenceError(
        "minute \(minute) is out of range in '\(token.text)'", offset: token.offset)
    }
    if let meridiem {
      guard (1...12).contains(hour) else {
        throw RecurrenceError(
          "hour \(hour) is out of range for \(meridiem) in '\(token.text)'", offset: token.offset)
      }
      return ((hour % 12) + (meridiem == "pm" ? 12 : 0), minute)
    }
    guard parts.count == 2 else { throw bad }
    guard hour < 24 else {
      throw RecurrenceError(
        "hour \(hour) is out of range in '\(token.text)'", hint: "hours run from 0 to 23",
        offset: token.offset)
    }
    return (hour, minute)
  }

  // MARK: Tokens

  private func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

  private mutating func accept(_ text: String) -> Bool {
    if peek()?.text == text {
      index += 1
      return true
    }
    return false
  }

  private mutating func expect(_ text: String) throws(RecurrenceError) {
    guard let token = peek() else {
      throw RecurrenceError("expected '\(text)' after '\(source)'", offset: source.count)
    }
    guard token.text == text else {
      throw RecurrenceError(
        "expected '\(text)', not '\(token.text)'",
        hint: Suggestion.closest(to: token.text, in: [text]).map { _ in "did you mean '\(text)'?" },
        offset: token.offset)
    }
    index += 1
  }

  private mutating func expectWord() throws(RecurrenceError) -> Token {
    guard let token = peek() else {
      throw RecurrenceError(
        "'\(source)' ends too soon", hint: "e.g. 'daily at 21:00'", offset: source.count)
    }
    index += 1
    return token
  }

  private func unknown(
    _ token: Token, expected: String, candidates: [String] = vocabulary
  ) -> RecurrenceError {
    let isWeekdayLike = candidates == Self.weekdayWords
    return RecurrenceError(
      isWeekdayLike ? "unknown weekday '\(token.text)'" : "unexpected '\(token.text)'",
      hint: Suggestion.hint(for: token.text, in: candidates.filter { $0 != token.text })
        ?? "expected \(expected)",
      offset: token.offset)
  }

  private static let weekdayWords = Weekday.allCases.map(\.name)
  private static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]

  private static func month(_ text: String) -> Int? {
    months.firstIndex { $0 == text || $0.prefix(3) == text }.map { $0 + 1 }
  }

  private static func group(_ text: String) -> [Weekday] {
    text == "weekdays"
      ? [.monday, .tuesday, .wednesday, .thursday, .friday] : [.saturday, .sunday]
  }

  /// `1st`, `2nd`, `first`, `last`, `15` → 1, 2, 1, -1, 15.
  private static func ordinal(_ text: String) -> Int? {
    let words = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1]
    if let n = words[text] { return n }
    var digits = Substring(text)
    for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
      digits = digits.dropLast(2)
      break
    }
    guard let n = Int(digits), n >= 1 else { return nil }
    return n
  }
}
