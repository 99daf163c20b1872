// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// A frequency of harsh's `habits` file: `target/interval` in days (`3/7`:
/// three times in any seven days), a bare interval (`7`: once in seven
/// days, `1`: daily), weeks written `1w`, or `0`: tracked, never due.
///
/// harsh counts over a rolling window of days; habits counts per calendar
/// week, calendar month or block of days (`target`), so `mapping` says where
/// the two differ.
public struct HarshFrequency: Hashable, Sendable {
  /// Times within `interval`; 0 when only tracked.
  public var target: Int
  /// Days.
  public var interval: Int

  public init(target: Int, interval: Int) {
    self.target = target
    self.interval = interval
  }

  /// Parses `3/7`, `7`, `1w`, `2/1w`, `0`, as harsh does (and weeks).
  public init(parsing text: String) throws(HabitsError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2, let first = parts.first,
      let count = Self.days(first, weeks: parts.count == 1)
    else {
      throw HabitsError(
        "'\(text)' is not a frequency",
        hint: "harsh writes them as 1 (daily), 7 or 1w (weekly), 3/7 (3 times in 7 days) or 0")
    }
    if parts.count == 1 {
      self.init(target: count == 0 ? 0 : 1, interval: max(count, 1))
      return
    }
    guard let interval = Self.days(parts[1], weeks: true) else {
      throw HabitsError(
        "'\(text)' is not a frequency: a number of days must follow the '/'", hint: "e.g. 3/7")
    }
    guard interval > 0 else {
      throw HabitsError("'\(text)' needs a number of days above 0 after the '/'", hint: "e.g. 3/7")
    }
    guard count <= interval else {
      throw HabitsError(
        "'\(text)' asks for more times (\(count)) than there are days (\(interval))")
    }
    self.init(target: count, interval: interval)
  }

  /// A count of days: digits, or digits and `w` for weeks when allowed.
  private static func days(_ text: Substring, weeks: Bool) -> Int? {
    var digits = text.trimmingWhitespace()
    var factor = 1
    if weeks, digits.hasSuffix("w") || digits.hasSuffix("W") {
      digits.removeLast()
      factor = 7
    }
    guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
      let value = Int(digits)
    else { return nil }
    return value * factor
  }

  /// The reminder time of imported habits: harsh has none, and asks in one go
  /// (`harsh ask`), which an evening reminder matches best.
  public static let reminderTime = "20:00"

  /// What a schedule file says for this frequency.
  public struct Mapping: Hashable, Sendable {
    public var when: String
    /// `N/week`, `N/month` or `N/D days`, when the count is per period.
    public var target: String?
    public var enabled: Bool
    /// Why this is not exactly harsh's meaning, when it is not.
    public var approximation: String?
  }

  /// The nearest schedule: daily reminders; a target per calendar week for
  /// `N/7`, per calendar month for `N/28` to `N/31`, and per block of days
  /// for any other count over up to `Target.maximumDays` days; and no
  /// reminders for tracked-only habits.
  ///
  /// `1/D` becomes `1/D days` too rather than `every D days`: harsh lets the
  /// one time fall on any day of the window, which a block does as well,
  /// while `every D days` would be due on fixed days only.
  public var mapping: Mapping {
    let daily = "daily at \(Self.reminderTime)"
    if target == 0 {
      return Mapping(
        when: daily, target: nil, enabled: false,
        approximation: "tracked only in harsh (0): switched off here, so never reminded or due")
    }
    if target == interval {
      return Mapping(when: daily, target: nil, enabled: true, approximation: nil)
    }
    let window = "\(target) in any \(interval) days"
    if interval == 7 {
      return Mapping(
        when: daily, target: "\(target)/week", enabled: true,
        approximation: "\(window) became \(target)/week: counted per calendar week")
    }
    if (28...31).contains(interval) {
      return Mapping(
        when: daily, target: "\(target)/month", enabled: true,
        approximation: "\(window) became \(target)/month: counted per calendar month")
    }
    if interval <= Target.maximumDays {
      let block = "\(target)/\(interval) days"
      return Mapping(
        when: daily, target: block, enabled: true,
        approximation:
          "\(window) became \(block): counted in blocks of \(interval) days back to back"
          + " (from 'start', else 1970-01-01), not in a rolling window")
    }
    // Longer than a block may be: the nearest count per calendar month.
    let perMonth = Double(target) * 30 / Double(interval)
    let count = max(1, Int(perMonth.rounded()))
    let stricter = perMonth < 0.5 ? " (more often than harsh asked)" : ""
    return Mapping(
      when: daily, target: "\(count)/month", enabled: true,
      approximation:
        "\(window) became \(count)/month, the nearest count per calendar month\(stricter)")
  }
}
