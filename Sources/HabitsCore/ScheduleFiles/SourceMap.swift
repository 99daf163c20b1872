// SPDX-License-Identifier: Apache-2.0
/// Where each key of a TOML document sits, so that a problem with a value can
/// be reported at its line and column.
///
/// TOMLKit parses the document; this reads the same text line by line for
/// `key = value` lines, tracking `[table]` headers and skipping the inside of
/// multi-line arrays and strings.
struct SourceMap {
  struct Location: Hashable {
    /// 1-based line and column of the key.
    var line: Int
    var column: Int
    /// 1-based column where the value starts.
    var valueColumn: Int
    /// Whether the value is a one-line basic or literal string, so that an
    /// offset into it maps straight onto columns.
    var isSimpleString: Bool
  }

  /// One element of an array value, as `prompts = ["…", { text = "…" }]` holds them.
  struct Item: Hashable {
    /// Where the element starts.
    var location: Location
    /// Where the keys of an inline table element are: `text`, `for`.
    var fields: [String: Location]
  }

  private var locations: [String: Location] = [:]
  private var items: [String: [Item]] = [:]

  init(_ text: String) {
    var table = ""
    var depth = 0
    var inMultilineString: String?
    var lineNumber = 0
    // A byte-order mark is not a column; "\r\n" is one Character in Swift, so
    // it must be named to split on it.
    let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
    let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      .map { Array($0.hasSuffix("\r") ? $0.dropLast() : $0) }
    // Keys whose value is an array, with the line and column of its `[`.
    var arrays: [(path: String, line: Int, column: Int)] = []
    for line in lines {
      lineNumber += 1
      if let delimiter = inMultilineString {
        if String(line).contains(delimiter) { inMultilineString = nil }
        continue
      }
      var i = 0
      while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
      if depth == 0 {
        if i < line.count && line[i] == "[" {
          let header = String(line[i...]).split(separator: "#").first ?? ""
          table = header.filter { $0 != "[" && $0 != "]" && $0 != " " && $0 != "\"" }
          if locations[table] == nil {
            locations[table] = Location(
              line: lineNumber, column: i + 1, valueColumn: i + 1, isSimpleString: false)
          }
          continue
        }
        // key = value
        let keyStart = i
        while i < line.count
          && (line[i].isLetter || line[i].isNumber || line[i] == "_" || line[i] == "-"
            || line[i] == "." || line[i] == "\"" || line[i] == "'")
        {
          i += 1
        }
        guard i > keyStart else { continue }
        let key = String(line[keyStart..<i]).filter { $0 != "\"" && $0 != "'" }
        while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
        guard i < line.count && line[i] == "=" else { continue }
        i += 1
        while i < line.count && (line[i] == " " || line[i] == "\t") { i += 1 }
        let rest = String(line[i...])
        let simple =
          (rest.hasPrefix("\"") && !rest.hasPrefix("\"\"\"") && !rest.contains("\\"))
          || (rest.hasPrefix("'") && !rest.hasPrefix("'''"))
        let path = table.isEmpty ? key : "\(table).\(key)"
        if locations[path] == nil {
          locations[path] = Location(
            line: lineNumber, column: keyStart + 1, valueColumn: i + 1, isSimpleString: simple)
          if rest.hasPrefix("[") { arrays.append((path, lineNumber, i + 1)) }
        }
        for delimiter in ["\"\"\"", "'''"] where rest.hasPrefix(delimiter) {
          if !rest.dropFirst(3).contains(delimiter) { inMultilineString = delimiter }
        }
        depth += SourceMap.bracketBalance(Array(rest))
      } else {
        depth += SourceMap.bracketBalance(Array(line[i...]))
      }
      depth = max(0, depth)
    }
    for array in arrays {
      items[array.path] = Self.items(lines, line: array.line, column: array.column)
    }
  }

  /// Where `key` (dotted for tables: `nudge.repeat`) is, if present.
  func location(of key: String) -> Location? { locations[key] }

  /// Where the element at `index` of the array at `key` is, if the array is
  /// written as `key = [ … ]` and has that many elements.
  func item(_ index: Int, of key: String) -> Item? {
    guard let list = items[key], list.indices.contains(index) else { return nil }
    return list[index]
  }

  /// Opening minus closing brackets outside strings and comments.
  private static func bracketBalance(_ characters: [Character]) -> Int {
    var balance = 0
    var quote: Character?
    var escaped = false
    for c in characters {
      if let q = quote {
        if escaped {
          escaped = false
        } else if c == "\\" && q == "\"" {
          escaped = true
        } else if c == q {
          quote = nil
        }
        continue
      }
      switch c {
      case "\"", "'": quote = c
      case "[", "{": balance += 1
      case "]", "}": balance -= 1
      case "#": return balance
      default: break
      }
    }
    return balance
  }
}
