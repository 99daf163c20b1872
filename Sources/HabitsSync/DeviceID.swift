// SPDX-License-Identifier: Apache-2.0
/// A device's name in the sync folder: 16 lowercase hexadecimal digits,
/// drawn at random when the device joins. It names the device's folder, so
/// it is checked as strictly as a habit id.
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let text: String

  /// The id in `text`, or nil when it is not 16 lowercase hex digits.
  public init?(_ text: some StringProtocol) {
    self.init(String(text))
  }

  /// The id in `text`, as above: not generic, for the look at a folder,
  /// which makes one for each device it knows.
  public init?(_ text: String) {
    guard text.utf8.count == 16, text.utf8.allSatisfy(HexDigits.isLowercaseHex) else { return nil }
    self.text = text
  }

  /// A new random id.
  public init(using generator: inout some RandomNumberGenerator) {
    text = HexDigits.random(count: 16, using: &generator)
  }

  public var description: String { text }

  public static func < (a: DeviceID, b: DeviceID) -> Bool { a.text < b.text }
}
