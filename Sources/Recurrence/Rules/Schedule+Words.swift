// SPDX-License-Identifier: Apache-2.0
extension Schedule {
  /// The schedule in the words of SCHEDULES.md (`every mon, wed at 7:15`),
  /// or the expression itself when words cannot say it exactly.
  public var inWords: String {
    if form == .words { return expression }
    var phrases: [String] = []
    var times: [String: [TimeOfDay]] = [:]
    for rule in rules {
      guard let days = Self.dayPhrase(rule), rule.bySetPosition.isEmpty, rule.count == nil,
        rule.until == nil, rule.frequency != .hourly, !rule.byHour.isEmpty,
        !rule.byMinute.isEmpty
      else { return expression }
      if times[days] == nil { phrases.append(days) }
      for h in rule.byHour {
        for m in rule.byMinute { times[days, default: []].append(TimeOfDay(hour: h, minute: m)) }
      }
    }
    return phrases.map { days in
      let list = Set(times[days] ?? []).sorted()
      if list.count > 6 { return "\(days), \(list.count) times a day" }
      return "\(days) at " + list.map(Self.clock).joined(separator: ", ")
    }.joined(separator: "; ")
  }

  private static func clock(_ time: TimeOfDay) -> String {
    "\(time.hour):\(LocalDateTime.two(time.minute))"
  }

  private static func dayPhrase(_ rule: RecurrenceRule) -> String? {
    let every = rule.interval == 1 ? "every" : "every \(rule.interval)"
    let plain = rule.byDay.filter { $0.ordinal == nil }.map(\.weekday)
    let numbered = rule.byDay.filter { $0.ordinal != nil }
    switch rule.frequency {
    case .daily, .weekly:
      guard rule.byMonth.isEmpty, rule.byMonthDay.isEmpty, numbered.isEmpty else { return nil }
      if rule.frequency == .daily && plain.isEmpty {
        return rule.interval == 1 ? "daily" : "every \(rule.interval) days"
      }
      guard !plain.isEmpty else { return nil }
      let set = Set(plain)
      let unit = rule.interval == 1 ? "every" : "every \(rule.interval) weeks on"
      if rule.interval == 1 && set == [.monday, .tuesday, .wednesday, .thursday, .friday] {
        return "weekdays"
      }
      if rule.interval == 1 && set == [.saturday, .sunday] { return "weekends" }
      if set.count == 7 { return rule.interval == 1 ? "daily" : nil }
      let names = set.sorted().map { set.count == 1 ? $0.name : $0.shortName }
      return "\(unit) \(names.joined(separator: ", "))"
    case .monthly:
      guard rule.byMonth.isEmpty, plain.isEmpty, rule.byDay.isEmpty != rule.byMonthDay.isEmpty
      else { return nil }
      let unit = rule.interval == 1 ? "monthly" : "\(every) months"
      let days =
        rule.byMonthDay.isEmpty
        ? numbered.map { "\(ordinalWord($0.ordinal ?? 0)) \($0.weekday.name)" }
        : rule.byMonthDay.sorted().map { $0 == -1 ? "last day" : ordinalWord($0) }
      guard !days.contains("") else { return nil }
      return "\(unit) on the \(days.joined(separator: " and "))"
    case .yearly:
      guard rule.byMonth.count == 1, rule.byMonthDay.count == 1, rule.byDay.isEmpty,
        rule.byMonthDay[0] > 0
      else { return nil }
      let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
      ]
      let unit = rule.interval == 1 ? "yearly" : "\(every) years"
      return "\(unit) on \(months[rule.byMonth[0] - 1]) \(rule.byMonthDay[0])"
    case .hourly:
      return nil
    }
  }

  private static func ordinalWord(_ n: Int) -> String {
    if n == -1 { return "last" }
    guard n > 0 else { return "" }
    let suffix: String
    switch (n % 10, n % 100) {
    case (1, let h) where h != 11: suffix = "st"
    case (2, let h) where h != 12: suffix = "nd"
    case (3, let h) where h != 13: suffix = "rd"
    default: suffix = "th"
    }
    return "\(n)\(suffix)"
  }
}
