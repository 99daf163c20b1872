// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// `habits export --format ics`: the schedules as an iCalendar file (RFC 5545)
/// that a calendar app shows and that expands to the instants `habits next`
/// lists.
///
/// Each enabled habit is a recurring event (UID `<id>@habits`) with its
/// schedule as an RRULE, DTSTART at its first reminder in the user's zone, a
/// short DURATION, and a VALARM at the start. Disabled habits are left out,
/// as they send no reminders. A schedule of several rules is one event per
/// rule (`<id>.2@habits`, …; see `CalendarSeries`). The zone is written as a
/// VTIMEZONE from our own zone data, unless it is UTC.
public enum ICSExport {
  /// How long each event lasts: a reminder, not a block of time.
  static let longestEvent = 15

  /// How far past now a zone's changes are spelt out one by one when its
  /// yearly rule cannot be written as an RRULE.
  static let explicitYears = 50

  public static func render(_ data: ExportData) throws(HabitsError) -> String {
    let zone = data.zone
    let today = LocalDateTime(date: zone.local(data.now).date)
    let tzid = ICSContentLine.parameter(zone.identifier)
    func time(_ local: LocalDateTime) -> String {
      isUTC(zone)
        ? ":" + Instant(secondsSince1970: local.localSeconds).rfc5545DateTime
        : ";TZID=\(tzid):" + local.rfc5545DateTime
    }
    var events: [String] = []
    var earliest: Int?
    for habit in data.habits where habit.enabled {
      let series = CalendarSeries.of(
        habit.schedule, in: zone, from: habit.start == nil ? today : nil)
      for (index, item) in series.enumerated() {
        let start = zone.utc(forLocal: item.start.localSeconds)
        earliest = min(earliest ?? start, start)
        let uid = index == 0 ? "\(habit.id)@habits" : "\(habit.id).\(index + 1)@habits"
        events += [
          "BEGIN:VEVENT",
          "UID:\(ICSContentLine.text(uid))",
          "DTSTAMP:\(data.now.rfc5545DateTime)",
          "DTSTART" + time(item.start),
          "DURATION:PT\(duration(of: item.rule))M",
          "RRULE:\(RRuleWriter.write(item.rule))",
        ]
        for exception in item.exceptions { events.append("EXDATE" + time(exception)) }
        events.append("SUMMARY:\(ICSContentLine.text(habit.title))")
        if let text = habit.description ?? habit.prompts.first {
          events.append("DESCRIPTION:\(ICSContentLine.text(text))")
        }
        if let practice = habit.practice {
          events.append("CATEGORIES:\(ICSContentLine.text(practice))")
        }
        events += [
          "TRANSP:TRANSPARENT",
          "BEGIN:VALARM",
          "ACTION:DISPLAY",
          "TRIGGER:PT0S",
          "DESCRIPTION:\(ICSContentLine.text(habit.title))",
          "END:VALARM",
          "END:VEVENT",
        ]
      }
    }
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//habits//EN", "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:Habits",
    ]
    if let earliest, !isUTC(zone) {
      // From the start of the year of the first event, so that its offset is defined.
      let year = LocalDateTime(localSeconds: earliest + zone.offset(atUTC: earliest)).date.year
      let from = zone.utc(
        forLocal: LocalDateTime(date: CivilDate(year: year, month: 1, day: 1)).localSeconds)
      let through = max(earliest, data.now.secondsSince1970) + explicitYears * 31_556_952
      lines += VTimeZoneWriter.lines(
        for: zone, tzid: zone.identifier, from: Instant(secondsSince1970: from),
        through: Instant(secondsSince1970: through))
    }
    lines += events
    lines.append("END:VCALENDAR")
    return lines.map(ICSContentLine.fold).joined()
  }

  /// Whether the zone is UTC for all time, so times can be written with `Z`.
  static func isUTC(_ zone: Zone) -> Bool {
    zone.transitions.isEmpty && zone.initialOffset == 0
      && (zone.footer.map { $0.standardOffset == 0 && $0.daylightOffset == nil } ?? true)
  }

  /// Minutes an event lasts: `longestEvent`, or less when the rule's times of
  /// day come closer together (some calendar apps refuse a recurring event
  /// longer than the gap between its instances).
  static func duration(of rule: RecurrenceRule) -> Int {
    let minutes = rule.byMinute.isEmpty ? [rule.start.minute] : rule.byMinute
    var hours = rule.byHour.isEmpty ? [rule.start.hour] : rule.byHour
    if rule.frequency == .hourly && rule.byHour.isEmpty { hours = Array(0..<24) }
    let times = Set(hours.flatMap { h in minutes.map { h * 60 + $0 } }).sorted()
    var gap = 1440
    for (a, b) in zip(times, times.dropFirst()) { gap = min(gap, b - a) }
    if let first = times.first, let last = times.last, times.count > 1 {
      gap = min(gap, first + 1440 - last)
    }
    return max(1, min(longestEvent, gap))
  }
}
