// SPDX-License-Identifier: Apache-2.0
/// A wall-clock time within a day, to the minute: `21:00`.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var hour: Int
  public var minute: Int

  public init(hour: Int, minute: Int) {
    self.hour = hour
    self.minute = minute
  }

  /// Parses `HH:MM` (24-hour, `9:00` or `09:00`).
  public init?(parsing text: String) {
    self.init(parsing: text.utf8)
  }

  /// Parses `HH:MM` (24-hour, `9:00` or `09:00`).
  public init?(parsing text: Substring) {
    self.init(parsing: text.utf8)
  }

  // One parser for both, byte by byte and specialized here: ASCII digits
  // only (`Int` alone would also take "+9" and "-0"), one or two before the
  // colon and two after.
  private init?(parsing bytes: some Sequence<UInt8>) {
    var hour = 0
    var minute = 0
    var digits = (before: 0, after: 0)
    var colon = false
    for byte in bytes {
      if byte == UInt8(ascii: ":") {
        guard !colon else { return nil }
        colon = true
        continue
      }
      let digit = byte &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      if colon {
        minute = minute * 10 + Int(digit)
        digits.after += 1
      } else {
        hour = hour * 10 + Int(digit)
        digits.before += 1
      }
      guard digits.before <= 2, digits.after <= 2 else { return nil }
    }
    guard colon, digits.before >= 1, digits.after == 2, hour <= 23, minute <= 59 else {
      return nil
    }
    self.init(hour: hour, minute: minute)
  }

  /// Seconds since midnight.
  public var secondOfDay: Int { hour * 3600 + minute * 60 }

  /// `HH:MM`.
  public var description: String { "\(LocalDateTime.two(hour)):\(LocalDateTime.two(minute))" }

  public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.secondOfDay < b.secondOfDay }
}
