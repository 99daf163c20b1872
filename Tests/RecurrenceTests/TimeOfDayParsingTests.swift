// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

/// `TimeOfDay(parsing:)` and `trimmingWhitespace()` read bytes, and give
/// what reading Characters gives: every text of up to five pieces of a small
/// alphabet (digits, the colon, signs, spaces, line breaks, a combining
/// accent, an Arabic-Indic digit) is read both ways.
@Suite struct TimeOfDayParsingTests {
  /// Every text made of up to `length` pieces of `alphabet`.
  static func texts(_ alphabet: [String], upTo length: Int) -> [String] {
    var all = [""]
    var last = [""]
    for _ in 0..<length {
      last = last.flatMap { prefix in alphabet.map { prefix + $0 } }
      all += last
    }
    return all
  }

  /// `text` as a Substring of a longer string. (Controls around it, as a
  /// character of their own whatever follows or precedes them, so that the
  /// slice holds the same characters as `text`.)
  static func slice(_ text: String) -> Substring {
    ("\u{0}" + text + "\u{0}").dropFirst().dropLast()
  }

  /// `HH:MM` read Character by Character: two parts around one colon, one
  /// or two ASCII digits before it and two after.
  static func reference(_ text: String) -> TimeOfDay? {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let h = Int(parts[0]),
      let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    return TimeOfDay(hour: h, minute: m)
  }

  /// The text without spaces, tabs and line breaks at its ends, Character by Character.
  static func trimmedByCharacter(_ text: Substring) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = text.firstIndex(where: { !isSpace($0) }),
      let last = text.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(text[first...last])
  }

  @Test func timesAreReadAsCharactersReadThem() {
    #expect(TimeOfDay(parsing: "9:05") == TimeOfDay(hour: 9, minute: 5))
    #expect(TimeOfDay(parsing: "23:59") == TimeOfDay(hour: 23, minute: 59))
    #expect(TimeOfDay(parsing: "x07:30x".dropFirst().dropLast()) == TimeOfDay(hour: 7, minute: 30))
    for text in ["", ":", "24:00", "9:60", "9:5", "009:00", "+9:00", "9:00:00", "9 :00", "٩:٣٠"] {
      #expect(TimeOfDay(parsing: text) == nil, "\(text)")
    }
    let alphabet = ["0", "2", "9", ":", "+", " ", "\u{301}", "٣"]
    for text in Self.texts(alphabet, upTo: 5) {
      let expected = Self.reference(text)
      #expect(TimeOfDay(parsing: text) == expected, "\(text.unicodeScalars.map(\.value))")
      #expect(TimeOfDay(parsing: Self.slice(text)) == expected)
    }
  }

  @Test func trimmingIsWhatCharactersGive() {
    #expect("  a b \n".trimmingWhitespace() == "a b")
    #expect(
      "a\r\n".trimmingWhitespace() == "a\r\n", "\"\\r\\n\" is one character, none of the four")
    let alphabet = [" ", "\t", "\n", "\r", "\r\n", "a", "é", "\u{301}"]
    for text in Self.texts(alphabet, upTo: 5) {
      let expected = Self.trimmedByCharacter(Substring(text))
      #expect(text.trimmingWhitespace() == expected, "\(text.unicodeScalars.map(\.value))")
      #expect(Self.slice(text).trimmingWhitespace() == expected)
    }
  }
}
