// SPDX-License-Identifier: Apache-2.0
extension Schedule {
  /// How many instances the schedule has from `from` through `through`, both
  /// included, counted as wall-clock readings: the answer needs no zone, so
  /// it is the same wherever and whenever it is asked. A reading that a
  /// spring-forward gap moves onto another instance's instant still counts.
  ///
  /// It does not walk every instance. Rules that repeat every so many days
  /// (daily, weekly and hourly rules that name no month or month day) are
  /// counted over one such period and multiplied, so a daily schedule
  /// counted across fifty years costs about what a week does; monthly and
  /// yearly rules (and daily ones that name months or month days, counted as
  /// monthly) count each shape of month or year once.
  ///
  /// An UNTIL given as an instant needs a zone to mean anything, so it is
  /// not applied here: count up to an instance the schedule really has.
  public func instanceCount(from: LocalDateTime, through: LocalDateTime) -> Int {
    guard from <= through, !rules.isEmpty else { return 0 }
    guard let period = Self.periodDays(of: rules) else {
      return Self.distinctCount(rules.map(Self.countingForm), from: from, through: through)
    }
    // From the day after every rule has started, the instances repeat every `period` days.
    let latestStart = rules.map(\.start.date).max() ?? from.date
    let base = LocalDateTime(date: max(from.date, latestStart).adding(days: 1))
    let spanDays = through.date.daysSinceEpoch - base.date.daysSinceEpoch
    guard spanDays >= 2 * period else {
      return Self.distinctCount(rules, from: from, through: through)
    }
    let cycles = spanDays / period
    let head = Self.distinctCount(
      rules, from: from, through: LocalDateTime(localSeconds: base.localSeconds - 1))
    let once = Self.distinctCount(
      rules, from: base,
      through: LocalDateTime(localSeconds: base.localSeconds + period * 86_400 - 1))
    let tail = Self.distinctCount(
      rules, from: LocalDateTime(date: base.date.adding(days: cycles * period)), through: through)
    return head + cycles * once + tail
  }

  /// The longest period, in days, worth counting by multiplication; past it,
  /// walking the instances is as quick.
  static let longestPeriodDays = 3_660

  /// The number of days after which every rule's instances repeat, or nil
  /// when they do not repeat so simply (months differ in length, a COUNT or
  /// an UNTIL ends them).
  static func periodDays(of rules: [RecurrenceRule]) -> Int? {
    var period = 1
    for rule in rules {
      guard rule.count == nil, rule.until == nil, rule.byMonth.isEmpty, rule.byMonthDay.isEmpty,
        rule.byDay.allSatisfy({ $0.ordinal == nil })
      else { return nil }
      let weekdays = !rule.byDay.isEmpty
      let days: Int
      switch rule.frequency {
      case .daily: days = weekdays ? lcm(rule.interval, 7) : rule.interval
      case .weekly: days = 7 * rule.interval
      case .hourly: days = lcm(rule.interval, weekdays ? 168 : 24) / 24
      case .monthly, .yearly: return nil
      }
      period = lcm(period, days)
      if period > longestPeriodDays { return nil }
    }
    return period
  }

  /// A rule with the same instances that is quicker to walk: a daily rule
  /// (every day) becomes a monthly one that picks the same days, so that a
  /// walk across decades takes a step a month rather than a day.
  static func countingForm(_ rule: RecurrenceRule) -> RecurrenceRule {
    guard rule.frequency == .daily, rule.interval == 1, rule.bySetPosition.isEmpty else {
      return rule
    }
    var monthly = rule
    monthly.frequency = .monthly
    // A monthly rule without day parts would take its start's day of the month.
    if monthly.byMonthDay.isEmpty && monthly.byDay.isEmpty { monthly.byMonthDay = Array(1...31) }
    return monthly
  }

  /// The distinct readings of `rules` from `from` through `through`, walked.
  static func distinctCount(
    _ rules: [RecurrenceRule], from: LocalDateTime, through: LocalDateTime
  ) -> Int {
    guard from <= through else { return 0 }
    if rules.allSatisfy({
      $0.frequency == .monthly && $0.interval == 1 && $0.count == nil && $0.until == nil
    }) {
      return countByMonth(rules, from: from, through: through)
    }
    if rules.count == 1 { return count(rules[0], from: from, through: through) }
    var seconds: [Int] = []
    for rule in rules {
      forEachInstance(of: rule, from: from, through: through) { seconds.append($0.localSeconds) }
    }
    return distinct(&seconds)
  }

  /// How many different values `values` holds; sorts them.
  private static func distinct(_ values: inout [Int]) -> Int {
    values.sort()
    var count = 0
    var last: Int?
    for value in values where value != last {
      count += 1
      last = value
    }
    return count
  }

  /// The distinct readings of rules that pick days every month, month by
  /// month. A month's readings depend only on which month it is, its length
  /// and the weekday it starts on, and a year's on its length and the weekday
  /// it starts on; so each month or year wholly inside the range (and after
  /// every rule's start) is walked once per shape and then looked up, and
  /// decades take a step a year.
  private static func countByMonth(
    _ rules: [RecurrenceRule], from: LocalDateTime, through: LocalDateTime
  ) -> Int {
    var expanders = rules.map(RuleExpander.init)
    let latestStart = rules.map(\.start).max() ?? from
    var shapes: [Int: Int] = [:]
    /// The shape of the year being walked, and the count at its start.
    var year: (shape: Int, countBefore: Int)?
    var count = 0
    var month = CivilDate(year: from.date.year, month: from.date.month, day: 1)
    while LocalDateTime(date: month) <= through {
      let first = LocalDateTime(date: month)
      let next = month.adding(days: month.daysInMonth)
      let whole = first >= from && first >= latestStart && LocalDateTime(date: next) <= through
      let yearLength = CivilDate.isLeap(month.year) ? 366 : 365
      if whole, month.month == 1, LocalDateTime(date: month.adding(days: yearLength)) <= through {
        let shape = -(yearLength * 10 + month.weekday.rawValue)
        if let known = shapes[shape] {
          count += known
          month = month.adding(days: yearLength)
          continue
        }
        year = (shape, count)
      }
      let shape = (month.month * 100 + month.daysInMonth) * 10 + month.weekday.rawValue
      if whole, let known = shapes[shape] {
        count += known
      } else {
        var readings: [Int] = []
        for index in expanders.indices {
          expanders[index].seek(to: first)
          while !expanders[index].finished,
            expanders[index].nextPeriodStart < LocalDateTime(date: next),
            let batch = expanders[index].nextPeriod()
          {
            for local in batch where local >= from && local <= through {
              readings.append(local.localSeconds)
            }
          }
        }
        let found = rules.count == 1 ? readings.count : distinct(&readings)
        count += found
        if whole { shapes[shape] = found }
      }
      if month.month == 12, let walked = year {
        shapes[walked.shape] = count - walked.countBefore
        year = nil
      }
      month = next
    }
    return count
  }

  /// The instances of one rule from `from` through `through`, walked period by
  /// period; for a monthly or yearly rule, each month or year wholly inside
  /// the range and after the rule's start is counted once per shape (which
  /// month, its length, the weekday it starts on) and then looked up.
  private static func count(
    _ rule: RecurrenceRule, from: LocalDateTime, through: LocalDateTime
  ) -> Int {
    var expander = RuleExpander(rule)
    expander.seek(to: from)
    let byShape =
      (rule.frequency == .monthly || rule.frequency == .yearly) && rule.count == nil
      && rule.until == nil
    var shapes: [Int: Int] = [:]
    var count = 0
    while !expander.finished {
      let first = expander.nextPeriodStart
      if first > through { break }
      var shape: Int?
      if byShape, first >= from, first >= rule.start {
        let date = first.date
        let monthly = rule.frequency == .monthly
        let length = monthly ? date.daysInMonth : CivilDate.isLeap(date.year) ? 366 : 365
        if LocalDateTime(date: date.adding(days: length)) <= through {
          let key = (monthly ? date.month * 1000 + length : length) * 10 + date.weekday.rawValue
          if let known = shapes[key] {
            count += known
            expander.skipPeriod()
            continue
          }
          shape = key
        }
      }
      guard let batch = expander.nextPeriod() else { break }
      var inRange = 0
      for local in batch where local >= from && local <= through { inRange += 1 }
      count += inRange
      if let shape { shapes[shape] = inRange }
    }
    return count
  }

  private static func forEachInstance(
    of rule: RecurrenceRule, from: LocalDateTime, through: LocalDateTime,
    _ body: (LocalDateTime) -> Void
  ) {
    var expander = RuleExpander(rule)
    expander.seek(to: from)
    while !expander.finished, expander.nextPeriodStart <= through,
      let batch = expander.nextPeriod()
    {
      for local in batch where local >= from && local <= through { body(local) }
    }
  }

  private static func lcm(_ a: Int, _ b: Int) -> Int { a / gcd(a, b) * b }

  private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
