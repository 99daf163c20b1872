// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import PropertyBased
import Recurrence
import Testing

/// `instanceCount` counts what walking the instances one by one counts, and
/// does it without walking decades of them.
@Suite("Counting instances")
struct ScheduleCountingTests {
  /// The instances of `schedule` from `from` through `through`, walked one by
  /// one: in UTC an instant's seconds are its wall-clock reading's.
  static func walked(_ schedule: Schedule, from: LocalDateTime, through: LocalDateTime) -> Int {
    var count = 0
    var iterator = schedule.occurrences(
      from: Instant(secondsSince1970: from.localSeconds), in: .utc)
    while let at = iterator.next(), at.secondsSince1970 <= through.localSeconds { count += 1 }
    return count
  }

  /// The last reading to count through: `days` days after `from`, at most the
  /// instant UNTIL of a rule, which counting leaves to its callers.
  static func through(_ schedule: Schedule, from: LocalDateTime, days: Int) -> LocalDateTime {
    var end = from.localSeconds + days * 86_400 + 3_599
    for rule in schedule.rules {
      if case .instant(let until) = rule.until { end = min(end, until.secondsSince1970) }
    }
    return LocalDateTime(localSeconds: end)
  }

  @Test("random RRULEs: the count is the walked count")
  func rrulesAgree() async throws {
    await propertyCheck(
      count: 200, input: SchedulePropertyTests.cases(), Gen.int(in: -40...40),
      Gen.int(in: 0...1_500)
    ) { item, before, span in
      let schedule = try item.schedule
      let from = LocalDateTime(date: item.start.date.adding(days: before))
      // Hourly rules have thousands of instances a year: walking them is the slow part.
      let days = item.frequency == .hourly ? span / 20 : span
      let through = Self.through(schedule, from: from, days: days)
      #expect(
        schedule.instanceCount(from: from, through: through)
          == Self.walked(schedule, from: from, through: through),
        "\(item) from \(from) through \(through)")
    }
  }

  static let expressions = [
    "daily at 21:00", "daily at 9:00, 13:30, 18:00", "weekdays at 7:15", "weekends at 10:00",
    "every mon, wed, fri at 20:00", "every 2 weeks on saturday at 11:00", "every 3 days at 8:00",
    "monthly on the 1st and 15th at 9:00", "monthly on the last friday at 20:00",
    "yearly on march 3 at 9:00", "every 2 hours from 9:00 to 17:00",
    "every 45 minutes from 8:00 to 12:00", "0 9 * * mon-fri", "30 7 1,15 * *", "0 9 1 * mon",
    "0 20 * 12 *", "*/30 9-11 * * sat", "FREQ=HOURLY;INTERVAL=5;BYMINUTE=10",
    "FREQ=DAILY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=7;BYMINUTE=0",
    "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9,21;BYMINUTE=0;BYSETPOS=-1",
    "FREQ=DAILY;BYMONTHDAY=-1,10;BYHOUR=8;BYMINUTE=0",
  ]

  @Test("words, cron and RRULEs with several rules: the count is the walked count")
  func expressionsAgree() async throws {
    await propertyCheck(
      count: 200, input: Gen.int(in: 0...(Self.expressions.count - 1)), Gen.int(in: 0...9_000),
      Gen.int(in: -30...800), Gen.int(in: 0...1_500), Gen.int(in: 0...1)
    ) { index, startDay, fromDay, span, hasStart in
      let start = LocalDateTime(
        date: CivilDate(year: 2000, month: 1, day: 1).adding(days: startDay))
      let text = Self.expressions[index]
      let schedule = try Schedule.parse(
        text,
        start: hasStart == 1 || text.hasPrefix("FREQ") || text.contains("every 2 weeks")
          ? start : nil)
      let anchor = schedule.rules[0].start.date
      let from = LocalDateTime(date: anchor.adding(days: fromDay))
      let through = Self.through(schedule, from: from, days: span)
      #expect(
        schedule.instanceCount(from: from, through: through)
          == Self.walked(schedule, from: from, through: through),
        "'\(text)' from \(from) through \(through)")
    }
  }

  @Test("the readings a spring-forward gap skips still count, each once")
  func gapsCountReadings() throws {
    // Given a rule at 2:30 and one at 3:30, which New York's gap on 2026-03-08 makes one instant
    let schedule = try Schedule.parse("daily at 2:30, 3:30", start: nil)
    // Then counting readings finds both
    #expect(
      schedule.instanceCount(from: local("2026-03-08T00:00"), through: local("2026-03-08T23:59"))
        == 2)
  }

  @Test("a daily habit counted over ten and over fifty years takes microseconds, not a walk")
  func countingIsQuick() throws {
    let daily = try Schedule.parse("daily at 21:15", start: nil)
    let threeTimes = try Schedule.parse("every tue, thu, sat at 20:00", start: nil)
    let monthly = try Schedule.parse("monthly on the last friday at 20:00", start: nil)
    let origin = local("2016-01-01T00:00")
    let tenYears = local("2026-01-01T21:15")
    let fifty = local("2026-01-01T21:15")
    let epoch = local("1970-01-01T00:00")
    #expect(daily.instanceCount(from: origin, through: tenYears) == 3_654)
    #expect(daily.instanceCount(from: epoch, through: fifty) == 20_455)
    #expect(
      threeTimes.instanceCount(from: epoch, through: fifty)
        == Self.walked(threeTimes, from: epoch, through: fifty))
    // When each is counted a thousand times
    let rounds = 1_000
    let tenYearsDaily = seconds {
      for _ in 0..<rounds { _ = daily.instanceCount(from: origin, through: tenYears) }
    }
    let fiftyYearsDaily = seconds {
      for _ in 0..<rounds { _ = daily.instanceCount(from: epoch, through: fifty) }
    }
    let fiftyYearsMonthly = seconds {
      for _ in 0..<rounds { _ = monthly.instanceCount(from: epoch, through: fifty) }
    }
    let walk = seconds { _ = Self.walked(daily, from: epoch, through: fifty) }
    print(
      "counting a daily schedule: 10 years \(Int(tenYearsDaily / Double(rounds) * 1e6)) µs,"
        + " 56 years \(Int(fiftyYearsDaily / Double(rounds) * 1e6)) µs;"
        + " a monthly one over 56 years \(Int(fiftyYearsMonthly / Double(rounds) * 1e6)) µs;"
        + " walking the daily one over 56 years \(Int(walk * 1e6)) µs")
    // Then a daily count stays far under a millisecond even in a debug build, and
    // does not grow with the years
    #expect(tenYearsDaily / Double(rounds) < 0.001)
    #expect(fiftyYearsDaily / Double(rounds) < 0.001)
    #expect(fiftyYearsMonthly / Double(rounds) < 0.01)
  }
}
