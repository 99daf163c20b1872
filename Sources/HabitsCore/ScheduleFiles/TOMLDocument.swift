// SPDX-License-Identifier: Apache-2.0
import Recurrence
import TOMLKit

/// A parsed TOML file with typed accessors that turn every problem into a
/// diagnostic at the key's line and column.
struct TOMLDocument {
  let path: String
  let root: TOMLTable?
  private let text: String
  /// Built on the first problem only: a clean file never pays for it.
  private var sourceMap: SourceMap?
  private(set) var diagnostics: [Diagnostic] = []

  private var map: SourceMap {
    mutating get {
      if let sourceMap { return sourceMap }
      let built = SourceMap(text)
      sourceMap = built
      return built
    }
  }

  init(path: String, text: String) {
    self.path = path
    self.text = text
    if let abort = Self.abortingSpot(in: text) {
      // toml++ would abort the process there (see `abortingSpot`), so it never
      // sees the text. It stops at its first error, so an error before that
      // spot is still the one reported.
      root = nil
      // What toml++ says of the text before the spot, unless it is only that
      // the text ends there.
      let before = Self.problem(parsing: abort.before, path: path)
      if let before, (before.line, before.column) < (abort.line, abort.column),
        !before.message.contains("end-of-file"), !before.message.contains("EOF")
      {
        diagnostics.append(before)
      } else {
        diagnostics.append(
          Diagnostic(path: path, line: abort.line, column: abort.column, message: abort.message))
      }
      return
    }
    do {
      root = try TOMLTable(string: text)
    } catch {
      root = nil
      diagnostics.append(Self.diagnostic(error, path: path, text: text))
    }
  }

  /// The diagnostic for text TOMLKit refuses, or nil when it parses.
  private static func problem(parsing text: String, path: String) -> Diagnostic? {
    do {
      _ = try TOMLTable(string: text)
      return nil
    } catch {
      return diagnostic(error, path: path, text: text)
    }
  }

  private static func diagnostic(_ error: any Error, path: String, text: String) -> Diagnostic {
    guard let error = error as? TOMLParseError else {
      return Diagnostic(path: path, line: 1, column: 1, message: "invalid TOML")
    }
    let (line, column) = (max(1, error.source.begin.line), max(1, error.source.begin.column))
    var message = error.description
    // toml++ names a key or table set twice from the wrong place in the
    // text when it is quoted ('"tititle" ' for "title"): it is taken from
    // the line instead, as written.
    if let found = message.range(of: "cannot redefine existing "),
      let open = message[found.upperBound...].firstIndex(of: "'"),
      let close = message.lastIndex(of: "'"), open < close,
      let key = keyBefore(column: column, line: line, in: text)
    {
      message = String(message[..<open]) + "'\(key)'" + message[message.index(after: close)...]
    }
    return Diagnostic(path: path, line: line, column: column, message: "invalid TOML: \(message)")
  }

  /// The key of the key-value pair whose value starts at `column` of
  /// `line`, or of the table header that starts there, as written
  /// (`title`, `"a b"`, `schedule.when`); nil when the text there is
  /// not one.
  static func keyBefore(column: Int, line: Int, in text: String) -> String? {
    // Lines as toml++ counts them: "\r\n" is one Character in Swift, so it
    // is named; a byte-order mark is no column.
    let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
    let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    guard line >= 1, line <= lines.count else { return nil }
    let row = Array(lines[line - 1].unicodeScalars)
    guard column >= 1, column - 1 <= row.count else { return nil }
    // Through the line from its start, quotes and escapes heeded: where
    // each key may start (the line's start, after `[`, `{` or `,`), and
    // where the text outside quotes ends it (`=`, `]`, `#`).
    let header = column == 1
    var keyStart = 0
    var i = 0
    var quote: Unicode.Scalar?
    while i < row.count {
      let c = row[i]
      if let open = quote {
        if open == "\"" && c == "\\" {
          i += 2
          continue
        }
        if c == open { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if c == "#" {
        return nil
      } else if header ? c == "]" : c == "=" {
        // A header's name, or the key whose `=` stands just before the value.
        if header || (i < column - 1 && Self.onlySpaces(row[(i + 1)..<(column - 1)])) {
          return Self.trimmed(row[keyStart..<i])
        }
      } else if header ? c == "[" : (c == "{" || c == ",") {
        keyStart = i + 1
      }
      i += 1
    }
    return nil
  }

  private static func onlySpaces(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
    scalars.allSatisfy { $0 == " " || $0 == "\t" }
  }

  /// `scalars` without the spaces and tabs around them; nil when nothing is left.
  private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
    var part = scalars
    while let first = part.first, first == " " || first == "\t" { part = part.dropFirst() }
    while let last = part.last, last == " " || last == "\t" { part = part.dropLast() }
    return part.isEmpty ? nil : String(String.UnicodeScalarView(part))
  }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Reports a problem with `key` (dotted for tables); `offset` points into a
  /// string value, when the value is a one-line string.
  ///
  /// With `item`, the problem is in that element of the array at `key`, and
  /// with `field` too, in that key of the element's inline table; each falls
  /// back to the place around it when the text does not show it plainly.
  mutating func report(
    _ key: String?, _ message: String, item: Int? = nil, field: String? = nil,
    offset: Int? = nil, atValue: Bool = true, severity: Diagnostic.Severity = .error
  ) {
    var line = 1
    var column = 1
    let map = self.map
    // A key inside an inline table (`notifier = { command = … }`) has no line
    // of its own: report it at the nearest enclosing key that has one.
    var known = key
    while let name = known, map.location(of: name) == nil, let dot = name.lastIndex(of: ".") {
      known = String(name[..<dot])
    }
    var place = known.flatMap { map.location(of: $0) }
    if let key, let item, let element = map.item(item, of: key) {
      place = field.flatMap { element.fields[$0] } ?? element.location
    }
    if let location = place {
      line = location.line
      column = atValue ? location.valueColumn : location.column
      if let offset, location.isSimpleString { column += 1 + offset }
    }
    diagnostics.append(
      Diagnostic(path: path, line: line, column: column, severity: severity, message: message))
  }

  mutating func report(_ key: String, _ error: HabitsError) {
    report(key, error.description, offset: error.offset)
  }

  /// Reports a problem found in the schedule expression `expression`, naming
  /// it (`unknown weekday 'sundy' in 'every sundy at 10:00'`) unless the
  /// message already does.
  mutating func report(_ key: String, _ error: HabitsError, in expression: String) {
    var error = error
    let trimmed = expression.trimmingWhitespace()
    if !trimmed.isEmpty && !error.message.contains("'\(trimmed)'") {
      error.message += " in '\(trimmed)'"
    }
    report(key, error)
  }

  /// Reports a rule, time or zone in `expression` that could not be read.
  mutating func report(_ key: String, _ error: RecurrenceError, in expression: String) {
    report(key, HabitsError(error), in: expression)
  }

  /// Reports keys of `table` that are not in `allowed`, with a "did you mean".
  mutating func checkKeys(_ table: TOMLTable, prefix: String = "", allowed: [String]) {
    for key in table.keys where !allowed.contains(key) {
      let full = prefix.isEmpty ? key : "\(prefix).\(key)"
      let hint = Suggestion.hint(for: key, in: allowed)
      report(
        full, "unknown key '\(full)'" + (hint.map { " — \($0)" } ?? ""), atValue: false)
    }
  }

  private mutating func wrongType(_ key: String, _ value: TOMLValueConvertible, _ expected: String)
  {
    report(key, "'\(key)' must be \(expected), not \(Self.article(value.type))")
  }

  static func article(_ type: TOMLType) -> String {
    switch type {
    case .int: return "an integer"
    case .array: return "an array"
    case .bool: return "a boolean"
    default: return "a \(type)"
    }
  }

  /// The string at `key` (`prefix` names the table), or nil with a diagnostic
  /// when it has another type.
  mutating func string(_ table: TOMLTable, _ key: String, prefix: String = "") -> String? {
    guard let value = table[key] else { return nil }
    let full = prefix.isEmpty ? key : "\(prefix).\(key)"
    guard let string = value.string else {
      wrongType(full, value, "a string")
      return nil
    }
    return string
  }

  mutating func bool(_ table: TOMLTable, _ key: String) -> Bool? {
    guard let value = table[key] else { return nil }
    guard let bool = value.bool else {
      wrongType(key, value, "true or false")
      return nil
    }
    return bool
  }

  mutating func strings(_ table: TOMLTable, _ key: String, prefix: String = "") -> [String]? {
    guard let value = table[key] else { return nil }
    let full = prefix.isEmpty ? key : "\(prefix).\(key)"
    guard let array = value.array else {
      wrongType(full, value, "an array of strings")
      return nil
    }
    var result: [String] = []
    for item in array {
      guard let string = item.string else {
        report(full, "'\(full)' must hold only strings, not \(Self.article(item.type))")
        return nil
      }
      result.append(string)
    }
    return result
  }

  /// A date written as a TOML date (`2026-01-05`) or a string (`"2026-01-05"`).
  mutating func date(_ table: TOMLTable, _ key: String) -> CivilDate? {
    guard let value = table[key] else { return nil }
    if let date = value.date {
      guard CivilDate.isValid(year: date.year, month: date.month, day: date.day) else {
        report(key, "'\(key)' is not a real date")
        return nil
      }
      return CivilDate(year: date.year, month: date.month, day: date.day)
    }
    if let text = value.string {
      guard let date = CivilDate(iso: text) else {
        report(key, "'\(key)' must be a date such as 2026-01-05, not '\(text)'")
        return nil
      }
      return date
    }
    wrongType(key, value, "a date such as 2026-01-05")
    return nil
  }
}

extension TOMLDocument {
  /// Where toml++ would abort, and why.
  struct AbortingSpot {
    var line: Int
    /// 1-based, in Unicode scalars, as toml++ counts.
    var column: Int
    var message: String
    /// The text before the spot.
    var before: String
  }

  /// Finds the first place where the toml++ inside TOMLKit would fail one of
  /// its assertions and abort the whole process.
  ///
  /// TOMLKit builds toml++ with assertions on, in debug and release builds
  /// alike, and four of them can be reached from a file (the fuzz test of
  /// the loader found them):
  /// - after `[` or `[[` at the start of a line a key must follow, so `[`
  ///   alone on a line (a header half typed), `[#]`, `[=]`, `[é]` or
  ///   `[[[x]]]` abort;
  /// - where an array expects a value, `}` or a line separator (U+0085,
  ///   U+2028, U+2029) aborts: `prompts = ["a", }`;
  /// - a value that starts as a date, then `T`, then anything but a digit,
  ///   with a `:` further on, aborts: `start = 2026-01-05T:00`; so does a
  ///   date, a space and one digit that ends the value: `start = 2026-01-05 9`
  ///   followed by a space, a comment or a line break.
  ///
  /// It also stops at a `\u0000` escape in a string: a NUL, where the C
  /// string TOMLKit makes of the value would end it without a word.
  ///
  /// One such line in a schedule file would kill `habits check`, every
  /// command that reads the schedules, and the agent. This follows TOML's
  /// structure (strings, comments, and arrays and inline tables across lines)
  /// just far enough to see those, and only outside strings and comments,
  /// where toml++ can reach them.
  static func abortingSpot(in text: String) -> AbortingSpot? {
    // TOMLKit hands toml++ a C string, which ends at the first NUL. (One
    // pass: every command that reads the schedules comes through here.)
    // (A text has no more scalars than bytes; written straight into the
    // array's storage, without append's checks on each.)
    let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: text.utf8.count) {
      buffer, count in
      for scalar in text.unicodeScalars {
        if scalar == "\0" { break }
        buffer[count] = scalar
        count += 1
      }
    }
    let end = scalars.count
    var i = 0
    // toml++ skips a byte-order mark.
    if i < end && scalars[i] == "\u{FEFF}" { i += 1 }
    var line = 1
    var lineStart = i
    // The open arrays and inline tables.
    var open: [Unicode.Scalar] = []
    // Whether the innermost array waits for a value (after its `[` or a comma).
    var expectingValue = false
    // Whether a value follows (after `=`, on the same line).
    var afterEquals = false
    // The delimiter that closes the string the scan is in: one quote or
    // three. (A quote and a count, not an array: most of a schedule file is
    // the text of its prompts, and the scan passes each of its scalars.)
    var string: (quote: Unicode.Scalar, count: Int)?

    /// Whether `count` times `quote` stand at `i`.
    func quotes(_ quote: Unicode.Scalar, _ count: Int, at i: Int) -> Bool {
      guard i + count <= end else { return false }
      for k in 0..<count where scalars[i + k] != quote { return false }
      return true
    }
    func spot(_ at: Int, _ what: String) -> AbortingSpot {
      let c = scalars[at]
      let shown =
        c == "\n" || c == "\r" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
        ? "a line break"
        : c.isControlCharacter ? "'\\u\(String(c.value, radix: 16))'" : "'\(c)'"
      return AbortingSpot(
        line: line, column: at - lineStart + 1,
        message: "invalid TOML: Error while parsing \(what), saw \(shown)",
        before: String(String.UnicodeScalarView(scalars[..<at])))
    }
    // The first line may be a header too.
    var atLineStart = true

    while i < end {
      if atLineStart {
        atLineStart = false
        if string == nil && open.isEmpty {
          var j = i
          while j < end && (scalars[j] == " " || scalars[j] == "\t") { j += 1 }
          if j < end && scalars[j] == "[" {
            if let key = unnamed(scalars, after: j) {
              return spot(key, "table header: expected a table name such as [nudge]")
            }
            // A header is one line; whatever else is wrong with it, toml++ stops there.
            while j < end && scalars[j] != "\n" { j += 1 }
            i = j
            continue
          }
        }
      }
      let c = scalars[i]
      if c == "\n" {
        i += 1
        line += 1
        lineStart = i
        atLineStart = true
        afterEquals = false
        // A one-line string ends with its line, closed or not.
        if string?.count == 1 { string = nil }
        continue
      }
      if case (let quote, let count)? = string {
        // Most of a file is the text of its prompts: a character that can
        // neither escape nor close passes at once.
        if c != quote && c != "\\" {
          i += 1
          continue
        }
        if c == "\\" && quote == "\"" {
          // `\u0000` is a NUL, where TOMLKit's C string would end the text
          // the string holds without a word.
          if let width = nulEscape(scalars, at: i + 1) {
            return AbortingSpot(
              line: line, column: i - lineStart + 1,
              message:
                "a string holds \\\(scalars[i + 1])\(String(repeating: "0", count: width)) (NUL), "
                + "which habits cannot keep",
              before: String(String.UnicodeScalarView(scalars[..<i])))
          }
          i += i + 1 < end && scalars[i + 1] != "\n" ? 2 : 1
        } else if quotes(quote, count, at: i) {
          i += count
          // Up to two more quotes still close a multi-line string.
          if count == 3 { while i < end && scalars[i] == quote { i += 1 } }
          string = nil
        } else {
          i += 1
        }
        continue
      }
      switch c {
      case " ", "\t", "\r":
        break
      case "#":
        while i + 1 < end && scalars[i + 1] != "\n" { i += 1 }
      default:
        if expectingValue && open.last == "["
          && (c == "}" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029)
        {
          return spot(i, "array: expected a value or closing ']'")
        }
        if (expectingValue && open.last == "[") || afterEquals,
          let digit = unfinishedDateTime(scalars, at: i)
        {
          return spot(digit, "date-time: expected a time after 'T'")
        }
        if (expectingValue && open.last == "[") || afterEquals,
          let after = dateThenOneDigit(scalars, at: i)
        {
          return spot(after, "date-time: expected a time such as 07:30")
        }
        expectingValue = false
        afterEquals = false
        switch c {
        case "\"", "'":
          let count = quotes(c, 3, at: i) ? 3 : 1
          string = (c, count)
          i += count - 1
        case "[":
          open.append("[")
          expectingValue = true
        case "{":
          open.append("{")
        case "]", "}":
          if !open.isEmpty { open.removeLast() }
        case ",":
          expectingValue = open.last == "["
        case "=":
          afterEquals = true
        default:
          break
        }
      }
      i += 1
    }
    return nil
  }

  /// Where the key of the header whose `[` is at `open` should start, when
  /// toml++ would assert there; nil when it would read a key or report an
  /// error itself (as it does for `[`, `[ ]`, `[ [x]]` or `[\u{A0}x]`).
  /// How many digits follow `u` or `U` at `start` when they spell a NUL
  /// (`u0000`, `U00000000`), or nil.
  private static func nulEscape(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
    guard start < scalars.count else { return nil }
    let width: Int
    switch scalars[start] {
    case "u": width = 4
    case "U": width = 8
    default: return nil
    }
    guard start + width < scalars.count else { return nil }
    for k in 1...width where scalars[start + k] != "0" { return nil }
    return width
  }

  private static func unnamed(_ scalars: [Unicode.Scalar], after open: Int) -> Int? {
    func skipSpaces(_ i: inout Int) -> Bool {
      let from = i
      while i < scalars.count && (scalars[i] == " " || scalars[i] == "\t") { i += 1 }
      return i > from
    }
    var i = open + 1
    let spaced = skipSpaces(&i)
    guard i < scalars.count, !isOtherSpace(scalars[i]) else { return nil }
    if scalars[i] == "[" {
      if spaced { return nil }
      i += 1
      _ = skipSpaces(&i)
      guard i < scalars.count, !isOtherSpace(scalars[i]) else { return nil }
    }
    let c = scalars[i]
    let startsKey =
      (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-"
      || c == "_" || c == "\"" || c == "'"
    return startsKey || c == "]" ? nil : i
  }

  /// Where the time of a value that starts `YYYY-MM-DDT` (a real date) should
  /// start, when toml++ would take the value for a date-time (it holds a `:`)
  /// and assert that a digit is there.
  private static func unfinishedDateTime(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
    let end = scalars.count
    guard start + 11 < end else { return nil }
    func number(_ from: Int, _ count: Int) -> Int? {
      var value = 0
      for k in from..<from + count {
        guard scalars[k] >= "0" && scalars[k] <= "9" else { return nil }
        value = value * 10 + Int(scalars[k].value - 48)
      }
      return value
    }
    guard let year = number(start, 4), scalars[start + 4] == "-", let month = number(start + 5, 2),
      scalars[start + 7] == "-", let day = number(start + 8, 2),
      scalars[start + 10] == "T" || scalars[start + 10] == "t",
      CivilDate.isValid(year: year, month: month, day: day), number(start + 11, 1) == nil
    else { return nil }
    // toml++ tells a date-time by a `:` before the value ends.
    var k = start + 11
    while k < end {
      let c = scalars[k]
      if c == ":" { return start + 11 }
      if isValueTerminator(c) { return nil }
      k += 1
    }
    return nil
  }

  /// toml++ reads on past a value of ten characters shaped like a date
  /// (`1979-05-27`) when a space and a digit follow, as in
  /// `1979-05-27 07:30`, and asserts that the value does not end right after
  /// that digit: where it would, this returns the place.
  private static func dateThenOneDigit(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
    let end = scalars.count
    func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
    // The ten characters toml++ counts skip underscores; the first must be a
    // digit and the fifth and eighth dashes. (Checked as they come, without
    // collecting them: every value in a file starts here.)
    var count = 0
    var k = start
    while k < end && count < 10 {
      let c = scalars[k]
      if isValueTerminator(c) { return nil }
      if c != "_" {
        switch count {
        case 0: guard isDigit(c) else { return nil }
        case 4, 7: guard c == "-" else { return nil }
        default: break
        }
        count += 1
      }
      k += 1
    }
    while k < end && scalars[k] == "_" { k += 1 }
    guard count == 10,
      k + 2 < end, scalars[k] == " ", isDigit(scalars[k + 1]), isValueTerminator(scalars[k + 2])
    else { return nil }
    return k + 2
  }

  /// Whether toml++ ends a value at `c`: whitespace, a line break, `]`, `}`, `,` or `#`.
  private static func isValueTerminator(_ c: Unicode.Scalar) -> Bool {
    c == " " || c == "\t" || c == "\n" || c == "\r" || c == "]" || c == "}" || c == "," || c == "#"
      || c == "\u{0B}" || c == "\u{0C}" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
      || isOtherSpace(c)
  }

  /// Whitespace other than space and tab, which toml++ refuses with an error of its own.
  private static func isOtherSpace(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF: return true
    default: return false
    }
  }
}
