// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import PropertyBased
import Recurrence
import Testing

/// Properties that hold for every rule: random RRULEs, starts and zones with daylight saving.
@Suite("Schedule properties")
struct SchedulePropertyTests {
  /// A random RRULE with its start and zone.
  struct Case: Sendable, CustomStringConvertible {
    var text: String
    var frequency: RecurrenceRule.Frequency
    var start: LocalDateTime
    var zone: Zone
    /// Where to search from, as a fraction (in thousandths) of a span that suits the frequency.
    var fromPermille: Int

    var description: String { "'\(text)' from \(start) in \(zone), at \(fromPermille)‰" }

    var schedule: Schedule {
      get throws { try Schedule.parse(text, start: start) }
    }

    var startInstant: Instant { zone.instant(for: start) }

    /// A search point from a little before the start to some periods after it.
    var from: Instant {
      let days: Int
      switch frequency {
      case .hourly: days = 20
      case .daily: days = 365
      case .weekly: days = 7 * 100
      case .monthly: days = 365 * 4
      case .yearly: days = 365 * 12
      }
      return startInstant.adding(seconds: days * 86_400 / 1000 * fromPermille)
    }
  }

  static let zones = [Zones.newYork, Zones.london, Zones.lordHowe, Zones.santiago]
  static let frequencies: [RecurrenceRule.Frequency] = [
    .hourly, .daily, .weekly, .monthly, .yearly,
  ]
  static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

  static func cases() -> Generator<Case, some SendableSequenceType> {
    let shape = zip(
      Gen.int(in: 0...4), Gen.int(in: 1...3), Gen.int(in: 0...5), Gen.int(in: 1...40),
      Gen.int(in: 0...3), Gen.int(in: 0...6), Gen.int(in: -100...1000))
    let parts = zip(
      Gen.int(in: 1...12).array(of: 0...2), Gen.int(in: -31...31).array(of: 0...2),
      Gen.int(in: 0...6).array(of: 0...3), Gen.int(in: -5...5),
      Gen.int(in: 0...23).array(of: 0...3),
      Gen.int(in: 0...11).array(of: 0...2), Gen.int(in: -12...12))
    let start = zip(Gen.int(in: 0...7300), Gen.int(in: 0...23), Gen.int(in: 0...11))
    return zip(shape, parts, start).map { shape, parts, start in
      let (freq, interval, end, amount, zone, weekStart, permille) = shape
      let (months, monthDays, weekdays, ordinal, hours, minutes, position) = parts
      let frequency = frequencies[freq]
      var text = "FREQ=\(frequency.rawValue)"
      if interval > 1 { text += ";INTERVAL=\(interval)" }
      let first = LocalDateTime(
        date: CivilDate(year: 2015, month: 1, day: 1).adding(days: start.0), hour: start.1,
        minute: start.2 * 5)
      switch end {
      case 3: text += ";COUNT=\(amount)"
      case 4:
        let until = LocalDateTime(localSeconds: first.localSeconds + amount * 86_400 * 9 + 3600)
        text += ";UNTIL=\(compact(until))"
      case 5:
        let until = LocalDateTime(localSeconds: first.localSeconds + amount * 86_400 * 9)
        text += ";UNTIL=\(compact(until))Z"
      default: break
      }
      if !months.isEmpty { text += ";BYMONTH=" + list(months) }
      let days = monthDays.filter { $0 != 0 }
      if !days.isEmpty { text += ";BYMONTHDAY=" + list(days) }
      if !weekdays.isEmpty {
        var items = Array(Set(weekdays)).sorted().map { codes[$0] }
        if ordinal != 0 && (frequency == .monthly || frequency == .yearly) {
          items[0] = "\(ordinal)\(items[0])"
        }
        text += ";BYDAY=" + items.joined(separator: ",")
      }
      if !hours.isEmpty { text += ";BYHOUR=" + list(hours) }
      if !minutes.isEmpty { text += ";BYMINUTE=" + list(minutes.map { $0 * 5 }) }
      if position != 0 && abs(position) <= 3 { text += ";BYSETPOS=\(position)" }
      if weekStart != 0 { text += ";WKST=\(codes[weekStart])" }
      return Case(
        text: text, frequency: frequency, start: first, zone: zones[zone], fromPermille: permille)
    }
  }

  static func list(_ values: [Int]) -> String {
    Array(Set(values)).sorted().map(String.init).joined(separator: ",")
  }

  /// `20260308T023000`.
  static func compact(_ time: LocalDateTime) -> String {
    String("\(time)".filter { $0 != "-" && $0 != ":" })
  }

  // MARK: Properties

  @Test("instances strictly increase")
  func strictlyIncreasing() async throws {
    await propertyCheck(count: 150, input: Self.cases()) { item in
      let schedule = try item.schedule
      let result = Array(schedule.occurrences(from: item.from, in: item.zone).prefix(80))
      #expect(zip(result, result.dropFirst()).allSatisfy { $0 < $1 }, "\(item)")
      #expect(result.allSatisfy { $0 >= item.from }, "\(item)")
    }
  }

  @Test("each instance, read on the wall clock, matches its rule's parts")
  func matchesParts() async throws {
    await propertyCheck(count: 150, input: Self.cases()) { item in
      let schedule = try item.schedule
      let rule = try #require(schedule.rules.first)
      let result = Array(schedule.occurrences(from: item.startInstant, in: item.zone).prefix(80))
      if let count = rule.count { #expect(result.count <= count, "\(item)") }
      for instant in result {
        #expect(
          PartsOracle.readings(of: instant, in: item.zone).contains {
            PartsOracle.matches(rule, $0) && item.zone.instant(for: $0) == instant
          }, "\(item): \(stamp(instant, item.zone))")
        if case .instant(let until) = rule.until { #expect(instant <= until, "\(item)") }
      }
    }
  }

  @Test("next(from:) is the first of occurrences(from:) and of the full expansion from there on")
  func nextAgrees() async throws {
    await propertyCheck(count: 150, input: Self.cases()) { item in
      let schedule = try item.schedule
      let t = item.from
      let next = schedule.next(from: t, in: item.zone)
      var lazy = schedule.occurrences(from: t, in: item.zone).makeIterator()
      #expect(next == lazy.next(), "\(item)")
      // The full expansion, from before the start, read up to `t`.
      var full = schedule.occurrences(
        from: item.startInstant.adding(seconds: -3 * 86_400), in: item.zone
      )
      .makeIterator()
      var firstAtOrAfter: Instant?
      var reached = false
      for _ in 0..<60_000 {
        guard let value = full.next() else {
          reached = true
          break
        }
        if value >= t {
          firstAtOrAfter = value
          reached = true
          break
        }
      }
      #expect(reached, "\(item): the full expansion did not reach the search point")
      #expect(next == firstAtOrAfter, "\(item)")
    }
  }

  @Test("canFire is true exactly when there is an instance")
  func canFireAgrees() async throws {
    await propertyCheck(count: 100, input: Self.cases()) { item in
      let schedule = try item.schedule
      let first = schedule.next(from: item.startInstant.adding(seconds: -3 * 86_400), in: item.zone)
      #expect(schedule.canFire(in: item.zone) == (first != nil), "\(item)")
    }
  }

  @Test("around a daylight-saving change: in order, and next(from:) agrees with the expansion")
  func aroundChanges() async throws {
    let changeZones = Self.zones + [Zones.load("Europe/Berlin")]
    await propertyCheck(
      count: 200, input: Gen.int(in: 0...4), Gen.int(in: 2020...2035), Gen.int(in: 0...1),
      Gen.int(in: 0...23).array(of: 0...3), Gen.int(in: 0...11).array(of: 1...3),
      Gen.int(in: 0...1), Gen.int(in: -8...8)
    ) { zoneIndex, year, change, hours, minutes, hourly, shift in
      let zone = changeZones[zoneIndex]
      // The change of that year nearest to March (change 0) or October (change 1).
      let month = change == 0 ? 3 : 10
      var t = zone.instant(for: LocalDateTime(date: CivilDate(year: year, month: month, day: 1)))
      let offset = zone.offset(at: t)
      var steps = 0
      while zone.offset(at: t) == offset && steps < 24 * 62 {
        t = t.adding(seconds: 3600)
        steps += 1
      }
      var text = hourly == 1 ? "FREQ=HOURLY" : "FREQ=DAILY"
      if !hours.isEmpty && hourly == 0 { text += ";BYHOUR=" + Self.list(hours) }
      text += ";BYMINUTE=" + Self.list(minutes.map { $0 * 5 })
      if hourly == 0 && hours.isEmpty {
        // The hours either side of the change.
        let hour = zone.local(t).hour
        text += ";BYHOUR=" + Self.list([max(0, hour - 1), hour])
      }
      let schedule = try Schedule.parse(text, start: local("2019-12-30T00:00"))
      let from = t.adding(seconds: shift * 900)
      let result = Array(
        schedule.occurrences(from: from.adding(seconds: -86_400), in: zone).prefix(120))
      let label = "\(text) in \(zone) near \(t)"
      #expect(zip(result, result.dropFirst()).allSatisfy { $0 < $1 }, "\(label)")
      #expect(schedule.next(from: from, in: zone) == result.first { $0 >= from }, "\(label)")
    }
  }

  @Test("several times a day merge in order, each instant once, all on a day without a change")
  func mergedRules() async throws {
    await propertyCheck(count: 60, input: Gen.int(in: 0...3), Gen.int(in: 0...95).array(of: 1...5))
    { zone, quarters in
      // 'daily at …' with times that share minutes and times that do not: several rules.
      let times = Set(quarters).sorted().map { (hour: $0 / 4, minute: $0 % 4 * 15) }
      let text =
        "daily at "
        + times.map { "\($0.hour):\($0.minute == 0 ? "00" : "\($0.minute)")" }
        .joined(separator: ", ")
      let schedule = try Schedule.parse(text, start: nil)
      let z = Self.zones[zone]
      let result = Array(
        schedule.occurrences(from: z.instant(for: local("2026-01-01T00:00")), in: z).prefix(600))
      #expect(zip(result, result.dropFirst()).allSatisfy { $0 < $1 }, "\(text)")
      var perDay: [CivilDate: Int] = [:]
      for instant in result { perDay[z.local(instant).date, default: 0] += 1 }
      for (day, count) in perDay where day < z.local(result[result.count - 1]).date {
        let before = z.offset(
          at: z.instant(for: LocalDateTime(date: day.adding(days: -1), hour: 12)))
        let after = z.offset(at: z.instant(for: LocalDateTime(date: day.adding(days: 1), hour: 12)))
        let changes = before != after
        if changes {
          #expect(count <= times.count, "\(text) on \(day)")
        } else {
          #expect(count == times.count, "\(text) on \(day)")
        }
      }
    }
  }
}

/// An independent reading of RFC 5545: whether a wall-clock time is an instance of a rule,
/// part by part, leaving out only BYSETPOS (which picks among such times) and COUNT.
enum PartsOracle {
  /// The wall-clock readings an instant may have come from: its own, and for an instant just
  /// after a spring-forward change, the skipped time that RFC 5545 moves onto it.
  static func readings(of instant: Instant, in zone: Zone) -> [LocalDateTime] {
    let before = zone.offset(at: instant.adding(seconds: -7200))
    return [
      zone.local(instant), LocalDateTime(localSeconds: instant.secondsSince1970 + before),
    ]
  }

  static func matches(_ rule: RecurrenceRule, _ t: LocalDateTime) -> Bool {
    let s = rule.start
    if t < s { return false }
    if case .local(let until) = rule.until, t > until { return false }
    var byMonth = rule.byMonth
    var byMonthDay = rule.byMonthDay
    var byDay = rule.byDay
    if byDay.isEmpty && byMonthDay.isEmpty {
      switch rule.frequency {
      case .yearly:
        if byMonth.isEmpty { byMonth = [s.date.month] }
        byMonthDay = [s.date.day]
      case .monthly: byMonthDay = [s.date.day]
      case .weekly: byDay = [.init(s.date.weekday)]
      case .daily, .hourly: break
      }
    }
    let date = t.date
    if !byMonth.isEmpty && !byMonth.contains(date.month) { return false }
    if !byMonthDay.isEmpty
      && !byMonthDay.contains(where: { $0 == date.day || $0 == date.day - date.daysInMonth - 1 })
    {
      return false
    }
    if !byDay.isEmpty && !byDay.contains(where: { weekdayMatches($0, date, rule) }) { return false }
    let hours =
      rule.byHour.isEmpty ? (rule.frequency == .hourly ? Array(0...23) : [s.hour]) : rule.byHour
    let minutes = rule.byMinute.isEmpty ? [s.minute] : rule.byMinute
    guard hours.contains(t.hour), minutes.contains(t.minute), t.second == s.second else {
      return false
    }
    let n = rule.interval
    switch rule.frequency {
    case .yearly: return (date.year - s.date.year) % n == 0
    case .monthly: return ((date.year - s.date.year) * 12 + date.month - s.date.month) % n == 0
    case .weekly:
      let weeks =
        (date.startOfWeek(rule.weekStart).daysSinceEpoch
          - s.date.startOfWeek(rule.weekStart).daysSinceEpoch) / 7
      return weeks % n == 0
    case .daily: return (date.daysSinceEpoch - s.date.daysSinceEpoch) % n == 0
    case .hourly:
      let hoursApart =
        (t.localSeconds - t.secondOfDay % 3600 - (s.localSeconds - s.secondOfDay % 3600)) / 3600
      return hoursApart % n == 0
    }
  }

  /// A plain weekday, or the n-th (from the end when negative) such weekday of the month,
  /// or of the year for a YEARLY rule without BYMONTH.
  static func weekdayMatches(
    _ item: RecurrenceRule.WeekdayNumber, _ date: CivilDate, _ rule: RecurrenceRule
  ) -> Bool {
    guard item.weekday == date.weekday else { return false }
    guard let ordinal = item.ordinal else { return true }
    let inYear = rule.frequency == .yearly && rule.byMonth.isEmpty
    let first =
      inYear
      ? CivilDate(year: date.year, month: 1, day: 1)
      : CivilDate(year: date.year, month: date.month, day: 1)
    let last =
      inYear
      ? CivilDate(year: date.year, month: 12, day: 31)
      : CivilDate(year: date.year, month: date.month, day: date.daysInMonth)
    // Count the same weekdays before and after `date` in the span.
    let before = (date.daysSinceEpoch - first.daysSinceEpoch) / 7
    let after = (last.daysSinceEpoch - date.daysSinceEpoch) / 7
    return ordinal > 0 ? ordinal == before + 1 : -ordinal == after + 1
  }
}
