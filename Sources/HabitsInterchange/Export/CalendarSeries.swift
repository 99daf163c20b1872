// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One recurring calendar event's worth of a habit's schedule: a rule whose
/// iCalendar reading (DTSTART, one RRULE, EXDATEs) has exactly the instants
/// `Schedule` gives that rule from the start on.
///
/// Most schedules are one rule and so one event. A schedule of several rules
/// (`daily at 9:00, 13:30`; a cron line restricting both day fields) becomes
/// one event per rule: RFC 5545 leaves the meaning of several RRULEs in one
/// event undefined, and few calendar apps read more than the first.
struct CalendarSeries: Hashable, Sendable {
  /// The rule, starting at its first instance; its UNTIL, if any, an instant.
  var rule: RecurrenceRule
  /// Instances the RRULE gives that the schedule does not (see `exactUntil`).
  var exceptions: [LocalDateTime]

  /// DTSTART: the first instance, as a wall-clock time in the schedule's zone.
  var start: LocalDateTime { rule.start }

  /// The series of `schedule` read in `zone`, from its start on; with
  /// `from`, rules whose instances do not depend on their start (the start
  /// then only bounds them) begin no earlier than that, so that a habit
  /// without `start` does not begin in 1970. Rules that never fire from
  /// there are left out.
  static func of(_ schedule: Schedule, in zone: Zone, from: LocalDateTime?) -> [CalendarSeries] {
    var result: [CalendarSeries] = []
    for var rule in disjoint(merged(schedule.rules)) {
      if let from, !rule.dependsOnStartDate, !rule.dependsOnStartTime, rule.start < from {
        rule.start = LocalDateTime(
          date: from.date, hour: from.hour, minute: from.minute, second: rule.start.second)
      }
      guard let first = firstInstance(of: rule, in: zone) else { continue }
      rule.start = first
      var exceptions: [LocalDateTime] = []
      if case .local(let until) = rule.until {
        let exact = exactUntil(rule, until, in: zone)
        rule.until = .instant(exact.until)
        exceptions = exact.exceptions
      }
      result.append(CalendarSeries(rule: rule, exceptions: exceptions))
    }
    return result
  }

  /// Joins rules that differ only in BYMINUTE (or only in BYHOUR): words make
  /// one rule per minute value, so `daily at 9:00, 9:30, 10:00, 10:30` is two
  /// rules that one RRULE can say. Rules with COUNT or BYSETPOS stay apart:
  /// both count instances, which joining would change.
  static func merged(_ rules: [RecurrenceRule]) -> [RecurrenceRule] {
    var result: [RecurrenceRule] = []
    for rule in rules {
      if let index = result.firstIndex(where: { joinable($0, rule) }) {
        result[index].byHour = Array(Set(result[index].byHour + rule.byHour)).sorted()
        result[index].byMinute = Array(Set(result[index].byMinute + rule.byMinute)).sorted()
      } else {
        result.append(rule)
      }
    }
    return result
  }

  /// Whether one RRULE holds exactly the instances of both: they are alike
  /// apart from a non-empty BYMINUTE, or apart from a non-empty BYHOUR.
  private static func joinable(_ a: RecurrenceRule, _ b: RecurrenceRule) -> Bool {
    guard a.count == nil, b.count == nil, a.bySetPosition.isEmpty, b.bySetPosition.isEmpty
    else { return false }
    var x = a
    var y = b
    x.byHour = Array(Set(x.byHour)).sorted()
    y.byHour = Array(Set(y.byHour)).sorted()
    x.byMinute = Array(Set(x.byMinute)).sorted()
    y.byMinute = Array(Set(y.byMinute)).sorted()
    let minutes = x.byMinute
    let otherMinutes = y.byMinute
    x.byMinute = []
    y.byMinute = []
    if x == y && !minutes.isEmpty && !otherMinutes.isEmpty { return true }
    (x.byMinute, y.byMinute) = (minutes, otherMinutes)
    let hoursGiven = !x.byHour.isEmpty && !y.byHour.isEmpty
    x.byHour = []
    y.byHour = []
    return x == y && hoursGiven
  }

  /// Keeps a cron line's two rules from firing twice on one day: `0 9 1 * mon`
  /// is "the 1st" or "a Monday", and a Monday the 1st belongs to the first
  /// rule, so the second becomes "a Monday other than the 1st". When the
  /// first rule takes every day of the month, the second adds nothing.
  static func disjoint(_ rules: [RecurrenceRule]) -> [RecurrenceRule] {
    guard rules.count == 2 else { return rules }
    let byDate = rules[0]
    var byWeekday = rules[1]
    var a = byDate
    var b = byWeekday
    a.byMonthDay = []
    b.byDay = []
    guard a == b, byDate.byDay.isEmpty, !byDate.byMonthDay.isEmpty,
      byDate.byMonthDay.allSatisfy({ $0 > 0 }), byWeekday.byMonthDay.isEmpty,
      !byWeekday.byDay.isEmpty, byDate.count == nil, byDate.bySetPosition.isEmpty
    else { return rules }
    let others = (1...31).filter { !byDate.byMonthDay.contains($0) }
    if others.isEmpty { return [byDate] }
    byWeekday.byMonthDay = others
    return [byDate, byWeekday]
  }

  /// The rule's first instance from its start, as the wall-clock time it
  /// generates (a time a spring-forward gap skips stays as written, as
  /// DTSTART must), or nil when it never fires.
  static func firstInstance(of rule: RecurrenceRule, in zone: Zone) -> LocalDateTime? {
    var expander = RuleExpander(rule)
    while let batch = expander.nextPeriod() {
      for local in batch {
        if case .instant(let until) = rule.until,
          zone.utc(forLocal: local.localSeconds) > until.secondsSince1970
        {
          continue
        }
        return local
      }
      if case .instant(let until) = rule.until,
        expander.nextPeriodStart.localSeconds - zone.maxOffset - 1 > until.secondsSince1970
      {
        return nil
      }
    }
    return nil
  }

  /// A UTC UNTIL, and EXDATEs, that keep exactly the instances at or before
  /// the wall-clock time `until`, as the schedule does.
  ///
  /// Beside a DTSTART with a TZID, RFC 5545 wants UNTIL in UTC, and a reader
  /// compares instants with it. Converting `until` alone is exact except near
  /// a daylight-saving change, where a later wall-clock time can be an earlier
  /// instant: so UNTIL is the latest instant of an instance kept, and any
  /// later instance at or before that instant is excluded by name.
  static func exactUntil(
    _ rule: RecurrenceRule, _ until: LocalDateTime, in zone: Zone
  ) -> (until: Instant, exceptions: [LocalDateTime]) {
    var open = rule
    open.until = nil
    var expander = RuleExpander(open)
    let window = 3 * 86_400
    expander.seek(to: LocalDateTime(localSeconds: until.localSeconds - window))
    var kept: [Int] = []
    var later: [(local: LocalDateTime, utc: Int)] = []
    while expander.nextPeriodStart.localSeconds <= until.localSeconds + window,
      let batch = expander.nextPeriod()
    {
      for local in batch where abs(local.localSeconds - until.localSeconds) <= window {
        let utc = zone.utc(forLocal: local.localSeconds)
        if local <= until { kept.append(utc) } else { later.append((local, utc)) }
      }
    }
    let limit = kept.max() ?? zone.utc(forLocal: until.localSeconds)
    // A later instance at an instant a kept one also has adds nothing.
    let excluded = later.filter { $0.utc <= limit && !kept.contains($0.utc) }
    return (Instant(secondsSince1970: limit), excluded.map(\.local))
  }
}
