// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsInterchange

/// The iCalendar export: content lines, RRULE text, the events that stand for
/// a schedule, and the VTIMEZONE written from our zone data.
@Suite("ICS export")
struct ICSExportTests {
  // MARK: Content lines

  @Test("TEXT values escape backslash, semicolon, comma and line breaks")
  func escaping() {
    #expect(ICSContentLine.text(#"a\b;c,d"#) == #"a\\b\;c\,d"#)
    #expect(ICSContentLine.text("one\ntwo\r\nthree\rfour") == #"one\ntwo\nthree\nfour"#)
    #expect(ICSContentLine.text("tab\tbell\u{7}end") == "tab\tbellend")
    #expect(ICSContentLine.text("Dankbarkeit 🙏, ja") == #"Dankbarkeit 🙏\, ja"#)
  }

  @Test("parameter values are quoted only when they must be")
  func parameters() {
    #expect(ICSContentLine.parameter("Europe/Berlin") == "Europe/Berlin")
    #expect(ICSContentLine.parameter("EST5EDT,M3.2.0,M11.1.0") == "\"EST5EDT,M3.2.0,M11.1.0\"")
    #expect(ICSContentLine.parameter("<+0330>-3:30") == "\"<+0330>-3:30\"")
  }

  @Test(
    "long lines fold at 75 octets without splitting a UTF-8 sequence",
    arguments: [
      "DESCRIPTION:" + String(repeating: "a", count: 200),
      "DESCRIPTION:" + String(repeating: "é", count: 100),
      "SUMMARY:" + String(repeating: "🙏x", count: 60),
      "DESCRIPTION:" + String(repeating: "日本語", count: 40),
      "SHORT:line",
    ])
  func folding(line: String) throws {
    let folded = ICSContentLine.fold(line)
    #expect(folded.hasSuffix("\r\n"))
    let physical = folded.dropLast().split(separator: "\r\n", omittingEmptySubsequences: false)
    for (index, piece) in physical.enumerated() {
      #expect(piece.utf8.count <= 75, "line \(index) has \(piece.utf8.count) octets")
      if index > 0 { #expect(piece.hasPrefix(" ")) }
      // Each physical line is whole UTF-8 on its own.
      #expect(String(validating: Array(piece.utf8), as: UTF8.self) != nil)
    }
    if line.utf8.count > 75 { #expect(physical.count > 1) }
    // Unfolding (§3.1: remove CRLF and one space) gives the line back.
    var unfolded = String(physical[0])
    for piece in physical.dropFirst() { unfolded += piece.dropFirst() }
    #expect(unfolded == line)
  }

  @Test("UTC offsets, with seconds only when there are some")
  func offsets() {
    #expect(ICSContentLine.offset(3600) == "+0100")
    #expect(ICSContentLine.offset(-12_600) == "-0330")
    #expect(ICSContentLine.offset(0) == "+0000")
    #expect(ICSContentLine.offset(3208) == "+005328")
  }

  // MARK: RRULE text

  static let rules = [
    "FREQ=DAILY;BYHOUR=21;BYMINUTE=0",
    "FREQ=DAILY;BYHOUR=9,13,18;BYMINUTE=0",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=18;BYMINUTE=30",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;BYHOUR=11;BYMINUTE=0",
    "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=20;BYMINUTE=0",
    "FREQ=MONTHLY;BYMONTHDAY=1,-1;BYHOUR=9;BYMINUTE=0",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;BYHOUR=2;BYMINUTE=30",
    "FREQ=YEARLY;BYDAY=20MO;BYHOUR=8;BYMINUTE=0",
    "FREQ=HOURLY;INTERVAL=3;BYHOUR=9,12,15;BYMINUTE=15,45",
    "FREQ=DAILY;COUNT=10;BYHOUR=7;BYMINUTE=5",
    "FREQ=DAILY;UNTIL=20261231T235959Z;BYHOUR=7;BYMINUTE=5",
    "FREQ=DAILY;UNTIL=20261231T120000;BYHOUR=7;BYMINUTE=5",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;BYHOUR=10;BYMINUTE=0;WKST=SU",
    "FREQ=DAILY;BYMONTH=1,7;BYMONTHDAY=1,2,3;BYDAY=MO;BYHOUR=0;BYMINUTE=0",
  ]

  @Test("RRULE text reads back as the same rule", arguments: rules)
  func rruleRoundTrip(text: String) throws {
    let start = local("2026-01-05T00:00")
    let rule = try RRuleParser.parse(text, start: start)
    let written = RRuleWriter.write(rule)
    #expect(written == text)
    #expect(try RRuleParser.parse(written, start: start) == rule)
  }

  @Test(
    "rules made from words and cron write as RRULEs that read back the same",
    arguments: [
      "daily at 9:00, 13:30, 18:00", "every mon, wed, fri at 7:15", "weekends at 10:00",
      "monthly on the last friday at 20:00", "every 2 hours from 9:00 to 17:00",
      "every 2 weeks on saturday at 11:00", "30 7,12,18 * * mon-fri", "0 9 1,15 * sun",
      "*/20 6-8 * jan,jul *", "@monthly",
    ])
  func compiledRoundTrip(when: String) throws {
    let schedule = try Schedule.parse(when, start: local("2026-01-05T00:00"))
    for rule in schedule.rules {
      #expect(try RRuleParser.parse(RRuleWriter.write(rule), start: rule.start) == rule)
    }
  }

  // MARK: Events

  /// The instants the events of `when` give, as a reader of the RRULE text
  /// would expand them: each rule from its DTSTART, less its EXDATEs.
  static func eventInstants(
    _ when: String, start: String?, zone: Zone, from: String, count: Int
  ) throws -> [Instant] {
    let schedule = try Schedule.parse(when, start: start.map(local))
    let series = CalendarSeries.of(
      schedule, in: zone, from: start == nil ? local(from) : nil)
    var all = Set<Instant>()
    for item in series {
      let rule = try RRuleParser.parse(RRuleWriter.write(item.rule), start: item.start)
      let excluded = Set(item.exceptions.map { zone.instant(for: $0) })
      let instants = Schedule(expression: when, form: .rrule, rules: [rule])
        .occurrences(from: zone.instant(for: item.start), in: zone)
        .prefix(count)
      for instant in instants where !excluded.contains(instant) { all.insert(instant) }
    }
    return Array(all.sorted().prefix(count))
  }

  @Test(
    "each schedule's events give exactly its instants",
    arguments: [
      ("daily at 2:30", nil), ("daily at 9:00, 9:30, 13:00, 13:30", nil),
      ("daily at 9:00, 13:30", nil), ("every tue, thu, sat at 19:30", nil),
      ("30 1,2,3 * * *", nil), ("0 9 1,15 * mon", nil), ("0 9 1-31 * mon", nil),
      ("*/20 6-8 * * *", nil), ("every 2 weeks on saturday at 11:00", "2026-01-05"),
      ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=18;BYMINUTE=0", nil),
      ("FREQ=DAILY;UNTIL=20261101T013000;BYHOUR=1;BYMINUTE=0,15,30,45", nil),
      ("FREQ=DAILY;UNTIL=20260308T023000;BYHOUR=2,3;BYMINUTE=0,20,40", nil),
      ("FREQ=DAILY;COUNT=40;BYHOUR=2;BYMINUTE=30", "2026-02-20"),
    ] as [(String, String?)])
  func eventsMatchSchedule(when: String, start: String?) throws {
    for zone in [Zones.newYork, Zones.lordHowe, Zones.utc] {
      let from = "2026-02-01T00:00"
      let schedule = try Schedule.parse(when, start: start.map(local))
      let origin = zone.instant(for: local(start.map { $0 + "T00:00" } ?? from))
      let expected = Array(schedule.occurrences(from: origin, in: zone).prefix(800))
      let got = try Self.eventInstants(when, start: start, zone: zone, from: from, count: 800)
      #expect(got == expected, "'\(when)' in \(zone)")
    }
  }

  @Test("several rules become several events; a cron line's two day fields never overlap")
  func splitting() throws {
    let minutes = try Schedule.parse("daily at 9:00, 9:30, 10:00, 10:30", start: nil)
    #expect(minutes.rules.count == 2)
    #expect(CalendarSeries.merged(minutes.rules).count == 1)
    let apart = try Schedule.parse("daily at 9:00, 13:30", start: nil)
    #expect(CalendarSeries.merged(apart.rules).count == 2)
    let cron = try Schedule.parse("0 9 1,15 * mon", start: nil)
    let split = CalendarSeries.disjoint(cron.rules)
    #expect(split.count == 2)
    #expect(split[1].byMonthDay.count == 29)
    #expect(!split[1].byMonthDay.contains(1) && !split[1].byMonthDay.contains(15))
    #expect(CalendarSeries.disjoint(try Schedule.parse("0 9 * * 1-7", start: nil).rules).count == 1)
    #expect(
      CalendarSeries.disjoint(try Schedule.parse("0 9 1-31 * mon", start: nil).rules).count == 1)
  }

  // MARK: Whole calendars

  static func habit(_ id: String, _ when: String, start: String? = nil, enabled: Bool = true)
    throws -> Habit
  {
    let date = start.flatMap { CivilDate(iso: $0) }
    return Habit(
      id: id, title: "Title of \(id), with; marks",
      schedule: try Schedule.parse(
        when, start: date.map { LocalDateTime(date: $0) }),
      path: "/tmp/\(id).toml", description: "Line one\nline two", enabled: enabled,
      start: date, prompts: ["a prompt"])
  }

  static func render(_ habits: [Habit], zone: Zone) throws -> String {
    let now = zone.instant(for: local("2026-03-01T12:00"))
    return try ICSExport.render(
      ExportData(habits: habits, sources: [:], checkIns: [], config: Config(), zone: zone, now: now)
    )
  }

  /// The unfolded content lines.
  static func lines(_ text: String) -> [String] {
    text.split(separator: "\r\n ", omittingEmptySubsequences: false).joined()
      .split(separator: "\r\n").map(String.init)
  }

  @Test("a calendar: one event an enabled habit, with its rule, zone, alarm and escaped text")
  func calendar() throws {
    let text = try Self.render(
      [
        try Self.habit("gratitude", "daily at 21:00"),
        try Self.habit("off", "daily at 8:00", enabled: false),
        try Self.habit("two", "daily at 9:00, 13:30"),
      ], zone: Zones.newYork)
    #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    for physical in text.split(separator: "\r\n") { #expect(physical.utf8.count <= 75) }
    let lines = Self.lines(text)
    #expect(
      Array(lines.prefix(4)) == [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//habits//EN", "CALSCALE:GREGORIAN",
      ])
    #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 3)
    #expect(lines.filter { $0 == "BEGIN:VALARM" }.count == 3)
    #expect(lines.contains("UID:gratitude@habits"))
    #expect(lines.contains("UID:two@habits") && lines.contains("UID:two.2@habits"))
    #expect(!lines.contains { $0.hasPrefix("UID:off") })
    #expect(lines.contains("DTSTART;TZID=America/New_York:20260301T210000"))
    #expect(lines.contains("RRULE:FREQ=DAILY;BYHOUR=21;BYMINUTE=0"))
    #expect(lines.contains("DTSTAMP:20260301T170000Z"))
    #expect(lines.contains(#"SUMMARY:Title of gratitude\, with\; marks"#))
    #expect(lines.contains(#"DESCRIPTION:Line one\nline two"#))
    #expect(lines.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
    #expect(lines.contains("TZID:America/New_York"))
  }

  @Test("UTC times are written with Z, and need no VTIMEZONE")
  func utcCalendar() throws {
    let lines = Self.lines(try Self.render([try Self.habit("g", "daily at 21:00")], zone: .utc))
    #expect(lines.contains("DTSTART:20260301T210000Z"))
    #expect(!lines.contains("BEGIN:VTIMEZONE"))
  }

  @Test("a local UNTIL becomes a UTC one; DURATION shrinks for close instances")
  func untilAndDuration() throws {
    let lines = Self.lines(
      try Self.render(
        [try Self.habit("u", "FREQ=DAILY;UNTIL=20260401T090000;BYHOUR=9;BYMINUTE=0,5")],
        zone: Zones.newYork))
    #expect(lines.contains("RRULE:FREQ=DAILY;UNTIL=20260401T130000Z;BYHOUR=9;BYMINUTE=0,5"))
    #expect(lines.contains("DURATION:PT5M"))
  }

  // MARK: VTIMEZONE

  /// The onsets a VTIMEZONE's lines give up to `through`, in order, as (UTC
  /// instant, offset from then on): DTSTART, RDATEs and RRULE instances, each
  /// a wall-clock time in the offset it changes from.
  static func onsets(in lines: [String], through: Int) throws -> [(at: Int, offset: Int)] {
    var result: [(at: Int, offset: Int)] = []
    var index = 0
    while index < lines.count {
      guard lines[index] == "BEGIN:STANDARD" || lines[index] == "BEGIN:DAYLIGHT" else {
        index += 1
        continue
      }
      var fields: [String: String] = [:]
      index += 1
      while index < lines.count, !lines[index].hasPrefix("END:") {
        let parts = lines[index].split(separator: ":", maxSplits: 1)
        if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        index += 1
      }
      let from = try #require(fields["TZOFFSETFROM"].flatMap(Self.seconds))
      let to = try #require(fields["TZOFFSETTO"].flatMap(Self.seconds))
      let start = try #require(fields["DTSTART"].flatMap(Self.wallClock))
      var starts = [start]
      if let rdates = fields["RDATE"] {
        starts += try rdates.split(separator: ",").map { try #require(Self.wallClock(String($0))) }
      }
      if let rrule = fields["RRULE"] {
        let rule = try RRuleParser.parse(rrule, start: start)
        starts += Schedule(expression: rrule, form: .rrule, rules: [rule])
          .occurrences(from: Instant(secondsSince1970: start.localSeconds), in: .utc)
          .prefix { $0.secondsSince1970 - from <= through }
          .map { LocalDateTime(localSeconds: $0.secondsSince1970) }
      }
      result += starts.map { ($0.localSeconds - from, to) }
      index += 1
    }
    return result.sorted { $0.at < $1.at }
  }

  /// `+0100` or `-033000` in seconds.
  static func seconds(_ text: String) -> Int? {
    let digits = text.dropFirst().compactMap(\.wholeNumberValue)
    guard digits.count == 4 || digits.count == 6 else { return nil }
    let value =
      (digits[0] * 10 + digits[1]) * 3600 + (digits[2] * 10 + digits[3]) * 60
      + (digits.count == 6 ? digits[4] * 10 + digits[5] : 0)
    return text.hasPrefix("-") ? -value : value
  }

  /// `20260329T020000` as a wall-clock reading.
  static func wallClock(_ text: String) -> LocalDateTime? {
    let digits = text.compactMap(\.wholeNumberValue)
    guard text.count == 15, digits.count == 14 else { return nil }
    func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
    return LocalDateTime(
      date: CivilDate(year: number(0..<4), month: number(4..<6), day: number(6..<8)),
      hour: number(8..<10), minute: number(10..<12), second: number(12..<14))
  }

  @Test(
    "a VTIMEZONE gives the zone's offset at every hour of the years it covers",
    arguments: [
      "America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe",
      "Europe/Dublin", "Asia/Jerusalem", "America/Nuuk", "Asia/Tokyo",
      "XST3XDT,M10.1.0/0,M3.3.0/0", "EST5EDT,M3.2.0/-1,M11.1.0/26", "AAA-2BBB,J60,J300",
    ])
  func vtimezone(name: String) throws {
    let zone = try Zone.named(name)
    let from = zone.instant(for: local("2025-01-01T00:00")).secondsSince1970
    let through = from + 60 * 366 * 86_400
    let lines = VTimeZoneWriter.lines(
      for: zone, tzid: name, from: Instant(secondsSince1970: from),
      through: Instant(secondsSince1970: through))
    #expect(lines.first == "BEGIN:VTIMEZONE")
    let onsets = try Self.onsets(in: lines, through: through)
    #expect(onsets.first?.at == from)
    var utc = from
    var next = 0
    var mismatches = 0
    // Every 3 hours for 3 years, then every 5 days to the end.
    while utc < through - 86_400 {
      while next < onsets.count && onsets[next].at <= utc { next += 1 }
      let got = next > 0 ? onsets[next - 1].offset : nil
      let want = zone.offset(atUTC: utc)
      if got != want {
        mismatches += 1
        if mismatches < 5 {
          Issue.record(
            "\(name) at \(Instant(secondsSince1970: utc)): \(String(describing: got)) ≠ \(want)")
        }
      }
      utc += utc < from + 3 * 366 * 86_400 ? 3 * 3600 : 5 * 86_400
    }
    #expect(mismatches == 0)
  }

  @Test("POSIX switches become yearly rules, shifted days as a window of month days")
  func switchRules() throws {
    typealias S = PosixTimeZoneRule.Switch
    #expect(
      VTimeZoneWriter.yearly(S(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200))
        == "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU")
    #expect(
      VTimeZoneWriter.yearly(S(day: .monthWeekDay(month: 10, week: 5, weekday: 0), time: 10_800))
        == "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU")
    #expect(
      VTimeZoneWriter.yearly(S(day: .monthWeekDay(month: 3, week: 4, weekday: 4), time: 93_600))
        == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=23,24,25,26,27,28,29;BYDAY=FR")
    #expect(
      VTimeZoneWriter.yearly(S(day: .monthWeekDay(month: 3, week: 5, weekday: 0), time: -3600))
        == "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-8,-7,-6,-5,-4,-3,-2;BYDAY=SA")
    #expect(VTimeZoneWriter.yearly(S(day: .julianNoLeap(60), time: 7200)) == nil)
    #expect(
      VTimeZoneWriter.yearly(S(day: .monthWeekDay(month: 3, week: 1, weekday: 0), time: -3600))
        == nil)
  }
}
