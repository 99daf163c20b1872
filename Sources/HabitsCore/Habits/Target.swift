// SPDX-License-Identifier: Apache-2.0
/// A success goal per period instead of per due day: `3/week`, `10/month`,
/// or `2/3 days`.
public struct Target: Hashable, Sendable, CustomStringConvertible {
  public enum Period: Hashable, Sendable {
    /// The calendar week (from `week_starts`).
    case week
    /// The calendar month.
    case month
    /// Blocks of this many days, back to back from the habit's `start` (or,
    /// without one, from 1970-01-01).
    case days(Int)

    /// How many days the period holds, a month counting as 30 (as Loop
    /// Habit Tracker counts it).
    public var length: Int {
      switch self {
      case .week: return 7
      case .month: return 30
      case .days(let n): return n
      }
    }

    /// The unit streaks count in: periods for weeks and months, days for a
    /// block of days (its met blocks' days).
    public var streakUnit: String {
      switch self {
      case .week: return "week"
      case .month: return "month"
      case .days: return "day"
      }
    }

    /// The current period in words: `this week`, `this 3-day block`.
    public var thisPeriod: String {
      switch self {
      case .week: return "this week"
      case .month: return "this month"
      case .days(let n): return "this \(n)-day block"
      }
    }
  }

  /// The most days a block of days may hold.
  public static let maximumDays = 366

  public var count: Int
  public var period: Period

  public init(count: Int, period: Period) {
    self.count = count
    self.period = period
  }

  /// Parses `N/week`, `N/month` or `N/D days`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let n = Int(parts[0].trimmingWhitespace()), n >= 1 else { return nil }
    let words = parts[1].trimmingWhitespace().lowercased().split(separator: " ")
    let period: Period
    switch words.count {
    case 1 where words[0] == "week": period = .week
    case 1 where words[0] == "month": period = .month
    case 2 where words[1] == "days" || words[1] == "day":
      guard let days = Int(words[0]), days >= 1, days <= Self.maximumDays else { return nil }
      period = .days(days)
    default:
      return nil
    }
    switch period {
    case .week where n > 7, .month where n > 31: return nil
    case .days(let days) where n > days: return nil
    default: break
    }
    self.init(count: n, period: period)
  }

  public var description: String {
    switch period {
    case .week: return "\(count)/week"
    case .month: return "\(count)/month"
    case .days(let n): return "\(count)/\(n) days"
    }
  }
}
