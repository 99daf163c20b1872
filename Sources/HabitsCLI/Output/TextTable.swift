// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Columns aligned by display width, so emoji and CJK titles keep tables straight.
struct TextTable {
  private var rows: [[String]] = []

  mutating func add(_ row: [String]) { rows.append(row) }

  /// The rows, columns padded to their widest cell and separated by two spaces;
  /// trailing empty cells are dropped.
  func render() -> String {
    var widths: [Int] = []
    for row in rows {
      for (i, cell) in row.enumerated() {
        let width = TextTable.displayWidth(cell)
        if i < widths.count { widths[i] = max(widths[i], width) } else { widths.append(width) }
      }
    }
    var out = ""
    for row in rows {
      var line = ""
      for (i, cell) in row.enumerated() {
        line += cell
        if i < row.count - 1 {
          line += String(repeating: " ", count: widths[i] - TextTable.displayWidth(cell) + 2)
        }
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    return out
  }

  /// Terminal columns `text` takes: wide (East Asian, emoji) characters count
  /// two, combining marks, joiners and control characters none, nor the
  /// colour (`Style`) a cell is wrapped in: an escape sequence `ESC [ … m`,
  /// or any other that ends in a byte from `@` to `~`.
  static func displayWidth(_ text: String) -> Int {
    var width = 0
    var escape = Escape.none
    for character in text {
      let scalars = character.unicodeScalars
      guard let first = scalars.first else { continue }
      switch escape {
      case .none:
        break
      case .started:
        escape = first == "[" ? .inSequence : .none
        if escape == .inSequence { continue }
      case .inSequence:
        if (0x40...0x7E).contains(first.value) { escape = .none }
        continue
      }
      if first == "\u{1B}" {
        escape = .started
        continue
      }
      if first.properties.isEmojiPresentation
        || scalars.contains(where: { $0.value == 0xFE0F })
        || isWide(first.value)
      {
        width += 2
      } else if first.properties.generalCategory == .nonspacingMark || first.isControlCharacter {
        continue
      } else {
        width += 1
      }
    }
    return width
  }

  /// Where `displayWidth` stands in a control sequence.
  private enum Escape {
    case none, started, inSequence
  }

  private static func isWide(_ v: UInt32) -> Bool {
    (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v)
      || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
      || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
      || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
      || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
  }
}
