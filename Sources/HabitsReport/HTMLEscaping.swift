// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Text made safe to put in an HTML (or inline SVG) page.
public enum HTMLEscaping {
  /// `text` safe inside an element or a quoted attribute: `&`, `<`, `>`, `"`
  /// and `'` become references, and control characters other than tab and
  /// newline (which HTML does not allow) are dropped.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if scalar.isControlCharacter { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
