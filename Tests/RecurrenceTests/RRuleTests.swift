// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

/// RRULE parts, checked against the worked examples of RFC 5545 §3.8.5.3 (all in
/// America/New_York, DTSTART 09:00 local).
@Suite("RRULE")
struct RRuleTests {
  /// Local dates at 09:00 New York time, written `1997-09-02`.
  static func at9(_ dates: [String]) -> [String] {
    dates.map { date in
      let instant = Zones.newYork.instant(for: local("\(date)T09:00"))
      return stamp(instant, Zones.newYork)
    }
  }

  static func rfc(_ rule: String, start: String, count: Int = 200) throws -> [String] {
    try stamps(rule, start: start, in: Zones.newYork, count: count)
  }

  /// `1997-09-02` … `1997-09-11`: a run of consecutive days.
  static func days(from first: String, count: Int) -> [String] {
    let start = local(first).date
    return (0..<count).map { "\(start.adding(days: $0))" }
  }

  // MARK: FREQ, COUNT, INTERVAL, UNTIL

  @Test("daily for 10 occurrences")
  func dailyCount() throws {
    #expect(
      try Self.rfc("RRULE:FREQ=DAILY;COUNT=10", start: "1997-09-02T09:00")
        == Self.at9(Self.days(from: "1997-09-02", count: 10)))
  }

  @Test("daily until December 24, 1997 (UNTIL in UTC), across the October change")
  func dailyUntilUTC() throws {
    let result = try Self.rfc(
      "FREQ=DAILY;UNTIL=19971224T000000Z", start: "1997-09-02T09:00", count: 500)
    #expect(result == Self.at9(Self.days(from: "1997-09-02", count: 113)))
    #expect(result.contains("1997-10-25T09:00:00-04:00"))
    #expect(result.contains("1997-10-27T09:00:00-05:00"))
  }

  @Test("every other day, forever")
  func everyOtherDay() throws {
    let result = try Self.rfc("FREQ=DAILY;INTERVAL=2", start: "1997-09-02T09:00", count: 5)
    #expect(
      result == Self.at9(["1997-09-02", "1997-09-04", "1997-09-06", "1997-09-08", "1997-09-10"]))
  }

  @Test("every 10 days, 5 occurrences")
  func everyTenDays() throws {
    #expect(
      try Self.rfc("FREQ=DAILY;INTERVAL=10;COUNT=5", start: "1997-09-02T09:00")
        == Self.at9(["1997-09-02", "1997-09-12", "1997-09-22", "1997-10-02", "1997-10-12"]))
  }

  @Test("every day in January, for 3 years: YEARLY with BYDAY and DAILY with BYMONTH agree")
  func januaryForThreeYears() throws {
    let expected = Self.at9(
      Self.days(from: "1998-01-01", count: 31) + Self.days(from: "1999-01-01", count: 31)
        + Self.days(from: "2000-01-01", count: 31))
    #expect(
      try Self.rfc(
        "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
        start: "1998-01-01T09:00") == expected)
    #expect(
      try Self.rfc("FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", start: "1998-01-01T09:00")
        == expected)
  }

  @Test("weekly for 10 occurrences")
  func weeklyCount() throws {
    #expect(
      try Self.rfc("FREQ=WEEKLY;COUNT=10", start: "1997-09-02T09:00")
        == Self.at9([
          "1997-09-02", "1997-09-09", "1997-09-16", "1997-09-23", "1997-09-30", "1997-10-07",
          "1997-10-14", "1997-10-21", "1997-10-28", "1997-11-04",
        ]))
  }

  @Test("every other week (WKST=SU), forever")
  func everyOtherWeek() throws {
    #expect(
      try Self.rfc("FREQ=WEEKLY;INTERVAL=2;WKST=SU", start: "1997-09-02T09:00", count: 10)
        == Self.at9([
          "1997-09-02", "1997-09-16", "1997-09-30", "1997-10-14", "1997-10-28", "1997-11-11",
          "1997-11-25", "1997-12-09", "1997-12-23", "1998-01-06",
        ]))
  }

  @Test("weekly on Tuesday and Thursday for five weeks, by UNTIL and by COUNT")
  func tuesdayThursday() throws {
    let expected = Self.at9([
      "1997-09-02", "1997-09-04", "1997-09-09", "1997-09-11", "1997-09-16", "1997-09-18",
      "1997-09-23", "1997-09-25", "1997-09-30", "1997-10-02",
    ])
    #expect(
      try Self.rfc(
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", start: "1997-09-02T09:00")
        == expected)
    #expect(
      try Self.rfc("FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", start: "1997-09-02T09:00")
        == expected)
  }

  @Test("every other week on Monday, Wednesday and Friday until December 24, 1997")
  func everyOtherWeekMWF() throws {
    #expect(
      try Self.rfc(
        "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
        start: "1997-09-01T09:00")
        == Self.at9([
          "1997-09-01", "1997-09-03", "1997-09-05", "1997-09-15", "1997-09-17", "1997-09-19",
          "1997-09-29", "1997-10-01", "1997-10-03", "1997-10-13", "1997-10-15", "1997-10-17",
          "1997-10-27", "1997-10-29", "1997-10-31", "1997-11-10", "1997-11-12", "1997-11-14",
          "1997-11-24", "1997-11-26", "1997-11-28", "1997-12-08", "1997-12-10", "1997-12-12",
          "1997-12-22",
        ]))
  }

  @Test("every other week on Tuesday and Thursday, for 8 occurrences")
  func everyOtherWeekTT() throws {
    #expect(
      try Self.rfc("FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", start: "1997-09-02T09:00")
        == Self.at9([
          "1997-09-02", "1997-09-04", "1997-09-16", "1997-09-18", "1997-09-30", "1997-10-02",
          "1997-10-14", "1997-10-16",
        ]))
  }

  @Test("UNTIL as a local date-time is inclusive, and as a date takes in the whole day")
  func untilForms() throws {
    let start = "2026-03-01T09:00"
    let local = try Self.rfc("FREQ=DAILY;UNTIL=20260303T090000", start: start)
    #expect(local == Self.at9(["2026-03-01", "2026-03-02", "2026-03-03"]))
    let before = try Self.rfc("FREQ=DAILY;UNTIL=20260303T085959", start: start)
    #expect(before == Self.at9(["2026-03-01", "2026-03-02"]))
    let date = try Self.rfc("FREQ=DAILY;UNTIL=20260303", start: start)
    #expect(date == Self.at9(["2026-03-01", "2026-03-02", "2026-03-03"]))
    // 14:00Z is 09:00 EST: inclusive.
    let utc = try Self.rfc("FREQ=DAILY;UNTIL=20260303T140000Z", start: start)
    #expect(utc == Self.at9(["2026-03-01", "2026-03-02", "2026-03-03"]))
    let utcBefore = try Self.rfc("FREQ=DAILY;UNTIL=20260303T135959Z", start: start)
    #expect(utcBefore == Self.at9(["2026-03-01", "2026-03-02"]))
  }

  @Test("every 3 hours from 9 a.m. to 5 p.m. on one day (HOURLY, INTERVAL, UNTIL)")
  func everyThreeHours() throws {
    // RFC 5545 writes UNTIL=19970902T170000Z and lists 09:00, 12:00 and 15:00 EDT, but 17:00Z
    // is 13:00 EDT (a known erratum); 21:00Z is the 17:00 EDT the text means.
    #expect(
      try Self.rfc("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z", start: "1997-09-02T09:00")
        == ["1997-09-02T09:00:00-04:00", "1997-09-02T12:00:00-04:00", "1997-09-02T15:00:00-04:00"])
    #expect(
      try Self.rfc("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", start: "1997-09-02T09:00")
        == ["1997-09-02T09:00:00-04:00", "1997-09-02T12:00:00-04:00"])
  }

  @Test("every 20 minutes from 9:00 to 16:40 (BYHOUR and BYMINUTE)")
  func everyTwentyMinutes() throws {
    let result = try Self.rfc(
      "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", start: "1997-09-02T09:00",
      count: 25)
    var expected: [String] = []
    for hour in 9...16 {
      for minute in [0, 20, 40] {
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        expected.append("1997-09-02T\(two(hour)):\(two(minute)):00-04:00")
      }
    }
    expected.append("1997-09-03T09:00:00-04:00")
    #expect(result == expected)
  }

  @Test("each FREQ repeats at its own period")
  func eachFrequency() throws {
    let start = "2026-01-31T10:15"
    let utc = Zones.utc
    #expect(
      try stamps("FREQ=HOURLY", start: start, in: utc, count: 3) == [
        "2026-01-31T10:15:00+00:00", "2026-01-31T11:15:00+00:00", "2026-01-31T12:15:00+00:00",
      ])
    #expect(
      try stamps("FREQ=DAILY", start: start, in: utc, count: 2) == [
        "2026-01-31T10:15:00+00:00", "2026-02-01T10:15:00+00:00",
      ])
    #expect(
      try stamps("FREQ=WEEKLY", start: start, in: utc, count: 2) == [
        "2026-01-31T10:15:00+00:00", "2026-02-07T10:15:00+00:00",
      ])
    // The 31st: months without one are skipped, not clamped.
    #expect(
      try stamps("FREQ=MONTHLY", start: start, in: utc, count: 3) == [
        "2026-01-31T10:15:00+00:00", "2026-03-31T10:15:00+00:00",
        "2026-05-31T10:15:00+00:00",
      ])
    #expect(
      try stamps("FREQ=YEARLY", start: start, in: utc, count: 2) == [
        "2026-01-31T10:15:00+00:00", "2027-01-31T10:15:00+00:00",
      ])
  }

  @Test("BYMONTH under DAILY and HOURLY: the first instance of the month, counted by the interval")
  func byMonthUnderShortFrequencies() throws {
    let start = "2026-01-15T10:00"
    let utc = Zones.utc
    #expect(
      try stamps("FREQ=DAILY;BYMONTH=3", start: start, in: utc, count: 2) == [
        "2026-03-01T10:00:00+00:00", "2026-03-02T10:00:00+00:00",
      ])
    // 1070 hours from the start to March 1st, 00:00; 1071 is the first multiple of 7.
    #expect(
      try stamps("FREQ=HOURLY;BYMONTH=3;BYMINUTE=0", start: start, in: utc, count: 2) == [
        "2026-03-01T00:00:00+00:00", "2026-03-01T01:00:00+00:00",
      ])
    #expect(
      try stamps("FREQ=HOURLY;INTERVAL=7;BYMONTH=3;BYMINUTE=0", start: start, in: utc, count: 2)
        == ["2026-03-01T01:00:00+00:00", "2026-03-01T08:00:00+00:00"])
    // From January 15th, March 1st is 45 days on, a multiple of 3; from the 17th, 43 days, so
    // the first instance is the 45th day: March 3rd.
    #expect(
      try stamps("FREQ=DAILY;INTERVAL=3;BYMONTH=3,4", start: start, in: utc, count: 2) == [
        "2026-03-01T10:00:00+00:00", "2026-03-04T10:00:00+00:00",
      ])
    #expect(
      try stamps("FREQ=DAILY;INTERVAL=3;BYMONTH=3,4", start: "2026-01-17T10:00", in: utc, count: 1)
        == ["2026-03-03T10:00:00+00:00"])
    // BYHOUR under HOURLY steps through the hours the interval reaches.
    #expect(
      try stamps("FREQ=HOURLY;INTERVAL=5;BYHOUR=1,2,3", start: start, in: utc, count: 3) == [
        "2026-01-16T01:00:00+00:00", "2026-01-17T02:00:00+00:00", "2026-01-18T03:00:00+00:00",
      ])
  }

  // MARK: BYDAY with ordinals, BYMONTHDAY, BYMONTH, BYSETPOS

  @Test("monthly on the first Friday, by COUNT and by UNTIL")
  func firstFriday() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", start: "1997-09-05T09:00")
        == Self.at9([
          "1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02", "1998-02-06",
          "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05",
        ]))
    #expect(
      try Self.rfc("FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", start: "1997-09-05T09:00")
        == Self.at9(["1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05"]))
  }

  @Test("every other month on the first and last Sunday, for 10 occurrences")
  func firstAndLastSunday() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", start: "1997-09-07T09:00")
        == Self.at9([
          "1997-09-07", "1997-09-28", "1997-11-02", "1997-11-30", "1998-01-04", "1998-01-25",
          "1998-03-01", "1998-03-29", "1998-05-03", "1998-05-31",
        ]))
  }

  @Test("monthly on the second-to-last Monday, for 6 months")
  func secondToLastMonday() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", start: "1997-09-22T09:00")
        == Self.at9([
          "1997-09-22", "1997-10-20", "1997-11-17", "1997-12-22", "1998-01-19", "1998-02-16",
        ]))
  }

  @Test("monthly on the third-to-last day (negative BYMONTHDAY)")
  func thirdToLastDay() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;BYMONTHDAY=-3", start: "1997-09-28T09:00", count: 6)
        == Self.at9([
          "1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29", "1998-01-29", "1998-02-26",
        ]))
  }

  @Test("monthly on the 2nd and 15th, and on the first and last day")
  func monthDays() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", start: "1997-09-02T09:00")
        == Self.at9([
          "1997-09-02", "1997-09-15", "1997-10-02", "1997-10-15", "1997-11-02", "1997-11-15",
          "1997-12-02", "1997-12-15", "1998-01-02", "1998-01-15",
        ]))
    #expect(
      try Self.rfc("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", start: "1997-09-30T09:00")
        == Self.at9([
          "1997-09-30", "1997-10-01", "1997-10-31", "1997-11-01", "1997-11-30", "1997-12-01",
          "1997-12-31", "1998-01-01", "1998-01-31", "1998-02-01",
        ]))
  }

  @Test("every 18 months on the 10th to 15th, for 10 occurrences")
  func everyEighteenMonths() throws {
    #expect(
      try Self.rfc(
        "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", start: "1997-09-10T09:00")
        == Self.at9([
          "1997-09-10", "1997-09-11", "1997-09-12", "1997-09-13", "1997-09-14", "1997-09-15",
          "1999-03-10", "1999-03-11", "1999-03-12", "1999-03-13",
        ]))
  }

  @Test("every Tuesday, every other month")
  func tuesdaysEveryOtherMonth() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", start: "1997-09-02T09:00", count: 18)
        == Self.at9([
          "1997-09-02", "1997-09-09", "1997-09-16", "1997-09-23", "1997-09-30", "1997-11-04",
          "1997-11-11", "1997-11-18", "1997-11-25", "1998-01-06", "1998-01-13", "1998-01-20",
          "1998-01-27", "1998-03-03", "1998-03-10", "1998-03-17", "1998-03-24", "1998-03-31",
        ]))
  }

  @Test("yearly in June and July, and every other year in January to March (BYMONTH)")
  func yearlyByMonth() throws {
    #expect(
      try Self.rfc("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", start: "1997-06-10T09:00")
        == Self.at9([
          "1997-06-10", "1997-07-10", "1998-06-10", "1998-07-10", "1999-06-10", "1999-07-10",
          "2000-06-10", "2000-07-10", "2001-06-10", "2001-07-10",
        ]))
    #expect(
      try Self.rfc("FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", start: "1997-03-10T09:00")
        == Self.at9([
          "1997-03-10", "1999-01-10", "1999-02-10", "1999-03-10", "2001-01-10", "2001-02-10",
          "2001-03-10", "2003-01-10", "2003-02-10", "2003-03-10",
        ]))
  }

  @Test("every 20th Monday of the year (YEARLY ordinal without BYMONTH counts in the year)")
  func twentiethMonday() throws {
    #expect(
      try Self.rfc("FREQ=YEARLY;BYDAY=20MO", start: "1997-05-19T09:00", count: 3)
        == Self.at9(["1997-05-19", "1998-05-18", "1999-05-17"]))
  }

  @Test("the last Sunday of the year, and of each BYMONTH month")
  func yearlyOrdinalWithMonth() throws {
    #expect(
      try Self.rfc("FREQ=YEARLY;BYDAY=-1SU", start: "2026-01-01T09:00", count: 2)
        == Self.at9(["2026-12-27", "2027-12-26"]))
    // With BYMONTH the ordinal counts within the month: the last Sunday of March and October.
    #expect(
      try Self.rfc("FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU", start: "2026-01-01T09:00", count: 4)
        == Self.at9(["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"]))
    #expect(
      try Self.rfc("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", start: "2026-01-01T09:00", count: 3)
        == Self.at9(["2026-11-26", "2027-11-25", "2028-11-23"]))
  }

  @Test("every Thursday in March, and in June to August")
  func thursdays() throws {
    #expect(
      try Self.rfc("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", start: "1997-03-13T09:00", count: 11)
        == Self.at9([
          "1997-03-13", "1997-03-20", "1997-03-27", "1998-03-05", "1998-03-12", "1998-03-19",
          "1998-03-26", "1999-03-04", "1999-03-11", "1999-03-18", "1999-03-25",
        ]))
    #expect(
      try Self.rfc("FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", start: "1997-06-05T09:00", count: 14)
        == Self.at9([
          "1997-06-05", "1997-06-12", "1997-06-19", "1997-06-26", "1997-07-03", "1997-07-10",
          "1997-07-17", "1997-07-24", "1997-07-31", "1997-08-07", "1997-08-14", "1997-08-21",
          "1997-08-28", "1998-06-04",
        ]))
  }

  @Test("every Friday the 13th (BYDAY and BYMONTHDAY both hold)")
  func fridayThe13th() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "1997-09-02T09:00", count: 5)
        == Self.at9(["1998-02-13", "1998-03-13", "1998-11-13", "1999-08-13", "2000-10-13"]))
  }

  @Test("the first Saturday after the first Sunday of the month")
  func saturdayAfterFirstSunday() throws {
    #expect(
      try Self.rfc(
        "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", start: "1997-09-13T09:00", count: 10)
        == Self.at9([
          "1997-09-13", "1997-10-11", "1997-11-08", "1997-12-13", "1998-01-10", "1998-02-07",
          "1998-03-07", "1998-04-11", "1998-05-09", "1998-06-13",
        ]))
  }

  @Test("US presidential election day")
  func electionDay() throws {
    #expect(
      try Self.rfc(
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        start: "1996-11-05T09:00", count: 3)
        == Self.at9(["1996-11-05", "2000-11-07", "2004-11-02"]))
  }

  @Test("BYSETPOS: the third Tuesday-to-Thursday, and the second-to-last weekday")
  func bySetPosition() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", start: "1997-09-04T09:00")
        == Self.at9(["1997-09-04", "1997-10-07", "1997-11-06"]))
    #expect(
      try Self.rfc(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", start: "1997-09-29T09:00", count: 7)
        == Self.at9([
          "1997-09-29", "1997-10-30", "1997-11-27", "1997-12-30", "1998-01-29", "1998-02-26",
          "1998-03-30",
        ]))
  }

  @Test("BYSETPOS=-1: the last weekday of the month")
  func lastWeekdayOfMonth() throws {
    #expect(
      try Self.rfc(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", start: "2026-01-01T09:00", count: 6)
        == Self.at9([
          "2026-01-30", "2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29", "2026-06-30",
        ]))
  }

  @Test("BYSETPOS picks among times too, not only days")
  func bySetPositionWithTimes() throws {
    // The period is the day: of 9:00 and 17:00, only the last.
    #expect(
      try stamps(
        "FREQ=DAILY;BYHOUR=9,17;BYMINUTE=0;BYSETPOS=-1", start: "2026-01-01T00:00",
        in: Zones.utc, count: 2)
        == ["2026-01-01T17:00:00+00:00", "2026-01-02T17:00:00+00:00"])
    // The first time of the first day and the last time of the last day of each month.
    #expect(
      try stamps(
        "FREQ=MONTHLY;BYMONTHDAY=1,-1;BYHOUR=8,20;BYMINUTE=0;BYSETPOS=1,-1",
        start: "2026-01-01T00:00", in: Zones.utc, count: 4)
        == [
          "2026-01-01T08:00:00+00:00", "2026-01-31T20:00:00+00:00", "2026-02-01T08:00:00+00:00",
          "2026-02-28T20:00:00+00:00",
        ])
  }

  @Test("BYSETPOS counts in the whole first week, not only from DTSTART on")
  func bySetPositionFirstWeek() throws {
    // The week of Sunday, November 10th (WKST=WE) runs from Wednesday the 6th: its first
    // Monday-to-Wednesday is the 6th, before DTSTART. python-dateutil counts from DTSTART
    // instead and gives Monday the 11th (its issue #1398).
    #expect(
      try stamps(
        "FREQ=WEEKLY;WKST=WE;BYSETPOS=1;BYDAY=MO,TU,WE;COUNT=3", start: "2024-11-10T00:00",
        in: Zones.utc, count: 5)
        == [
          "2024-11-13T00:00:00+00:00", "2024-11-20T00:00:00+00:00", "2024-11-27T00:00:00+00:00",
        ])
  }

  @Test("an invalid date is skipped, never moved (February 30)")
  func invalidDateSkipped() throws {
    #expect(
      try Self.rfc("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", start: "2007-01-15T09:00")
        == Self.at9(["2007-01-15", "2007-01-30", "2007-02-15", "2007-03-15", "2007-03-30"]))
  }

  // MARK: WKST

  @Test("WKST changes an every-other-week rule: RFC 5545's own example")
  func weekStart() throws {
    #expect(
      try Self.rfc("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "1997-08-05T09:00")
        == Self.at9(["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]))
    #expect(
      try Self.rfc("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "1997-08-05T09:00")
        == Self.at9(["1997-08-05", "1997-08-17", "1997-08-19", "1997-08-31"]))
    // MO is the default.
    #expect(
      try Self.rfc("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU", start: "1997-08-05T09:00")
        == Self.at9(["1997-08-05", "1997-08-10", "1997-08-19", "1997-08-24"]))
  }

  // MARK: Text

  @Test("the RRULE: prefix, lower case and empty parts are accepted")
  func lenientText() throws {
    let canonical = try instants("FREQ=DAILY;BYHOUR=9;BYMINUTE=0", in: Zones.utc, count: 5)
    for text in [
      "RRULE:FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "rrule:freq=daily;byhour=9;byminute=0",
      "FREQ=DAILY;;BYHOUR=9;BYMINUTE=0;", "  FREQ=DAILY;BYMINUTE=0;BYHOUR=9",
    ] {
      #expect(try instants(text, in: Zones.utc, count: 5) == canonical, "\(text)")
    }
  }

  @Test("the start supplies the parts a rule leaves out")
  func startSuppliesParts() throws {
    // No BYMINUTE: the start's minute; no BYHOUR: the start's hour.
    #expect(
      try stamps("FREQ=DAILY;BYHOUR=7", start: "2026-02-01T10:42", in: Zones.utc, count: 2) == [
        "2026-02-02T07:42:00+00:00", "2026-02-03T07:42:00+00:00",
      ])
    #expect(
      try stamps("FREQ=DAILY;BYMINUTE=5,35", start: "2026-02-01T10:42", in: Zones.utc, count: 3)
        == [
          "2026-02-02T10:05:00+00:00", "2026-02-02T10:35:00+00:00", "2026-02-03T10:05:00+00:00",
        ])
    // Seconds come from the start too.
    #expect(
      try stamps("FREQ=DAILY", start: "2026-02-01T10:42:30", in: Zones.utc, count: 1) == [
        "2026-02-01T10:42:30+00:00"
      ])
  }

  // MARK: Errors

  @Test("an unknown part gets a did-you-mean, pointing at the part")
  func unknownPart() throws {
    let text = "FREQ=WEEKLY;BYDAYS=MO;BYHOUR=9;BYMINUTE=0"
    let error = try #require(parseError(text))
    #expect(error.message == "unknown RRULE part 'BYDAYS'")
    #expect(error.hint == "did you mean 'BYDAY'?")
    #expect(error.offset == 12)
    let prefixed = try #require(parseError("RRULE:FREQ=DAILY;BYMINUT=0;BYHOUR=9"))
    #expect(prefixed.hint == "did you mean 'BYMINUTE'?")
    #expect(prefixed.offset == 17)
  }

  @Test(
    "bad RRULEs are refused with a clear message",
    arguments: [
      ("FREQ=DAILY;COUNT=3;UNTIL=20261231T000000", "COUNT and UNTIL cannot both be given"),
      ("FREQ=MINUTELY;INTERVAL=15", "FREQ=MINUTELY is not supported"),
      ("FREQ=SECONDLY", "FREQ=SECONDLY is not supported"),
      ("FREQ=FORTNIGHTLY", "unknown frequency 'FORTNIGHTLY'"),
      ("BYHOUR=9;BYMINUTE=0", "an RRULE needs FREQ"),
      ("FREQ=DAILY;BYHOUR=24;BYMINUTE=0", "BYHOUR values must be whole numbers from 0 to 23"),
      ("FREQ=DAILY;BYHOUR=9;BYMINUTE=60", "BYMINUTE values must be whole numbers from 0 to 59"),
      ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY values must be whole numbers from -31 to 31"),
      ("FREQ=MONTHLY;BYMONTHDAY=0", "other than 0"),
      ("FREQ=YEARLY;BYMONTH=13", "BYMONTH values must be whole numbers from 1 to 12"),
      ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "other than 0"),
      ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=367", "from -366 to 366"),
      ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number from 1"),
      ("FREQ=DAILY;COUNT=-1", "COUNT must be a whole number from 1"),
      ("FREQ=DAILY;COUNT=x", "COUNT must be a whole number"),
      ("FREQ=MONTHLY;BYDAY=6MO", "ordinal out of range"),
      ("FREQ=YEARLY;BYDAY=54MO", "ordinal out of range"),
      ("FREQ=WEEKLY;BYDAY=2MO", "only FREQ=MONTHLY or FREQ=YEARLY"),
      ("FREQ=WEEKLY;BYDAY=MON", "unknown weekday 'MON' in BYDAY"),
      ("FREQ=WEEKLY;WKST=MONDAY", "WKST must be a weekday code"),
      ("FREQ=DAILY;UNTIL=20260230", "UNTIL must be a date or date-time"),
      ("FREQ=DAILY;UNTIL=2026-12-31", "UNTIL must be a date or date-time"),
      ("FREQ=DAILY;UNTIL=20261231T250000", "UNTIL must be a date or date-time"),
      ("FREQ=DAILY;FREQ=WEEKLY", "FREQ is given twice"),
      ("FREQ=DAILY;BYWEEKNO=20", "BYWEEKNO is not supported"),
      ("FREQ=DAILY;BYHOUR", "not a KEY=VALUE part"),
    ])
  func badRules(text: String, fragment: String) throws {
    let error = try #require(parseError(text, start: "2026-01-05T09:00"), "\(text)")
    #expect(error.message.contains(fragment), "\(error)")
  }

  @Test("an error inside a list points at the bad item")
  func badItemOffset() throws {
    let text = "FREQ=DAILY;BYHOUR=9,25;BYMINUTE=0"
    let error = try #require(parseError(text))
    #expect(error.offset == offset(of: "25", in: text))
    let weekday = "FREQ=WEEKLY;BYDAY=MO,TX;BYHOUR=9;BYMINUTE=0"
    let weekdayError = try #require(parseError(weekday))
    #expect(weekdayError.offset == offset(of: "TX", in: weekday))
    let frequency = try #require(parseError("FREQ=DAILLY;BYHOUR=9;BYMINUTE=0"))
    #expect(frequency.hint == "did you mean 'DAILY'?")
    #expect(frequency.offset == 5)
  }

  @Test("without a start, an RRULE must say its time of day, and not count from a date")
  func withoutStart() throws {
    #expect(parseError("FREQ=DAILY;BYHOUR=9;BYMINUTE=0") == nil)
    #expect(parseError("FREQ=HOURLY;BYMINUTE=0") == nil)
    #expect(parseError("FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0") == nil)
    let time = try #require(parseError("FREQ=DAILY;BYHOUR=9"))
    #expect(time.message.contains("does not say what time of day"))
    #expect(time.hint == "add BYHOUR and BYMINUTE, e.g. ';BYHOUR=21;BYMINUTE=0'")
    for text in [
      "FREQ=DAILY;INTERVAL=2;BYHOUR=9;BYMINUTE=0", "FREQ=DAILY;COUNT=3;BYHOUR=9;BYMINUTE=0",
      "FREQ=MONTHLY;BYHOUR=9;BYMINUTE=0", "FREQ=YEARLY;BYMONTH=3;BYHOUR=9;BYMINUTE=0",
      "FREQ=WEEKLY;BYHOUR=9;BYMINUTE=0",
    ] {
      let error = try #require(parseError(text), "\(text)")
      #expect(error.message.contains("counts from a start date"), "\(text)")
    }
  }

  @Test("BYDAY mixing plain and numbered weekdays is their union (RFC 5545)")
  func mixedByDay() throws {
    // Mondays, and the last Friday. python-dateutil would give none: it requires both.
    #expect(
      try Self.rfc("FREQ=MONTHLY;BYDAY=MO,-1FR", start: "2026-01-01T09:00", count: 6)
        == Self.at9([
          "2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-01-30", "2026-02-02",
        ]))
  }
}
