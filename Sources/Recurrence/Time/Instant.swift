// SPDX-License-Identifier: Apache-2.0
/// A point in time: whole seconds since 1970-01-01T00:00:00Z.
///
/// Schedules work to the minute, so whole seconds are enough; the agent keeps
/// its own finer clock for sleeping.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var secondsSince1970: Int

  public init(secondsSince1970: Int) {
    self.secondsSince1970 = secondsSince1970
  }

  public static func < (a: Instant, b: Instant) -> Bool {
    a.secondsSince1970 < b.secondsSince1970
  }

  public func adding(seconds: Int) -> Instant {
    Instant(secondsSince1970: secondsSince1970 + seconds)
  }

  /// `YYYY-MM-DDTHH:MM:SSZ`.
  public var description: String {
    "\(LocalDateTime(localSeconds: secondsSince1970))Z"
  }
}
