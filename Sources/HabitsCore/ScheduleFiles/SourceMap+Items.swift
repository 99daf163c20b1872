// SPDX-License-Identifier: Apache-2.0
extension SourceMap {
  /// The elements of the array whose `[` is at `line` and `column` (1-based),
  /// each with where it starts and, for an inline table, where its keys are.
  ///
  /// Follows strings (with escapes, and across lines when triple-quoted),
  /// comments and nested arrays and tables just far enough to tell where one
  /// element ends and the next begins. TOMLKit has parsed the text already,
  /// so this only needs to be right for valid TOML, and safe for any text.
  static func items(_ lines: [[Character]], line: Int, column: Int) -> [Item] {
    var row = line - 1
    var col = column - 1
    guard lines.indices.contains(row), lines[row].indices.contains(col), lines[row][col] == "["
    else { return [] }
    col += 1
    var result: [Item] = []
    // The open arrays and inline tables; the first is the array itself.
    var open: [Character] = ["["]
    // Whether an element may start (after the `[` or a comma).
    var expectingItem = true
    // Whether a key of an element's inline table may start (after its `{` or a comma).
    var expectingField = false
    // The delimiter that closes the string the scan is in: one quote or three.
    var quote: [Character]?

    func at(_ chars: [Character], _ i: Int, _ literal: [Character]) -> Bool {
      i + literal.count <= chars.count && Array(chars[i..<i + literal.count]) == literal
    }
    func location(_ chars: [Character], _ row: Int, _ key: Int, _ value: Int) -> Location {
      let rest = value < chars.count ? String(chars[value...]) : ""
      let simple =
        (rest.hasPrefix("\"") && !rest.hasPrefix("\"\"\"") && !rest.contains("\\"))
        || (rest.hasPrefix("'") && !rest.hasPrefix("'''"))
      return Location(
        line: row + 1, column: key + 1, valueColumn: value + 1, isSimpleString: simple)
    }

    while row < lines.count {
      let chars = lines[row]
      while col < chars.count {
        let c = chars[col]
        if let delimiter = quote {
          if c == "\\" && delimiter[0] == "\"" {
            col += 2
          } else if at(chars, col, delimiter) {
            col += delimiter.count
            quote = nil
          } else {
            col += 1
          }
          continue
        }
        if c == " " || c == "\t" {
          col += 1
          continue
        }
        if c == "#" { break }
        if open.count == 1 && expectingItem && c != "]" && c != "," {
          result.append(Item(location: location(chars, row, col, col), fields: [:]))
          expectingItem = false
        }
        if open.count == 2 && open[1] == "{" && expectingField && c != "}" && c != ","
          && !result.isEmpty
        {
          expectingField = false
          // A key, bare or quoted, dotted or not, then `=` and the value.
          let keyStart = col
          var name = ""
          while col < chars.count {
            let k = chars[col]
            if k == "\"" || k == "'" {
              col += 1
              while col < chars.count && chars[col] != k {
                name.append(chars[col])
                col += 1
              }
              col += 1
            } else if k.isLetter || k.isNumber || k == "_" || k == "-" || k == "." {
              name.append(k)
              col += 1
            } else {
              break
            }
          }
          while col < chars.count && (chars[col] == " " || chars[col] == "\t") { col += 1 }
          guard col < chars.count, chars[col] == "=" else { continue }
          col += 1
          while col < chars.count && (chars[col] == " " || chars[col] == "\t") { col += 1 }
          if result[result.count - 1].fields[name] == nil {
            result[result.count - 1].fields[name] = location(chars, row, keyStart, col)
          }
          continue
        }
        switch c {
        case "\"", "'":
          let triple: [Character] = [c, c, c]
          quote = at(chars, col, triple) ? triple : [c]
          col += (quote?.count ?? 1) - 1
        case "[", "{":
          open.append(c)
          if c == "{" && open.count == 2 { expectingField = true }
        case "]", "}":
          open.removeLast()
          if open.isEmpty { return result }
        case ",":
          if open.count == 1 { expectingItem = true }
          if open.count == 2 && open[1] == "{" { expectingField = true }
        default:
          break
        }
        col += 1
      }
      row += 1
      col = 0
      // A one-line string ends with its line, closed or not.
      if quote?.count == 1 { quote = nil }
    }
    return result
  }
}
