/// A success goal per calendar period instead of per due day: `3/week`.
public struct Target: Hashable, Sendable, CustomStringConvertible {
  public enum Period: String, Hashable, Sendable {
    case week, month
  }

  public var count: Int
  public var period: Period

  public init(count: Int, period: Period) {
    self.count = count
    self.period = period
  }

  /// Parses `N/week` or `N/month`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let n = Int(parts[0].trimmingWhitespace()), n >= 1,
      let period = Period(rawValue: parts[1].trimmingWhitespace().lowercased())
    else { return nil }
    if period == .week && n > 7 || period == .month && n > 31 { return nil }
    self.init(count: n, period: period)
  }

  public var description: String { "\(count)/\(period.rawValue)" }
}
