// SPDX-License-Identifier: Apache-2.0
/// Which note a day held where an event with a note was written: the note
/// it was written over, as 16 hex digits (FNV-1a, 64 bits, of its UTF-8;
/// no note is the empty text).
///
/// Two devices that each write a note on one day before either has the
/// other's would otherwise keep only the later: replayed over a note its
/// writer never saw, a note adds its lines to it instead (`DayReplay`),
/// while a note written over the one it replaces still replaces it, as an
/// edit.
///
/// Held as a number, so that an event (of which a merge holds hundreds of
/// thousands) carries no more to count references of.
public struct NoteFingerprint: Hashable, Sendable {
  public let value: UInt64

  /// The fingerprint of `note`; nil is the empty text.
  public init(of note: String?) {
    value = FNV1a.hash((note ?? "").utf8)
  }

  /// A fingerprint as an event line writes it; nil unless 16 lowercase
  /// hex digits.
  public init?(_ text: String) {
    guard text.utf8.count == 16, text.utf8.allSatisfy(HexDigits.isLowercaseHex),
      let value = UInt64(text, radix: 16)
    else { return nil }
    self.value = value
  }

  /// The 16 lowercase hex digits.
  public var text: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.utf8.count) + digits
  }
}
