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
  public init?(parsing text: some StringProtocol) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    // Digits only: `Int` alone would also take "+9" and "-0".
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let h = Int(parts[0]),
      let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    self.init(hour: h, minute: m)
  }

  /// Seconds since midnight.
  public var secondOfDay: Int { hour * 3600 + minute * 60 }

  /// `HH:MM`.
  public var description: String { "\(LocalDateTime.two(hour)):\(LocalDateTime.two(minute))" }

  public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.secondOfDay < b.secondOfDay }
}
