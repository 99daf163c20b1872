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
  public init?(_ text: String) {
    var scanner = Scanner(Array(text.utf8))
    guard scanner.name() != nil, let std = scanner.offset() else { return nil }
    standardOffset = -std
    if scanner.atEnd { return }
    guard scanner.name() != nil else { return nil }
    if let dst = scanner.offset() {
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
  func daylightPeriod(in year: Int) -> (start: Int, end: Int)? {
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

  /// The switches of the years `from ... to`, in order, as (UTC instant, offset after).
  func transitions(years: ClosedRange<Int>) -> [(at: Int, offset: Int)] {
    guard let dst = daylightOffset else { return [] }
    var result: [(at: Int, offset: Int)] = []
    for year in years {
      guard let (s, e) = daylightPeriod(in: year), s != e else { continue }
      result.append((s, dst))
      result.append((e, standardOffset))
    }
    return result.sorted { $0.at < $1.at }
  }

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

    mutating func name() -> String? {
      let begin = index
      if take("<") {
        while let c = peek, c != UInt8(ascii: ">") { index += 1 }
        guard take(">") else { return nil }
        return index - begin > 2 ? String(decoding: bytes[begin..<index], as: UTF8.self) : nil
      }
      while let c = peek, (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { index += 1 }
      return index - begin >= 3 ? String(decoding: bytes[begin..<index], as: UTF8.self) : nil
    }

    mutating func number() -> Int? {
      var value: Int?
      while let c = peek, c >= 48 && c <= 57 {
        value = (value ?? 0) * 10 + Int(c - 48)
        index += 1
      }
      return value
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    mutating func offset() -> Int? {
      var sign = 1
      if take("-") {
        sign = -1
      } else {
        _ = take("+")
      }
      guard let h = number() else { return nil }
      var total = h * 3600
      if take(":") {
        guard let m = number() else { return nil }
        total += m * 60
        if take(":") {
          guard let s = number() else { return nil }
          total += s
        }
      }
      return sign * total
    }

    mutating func switchRule() -> Switch? {
      let day: Switch.Day
      if take("M") {
        guard let m = number(), take("."), let w = number(), take("."), let d = number(),
          (1...12).contains(m), (1...5).contains(w), (0...6).contains(d)
        else { return nil }
        day = .monthWeekDay(month: m, week: w, weekday: d)
      } else if take("J") {
        guard let n = number(), (1...365).contains(n) else { return nil }
        day = .julianNoLeap(n)
      } else {
        guard let n = number(), (0...365).contains(n) else { return nil }
        day = .zeroBased(n)
      }
      var time = 7200
      if take("/") {
        guard let t = offset() else { return nil }
        time = t
      }
      return Switch(day: day, time: time)
    }
  }
}
