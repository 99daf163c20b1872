// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsInterchange
import Recurrence
import Testing

/// harsh's `habits` and `log` files read into an import plan.
@Suite struct HarshImportTests {
  static let now = Instant(secondsSince1970: 1_795_190_400)  // 2026-11-20T16:00:00Z

  static let habits = """
    # This is your habits file.
    ! Dailies
    Meditated: 1
    Called Mom!: 1w

    ! Weeklies
    Gym: 3/7
    Tracked Finances: 15
    Too much coffee: 0
    """

  static let log = """
    2026-11-16 : Meditated : y :  : 0
    2026-11-16 : Gym : y : Leg day : 1.5
    2026-11-17 : Meditated : s : travelling : 0
    2026-11-17 : Gym : n : Rest day : 0
    # a comment
    2026-11-18 : Meditated : n
    2026-11-18 : Meditated : y : changed my mind
    2026-11-18 : Old habit : y
    2026-11-19 : Too much coffee : y :  : 3

    """

  func plan() throws -> ImportPlan {
    try HarshImport.plan(
      habits: ("h/habits", Self.habits), log: ("h/log", Self.log), now: Self.now)
  }

  func day(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }

  @Test func habitsBecomeScheduleFilesThatLoad() throws {
    // Given harsh's example files
    // When they are read
    let plan = try plan()
    // Then each listed habit has a schedule file named by its slug, which loads as that habit
    #expect(
      plan.schedules.map(\.habitID) == [
        "meditated", "called-mom", "gym", "tracked-finances", "too-much-coffee",
      ])
    try plan.validate()
    let loaded = try plan.schedules.map { try $0.load() }
    #expect(
      loaded.map(\.title) == [
        "Meditated", "Called Mom!", "Gym", "Tracked Finances", "Too much coffee",
      ])
    #expect(loaded.map(\.practice) == ["Dailies", "Dailies", "Weeklies", "Weeklies", "Weeklies"])
    #expect(
      loaded.map { $0.target?.description } == [nil, "1/week", "3/week", "1/15 days", nil])
    #expect(loaded.map(\.enabled) == [true, true, true, true, false])
    #expect(loaded.allSatisfy { $0.schedule.expression == "daily at 20:00" })
    // starting on their first day in the log, so blocks of days line up with the history
    #expect(
      try loaded.map(\.start)
        == [
          day("2026-11-16"), nil, day("2026-11-16"), nil, day("2026-11-19"),
        ].map { $0 as CivilDate? })
  }

  @Test func answersBecomeCheckInsAndSkips() throws {
    // Given the log's answers
    let plan = try plan()
    // Then y is a check-in (amount → value, comment → note), s a skip, n nothing,
    // and the later answer for a day replaces the earlier one
    let rows = plan.checkIns.map {
      "\($0.day) \($0.habitID) \($0.kind.rawValue) \($0.value.map { "\($0)" } ?? "-") \($0.note ?? "-")"
    }
    #expect(
      rows == [
        "2026-11-16 gym done 1.5 Leg day",
        "2026-11-16 meditated done - -",
        "2026-11-17 meditated skip - travelling",
        "2026-11-18 meditated done - changed my mind",
        "2026-11-18 old-habit done - -",
        "2026-11-19 too-much-coffee done 3.0 -",
      ])
    #expect(plan.checkIns.allSatisfy { $0.recordedAt == Self.now })
    // And a name only in the log keeps its check-ins without a schedule file, and says so
    #expect(!plan.schedules.contains { $0.habitID == "old-habit" })
    #expect(
      plan.notes.contains { $0.contains("'Old habit' is in the log but not the habits file") })
    #expect(plan.notes.contains { $0.contains("'n' answer") })
    #expect(plan.notes.contains { $0.contains("given again later") })
  }

  @Test(
    arguments: [
      ("1", nil, true, false),
      ("7", "1/week", true, true),
      ("1w", "1/week", true, true),
      ("3/7", "3/week", true, true),
      ("2/1w", "2/week", true, true),
      ("7/7", nil, true, false),
      ("2/28", "2/month", true, true),
      ("2/30", "2/month", true, true),
      ("31", "1/month", true, true),
      ("14", "1/14 days", true, true),
      ("2w", "1/14 days", true, true),
      ("5/6", "5/6 days", true, true),
      ("2/3", "2/3 days", true, true),
      ("1/2", "1/2 days", true, true),
      ("3/10", "3/10 days", true, true),
      ("90", "1/90 days", true, true),
      ("20/366", "20/366 days", true, true),
      ("367", "1/month", true, true),
      ("300/400", "23/month", true, true),
      ("0", nil, false, true),
    ] as [(String, String?, Bool, Bool)])
  func frequencies(text: String, target: String?, enabled: Bool, approximate: Bool) throws {
    // Given a harsh frequency
    let mapping = try HarshFrequency(parsing: text).mapping
    // Then it maps to the nearest target, said to be approximate where it is not exact
    #expect(mapping.when == "daily at 20:00")
    #expect(mapping.target == target)
    #expect(mapping.enabled == enabled)
    #expect((mapping.approximation != nil) == approximate)
    // And any target it gives is one a schedule file accepts
    if let target { #expect(Target(parsing: target)?.description == target) }
  }

  @Test func blocksOfDaysSayTheyAreNotARollingWindow() throws {
    // Given a habits file with counts over days that are neither a week nor a month
    let plan = try HarshImport.plan(
      habits: ("h/habits", "Stretch: 3/10\nCall Gran: 14\n"), log: nil, now: Self.now)
    // Then each becomes a block-of-days target, which loads
    let loaded = try plan.schedules.map { try $0.load() }
    #expect(
      loaded.map { $0.target } == [
        Target(count: 3, period: .days(10)), Target(count: 1, period: .days(14)),
      ])
    // And the file and the import's notes say the blocks are not harsh's rolling window
    let text = try #require(plan.schedules.first?.text)
    #expect(text.contains(#"target = "3/10 days""#))
    #expect(
      text.contains(
        "# 3 in any 10 days became 3/10 days: counted in blocks of 10 days back to back"))
    #expect(text.contains("not in a rolling window"))
    #expect(plan.notes.contains { $0.hasPrefix("call-gran ('Call Gran: 14'): 1 in any 14 days") })
  }

  @Test(arguments: ["x", "3/0", "8/7", "-1", "1/2/3", "3/", "1.5"])
  func badFrequenciesAreRefused(text: String) {
    #expect(throws: HabitsError.self) { try HarshFrequency(parsing: text) }
  }

  @Test(arguments: [
    ("Meditated 1\n", 1, "expected 'Name: frequency'"),
    ("# ok\nGym: 3/x\n", 2, "not a frequency"),
    ("Gym: 8/7\n", 1, "more times"),
    ("Gym: \n", 1, "expected 'Name: frequency'"),
    (": 1\n", 1, "no name"),
  ])
  func malformedHabitLinesNameTheirLine(text: String, line: Int, message: String) {
    // Given a habits file with a bad line
    // Then reading it fails with path:line and what is wrong
    do {
      _ = try HarshImport.plan(habits: ("h/habits", text), log: nil, now: Self.now)
      Issue.record("'\(text)' was accepted")
    } catch {
      #expect(error.message.hasPrefix("h/habits:\(line): "), "\(error.message)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test(arguments: [
    ("2026-11-16 : Gym : y\n2026-13-01 : Gym : y\n", 2, "not a date"),
    ("2026-11-16 : Gym : yes\n", 1, "must be y, n or s"),
    ("2026-11-16 : Gym : y\u{1B}\u{9B}\n", 1, "'y' must be y, n or s"),
    ("2026-11-16 : Gym\n", 1, "at least a date"),
    ("2026-11-16 : Gym : y : a : 1 : extra\n", 1, "too many"),
    ("\n\n2026-11-16 : Gym : y : a : lots\n", 3, "amount 'lots'"),
    ("2026-11-16 : Gym : y : a : -2\n", 1, "amount '-2'"),
    ("2026-11-16 :  : y\n", 1, "name is empty"),
  ])
  func malformedLogLinesNameTheirLine(text: String, line: Int, message: String) {
    do {
      _ = try HarshImport.plan(habits: nil, log: ("h/log", text), now: Self.now)
      Issue.record("'\(text)' was accepted")
    } catch {
      #expect(error.message.hasPrefix("h/log:\(line): "), "\(error.message)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test func namesBecomeDistinctValidIDs() throws {
    // Given names that slug alike, one with no ASCII letters and one very long
    let long = String(repeating: "Long name ", count: 12)
    let text = "Gym: 1\ngym!: 1\nGYM: 1\n読書: 1\n\(long): 1\n"
    let plan = try HarshImport.plan(habits: ("h/habits", text), log: nil, now: Self.now)
    // Then each gets its own valid id, at most 64 characters
    let ids = plan.schedules.map(\.habitID)
    #expect(Array(ids.prefix(4)) == ["gym", "gym-2", "gym-3", "habit"])
    #expect(ids[4].count <= 64 && ids[4].hasPrefix("long-name-long-name"))
    #expect(ids.allSatisfy(HabitID.isValid))
    #expect(Set(ids).count == ids.count)
    try plan.validate()
  }

  @Test func titlesWithQuotesAndBackslashesSurviveTOML() throws {
    // Given a name TOML would need escaped
    let name = #"Say "thanks" \ smile"#
    let plan = try HarshImport.plan(
      habits: ("h/habits", "! Heading \"quoted\"\n\(name): 1\n"), log: nil, now: Self.now)
    // Then the schedule file loads with the exact title and heading
    let habit = try #require(try plan.schedules.first?.load())
    #expect(habit.title == name)
    #expect(habit.practice == #"Heading "quoted""#)
  }

  @Test func controlCharactersInNamesAndHeadingsAreLeftOutOfTheFiles() throws {
    // Given a heading with an escape sequence and names with a tab, a bell and a C1 control
    let text = "! Fam\u{1B}[31mily\nCalled\tmum\u{07}: 1\nThanks\u{85}: 1w\n"
    let log = "2026-11-16 : Called\tmum\u{07} : y\n2026-11-16 : Thanks\u{85} : y\n"
    // When they are read
    let plan = try HarshImport.plan(
      habits: ("h/habits", text), log: ("h/log", log), now: Self.now)
    // Then the schedule files load, their title and practice without those characters (a tab stays)
    try plan.validate()
    let loaded = try plan.schedules.map { try $0.load() }
    #expect(loaded.map(\.title) == ["Called\tmum", "Thanks"])
    #expect(loaded.map(\.practice) == ["Fam[31mily", "Fam[31mily"])
    // and the log's check-ins still find their habits
    #expect(plan.checkIns.map(\.habitID) == plan.schedules.map(\.habitID))
    // and the summary says what was left out, printing no control character itself
    let said = plan.notes.filter { $0.contains("control characters") }
    #expect(
      said == [
        "called-mum: its title is written without the control characters of its name",
        "called-mum: its practice is written without the control characters of its heading",
        "thanks: its title is written without the control characters of its name",
        "thanks: its practice is written without the control characters of its heading",
      ])
    #expect(!plan.notes.joined().unicodeScalars.contains { $0.isControlCharacter })
  }

  @Test func windowsLineEndingsAndBlankLinesAreFine() throws {
    let plan = try HarshImport.plan(
      habits: ("h/habits", "Gym: 3/7\r\n\r\n"), log: ("h/log", "2026-11-16 : Gym : y\r\n"),
      now: Self.now)
    #expect(plan.schedules.map(\.habitID) == ["gym"])
    #expect(plan.checkIns.map(\.habitID) == ["gym"])
  }
}
