// SPDX-License-Identifier: Apache-2.0
/// A person's name in a together folder: 16 lowercase hexadecimal digits,
/// drawn at random when they first join. All their devices write under it,
/// so it names a folder and is checked as strictly as a device id.
public struct PersonID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let text: String

  /// The id in `text`, or nil when it is not 16 lowercase hex digits.
  public init?(_ text: some StringProtocol) {
    guard text.utf8.count == 16, text.utf8.allSatisfy(HexDigits.isLowercaseHex) else { return nil }
    self.text = String(text)
  }

  /// A new random id.
  public init(using generator: inout some RandomNumberGenerator) {
    text = HexDigits.random(count: 16, using: &generator)
  }

  public var description: String { text }

  public static func < (a: PersonID, b: PersonID) -> Bool { a.text < b.text }
}
