// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

/// `Unicode.Scalar.isControlCharacter`, the one rule every place that keeps
/// control characters away from a terminal asks, and `InputEcho`, which
/// writes them out where a message quotes input.
@Suite struct ControlCharacterTests {
  @Test(arguments: [
    (0x00, true), (0x09, true), (0x0A, true), (0x1B, true), (0x1F, true), (0x20, false),
    (0x7E, false), (0x7F, true), (0x80, true), (0x85, true), (0x9B, true), (0x9F, true),
    (0xA0, false), (0xAD, false), (0x2028, false), (0xFEFF, false),
  ])
  func c0DelAndC1AreControlCharacters(value: UInt32, control: Bool) throws {
    let scalar = try #require(Unicode.Scalar(value))
    #expect(scalar.isControlCharacter == control)
  }

  /// They are what Unicode calls control characters (general category Cc),
  /// and nothing else: not a format character, a separator or a private use.
  @Test func theyAreUnicodesCategoryCc() {
    for value in UInt32(0)...0x10FFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let cc = scalar.properties.generalCategory == .control
      if scalar.isControlCharacter != cc {
        Issue.record("U+\(String(value, radix: 16, uppercase: true)): \(!cc), Unicode says \(cc)")
      }
    }
  }

  /// A message quotes input with its control characters written out, C1's
  /// (U+009B starts an escape sequence, as ESC [ does) as C0's.
  @Test func inputIsEchoedWithEveryControlCharacterWrittenOut() {
    #expect(InputEcho.visible("a\u{1B}[31mb") == "a\\u{1B}[31mb")
    #expect(InputEcho.visible("a\u{7F}b\u{9B}31m\u{85}") == "a\\u{7F}b\\u{9B}31m\\u{85}")
    #expect(InputEcho.visible("déjà\u{A0}vu") == "déjà\u{A0}vu")
  }
}
