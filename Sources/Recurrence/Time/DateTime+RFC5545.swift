// SPDX-License-Identifier: Apache-2.0
extension LocalDateTime {
  /// `19970714T173000`: the RFC 5545 DATE-TIME form of a wall-clock
  /// reading, without a zone (RRULE's UNTIL, iCalendar's DTSTART).
  public var rfc5545DateTime: String {
    let year = String(date.year)
    return String(repeating: "0", count: max(0, 4 - year.count)) + year
      + Self.two(date.month) + Self.two(date.day) + "T" + Self.two(hour) + Self.two(minute)
      + Self.two(second)
  }
}

extension Instant {
  /// `19970714T173000Z`: the RFC 5545 DATE-TIME form of an instant, in UTC.
  public var rfc5545DateTime: String {
    LocalDateTime(localSeconds: secondsSince1970).rfc5545DateTime + "Z"
  }
}
