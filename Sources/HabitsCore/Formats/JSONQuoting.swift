// SPDX-License-Identifier: Apache-2.0
/// JSON string literals as habits writes them: in its exports and in the
/// event files devices share.
package enum JSONQuoting {
  /// A JSON string literal: quotes, backslashes and control characters escaped,
  /// everything else as it is (UTF-8). U+2028 and U+2029 are escaped too, so
  /// that a line of JSON stays one line for any reader.
  package static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }
}
