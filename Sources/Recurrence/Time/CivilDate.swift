// SPDX-License-Identifier: Apache-2.0
/// A day on the calendar, with no time and no zone: the key a check-in is filed under.
///
/// Conversions use the proleptic Gregorian calendar and a day count from
/// 1970-01-01, so adding days and finding weekdays never touch a time zone.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Creates the date `days` days after 1970-01-01 (negative for before).
  public init(daysSinceEpoch days: Int) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
  }

  /// Parses `YYYY-MM-DD`, refusing dates that do not exist (`2026-02-30`).
  public init?(iso text: String) {
    self.init(iso: text.utf8)
  }

  /// Parses `YYYY-MM-DD`, refusing dates that do not exist (`2026-02-30`).
  public init?(iso text: Substring) {
    self.init(iso: text.utf8)
  }

  // One parser for both, specialized here for each: a generic reached from
  // another module would look up its types' conformances at run time.
  private init?(iso bytes: some Sequence<UInt8>) {
    // Byte by byte: the store reads every day it holds through here.
    var fields = (year: 0, month: 0, day: 0)
    var index = 0
    for byte in bytes {
      if index == 4 || index == 7 {
        guard byte == UInt8(ascii: "-") else { return nil }
      } else {
        let digit = byte &- UInt8(ascii: "0")
        guard digit < 10, index < 10 else { return nil }
        switch index {
        case ..<4: fields.year = fields.year * 10 + Int(digit)
        case ..<7: fields.month = fields.month * 10 + Int(digit)
        default: fields.day = fields.day * 10 + Int(digit)
        }
      }
      index += 1
    }
    guard index == 10, CivilDate.isValid(year: fields.year, month: fields.month, day: fields.day)
    else { return nil }
    self.init(year: fields.year, month: fields.month, day: fields.day)
  }

  /// Days since 1970-01-01.
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  public var weekday: Weekday {
    // 1970-01-01 was a Thursday.
    let index = ((daysSinceEpoch % 7) + 7 + 3) % 7
    return Weekday.allCases[index]
  }

  public var daysInMonth: Int { CivilDate.daysIn(month: month, year: year) }

  /// The day of the year, 1-based.
  public var ordinal: Int {
    daysSinceEpoch - CivilDate(year: year, month: 1, day: 1).daysSinceEpoch + 1
  }

  public func adding(days: Int) -> CivilDate {
    CivilDate(daysSinceEpoch: daysSinceEpoch + days)
  }

  /// The first day of the week that contains this date, for weeks starting on `start`.
  public func startOfWeek(_ start: Weekday) -> CivilDate {
    let back = (weekday.rawValue - start.rawValue + 7) % 7
    return adding(days: -back)
  }

  public var description: String {
    // Digit by digit for the years of four digits: the store writes every
    // day it keeps, and a merge every day of years of history, through here.
    if (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) {
      return String(unsafeUninitializedCapacity: 10) { bytes in
        var digits = year * 10_000 + month * 100 + day
        for index in (0..<10).reversed() {
          if index == 4 || index == 7 {
            bytes[index] = UInt8(ascii: "-")
          } else {
            bytes[index] = UInt8(ascii: "0") + UInt8(digits % 10)
            digits /= 10
          }
        }
        return 10
      }
    }
    let y = String(year)
    let m = month < 10 ? "0\(month)" : "\(month)"
    let d = day < 10 ? "0\(day)" : "\(day)"
    return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
  }
}
