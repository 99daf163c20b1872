// SPDX-License-Identifier: Apache-2.0
/// A POSIX `TZ` rule such as `EST5EDT,M3.2.0,M11.1.0`: the zone's offsets and
/// its yearly daylight-saving switches, as found in a TZif file's footer.
public struct PosixTimeZoneRule: Hashable, Sendable {
  /// A yearly switch date and the local time of day it happens at.
  public struct Switch: Hashable, Sendable {
    public enum Day: Hashable, Sendable {
      /// `Mm.w.d`: the `week`-th (5 = last) `weekday` (0 = Sunday) of `month`.
      case monthWeekDay(month: Int, week: Int, weekday: Int)
      /// `Jn`: day 1…365, never counting February 29.
      case julianNoLeap(Int)
      /// `n`: day 0…365, counting February 29.
      case zeroBased(Int)
    }
    public var day: Day
    /// Seconds after local midnight (may be negative or past 24 h).
    public var time: Int

    public init(day: Day, time: Int) {
      self.day = day
      self.time = time
    }

    func date(in year: Int) -> CivilDate {
      switch day {
      case .monthWeekDay(let month, let week, let weekday):
        let first = CivilDate(year: year, month: month, day: 1)
        // Our Weekday is Monday = 0; POSIX is Sunday = 0.
        let want = (weekday + 6) % 7
        var day = 1 + (want - first.weekday.rawValue + 7) % 7 + (week - 1) * 7
        while day > first.daysInMonth { day -= 7 }
        return CivilDate(year: year, month: month, day: day)
      case .julianNoLeap(let n):
        var offset = n - 1
        if CivilDate.isLeap(year) && n >= 60 { offset += 1 }
        return CivilDate(year: year, month: 1, day: 1).adding(days: offset)
      case .zeroBased(let n):
        return CivilDate(year: year, month: 1, day: 1).adding(days: n)
      }
    }
  }

  public var standardOffset: Int
  public var daylightOffset: Int?
  public var start: Switch?
  public var end: Switch?

  /// Parses a POSIX TZ string; nil when it is not one.
  ///
  /// The grammar is POSIX's, `std offset [dst [offset] [,start[/time],end[/time]]]`,
  /// with RFC 8536's extension that a switch time may be signed and run to
  /// 167 hours. Anything outside it is refused rather than bent into shape:
  /// an offset of more than 24 hours (glibc quietly clamps it), minutes or
  /// seconds past 59, a number with more digits than its field, a sign where
  /// none belongs, a missing part, or anything left over.
  public init?(_ text: String) {
    var scanner = Scanner(Array(text.utf8))
    guard scanner.name() != nil, let std = scanner.offset(maxHours: 24) else { return nil }
    standardOffset = -std
    if scanner.atEnd { return }
    guard scanner.name() != nil else { return nil }
    if scanner.startsOffset {
      guard let dst = scanner.offset(maxHours: 24) else { return nil }
      daylightOffset = -dst
    } else {
      daylightOffset = standardOffset + 3600
    }
    if scanner.atEnd {
      // No rule given: POSIX leaves it to the implementation; US rules are the usual default.
      start = Switch(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
      end = Switch(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
      return
    }
    guard scanner.take(","), let s = scanner.switchRule(), scanner.take(","),
      let e = scanner.switchRule(), scanner.atEnd
    else { return nil }
    start = s
    end = e
  }

  /// The daylight-saving period of `year` as UTC seconds, or nil for a zone without one.
  public func daylightPeriod(in year: Int) -> (start: Int, end: Int)? {
    guard let dst = daylightOffset, let start, let end else { return nil }
    let s = start.date(in: year).daysSinceEpoch * 86_400 + start.time - standardOffset
    let e = end.date(in: year).daysSinceEpoch * 86_400 + end.time - dst
    return (s, e)
  }

  /// The UTC offset in force at `utc`.
  public func offset(at utc: Int) -> Int {
    guard let dst = daylightOffset else { return standardOffset }
    let year = LocalDateTime(localSeconds: utc + standardOffset).date.year
    guard let (s, e) = daylightPeriod(in: year) else { return standardOffset }
    if s == e { return standardOffset }
    let inDaylight = s < e ? (utc >= s && utc < e) : !(utc >= e && utc < s)
    return inDaylight ? dst : standardOffset
  }

  /// The offset changes of the years `years`, in order, as (UTC instant,
  /// offset after), just where `offset(at:)` changes.
  ///
  /// `offset(at:)` reads each year by its own two switches, as glibc does,
  /// so a rule whose switches swap order from one year to the next, or fall
  /// in another year (`J1/-100`), also changes at New Year; that change is
  /// listed too, so that wall-clock times there map back and forth.
  public func transitions(years: ClosedRange<Int>) -> [(at: Int, offset: Int)] {
    guard daylightOffset != nil else { return [] }
    var candidates: [Int] = []
    for year in years {
      candidates.append(
        CivilDate(year: year, month: 1, day: 1).daysSinceEpoch * 86_400 - standardOffset)
      if let (s, e) = daylightPeriod(in: year) { candidates += [s, e] }
    }
    var result: [(at: Int, offset: Int)] = []
    for at in Set(candidates).sorted() {
      let after = offset(at: at)
      if after != offset(at: at - 1) { result.append((at, after)) }
    }
    return result
  }

  /// Reads the parts of a rule, each with the bounds its field allows, so
  /// that no number it builds can overflow.
  private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func take(_ c: Character) -> Bool {
      if peek == c.asciiValue {
        index += 1
        return true
      }
      return false
    }

    /// Whether a sign or digit comes next: an offset, which must then be whole.
    var startsOffset: Bool {
      guard let c = peek else { return false }
      return Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Three or more letters, or `<…>` around three or more letters, digits, `+` and `-`.
    mutating func name() -> String? {
      let begin = index
      if take("<") {
        while let c = peek,
          Self.isLetter(c) || Self.isDigit(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
        {
          index += 1
        }
        guard index - begin >= 4, take(">") else { return nil }
        return String(decoding: bytes[(begin + 1)..<(index - 1)], as: UTF8.self)
      }
      while let c = peek, Self.isLetter(c) { index += 1 }
      return index - begin >= 3 ? String(decoding: bytes[begin..<index], as: UTF8.self) : nil
    }

    /// One to `maxDigits` digits; nil when there are none or more.
    mutating func number(maxDigits: Int) -> Int? {
      var value = 0
      var digits = 0
      while let c = peek, Self.isDigit(c) {
        digits += 1
        guard digits <= maxDigits else { return nil }
        value = value * 10 + Int(c - 48)
        index += 1
      }
      return digits > 0 ? value : nil
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, with hours up to `maxHours`.
    mutating func offset(maxHours: Int) -> Int? {
      var sign = 1
      if take("-") {
        sign = -1
      } else {
        _ = take("+")
      }
      guard let h = number(maxDigits: maxHours > 99 ? 3 : 2), h <= maxHours else { return nil }
      var total = h * 3600
      if take(":") {
        guard let m = number(maxDigits: 2), m <= 59 else { return nil }
        total += m * 60
        if take(":") {
          guard let s = number(maxDigits: 2), s <= 59 else { return nil }
          total += s
        }
      }
      return sign * total
    }

    mutating func switchRule() -> Switch? {
      let day: Switch.Day
      if take("M") {
        guard let m = number(maxDigits: 2), take("."), let w = number(maxDigits: 1), take("."),
          let d = number(maxDigits: 1), (1...12).contains(m), (1...5).contains(w),
          (0...6).contains(d)
        else { return nil }
        day = .monthWeekDay(month: m, week: w, weekday: d)
      } else if take("J") {
        guard let n = number(maxDigits: 3), (1...365).contains(n) else { return nil }
        day = .julianNoLeap(n)
      } else {
        guard let n = number(maxDigits: 3), (0...365).contains(n) else { return nil }
        day = .zeroBased(n)
      }
      var time = 7200
      if take("/") {
        // RFC 8536 §3.3.1: a switch time may be negative and up to 167 hours.
        guard let t = offset(maxHours: 167) else { return nil }
        time = t
      }
      return Switch(day: day, time: time)
    }
  }
}
