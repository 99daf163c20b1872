// SPDX-License-Identifier: Apache-2.0
/// A wall-clock reading with no zone: a date and a time of day to the second.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var date: CivilDate
  /// Seconds since the start of `date`, 0 ..< 86 400.
  public var secondOfDay: Int

  public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    self.date = date
    self.secondOfDay = hour * 3600 + minute * 60 + second
  }

  /// The reading `seconds` seconds after 1970-01-01T00:00 on the same wall clock.
  public init(localSeconds seconds: Int) {
    let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
    self.date = CivilDate(daysSinceEpoch: days)
    self.secondOfDay = seconds - days * 86_400
  }

  public var hour: Int { secondOfDay / 3600 }
  public var minute: Int { secondOfDay / 60 % 60 }
  public var second: Int { secondOfDay % 60 }

  /// Seconds since 1970-01-01T00:00 on the same wall clock, as if the zone were UTC.
  public var localSeconds: Int { date.daysSinceEpoch * 86_400 + secondOfDay }

  /// `YYYY-MM-DDTHH:MM:SS`.
  public var description: String {
    "\(date)T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
  }

  public static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool {
    (a.date, a.secondOfDay) < (b.date, b.secondOfDay)
  }
}
