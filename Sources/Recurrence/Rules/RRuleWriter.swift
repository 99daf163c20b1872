// SPDX-License-Identifier: Apache-2.0
/// Writes a `RecurrenceRule` back as RFC 5545 RRULE text, the inverse of
/// `RRuleParser`: `FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=7;BYMINUTE=15`.
///
/// The start is not part of the text: an iCalendar event carries it as
/// DTSTART, and `RRuleParser.parse` takes it as an argument.
public enum RRuleWriter {
  /// The rule's parts, FREQ first, without the `RRULE:` prefix; parts left at
  /// their defaults (INTERVAL=1, WKST=MO, empty lists) are left out.
  ///
  /// A wall-clock UNTIL is written as such (`UNTIL=20261231T235959`);
  /// iCalendar wants a UTC one beside a DTSTART with a TZID, so `ICSExport`
  /// replaces it before writing.
  public static func write(_ rule: RecurrenceRule) -> String {
    var parts = ["FREQ=\(rule.frequency.rawValue)"]
    if rule.interval != 1 { parts.append("INTERVAL=\(rule.interval)") }
    if let count = rule.count { parts.append("COUNT=\(count)") }
    switch rule.until {
    case .instant(let instant)?: parts.append("UNTIL=\(instant.rfc5545DateTime)")
    case .local(let local)?: parts.append("UNTIL=\(local.rfc5545DateTime)")
    case nil: break
    }
    func list(_ key: String, _ values: [Int]) {
      if !values.isEmpty {
        parts.append("\(key)=" + values.map(String.init).joined(separator: ","))
      }
    }
    list("BYMONTH", rule.byMonth)
    list("BYMONTHDAY", rule.byMonthDay)
    if !rule.byDay.isEmpty {
      let days = rule.byDay.map { ($0.ordinal.map(String.init) ?? "") + $0.weekday.code }
      parts.append("BYDAY=" + days.joined(separator: ","))
    }
    list("BYHOUR", rule.byHour)
    list("BYMINUTE", rule.byMinute)
    list("BYSETPOS", rule.bySetPosition)
    if rule.weekStart != .monday { parts.append("WKST=\(rule.weekStart.code)") }
    return parts.joined(separator: ";")
  }
}
