// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Recurrence
import Testing

/// The words table of SCHEDULES.md: each `when` in words means exactly the RRULE beside it.
@Suite("Words table")
struct WordsTableTests {
  static let table: [(words: String, rrule: String)] = [
    ("daily at 21:00", "FREQ=DAILY;BYHOUR=21;BYMINUTE=0"),
    ("daily at 9:00, 13:00, 18:00", "FREQ=DAILY;BYHOUR=9,13,18;BYMINUTE=0"),
    ("weekdays at 18:30", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=18;BYMINUTE=30"),
    ("weekends at 10:00", "FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=10;BYMINUTE=0"),
    ("every sunday at 10:00", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=10;BYMINUTE=0"),
    ("every mon, wed, fri at 7:15", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=15"),
    (
      "every 2 weeks on saturday at 11:00",
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;BYHOUR=11;BYMINUTE=0"
    ),
    ("monthly on the 1st at 9:00", "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=9;BYMINUTE=0"),
    ("monthly on the last friday at 20:00", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=20;BYMINUTE=0"),
    ("every 2 hours from 9:00 to 17:00", "FREQ=DAILY;BYHOUR=9,11,13,15,17;BYMINUTE=0"),
  ]

  /// The start the interval rows count from: a Monday.
  static let start = "2026-01-05T00:00"

  @Test("words mean their RRULE", arguments: table)
  func wordsMatchRRule(words: String, rrule: String) throws {
    let fromWords = try instants(words, start: Self.start, in: Zones.london, count: 30)
    let fromRRule = try instants(rrule, start: Self.start, in: Zones.london, count: 30)
    #expect(fromWords.count == 30)
    #expect(fromWords == fromRRule)
  }

  @Test("the same across a year of daylight-saving changes, from a later point")
  func wordsMatchRRuleLater() throws {
    for (words, rrule) in Self.table {
      let a = try instants(
        words, start: Self.start, in: Zones.newYork, from: "2026-10-30T00:00", count: 30)
      let b = try instants(
        rrule, start: Self.start, in: Zones.newYork, from: "2026-10-30T00:00", count: 30)
      #expect(a == b, "\(words)")
    }
  }

  @Test("rows without an interval need no start")
  func rowsWithoutStart() throws {
    for (words, _) in Self.table where !words.contains("every 2 weeks") {
      #expect(parseError(words) == nil, "\(words)")
    }
    let error = try #require(parseError("every 2 weeks on saturday at 11:00"))
    #expect(error.message.contains("start date"))
  }

  @Test("the first instances of the table's rows")
  func firstInstances() throws {
    let london = Zones.london
    #expect(
      try stamps("daily at 9:00, 13:00, 18:00", in: london, from: "2026-03-28T10:00", count: 5)
        == [
          "2026-03-28T13:00:00+00:00", "2026-03-28T18:00:00+00:00", "2026-03-29T09:00:00+01:00",
          "2026-03-29T13:00:00+01:00", "2026-03-29T18:00:00+01:00",
        ])
    #expect(
      try stamps("weekends at 10:00", in: london, from: "2026-01-05T00:00", count: 3) == [
        "2026-01-10T10:00:00+00:00", "2026-01-11T10:00:00+00:00", "2026-01-17T10:00:00+00:00",
      ])
    #expect(
      try stamps("every 2 weeks on saturday at 11:00", start: Self.start, in: london, count: 3)
        == [
          "2026-01-10T11:00:00+00:00", "2026-01-24T11:00:00+00:00", "2026-02-07T11:00:00+00:00",
        ])
    #expect(
      try stamps("monthly on the last friday at 20:00", in: london, count: 3) == [
        "2026-01-30T20:00:00+00:00", "2026-02-27T20:00:00+00:00", "2026-03-27T20:00:00+00:00",
      ])
  }

  // MARK: Forms beyond the table

  static let extraForms: [(words: String, rrule: String)] = [
    ("daily at 9am", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0"),
    ("daily at 9:30pm", "FREQ=DAILY;BYHOUR=21;BYMINUTE=30"),
    ("daily at 9 pm", "FREQ=DAILY;BYHOUR=21;BYMINUTE=0"),
    ("daily at 12am", "FREQ=DAILY;BYHOUR=0;BYMINUTE=0"),
    ("daily at 12pm", "FREQ=DAILY;BYHOUR=12;BYMINUTE=0"),
    ("daily at noon", "FREQ=DAILY;BYHOUR=12;BYMINUTE=0"),
    ("daily at midnight", "FREQ=DAILY;BYHOUR=0;BYMINUTE=0"),
    ("Daily At 09:05", "FREQ=DAILY;BYHOUR=9;BYMINUTE=5"),
    ("every day at 7:00", "FREQ=DAILY;BYHOUR=7;BYMINUTE=0"),
    ("every weekday at 8:00", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0"),
    ("every SUNDAY at 10:00", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=10;BYMINUTE=0"),
    ("every Tue and Thu at 6:45", "FREQ=WEEKLY;BYDAY=TU,TH;BYHOUR=6;BYMINUTE=45"),
    ("every other week on monday at 9:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0"),
    ("every other week at 9:00", "FREQ=WEEKLY;INTERVAL=2;BYHOUR=9;BYMINUTE=0"),
    ("every 3 days at 8:00", "FREQ=DAILY;INTERVAL=3;BYHOUR=8;BYMINUTE=0"),
    ("monthly on the last day at 18:00", "FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=18;BYMINUTE=0"),
    ("monthly on the 1st and 15th at 9:00", "FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=9;BYMINUTE=0"),
    ("monthly on the 2nd tuesday at 19:00", "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=19;BYMINUTE=0"),
    ("monthly on the 5th friday at 9:00", "FREQ=MONTHLY;BYDAY=5FR;BYHOUR=9;BYMINUTE=0"),
    (
      "every 3 months on the 10th at 9:00",
      "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10;BYHOUR=9;BYMINUTE=0"
    ),
    ("yearly on march 3 at 9:00", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0"),
    ("yearly on 3 march at 9:00", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3;BYHOUR=9;BYMINUTE=0"),
    ("yearly on feb 29 at 9:00", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9;BYMINUTE=0"),
    ("hourly from 9:00 to 12:00", "FREQ=DAILY;BYHOUR=9,10,11,12;BYMINUTE=0"),
    ("daily at 7:00 and 19:00", "FREQ=DAILY;BYHOUR=7,19;BYMINUTE=0"),
  ]

  @Test("extra forms mean their RRULE", arguments: extraForms)
  func extraFormsMatchRRule(words: String, rrule: String) throws {
    let fromWords = try instants(words, start: Self.start, in: Zones.london, count: 30)
    let fromRRule = try instants(rrule, start: Self.start, in: Zones.london, count: 30)
    #expect(fromWords.count == 30)
    #expect(fromWords == fromRRule)
  }

  @Test("every 30 minutes from 9:00 to 11:00: five times a day, never 9:00 and 11:30")
  func everyThirtyMinutes() throws {
    let day = try stamps(
      "every 30 minutes from 9:00 to 11:00", in: Zones.utc, from: "2026-05-01T00:00", count: 6)
    #expect(
      day == [
        "2026-05-01T09:00:00+00:00", "2026-05-01T09:30:00+00:00", "2026-05-01T10:00:00+00:00",
        "2026-05-01T10:30:00+00:00", "2026-05-01T11:00:00+00:00", "2026-05-02T09:00:00+00:00",
      ])
    let schedule = try Schedule.parse("every 30 minutes from 9:00 to 11:00", start: nil)
    #expect(schedule.rules.count == 2)
    #expect(schedule.form == .words)
  }

  @Test("times with different minutes never cross over: 9:00 and 13:30 make no 9:30")
  func mixedMinutes() throws {
    let day = try stamps("daily at 9:00, 13:30", in: Zones.utc, from: "2026-05-01T00:00", count: 3)
    #expect(
      day == [
        "2026-05-01T09:00:00+00:00", "2026-05-01T13:30:00+00:00", "2026-05-02T09:00:00+00:00",
      ])
  }

  @Test("the words form is recognised as words")
  func form() throws {
    #expect(try Schedule.parse("daily at 21:00", start: nil).form == .words)
    #expect(try Schedule.parse("FREQ=DAILY;BYHOUR=21;BYMINUTE=0", start: nil).form == .rrule)
    #expect(try Schedule.parse("0 21 * * *", start: nil).form == .cron)
  }

  // MARK: Errors

  @Test("an unknown weekday suggests the right one, at the right place")
  func unknownWeekday() throws {
    let text = "every sundy at 10:00"
    let error = try #require(parseError(text))
    #expect(error.message == "unknown weekday 'sundy'")
    #expect(error.hint == "did you mean 'sunday'?")
    #expect(error.offset == 6)
    #expect(error.description == "unknown weekday 'sundy' — did you mean 'sunday'?")
  }

  @Test("an unknown weekday inside a list, and leading spaces, move the offset")
  func unknownWeekdayInList() throws {
    let text = "every mon, wensday at 7:00"
    let error = try #require(parseError(text))
    #expect(error.message == "unknown weekday 'wensday'")
    #expect(error.hint == "did you mean 'wednesday'?")
    #expect(error.offset == offset(of: "wensday", in: text))
    let padded = try #require(parseError("   every frday at 9:00"))
    #expect(padded.hint == "did you mean 'friday'?")
    #expect(padded.offset == 9)
    let newline = try #require(parseError("\n  every frday at 9:00"))
    #expect(newline.offset == 9)
  }

  @Test(
    "bad times are refused, pointing at the time",
    arguments: [
      ("daily at 25:00", "hour 25"),
      ("daily at 9:75", "minute 75"),
      ("daily at 13pm", "hour 13"),
      ("daily at 0am", "hour 0"),
      ("daily at 9", "'9' is not a time"),
      ("daily at 9:5", "'9:5' is not a time"),
      ("daily at 24:00", "hour 24"),
    ])
  func badTimes(text: String, fragment: String) throws {
    let error = try #require(parseError(text))
    #expect(error.message.contains(fragment), "\(error)")
    #expect(error.offset == 9, "\(error)")
  }

  @Test("a rule that counts from a start date needs one")
  func needsStart() throws {
    for text in [
      "every 2 weeks on saturday at 11:00", "every other week at 9:00", "every 3 days at 8:00",
      "every 3 months on the 10th at 9:00",
    ] {
      let error = try #require(parseError(text), "\(text)")
      #expect(error.message == "'\(text)' counts from a start date, and none is given")
      #expect(error.hint?.contains("start") == true)
      #expect(parseError(text, start: "2026-01-05") == nil)
    }
  }

  @Test("a rule without a time of day needs one")
  func needsTime() throws {
    let error = try #require(parseError("every sunday"))
    #expect(error.message.contains("does not say what time of day"))
    #expect(error.hint == "add a time, e.g. 'every sunday at 9:00'")
  }

  @Test(
    "other mistakes are explained",
    arguments: [
      ("", "empty schedule"),
      ("dialy at 9:00", "unexpected 'dialy'"),
      ("daily at 9:00 tomorrow", "unexpected 'tomorrow'"),
      ("every 0 days at 9:00", "'every 0'"),
      ("every 2 minutes from 9:00 to 10:00", "at most every 5 minutes"),
      ("every 2 hours from 17:00 to 9:00", "ends before it starts"),
      ("every 2 hours", "say the hours"),
      ("monthly on the 32nd at 9:00", "at most 31 days"),
      ("monthly on the 6th friday at 9:00", "at most five"),
      ("yearly on february 30 at 9:00", "not a day of february"),
      ("yearly on smarch 3 at 9:00", "unexpected 'smarch'"),
    ])
  func otherErrors(text: String, fragment: String) throws {
    let error = try #require(parseError(text, start: "2026-01-05"))
    #expect(error.message.contains(fragment), "\(error)")
  }

  @Test("marks the grammar has no use for are errors, never dropped: '-1' is not the 1st")
  func strayMarks() throws {
    let text = "monthly on the -1 at 9:00"
    let error = try #require(parseError(text))
    #expect(error.message.contains("not '-'"), "\(error)")
    #expect(error.offset == offset(of: "-1", in: text))
    for other in ["every mon-fri at 9:00", "daily at 9:00-10:00", "daily at 9:00; 10:00"] {
      #expect(parseError(other) != nil, "\(other)")
    }
  }

  @Test("a known word in the wrong place is not told 'did you mean' itself")
  func misplacedWord() throws {
    let error = try #require(parseError("weekdays and weekends at 9:00"))
    #expect(error.message == "unexpected 'and'")
    #expect(error.hint == "the time goes last, e.g. '… at 9:00'")
    let first = try #require(parseError("and daily at 9:00"))
    #expect(first.hint?.contains("'and'") != true)
  }

  @Test("a misspelt keyword gets a hint")
  func keywordHint() throws {
    let error = try #require(parseError("daily at 9:00 adn 10:00"))
    #expect(error.offset == 14)
    let month = try #require(parseError("yearly on smarch 3 at 9:00"))
    #expect(month.hint == "did you mean 'march'?")
  }
}
