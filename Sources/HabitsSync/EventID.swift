// SPDX-License-Identifier: Apache-2.0
/// An event's id: 32 lowercase hexadecimal digits (128 random bits), so that
/// the same event read twice, from a sync tool's copy or a replayed file, is
/// recognised and counted once.
public struct EventID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let text: String

  /// The id in `text`, or nil when it is not 32 lowercase hex digits.
  public init?(_ text: some StringProtocol) {
    guard text.utf8.count == 32, text.utf8.allSatisfy(HexDigits.isLowercaseHex) else { return nil }
    self.text = String(text)
  }

  /// The id in `text`, already checked to be 32 lowercase hex digits.
  init(checked text: String) {
    self.text = text
  }

  /// A new random id.
  public init(using generator: inout some RandomNumberGenerator) {
    text = HexDigits.random(count: 32, using: &generator)
  }

  public var description: String { text }

  public static func < (a: EventID, b: EventID) -> Bool { a.text < b.text }
}
