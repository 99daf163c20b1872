// SPDX-License-Identifier: Apache-2.0
/// One recurrence rule in the shape of RFC 5545's RRULE: the internal form
/// that words, RRULEs and cron lines all compile to.
///
/// Times are wall-clock times in the schedule's zone; `Schedule` turns them
/// into instants. Empty `by…` lists mean "not given".
public struct RecurrenceRule: Hashable, Sendable {
  public enum Frequency: String, Hashable, Sendable, CaseIterable {
    case yearly = "YEARLY"
    case monthly = "MONTHLY"
    case weekly = "WEEKLY"
    case daily = "DAILY"
    case hourly = "HOURLY"
  }

  /// A BYDAY entry: a weekday, optionally the `ordinal`-th of the month or year
  /// (`2MO`, `-1FR`).
  public struct WeekdayNumber: Hashable, Sendable {
    public var ordinal: Int?
    public var weekday: Weekday

    public init(_ weekday: Weekday, ordinal: Int? = nil) {
      self.weekday = weekday
      self.ordinal = ordinal
    }
  }

  /// Where a rule stops.
  public enum Until: Hashable, Sendable {
    /// `UNTIL=…Z`: an instant.
    case instant(Instant)
    /// `UNTIL=YYYYMMDDTHHMMSS`: a wall-clock time, inclusive.
    case local(LocalDateTime)
  }

  public var frequency: Frequency
  public var interval = 1
  public var count: Int?
  public var until: Until?
  public var byDay: [WeekdayNumber] = []
  public var byMonthDay: [Int] = []
  public var byMonth: [Int] = []
  public var byHour: [Int] = []
  public var byMinute: [Int] = []
  public var bySetPosition: [Int] = []
  public var weekStart: Weekday = .monday
  /// The first instance, as a wall-clock time; it also supplies whatever the
  /// `by…` parts leave out (RFC 5545 §3.3.10).
  public var start: LocalDateTime

  public init(frequency: Frequency, start: LocalDateTime) {
    self.frequency = frequency
    self.start = start
  }

  /// Whether the rule needs its start's date to mean anything: an interval or a
  /// count counts from it, and a rule without a day part repeats its day.
  public var dependsOnStartDate: Bool {
    if interval > 1 || count != nil { return true }
    let hasDay = !byDay.isEmpty || !byMonthDay.isEmpty
    switch frequency {
    case .yearly: return !hasDay
    case .monthly: return !hasDay
    case .weekly: return byDay.isEmpty
    case .daily, .hourly: return false
    }
  }

  /// Whether the rule leaves the time of day to its start.
  public var dependsOnStartTime: Bool {
    byMinute.isEmpty || (frequency != .hourly && byHour.isEmpty)
  }
}
