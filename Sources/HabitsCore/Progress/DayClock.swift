// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Which local day an instant belongs to, with the day starting at
/// `day_starts_at` (with 04:00, 01:30 still counts for yesterday), and which
/// week holds a day.
public struct DayClock: Hashable, Sendable {
  public var zone: Zone
  public var dayStartsAt: TimeOfDay
  public var weekStarts: Weekday

  public init(
    zone: Zone, dayStartsAt: TimeOfDay = .init(hour: 0, minute: 0), weekStarts: Weekday = .monday
  ) {
    self.zone = zone
    self.dayStartsAt = dayStartsAt
    self.weekStarts = weekStarts
  }

  public init(zone: Zone, config: Config) {
    self.init(zone: zone, dayStartsAt: config.dayStartsAt, weekStarts: config.weekStarts)
  }

  /// The day `instant` counts for: the one whose `start(of:)` has passed
  /// and whose next day's has not, so that days only move forward. The
  /// wall clock alone would not do: where clocks go back over
  /// `day_starts_at` (01:30, from 02:00 to 01:00), 01:20 the second time
  /// comes after the day began at the first 01:30, yet reads as before it.
  public func day(of instant: Instant) -> CivilDate {
    let day = day(of: zone.local(instant))
    if instant < start(of: day) { return day.adding(days: -1) }
    let next = day.adding(days: 1)
    return instant < start(of: next) ? day : next
  }

  /// The day a wall-clock time counts for.
  public func day(of local: LocalDateTime) -> CivilDate {
    local.secondOfDay < dayStartsAt.secondOfDay ? local.date.adding(days: -1) : local.date
  }

  /// The first day of the week holding `day`.
  public func weekStart(of day: CivilDate) -> CivilDate { day.startOfWeek(weekStarts) }

  /// The first instant of `day` (at `day_starts_at`, by RFC 5545's gap rule).
  public func start(of day: CivilDate) -> Instant {
    zone.instant(for: LocalDateTime(date: day, hour: dayStartsAt.hour, minute: dayStartsAt.minute))
  }
}
