// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Recurrence
import Testing

/// Rare and impossible days: leap days, fifth weekdays, February 30th. A rule that can never
/// fire must say so quickly, not search forever.
@Suite("Leap days and rules that never fire")
struct NeverFiresTests {
  /// Well under a second: the slowest of these takes about 0.07 s in a debug build.
  static let budget = 1.0

  /// How long `body` takes in CPU time, retried up to twice when over
  /// `budget`, keeping the fastest run: a busy machine (tests run in
  /// parallel) must not make a fast rule look slow.
  static func timed(within budget: Double, _ body: () -> Void) -> Double {
    var best = seconds(body)
    for _ in 0..<2 where best >= budget { best = min(best, seconds(body)) }
    return best
  }

  @Test("February 29th comes only in leap years, and fast")
  func leapDay() throws {
    var result: [Instant] = []
    let elapsed = try seconds {
      result = try instants(
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", start: "2026-01-01T09:00", in: Zones.london,
        count: 30)
    }
    let years = result.map { Zones.london.local($0).date.year }
    let expected = Array(stride(from: 2028, through: 2148, by: 4).filter { CivilDate.isLeap($0) })
    #expect(years == Array(expected.prefix(30)))
    #expect(!years.contains(2100))
    #expect(result.allSatisfy { Zones.london.local($0).date.month == 2 })
    #expect(result.allSatisfy { Zones.london.local($0).date.day == 29 })
    #expect(elapsed < Self.budget)
  }

  @Test("yearly on February 29th, seen from a century year: 2100 is skipped, 2400 is not")
  func centuryLeapYears() throws {
    #expect(
      try stamps("yearly on feb 29 at 9:00", in: Zones.utc, from: "2097-01-01T00:00", count: 2)
        == ["2104-02-29T09:00:00+00:00", "2108-02-29T09:00:00+00:00"])
    let everyCentury = try stamps(
      "FREQ=YEARLY;INTERVAL=100;BYMONTH=2;BYMONTHDAY=29", start: "2100-01-01T09:00",
      in: Zones.utc, count: 2)
    #expect(everyCentury == ["2400-02-29T09:00:00+00:00", "2800-02-29T09:00:00+00:00"])
  }

  @Test("'monthly on the 5th friday' fires exactly in the months with five Fridays")
  func fifthFriday() throws {
    let result = try instants("monthly on the 5th friday at 9:00", in: Zones.utc, count: 20)
    var expected: [CivilDate] = []
    var month = CivilDate(year: 2026, month: 1, day: 1)
    while expected.count < 20 {
      let fridays = (1...month.daysInMonth).map {
        CivilDate(year: month.year, month: month.month, day: $0)
      }.filter { $0.weekday == .friday }
      if fridays.count == 5 { expected.append(fridays[4]) }
      month = month.adding(days: month.daysInMonth)
    }
    #expect(result.map { Zones.utc.local($0).date } == expected)
    #expect(result.allSatisfy { Zones.utc.local($0).hour == 9 })
  }

  static let neverFiring: [(rule: String, start: String)] = [
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2026-01-01T09:00"),
    ("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31", "2026-01-01T09:00"),
    ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "2026-01-01T09:00"),
    ("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11", "2026-01-01T09:00"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "2026-01-01T09:00"),
    ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=-30;BYMONTH=2", "2026-01-01T09:00"),
    ("FREQ=WEEKLY;BYMONTH=2;BYMONTHDAY=31", "2026-01-01T09:00"),
    ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "2026-01-01T09:00"),
    ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30;BYMINUTE=0", "2026-01-01T09:00"),
    // Every 4 years from 2025: never a leap year.
    ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "2025-01-01T09:00"),
    // Every 7 days from a Tuesday: never a Monday.
    ("FREQ=DAILY;INTERVAL=7;BYDAY=MO", "2026-01-06T09:00"),
    // Every 12 months from January: never March.
    ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3", "2026-01-15T09:00"),
    // Every other hour from 04:00: never 05:00.
    ("FREQ=HOURLY;INTERVAL=2;BYHOUR=5", "2026-01-01T04:00"),
    ("FREQ=HOURLY;INTERVAL=24;BYHOUR=5", "2026-01-01T04:00"),
  ]

  @Test("a rule that can never fire: no instance, canFire false, quickly", arguments: neverFiring)
  func neverFires(rule: String, start: String) throws {
    let schedule = try Schedule.parse(rule, start: local(start))
    let from = Zones.newYork.instant(for: local(start))
    var fires = true
    var next: Instant?
    let elapsed = Self.timed(within: Self.budget) {
      fires = schedule.canFire(in: Zones.newYork)
      next = schedule.next(from: from, in: Zones.newYork)
    }
    #expect(!fires)
    #expect(next == nil)
    #expect(elapsed < Self.budget, "\(rule) took \(elapsed) s")
  }

  @Test("February 30th: no instance, and canFire says so in well under a second")
  func februaryThirtieth() throws {
    let schedule = try Schedule.parse(
      "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", start: local("2026-01-01T09:00"))
    let from = Zones.london.instant(for: local("2026-01-01T00:00"))
    var fires = true
    var next: Instant?
    let elapsed = Self.timed(within: 0.25) {
      fires = schedule.canFire(in: Zones.london)
      next = schedule.next(from: from, in: Zones.london)
    }
    #expect(!fires)
    #expect(next == nil)
    // About 5 ms: 400 years (the Gregorian cycle) of Februaries, once.
    #expect(elapsed < 0.25, "took \(elapsed) s")
  }

  @Test("a rule that is over: COUNT spent or UNTIL passed")
  func overRules() throws {
    let start = local("2026-01-01T09:00")
    let from = Zones.utc.instant(for: local("2026-06-01T00:00"))
    for rule in [
      "FREQ=DAILY;COUNT=3", "FREQ=DAILY;UNTIL=20260105T090000", "FREQ=DAILY;UNTIL=20260105T090000Z",
      "FREQ=DAILY;UNTIL=20260105",
    ] {
      let schedule = try Schedule.parse(rule, start: start)
      #expect(schedule.canFire(in: Zones.utc), "\(rule)")
      #expect(schedule.next(from: from, in: Zones.utc) == nil, "\(rule)")
    }
  }

  @Test(
    "a rule whose UNTIL comes before its start never fires",
    arguments: ["20251231T000000", "20251231T000000Z", "20251231"])
  func untilBeforeStart(until: String) throws {
    let schedule = try Schedule.parse("FREQ=DAILY;UNTIL=\(until)", start: local("2026-01-01T09:00"))
    #expect(!schedule.canFire(in: Zones.newYork))
    #expect(schedule.next(from: Instant(secondsSince1970: 0), in: Zones.newYork) == nil)
  }

  @Test("a rule that fires only once in centuries is still found, fast")
  func rareButPossible() throws {
    // February 29th on a Monday: 2044, then 2072.
    var result: [String] = []
    let elapsed = try seconds {
      result = try stamps(
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", start: "2026-01-01T09:00", in: Zones.utc,
        count: 3)
    }
    #expect(
      result == [
        "2044-02-29T09:00:00+00:00", "2072-02-29T09:00:00+00:00", "2112-02-29T09:00:00+00:00",
      ])
    #expect(elapsed < Self.budget)
    let schedule = try Schedule.parse(
      "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", start: local("2026-01-01T09:00"))
    #expect(schedule.canFire(in: Zones.utc))
  }

  @Test("searching far ahead does not walk from the start")
  func farAhead() throws {
    let schedule = try Schedule.parse("FREQ=HOURLY;BYMINUTE=0", start: local("1970-01-01T00:00"))
    var next: Instant?
    let from = Zones.newYork.instant(for: local("2999-06-01T12:30"))
    let elapsed = seconds { next = schedule.next(from: from, in: Zones.newYork) }
    #expect(next.map { stamp($0, Zones.newYork) } == "2999-06-01T13:00:00-04:00")
    #expect(elapsed < Self.budget)
  }
}
