// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Writes a VTIMEZONE (RFC 5545 §3.6.5) from our own `Zone` data, so that a
/// calendar app reads the exported times with the offsets `habits` uses, even
/// for a zone it does not know (a POSIX `TZ` rule, a copied `localtime`).
///
/// It covers time from `from` on: one sub-component for the offset in force
/// then, the zone file's explicit changes after it (grouped by kind and
/// offsets, as DTSTART plus RDATEs), and, where the file's POSIX footer rules
/// the future, a yearly RRULE for each of its two switches. A footer whose
/// switch dates an RRULE cannot say (a `Jn` day, or a time that moves the
/// switch into the next month) is written as explicit changes up to
/// `through` instead.
enum VTimeZoneWriter {
  /// The content lines (unfolded) of the VTIMEZONE with TZID `tzid`.
  static func lines(for zone: Zone, tzid: String, from: Instant, through: Instant) -> [String] {
    let begin = from.secondsSince1970
    // The smaller of the footer's two offsets is "standard", also where the
    // zone database calls it daylight time (Europe/Dublin's winter).
    let standard =
      zone.footer.map { min($0.standardOffset, $0.daylightOffset ?? $0.standardOffset) }
      ?? zone.offset(atUTC: begin)
    var components: [[String]] = []
    let initial = zone.offset(atUTC: begin)
    components.append(
      component(
        kind(initial, standard: standard), from: initial, to: initial,
        starts: [LocalDateTime(localSeconds: begin + initial)], rule: nil))

    var explicitEnd = through.secondsSince1970
    var footerRules: [(at: Int, from: Int, to: Int, rule: String)] = []
    if let footer = zone.footer, let dst = footer.daylightOffset,
      let start = footer.start, let end = footer.end
    {
      let footerFrom = footerStart(zone, footer, from: begin)
      if let onRule = yearly(start), let offRule = yearly(end) {
        let year = LocalDateTime(localSeconds: footerFrom).date.year
        let switches = footer.transitions(years: (year - 1)...(year + 1))
        if let on = switches.first(where: { $0.at >= footerFrom && $0.offset == dst }),
          let off = switches.first(where: { $0.at >= footerFrom && $0.offset != dst })
        {
          explicitEnd = footerFrom
          footerRules = [
            (on.at, footer.standardOffset, dst, onRule),
            (off.at, dst, footer.standardOffset, offRule),
          ]
        }
      }
    } else {
      // No yearly switches: the last explicit change is the last change.
      explicitEnd = max(begin, (zone.transitions.last ?? Int.min) + 1)
    }

    // Explicit changes, grouped so that each group is one sub-component.
    var groups: [(from: Int, to: Int, starts: [LocalDateTime])] = []
    var previous = initial
    for change in zone.changes(from: begin + 1, to: explicitEnd) {
      let start = LocalDateTime(localSeconds: change.at + previous)
      if let index = groups.firstIndex(where: { $0.from == previous && $0.to == change.offset }) {
        groups[index].starts.append(start)
      } else {
        groups.append((previous, change.offset, [start]))
      }
      previous = change.offset
    }
    for group in groups {
      components.append(
        component(
          kind(group.to, standard: standard), from: group.from, to: group.to,
          starts: group.starts, rule: nil))
    }
    for footerRule in footerRules {
      components.append(
        component(
          kind(footerRule.to, standard: standard), from: footerRule.from, to: footerRule.to,
          starts: [LocalDateTime(localSeconds: footerRule.at + footerRule.from)],
          rule: footerRule.rule))
    }
    return ["BEGIN:VTIMEZONE", "TZID:\(ICSContentLine.text(tzid))"] + components.flatMap { $0 }
      + ["END:VTIMEZONE"]
  }

  /// From when the footer's yearly switches give every change: the last
  /// explicit change, or earlier where the explicit changes before it are the
  /// footer's own (zone files list the switches up to 2037).
  private static func footerStart(_ zone: Zone, _ footer: PosixTimeZoneRule, from begin: Int)
    -> Int
  {
    guard let last = zone.transitions.last, last > begin else { return begin }
    let explicit = zone.changes(from: begin + 1, to: last + 1)
    let firstYear = LocalDateTime(localSeconds: begin).date.year - 1
    let lastYear = LocalDateTime(localSeconds: last).date.year + 1
    let ruled = footer.transitions(years: firstYear...lastYear).filter {
      $0.at > begin && $0.at <= last
    }
    var i = explicit.count
    var j = ruled.count
    while i > 0, j > 0, explicit[i - 1].at == ruled[j - 1].at,
      explicit[i - 1].offset == ruled[j - 1].offset
    {
      i -= 1
      j -= 1
    }
    if i == 0 && j == 0 && footer.offset(at: begin) == zone.offset(atUTC: begin) { return begin }
    return i < explicit.count ? explicit[i].at : last
  }

  private static func kind(_ offset: Int, standard: Int) -> String {
    offset > standard ? "DAYLIGHT" : "STANDARD"
  }

  private static func component(
    _ kind: String, from: Int, to: Int, starts: [LocalDateTime], rule: String?
  ) -> [String] {
    var lines = ["BEGIN:\(kind)", "DTSTART:\(starts[0].rfc5545DateTime)"]
    if let rule { lines.append("RRULE:\(rule)") }
    if starts.count > 1 {
      lines.append("RDATE:" + starts.dropFirst().map(\.rfc5545DateTime).joined(separator: ","))
    }
    lines += [
      "TZOFFSETFROM:\(ICSContentLine.offset(from))", "TZOFFSETTO:\(ICSContentLine.offset(to))",
      "END:\(kind)",
    ]
    return lines
  }

  /// The yearly RRULE for a POSIX `Mm.w.d[/time]` switch, or nil when the
  /// switch is a day of the year, or when its time moves it out of its month.
  ///
  /// `M3.2.0` is the second Sunday of March (`BYDAY=2SU`), week 5 the last
  /// (`-1SU`). A time past midnight (`M3.4.4/26`: two hours into the Friday
  /// after the fourth Thursday) shifts the day: that Friday falls on the 23rd
  /// to the 29th, which `BYMONTHDAY=23,…,29;BYDAY=FR` says.
  static func yearly(_ change: PosixTimeZoneRule.Switch) -> String? {
    guard case .monthWeekDay(let month, let week, let weekday) = change.day else { return nil }
    let shift = change.time >= 0 ? change.time / 86_400 : -((-change.time + 86_399) / 86_400)
    // Ours is Monday = 0; POSIX is Sunday = 0.
    let day = Weekday.allCases[((weekday + shift) % 7 + 7 + 6) % 7]
    let head = "FREQ=YEARLY;BYMONTH=\(month);"
    if shift == 0 { return head + "BYDAY=\(week == 5 ? -1 : week)\(day.code)" }
    let shortest = month == 2 ? 28 : CivilDate.daysIn(month: month, year: 2001)
    let first: Int
    if week == 5 {
      first = -7 + shift
      guard first >= -shortest, first + 6 <= -1 else { return nil }
    } else {
      first = 7 * (week - 1) + 1 + shift
      guard first >= 1, first + 6 <= shortest else { return nil }
    }
    let days = (first...(first + 6)).map(String.init).joined(separator: ",")
    return head + "BYMONTHDAY=\(days);BYDAY=\(day.code)"
  }
}
