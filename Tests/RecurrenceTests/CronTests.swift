// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Recurrence
import Testing

/// Five-field cron lines and `@` macros.
@Suite("cron")
struct CronTests {
  static func utc(_ line: String, from: String = "2026-01-01T00:00", count: Int) throws -> [String]
  {
    try stamps(line, in: Zones.utc, from: from, count: count)
  }

  static func same(_ a: String, _ b: String, count: Int = 40) throws -> Bool {
    try instants(a, in: Zones.london, count: count) == instants(b, in: Zones.london, count: count)
  }

  @Test("a plain line fires once a day")
  func plain() throws {
    #expect(
      try Self.utc("0 21 * * *", count: 2) == [
        "2026-01-01T21:00:00+00:00", "2026-01-02T21:00:00+00:00",
      ])
    #expect(try Schedule.parse("0 21 * * *", start: nil).form == .cron)
  }

  @Test("lists, ranges and steps")
  func listsRangesSteps() throws {
    #expect(
      try Self.utc("0,30 9,17 * * *", count: 5) == [
        "2026-01-01T09:00:00+00:00", "2026-01-01T09:30:00+00:00", "2026-01-01T17:00:00+00:00",
        "2026-01-01T17:30:00+00:00", "2026-01-02T09:00:00+00:00",
      ])
    #expect(
      try Self.utc("15 9-11 * * *", count: 4) == [
        "2026-01-01T09:15:00+00:00", "2026-01-01T10:15:00+00:00", "2026-01-01T11:15:00+00:00",
        "2026-01-02T09:15:00+00:00",
      ])
    #expect(
      try Self.utc("*/15 9 * * *", count: 5) == [
        "2026-01-01T09:00:00+00:00", "2026-01-01T09:15:00+00:00", "2026-01-01T09:30:00+00:00",
        "2026-01-01T09:45:00+00:00", "2026-01-02T09:00:00+00:00",
      ])
    #expect(
      try Self.utc("0 9-17/4 * * *", count: 4) == [
        "2026-01-01T09:00:00+00:00", "2026-01-01T13:00:00+00:00", "2026-01-01T17:00:00+00:00",
        "2026-01-02T09:00:00+00:00",
      ])
    #expect(
      try Self.utc("0 */6 * * *", count: 5) == [
        "2026-01-01T00:00:00+00:00", "2026-01-01T06:00:00+00:00", "2026-01-01T12:00:00+00:00",
        "2026-01-01T18:00:00+00:00", "2026-01-02T00:00:00+00:00",
      ])
    // A step after a single value runs to the end of the field.
    #expect(
      try Self.utc("5/20 9 * * *", count: 4) == [
        "2026-01-01T09:05:00+00:00", "2026-01-01T09:25:00+00:00", "2026-01-01T09:45:00+00:00",
        "2026-01-02T09:05:00+00:00",
      ])
    #expect(try Self.same("0 9 1-5,20 * *", "0 9 1,2,3,4,5,20 * *"))
  }

  @Test("names: weekdays and months, in any case, and their ranges")
  func names() throws {
    #expect(try Self.same("30 7 * * mon-fri", "30 7 * * 1-5"))
    #expect(try Self.same("30 7 * * MON-FRI", "weekdays at 7:30"))
    #expect(try Self.same("0 9 * * mon,wed,fri", "every mon, wed, fri at 9:00"))
    #expect(try Self.same("0 9 1 jan *", "0 9 1 1 *", count: 5))
    #expect(try Self.same("0 9 * jan-mar mon", "0 9 * 1-3 1"))
    #expect(
      try Self.utc("0 9 1 jan,jul *", count: 3) == [
        "2026-01-01T09:00:00+00:00", "2026-07-01T09:00:00+00:00", "2027-01-01T09:00:00+00:00",
      ])
  }

  @Test("7 is Sunday, as 0 is, and ranges may end on it")
  func sundaySeven() throws {
    #expect(try Self.same("0 10 * * 7", "0 10 * * 0"))
    #expect(try Self.same("0 10 * * 7", "every sunday at 10:00"))
    #expect(try Self.same("0 10 * * sun", "0 10 * * 0"))
    #expect(try Self.same("0 0 * * 5-7", "0 0 * * fri,sat,sun"))
    #expect(try Self.same("0 0 * * fri-sun", "0 0 * * 5,6,0"))
    #expect(try Self.same("0 0 * * */2", "0 0 * * 0,2,4,6"))
    // A step from a single day runs to Saturday; from 7 it starts at Sunday.
    #expect(try Self.same("0 0 * * 3/2", "0 0 * * 3,5"))
    #expect(try Self.same("0 0 * * 7/3", "0 0 * * 0,3,6"))
    #expect(try Self.same("0 0 * * 7/3", "0 0 * * 0/3"))
  }

  @Test(
    "macros mean their lines",
    arguments: [
      ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
      ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
      ("@hourly", "0 * * * *"), ("@DAILY", "0 0 * * *"),
    ])
  func macros(macro: String, line: String) throws {
    #expect(try Self.same(macro, line, count: 10))
    #expect(try Schedule.parse(macro, start: nil).form == .cron)
  }

  @Test("day of month and day of week both restricted: either one fires ('0 9 13 * fri')")
  func dayOrRule() throws {
    #expect(
      try Self.utc("0 9 13 * fri", count: 10) == [
        "2026-01-02T09:00:00+00:00", "2026-01-09T09:00:00+00:00", "2026-01-13T09:00:00+00:00",
        "2026-01-16T09:00:00+00:00", "2026-01-23T09:00:00+00:00", "2026-01-30T09:00:00+00:00",
        "2026-02-06T09:00:00+00:00", "2026-02-13T09:00:00+00:00", "2026-02-20T09:00:00+00:00",
        "2026-02-27T09:00:00+00:00",
      ])
    // The month applies to both halves.
    #expect(
      try Self.utc("0 9 13 6 fri", count: 5) == [
        "2026-06-05T09:00:00+00:00", "2026-06-12T09:00:00+00:00", "2026-06-13T09:00:00+00:00",
        "2026-06-19T09:00:00+00:00", "2026-06-26T09:00:00+00:00",
      ])
    // "1-31" is restricted though it covers every day: every day fires.
    #expect(try Self.same("0 9 1-31 * fri", "0 9 * * *"))
  }

  @Test("a day field starting with '*' counts as unrestricted, as in Vixie cron: both must hold")
  func starStepIsAnd() throws {
    // Odd days of the month that are Fridays.
    #expect(
      try Self.utc("0 9 */2 * fri", count: 5) == [
        "2026-01-09T09:00:00+00:00", "2026-01-23T09:00:00+00:00", "2026-02-13T09:00:00+00:00",
        "2026-02-27T09:00:00+00:00", "2026-03-13T09:00:00+00:00",
      ])
    #expect(try Self.same("0 9 13 * *", "FREQ=MONTHLY;BYMONTHDAY=13;BYHOUR=9;BYMINUTE=0"))
    #expect(try Self.same("0 9 * * */3", "0 9 * * 0,3,6"))
    #expect(
      try Self.same(
        "0 9 */10 * */3", "FREQ=DAILY;BYMONTHDAY=1,11,21,31;BYDAY=SU,WE,SA;BYHOUR=9;BYMINUTE=0"))
  }

  @Test("a day that never comes: February 31st")
  func neverFires() throws {
    let schedule = try Schedule.parse("0 9 31 2 *", start: nil)
    #expect(!schedule.canFire(in: Zones.utc))
    #expect(schedule.next(from: Instant(secondsSince1970: 0), in: Zones.utc) == nil)
    #expect(try Schedule.parse("0 9 29 2 *", start: nil).canFire(in: Zones.utc))
  }

  @Test(
    "bad fields are refused, naming the field and pointing at it",
    arguments: [
      ("60 9 * * *", "minute 60 is out of range 0-59", 0),
      ("0 24 * * *", "hour 24 is out of range 0-23", 2),
      ("0 9 0 * *", "day of month 0 is out of range 1-31", 4),
      ("0 9 32 * *", "day of month 32 is out of range 1-31", 4),
      ("0 9 * 13 *", "month 13 is out of range 1-12", 6),
      ("0 9 * * 8", "day of week 8 is out of range 0-7", 8),
      ("0 9 * * funday", "invalid day of week 'funday'", 8),
      ("0 9 * * mon-fry", "invalid day of week 'fry'", 12),
      ("0 9 * jna *", "invalid month 'jna'", 6),
      ("0 9 5-1 * *", "the range '5-1' runs backwards", 4),
      ("*/0 9 * * *", "the step in '*/0' must be a whole number from 1 to 60", 2),
      ("0 9 1/2/3 * *", "'1/2/3' has more than one '/'", 4),
      ("0 x * * *", "invalid hour 'x'", 2),
      ("@reboot", "unknown cron macro '@reboot'", 0),
    ])
  func badFields(line: String, message: String, at offset: Int) throws {
    let error = try #require(parseError(line))
    #expect(error.message == message)
    #expect(error.offset == offset)
  }

  @Test("misspelt names and macros get a hint")
  func hints() throws {
    #expect(parseError("0 9 * * mon-fry")?.hint == "did you mean 'fri'?")
    #expect(parseError("0 9 * jna *")?.hint == "did you mean 'jan'?")
    #expect(parseError("@daly")?.hint == "did you mean '@daily'?")
    #expect(parseError("0 x * * *")?.hint == "use a number from 0 to 23")
  }
}
