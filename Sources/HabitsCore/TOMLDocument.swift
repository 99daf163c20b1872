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
    do {
      root = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      root = nil
      diagnostics.append(
        Diagnostic(
          path: path, line: max(1, error.source.begin.line),
          column: max(1, error.source.begin.column), message: "invalid TOML: \(error.description)"))
    } catch {
      root = nil
      diagnostics.append(Diagnostic(path: path, line: 1, column: 1, message: "invalid TOML"))
    }
  }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  /// Reports a problem with `key` (dotted for tables); `offset` points into a
  /// string value, when the value is a one-line string.
  mutating func report(
    _ key: String?, _ message: String, offset: Int? = nil, atValue: Bool = true,
    severity: Diagnostic.Severity = .error
  ) {
    var line = 1
    var column = 1
    // A key inside an inline table (`notifier = { command = … }`) has no line
    // of its own: report it at the nearest enclosing key that has one.
    var known = key
    while let name = known, map.location(of: name) == nil, let dot = name.lastIndex(of: ".") {
      known = String(name[..<dot])
    }
    if let key = known, let location = map.location(of: key) {
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
