// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The pieces of RFC 5545 content lines: TEXT escaping, parameter quoting,
/// date-time forms and folding.
enum ICSContentLine {
  /// A TEXT value (§3.3.11): backslash, semicolon and comma get a backslash,
  /// every line break becomes `\n`, and other control characters (which TEXT
  /// cannot hold) are dropped; tabs stay.
  static func text(_ value: String) -> String {
    var result = ""
    var scalars = value.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      switch scalar {
      case "\\": result += "\\\\"
      case ";": result += "\\;"
      case ",": result += "\\,"
      case "\n": result += "\\n"
      case "\r":
        result += "\\n"
        if pending == "\n" { pending = scalars.next() }
      case "\t": result.unicodeScalars.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F { continue }
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// A parameter value (§3.2): as is when it holds only safe characters,
  /// else in double quotes (which a parameter value itself cannot hold).
  static func parameter(_ value: String) -> String {
    let plain = value.unicodeScalars.allSatisfy { scalar in
      scalar.value > 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != ";"
        && scalar != ":" && scalar != ","
    }
    if plain && !value.isEmpty { return value }
    let safe = value.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }
    return "\"" + String(String.UnicodeScalarView(safe)) + "\""
  }

  /// A UTC-OFFSET (§3.3.14): `+0100`, `-0330`, `+053028` when there are seconds.
  static func offset(_ seconds: Int) -> String {
    let sign = seconds < 0 ? "-" : "+"
    let magnitude = abs(seconds)
    var text =
      sign + LocalDateTime.two(magnitude / 3600) + LocalDateTime.two(magnitude / 60 % 60)
    if magnitude % 60 != 0 { text += LocalDateTime.two(magnitude % 60) }
    return text
  }

  /// Folds one content line (§3.1): no physical line is longer than 75 octets,
  /// each continuation starts with a space, and no UTF-8 sequence is split.
  /// Lines end in CRLF.
  static func fold(_ line: String) -> String {
    var result = ""
    var width = 0
    for scalar in line.unicodeScalars {
      let size = UTF8.width(scalar)
      if width + size > 75 {
        result += "\r\n "
        width = 1
      }
      result.unicodeScalars.append(scalar)
      width += size
    }
    return result + "\r\n"
  }
}
