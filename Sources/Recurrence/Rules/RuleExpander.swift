// SPDX-License-Identifier: Apache-2.0
/// Walks a `RecurrenceRule` one period (year, month, week, day or hour) at a
/// time and yields each period's wall-clock instances in order, as RFC 5545
/// §3.3.10 and python-dateutil define them.
///
/// It never steps minute by minute: each period is built from the rule's own
/// parts, and a run of empty periods as long as the Gregorian calendar's
/// 400-year cycle proves the rule can never fire again.
public struct RuleExpander: Sendable {
  let rule: RecurrenceRule
  private let months: Set<Int>
  private let monthDays: Set<Int>
  private let plainWeekdays: Set<Weekday>
  private let ordinalWeekdays: [RecurrenceRule.WeekdayNumber]
  private let hours: [Int]
  private let minutes: [Int]
  /// Seconds of the day at which instances fall (all but HOURLY rules).
  private let times: [Int]
  private let cycle: Int

  /// Periods since the start's period, in steps of the interval.
  private(set) var step = 0
  private var remaining: Int?
  private var emptyRun = 0
  private(set) var finished = false
  /// Whether the rule has produced at least one instance at or after its start.
  private(set) var hasFired = false

  public init(_ rule: RecurrenceRule) {
    self.rule = rule
    let start = rule.start
    var byMonth = rule.byMonth
    var byMonthDay = rule.byMonthDay
    var byDay = rule.byDay
    if byDay.isEmpty && byMonthDay.isEmpty {
      switch rule.frequency {
      case .yearly:
        if byMonth.isEmpty { byMonth = [start.date.month] }
        byMonthDay = [start.date.day]
      case .monthly:
        byMonthDay = [start.date.day]
      case .weekly:
        byDay = [.init(start.date.weekday)]
      case .daily, .hourly:
        break
      }
    }
    months = Set(byMonth)
    monthDays = Set(byMonthDay)
    plainWeekdays = Set(byDay.filter { $0.ordinal == nil }.map(\.weekday))
    ordinalWeekdays = byDay.filter { $0.ordinal != nil }
    hours = rule.byHour.isEmpty ? [start.hour] : Array(Set(rule.byHour)).sorted()
    minutes = rule.byMinute.isEmpty ? [start.minute] : Array(Set(rule.byMinute)).sorted()
    var times: [Int] = []
    for h in hours { for m in minutes { times.append(h * 3600 + m * 60 + start.second) } }
    self.times = times
    remaining = rule.count
    if rule.frequency == .hourly && !rule.byHour.isEmpty {
      // Stepping by the interval reaches only the hours congruent to the start's modulo
      // gcd(interval, 24); when BYHOUR names none of them, the rule can never fire.
      let g = Self.gcd(24, rule.interval % 24)
      finished = !hours.contains { ($0 - start.hour) % g == 0 }
    }
    if !rule.bySetPosition.isEmpty {
      // A BYSETPOS past the most instances a period can hold never picks one.
      let most: Int
      switch rule.frequency {
      case .yearly: most = 366 * times.count
      case .monthly: most = 31 * times.count
      case .weekly: most = 7 * times.count
      case .daily: most = times.count
      case .hourly: most = minutes.count
      }
      if rule.bySetPosition.allSatisfy({ abs($0) > most }) { finished = true }
    }
    let periodsPerCycle: Int
    switch rule.frequency {
    case .yearly: periodsPerCycle = 400
    case .monthly: periodsPerCycle = 4800
    case .weekly: periodsPerCycle = 20871
    case .daily: periodsPerCycle = 146_097
    case .hourly: periodsPerCycle = 146_097 * 24
    }
    cycle = periodsPerCycle / Self.gcd(periodsPerCycle, max(1, rule.interval)) + 1
  }

  private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  private static func floorDiv(_ a: Int, _ b: Int) -> Int {
    a >= 0 ? a / b : -((-a + b - 1) / b)
  }

  // MARK: Periods

  private var startMonthIndex: Int { rule.start.date.year * 12 + rule.start.date.month - 1 }
  private var startWeekDay: Int { rule.start.date.startOfWeek(rule.weekStart).daysSinceEpoch }
  private var startHourIndex: Int { rule.start.date.daysSinceEpoch * 24 + rule.start.hour }

  /// The earliest wall-clock time any instance of period `step` can have.
  func periodStart(_ step: Int) -> LocalDateTime {
    let n = step * rule.interval
    switch rule.frequency {
    case .yearly:
      return LocalDateTime(date: CivilDate(year: rule.start.date.year + n, month: 1, day: 1))
    case .monthly:
      let index = startMonthIndex + n
      return LocalDateTime(
        date: CivilDate(
          year: Self.floorDiv(index, 12), month: index - Self.floorDiv(index, 12) * 12 + 1, day: 1))
    case .weekly:
      return LocalDateTime(date: CivilDate(daysSinceEpoch: startWeekDay + 7 * n))
    case .daily:
      return LocalDateTime(date: rule.start.date.adding(days: n))
    case .hourly:
      return LocalDateTime(localSeconds: (startHourIndex + n) * 3600)
    }
  }

  /// The earliest wall-clock time the next period can produce.
  public var nextPeriodStart: LocalDateTime { periodStart(step) }

  /// Skips ahead to the period holding `local`, when counting does not forbid it.
  public mutating func seek(to local: LocalDateTime) {
    guard remaining == nil, !finished else { return }
    let diff: Int
    switch rule.frequency {
    case .yearly: diff = local.date.year - rule.start.date.year
    case .monthly: diff = local.date.year * 12 + local.date.month - 1 - startMonthIndex
    case .weekly: diff = (local.date.startOfWeek(rule.weekStart).daysSinceEpoch - startWeekDay) / 7
    case .daily: diff = local.date.daysSinceEpoch - rule.start.date.daysSinceEpoch
    case .hourly: diff = local.localSeconds / 3600 - startHourIndex
    }
    let target = Self.floorDiv(diff, rule.interval)
    if target > step {
      step = target
      emptyRun = 0
    }
  }

  /// The instances of the next period, in order (possibly none), or nil when
  /// the rule is over: its count is spent, its UNTIL passed, or it can never
  /// fire again.
  public mutating func nextPeriod() -> [LocalDateTime]? {
    if finished { return nil }
    let first = periodStart(step)
    if first.date.year > 9999 || emptyRun > cycle {
      finished = true
      return nil
    }
    if case .local(let until) = rule.until, first > until {
      finished = true
      return nil
    }
    var candidates: [LocalDateTime] = []
    var advance = 1
    switch rule.frequency {
    case .yearly:
      let year = first.date.year
      for month in 1...12 where months.isEmpty || months.contains(month) {
        appendDays(year: year, month: month, to: &candidates)
      }
    case .monthly:
      if months.isEmpty || months.contains(first.date.month) {
        appendDays(year: first.date.year, month: first.date.month, to: &candidates)
      }
    case .weekly:
      let last = first.date.adding(days: 6)
      if months.isEmpty || months.contains(first.date.month) || months.contains(last.month) {
        for k in 0..<7 {
          let date = first.date.adding(days: k)
          if matches(date) { appendTimes(date, to: &candidates) }
        }
      } else {
        // Jump to the week holding the first day of the next month the rule names.
        var next = CivilDate(year: last.year, month: last.month, day: 1)
        repeat { next = next.adding(days: next.daysInMonth) } while !months.contains(next.month)
        let days = next.startOfWeek(rule.weekStart).daysSinceEpoch - first.date.daysSinceEpoch
        let weeks = days / 7
        advance = max(1, (weeks + rule.interval - 1) / rule.interval)
      }
    case .daily:
      if matches(first.date) {
        appendTimes(first.date, to: &candidates)
      } else if !months.isEmpty && !months.contains(first.date.month) {
        // Jump over the rest of a month the rule excludes.
        let left = first.date.daysInMonth - first.date.day + 1
        advance = max(1, (left + rule.interval - 1) / rule.interval)
      }
    case .hourly:
      let hour = first.hour
      if !matches(first.date) {
        // Jump over the rest of a day, or of a month, the rule excludes.
        var left = 24 - hour
        if !months.isEmpty && !months.contains(first.date.month) {
          left += (first.date.daysInMonth - first.date.day) * 24
        }
        advance = max(1, (left + rule.interval - 1) / rule.interval)
      } else if rule.byHour.isEmpty || hours.contains(hour) {
        for m in minutes {
          candidates.append(
            LocalDateTime(date: first.date, hour: hour, minute: m, second: rule.start.second))
        }
      } else {
        // Step straight to the next hour the rule names, as python-dateutil does.
        advance = (1...24).first { hours.contains((hour + $0 * rule.interval) % 24) } ?? 1
      }
    }
    step += advance
    if !rule.bySetPosition.isEmpty && !candidates.isEmpty {
      var picked = Set<LocalDateTime>()
      for position in rule.bySetPosition {
        let index = position > 0 ? position - 1 : candidates.count + position
        if index >= 0 && index < candidates.count { picked.insert(candidates[index]) }
      }
      candidates = picked.sorted()
    }
    if candidates.isEmpty {
      emptyRun += advance
      return []
    }
    emptyRun = 0
    var result: [LocalDateTime] = []
    for candidate in candidates where candidate >= rule.start {
      if case .local(let until) = rule.until, candidate > until {
        finished = true
        break
      }
      if let left = remaining {
        if left == 0 {
          finished = true
          break
        }
        remaining = left - 1
      }
      result.append(candidate)
    }
    if remaining == 0 { finished = true }
    if !result.isEmpty { hasFired = true }
    return result
  }

  /// Marks the rule as over (an instant UNTIL has passed).
  public mutating func finish() { finished = true }

  /// Passes over the next period without building its instances, for a
  /// caller that knows them already. Only for monthly and yearly rules,
  /// which always step one period at a time.
  mutating func skipPeriod() {
    precondition(rule.frequency == .monthly || rule.frequency == .yearly)
    step += 1
  }

  private func appendDays(year: Int, month: Int, to candidates: inout [LocalDateTime]) {
    let count = CivilDate.daysIn(month: month, year: year)
    for day in 1...count {
      let date = CivilDate(year: year, month: month, day: day)
      if matches(date) { appendTimes(date, to: &candidates) }
    }
  }

  private func appendTimes(_ date: CivilDate, to candidates: inout [LocalDateTime]) {
    for t in times { candidates.append(LocalDateTime(date: date, hour: 0, minute: 0, second: t)) }
  }

  /// Whether `date` passes the rule's month, month-day and weekday parts.
  private func matches(_ date: CivilDate) -> Bool {
    if !months.isEmpty && !months.contains(date.month) { return false }
    if !monthDays.isEmpty {
      let fromEnd = date.day - date.daysInMonth - 1
      if !monthDays.contains(date.day) && !monthDays.contains(fromEnd) { return false }
    }
    if plainWeekdays.isEmpty && ordinalWeekdays.isEmpty { return true }
    let weekday = date.weekday
    if plainWeekdays.contains(weekday) { return true }
    guard !ordinalWeekdays.isEmpty else { return false }
    // Ordinals count within the month, or within the year for a YEARLY rule
    // without BYMONTH.
    let inYear = rule.frequency == .yearly && rule.byMonth.isEmpty
    let position: Int
    let span: Int
    if inYear {
      position = date.ordinal
      span = CivilDate.isLeap(date.year) ? 366 : 365
    } else {
      position = date.day
      span = date.daysInMonth
    }
    let forward = (position - 1) / 7 + 1
    let backward = -((span - position) / 7 + 1)
    return ordinalWeekdays.contains {
      $0.weekday == weekday && ($0.ordinal == forward || $0.ordinal == backward)
    }
  }
}
