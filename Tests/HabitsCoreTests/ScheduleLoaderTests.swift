// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsCore

/// Schedule files as SCHEDULES.md describes them: every key, and every way a
/// file can be wrong, reported as `path:line:column: error: message`.
@Suite struct ScheduleLoaderTests {
  /// Loads one file on its own and returns the result.
  private func loadOne(_ name: String, _ text: String) throws -> (ScheduleLoader.Result, String) {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write(name, text)
    return (ScheduleLoader.load(files: [path]), path)
  }

  /// The only diagnostic of a file that must fail to load, as `habits check` prints it.
  private func onlyError(_ name: String, _ text: String) throws -> (String, String) {
    let (result, path) = try loadOne(name, text)
    #expect(result.habits.isEmpty, "a broken file must not load a habit")
    try #require(result.diagnostics.count == 1, "\(result.diagnostics)")
    return (result.diagnostics[0].description, path)
  }

  private func instant(_ text: String) throws -> Instant {
    try #require(DateTimeFormat.instant(text, in: .utc))
  }

  // MARK: Every key

  @Test func everyKeyOfTheExampleIsRead() throws {
    // Given the example of SCHEDULES.md with every optional key and an explicit id
    let text = """
      id = "thanks"
      title = "Gratitude"
      practice = "Gratitude and appreciation"      # which practice it serves
      description = "One line a person sees in `habits list`."
      when = "daily at 21:00"
      enabled = false

      start = 2026-01-05
      target = "3/week"
      goal = "30 minutes"
      prompts = [
        "First prompt.",
        "Second prompt, with a # that is not a comment.",
      ]

      [nudge]
      repeat = "30m"
      until = "23:00"
      """
    // When it is loaded
    let (result, path) = try loadOne("gratitude.toml", text)
    // Then every key lands in the habit, and nothing is reported
    #expect(result.diagnostics.isEmpty)
    let habit = try #require(result.habits.first)
    #expect(habit.id == "thanks")
    #expect(habit.title == "Gratitude")
    #expect(habit.practice == "Gratitude and appreciation")
    #expect(habit.description == "One line a person sees in `habits list`.")
    #expect(habit.schedule.expression == "daily at 21:00")
    #expect(habit.schedule.form == .words)
    #expect(habit.enabled == false)
    #expect(habit.start == CivilDate(year: 2026, month: 1, day: 5))
    #expect(habit.target == Target(count: 3, period: .week))
    #expect(habit.goal == Goal(kind: .atLeast, amount: 30, unit: "minutes"))
    #expect(habit.isNumeric)
    #expect(habit.prompts == ["First prompt.", "Second prompt, with a # that is not a comment."])
    #expect(habit.nudge == Nudge(repeatEvery: 30 * 60, until: TimeOfDay(hour: 23, minute: 0)))
    #expect(habit.path == path)
  }

  @Test func leftOutKeysTakeTheirDefaults() throws {
    // Given a file with only `when`
    let (result, _) = try loadOne("tea.toml", "when = \"daily at 9:00\"\n")
    // Then the id and title come from the file's stem, and it is enabled
    let habit = try #require(result.habits.first)
    #expect(result.diagnostics.isEmpty)
    #expect(habit.id == "tea")
    #expect(habit.title == "tea")
    #expect(habit.enabled)
    #expect(habit.practice == nil && habit.description == nil)
    #expect(habit.start == nil && habit.target == nil && habit.goal == nil && habit.nudge == nil)
    #expect(habit.prompts.isEmpty)
    #expect(!habit.isNumeric)
  }

  @Test func startAsAStringTargetPerMonthAndALimit() throws {
    // Given `start` written as a string, a monthly target and an "at most" goal
    let text = """
      when = "daily at 20:00"
      start = "2026-02-01"
      target = "2/month"
      goal = "at most 60 minutes"
      """
    // When it is loaded
    let (result, _) = try loadOne("screen.toml", text)
    // Then the string date, the target and the limit are read
    let habit = try #require(result.habits.first)
    #expect(habit.start == CivilDate(year: 2026, month: 2, day: 1))
    #expect(habit.target == Target(count: 2, period: .month))
    #expect(habit.goal == Goal(kind: .atMost, amount: 60, unit: "minutes"))
    #expect(habit.goal?.description == "at most 60 minutes")
  }

  @Test func startAnchorsAnInterval() throws {
    // Given "every 2 weeks on saturday" from two starts a week apart
    func firstReminder(start: String) throws -> Instant? {
      let text = "when = \"every 2 weeks on saturday at 11:00\"\nstart = \(start)\n"
      let (result, _) = try loadOne("walk.toml", text)
      let habit = try #require(result.habits.first, "\(result.diagnostics)")
      return habit.schedule.next(from: try instant("2026-01-04T00:00Z"), in: .utc)
    }
    // Then each counts its fortnights from its own start
    #expect(try firstReminder(start: "2026-01-03") == instant("2026-01-17T11:00Z"))
    #expect(try firstReminder(start: "2026-01-10") == instant("2026-01-10T11:00Z"))
  }

  @Test func anRRuleWithAStartLoads() throws {
    // Given an RRULE that needs a start, and a start
    let text = """
      when = "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0"
      start = 2026-01-05
      """
    // When it is loaded
    let (result, _) = try loadOne("review.toml", text)
    // Then it fires on the start's Monday and every other Monday after it
    let habit = try #require(result.habits.first, "\(result.diagnostics)")
    #expect(habit.schedule.form == .rrule)
    let next = Array(
      habit.schedule.occurrences(from: try instant("2026-01-06T00:00Z"), in: .utc)
        .prefix(2))
    #expect(try next == [instant("2026-01-19T09:00Z"), instant("2026-02-02T09:00Z")])
  }

  @Test func cronIsAWhenToo() throws {
    let (result, _) = try loadOne("stretch.toml", "when = \"30 7 * * mon-fri\"\n")
    let habit = try #require(result.habits.first, "\(result.diagnostics)")
    #expect(habit.schedule.form == .cron)
    // 2026-01-03 is a Saturday: the next weekday 07:30 is Monday the 5th
    #expect(
      try habit.schedule.next(from: instant("2026-01-03T12:00Z"), in: .utc)
        == instant("2026-01-05T07:30Z"))
  }

  // MARK: Errors, with exact text and place

  @Test func unknownKeyIsAnErrorWithAHint() throws {
    // Given a typo for `when`
    let (message, path) = try onlyErrorOrFirst(
      "tea.toml", "title = \"Tea\"\nwehn = \"daily at 10:00\"\n", at: 2)
    // Then it is reported at the key, with the key it probably meant
    #expect(message == "\(path):2:1: error: unknown key 'wehn' — did you mean 'when'?")
  }

  /// Lists and popups show a title as it is (its line breaks and tabs as
  /// spaces): an empty one, or one with another control character (an
  /// escape sequence a terminal would obey), is an error at the title; a
  /// title left out is the file's name, and one on two lines loads.
  @Test(arguments: [
    ("title = \"  \"", "'title' is empty; leave it out to use the file's name"),
    (
      "title = \"red \\u001b[31m alert\"",
      "'title' holds the control character U+001B; a title is text"
    ),
    (
      "title = \"a bell\\u0007\"",
      "'title' holds the control character U+0007; a title is text"
    ),
    (
      "title = \"bell \\u0085\"",
      "'title' holds the control character U+0085; a title is text"
    ),
  ])
  func aTitleIsText(line: String, problem: String) throws {
    let (message, path) = try onlyError("tea.toml", line + "\nwhen = \"daily at 9:00\"\n")
    #expect(message == "\(path):1:9: error: \(problem)")
    let (result, _) = try loadOne(
      "tea.toml", "title = \"Tea,\\tà deux\\n\"\nwhen = \"daily at 9:00\"\n")
    #expect(result.habits.map(\.title) == ["Tea,\tà deux\n"] && result.diagnostics.isEmpty)
  }

  /// The other free texts of a file are shown as they are written too
  /// (prompts in popups and `habits next --prompts`, the description when
  /// no prompt fits, the summary line in `habits week`): each is held to
  /// the title's rule, and the error names it at its place.
  @Test(arguments: [
    (
      "description = \"red \\u001b[31m alert\"", "1:15",
      "'description' holds the control character U+001B; a description is text"
    ),
    (
      "practice = \"a\\u009bb\"", "1:12",
      "'practice' holds the control character U+009B; a practice is text"
    ),
    (
      "prompts = [\"Call them.\", \"red \\u001b[31m\"]", "1:26",
      "prompt 2 holds the control character U+001B; a prompt is text"
    ),
    (
      "prompts = [{ text = \"a bell\\u0007\", for = \"couple\" }]", "1:21",
      "'text' of prompt 1 holds the control character U+0007; a prompt is text"
    ),
    (
      "summary_line = \"Tea on {count} days\\u007f\"", "1:16",
      "'summary_line' holds the control character U+007F; a summary line is text"
    ),
  ])
  func promptsAndDescriptionsAreText(line: String, place: String, problem: String) throws {
    let (message, path) = try onlyError("tea.toml", line + "\nwhen = \"daily at 9:00\"\n")
    #expect(message == "\(path):\(place): error: \(problem)")
  }

  @Test func promptsAndDescriptionsMayHoldTabsAndLineBreaks() throws {
    let text = """
      practice = "Tea,\\tà deux\\r\\n"
      description = "Tea,\\tà deux\\n"
      prompts = ["Pour\\tit.\\nSit.", { text = "Pour\\tit.\\r\\nSit.", for = "couple" }]
      summary_line = "Tea\\ton {count} days"
      when = "daily at 9:00"
      """
    let (result, _) = try loadOne("tea.toml", text)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let habit = try #require(result.habits.first)
    #expect(habit.practice == "Tea,\tà deux\r\n")
    #expect(habit.description == "Tea,\tà deux\n")
    #expect(habit.prompts == ["Pour\tit.\nSit.", "Pour\tit.\r\nSit."])
    #expect(habit.summaryLine == "Tea\ton {count} days")
  }

  @Test func unknownKeyInsideNudgePointsAtItsColumn() throws {
    let text = "when = \"daily at 9:00\"\n[nudge]\nrepeat = \"30m\"\n  untill = \"22:00\"\n"
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message == "\(path):4:3: error: unknown key 'nudge.untill' — did you mean 'until'?")
  }

  @Test func wrongTypesAreReportedAtTheirValues() throws {
    // Given values of the wrong type
    let text = """
      title = 3
      enabled = "yes"
      prompts = "x"
      description = 4.5
      practice = true
      when = "daily at 9:00"
      """
    // When the file is loaded
    let (result, path) = try loadOne("tea.toml", text)
    // Then each is an error at its value, and the habit is left out
    #expect(result.habits.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):1:9: error: 'title' must be a string, not an integer",
        "\(path):2:11: error: 'enabled' must be true or false, not a string",
        "\(path):3:11: error: 'prompts' must be an array of strings, not a string",
        "\(path):4:15: error: 'description' must be a string, not a floating-point number",
        "\(path):5:12: error: 'practice' must be a string, not a boolean",
      ])
  }

  @Test func promptsMustHoldOnlyStrings() throws {
    let (message, path) = try onlyError(
      "tea.toml", "when = \"daily at 9:00\"\nprompts = [\"a\", 2]\n")
    #expect(
      message
        == "\(path):2:17: error: prompt 2 must be a string or a table such as"
        + " { text = \"…\", for = \"couple\" }, not an integer")
  }

  @Test func badTimeInNudgeUntil() throws {
    let text = "when = \"daily at 9:00\"\n\n[nudge]\nrepeat = \"30m\"\nuntil = \"25:00\"\n"
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message == "\(path):5:9: error: 'until' must be a time such as \"23:00\", not '25:00'")
  }

  @Test func signedTimeInNudgeUntilIsRefused() throws {
    let text = "when = \"daily at 9:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"+9:00\"\n"
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message == "\(path):4:9: error: 'until' must be a time such as \"23:00\", not '+9:00'")
  }

  @Test func nudgeRepeatTooOftenOrMissing() throws {
    let (often, path) = try onlyError(
      "tea.toml", "when = \"daily at 9:00\"\n[nudge]\nrepeat = \"1m\"\n")
    #expect(often == "\(path):3:10: error: 'repeat' must be at least 5m, not '1m'")
    let (missing, path2) = try onlyError(
      "tea.toml", "when = \"daily at 9:00\"\n[nudge]\nuntil = \"22:00\"\n")
    #expect(missing == "\(path2):2:1: error: [nudge] needs 'repeat', e.g. repeat = \"30m\"")
  }

  @Test func badWeekdayPointsInsideTheString() throws {
    // Given a misspelt weekday on line 4
    let text = """
      title = "Tea"
      practice = "Rest"
      description = "A pot of tea together."
      when = "every sundy at 10:00"
      """
    // When the file is loaded
    let (message, path) = try onlyError("tea.toml", text)
    // Then the column is the value's (8) + 1 for the quote + the offset of 'sundy' (6)
    #expect(
      message
        == "\(path):4:15: error: unknown weekday 'sundy' in 'every sundy at 10:00'"
        + " — did you mean 'sunday'?")
  }

  @Test func badWeekdayColumnFollowsSpacingAndQuotes() throws {
    // Given the same mistake with more space before the value, in a literal string
    let (message, path) = try onlyError("tea.toml", "when   =   'every sundy at 10:00'\n")
    // Then the column still lands on 's' of 'sundy': 12 + 1 + 6
    #expect(message.hasPrefix("\(path):1:19: error: unknown weekday 'sundy'"))
  }

  @Test func aWhenThatNeverFires() throws {
    let text = "start = 2026-01-01\nwhen = \"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\"\n"
    let (message, path) = try onlyError("feb.toml", text)
    #expect(
      message
        == "\(path):2:8: error: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' never fires:"
        + " no date matches all of it")
  }

  @Test func anRRuleThatNeedsAStartWithoutOne() throws {
    let (message, path) = try onlyError(
      "review.toml", "when = \"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0\"\n")
    #expect(
      message
        == "\(path):1:9: error: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0' counts from"
        + " a start date, and none is given — add a start date, e.g. start = 2026-01-05")
  }

  @Test func anRRuleWithoutATimeIsRefusedEvenWithAStart() throws {
    // Given an RRULE with no BYHOUR/BYMINUTE and a start that is only a date
    let text = "when = \"FREQ=DAILY\"\nstart = 2026-01-05\n"
    // Then it is refused rather than reminding at midnight
    let (message, path) = try onlyError("midnight.toml", text)
    #expect(
      message
        == "\(path):1:8: error: 'FREQ=DAILY' does not say what time of day"
        + " — add BYHOUR and BYMINUTE, e.g. ';BYHOUR=21;BYMINUTE=0'")
  }

  @Test func invalidTOMLKeepsTOMLKitsPlace() throws {
    let (message, path) = try onlyError("tea.toml", "when = \"daily at 9:00\"\ntitle \"Tea\"\n")
    #expect(
      message
        == "\(path):2:7: error: invalid TOML: Error while parsing key-value pair:"
        + " expected '=', saw '\"'")
  }

  /// A key set twice is named as the file writes it, quoted or dotted.
  @Test func aKeySetTwiceIsNamedAsWritten() throws {
    let cases = [
      ("title = \"Tea\"\ntitle = \"x\"\n", "2:9", "string 'title'"),
      ("title = \"Tea\"\n\"title\" = \"Again\"\n", "2:11", "string '\"title\"'"),
      ("\"a b\" = 1\n\"a b\" = 2\n", "2:9", "integer '\"a b\"'"),
      ("a.'b c' = 1\na . 'b c'  =  2\n", "2:15", "integer 'a . 'b c''"),
      ("[t.\"q r\"]\na = 1\n[ t.\"q r\" ]\n", "3:1", "table 't.\"q r\"'"),
      ("[[t]]\n[t]\n", "2:1", "array 't' as table"),
      ("a = 1\r\nb = 2\nb = 3\r\nc = 4\n", "3:5", "integer 'b'"),
      ("\u{FEFF}a = 1\r\n\"a\" = 2\r\n", "2:7", "integer '\"a\"'"),
      ("\"a\\\"b\" = 1\n\"a\\\"b\" = 2\n", "2:10", "integer '\"a\\\"b\"'"),
      ("x = { a = 1, \"a\" = 2 }\n", "1:20", "integer '\"a\"'"),
      ("[t.\"q r\"]\n[t.\"q r\"] # see [b]\n", "2:1", "table 't.\"q r\"'"),
    ]
    for (text, place, named) in cases {
      let (message, path) = try onlyError("tea.toml", text)
      let what = place.hasSuffix(":1") ? "table header" : "key-value pair"
      #expect(
        message
          == "\(path):\(place): error: invalid TOML: Error while parsing \(what):"
          + " cannot redefine existing \(named)")
    }
  }

  @Test func aFileThatIsNotUTF8() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    // Given "Café" in Latin-1: a lone 0xE9 byte
    let latin1 = Data("title = \"Caf".utf8) + [0xE9, 0x22, 0x0A] + Data("when = \"daily\"\n".utf8)
    let path = try fixture.write("latin.toml", latin1)
    let result = ScheduleLoader.load(files: [path])
    #expect(result.habits.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == ["\(path):1:1: error: the file is not UTF-8 text"])
  }

  @Test func aFileWithANulByte() throws {
    let (message, path) = try onlyError("nul.toml", "when = \"daily at 9:00\"\n\0\n")
    #expect(message == "\(path):1:1: error: the file contains a NUL byte")
  }

  @Test func anEmptyFileMissesWhen() throws {
    let (message, path) = try onlyError("empty.toml", "")
    #expect(
      message
        == "\(path):1:1: error: missing key 'when': say when to be reminded,"
        + " e.g. when = \"daily at 21:00\"")
  }

  @Test func aFileOverOneMebibyteIsRefused() throws {
    // Given a valid file padded with a comment to one byte over 1 MiB
    let head = "when = \"daily at 9:00\"\n#"
    let size = ScheduleLoader.maximumFileSize + 1
    let text = head + String(repeating: "x", count: size - head.utf8.count - 1) + "\n"
    #expect(text.utf8.count == size)
    // Then it is refused unread, and the size does not read as the limit itself
    let (message, path) = try onlyError("big.toml", text)
    #expect(
      message
        == "\(path):1:1: error: the file is too large (1025 KiB);"
        + " schedule files are at most 1024 KiB")
  }

  @Test func aFileOfExactlyOneMebibyteLoads() throws {
    let head = "when = \"daily at 9:00\"\n#"
    let text =
      head + String(repeating: "x", count: ScheduleLoader.maximumFileSize - head.utf8.count - 1)
      + "\n"
    let (result, _) = try loadOne("big.toml", text)
    #expect(result.diagnostics.isEmpty)
    #expect(result.habits.count == 1)
  }

  @Test func twoFilesWithTheSameExplicitID() throws {
    // Given two files that both say id = "same"
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let first = try fixture.write("a.toml", "id = \"same\"\nwhen = \"daily at 9:00\"\n")
    let second = try fixture.write("b.toml", "id = \"same\"\nwhen = \"daily at 10:00\"\n")
    // When the directory is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules)
    // Then the first (by name) wins and the second is reported
    #expect(result.habits.map(\.path) == [first])
    #expect(
      result.diagnostics.map(\.description) == [
        "\(second):1:1: error: habit id 'same' is already used by \(first)"
      ])
  }

  @Test func conflictCopiesAreNamedAndNeverLoaded() throws {
    // Given a habit with an explicit id, and the copies three sync tools made
    // of it, edited; Dropbox's and Nextcloud's names sort before the original
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let habit = "id = \"thanks\"\nwhen = \"daily at 21:00\"\n"
    let copy = "id = \"thanks\"\nwhen = \"daily at 7:00\"\n"
    let original = try fixture.write("gratitude.toml", habit)
    let copies = [
      try fixture.write("gratitude (Sam's conflicted copy 2026-12-04).toml", copy),
      try fixture.write("gratitude.sync-conflict-20261204-081500-ABCDEFG.toml", copy),
      try fixture.write("gratitude_conflict-20261204-081500.toml", copy),
    ]
    try fixture.write("no_conflict-talk.toml", "when = \"daily at 20:00\"\n")
    // When the directory is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules)
    // Then the original is the habit, a habit merely named like a copy loads,
    // and each copy is named by a warning, not an error
    #expect(result.habits.map(\.id) == ["thanks", "no_conflict-talk"])
    #expect(result.habits.first?.path == original)
    #expect(result.errors.isEmpty, "\(result.errors)")
    #expect(
      result.diagnostics.map(\.description)
        == copies.sorted().map {
          "\($0):1:1: warning: a copy a sync tool made when this file was changed in two"
            + " places; it is not loaded: keep what you want in the original file and delete"
            + " this one"
        })
    #expect(ScheduleLoader.conflictCopies(in: fixture.schedules) == copies.sorted())
    #expect(!(ScheduleLoader.scheduleFiles(in: fixture.schedules) ?? []).contains(copies[0]))
  }

  @Test func conflictCopyNames() {
    for name in [
      "a.sync-conflict-20261204-081500-ABCDEFG.toml", "a (conflicted copy 2026-12-04 081500).toml",
      "a (Sam's conflicted copy 2026-12-04).toml", "a_conflict-20261204-081500.toml",
      "2026-11.sync-conflict-20261120-170000-ABCDEFG.jsonl",
    ] {
      #expect(ConflictCopy.matches(name), "\(name)")
    }
    for name in [
      "gratitude.toml", "no_conflict-talk.toml", "a_conflict-2026.toml", "conflicted.toml",
    ] {
      #expect(!ConflictCopy.matches(name), "\(name)")
    }
  }

  @Test func anInvalidExplicitID() throws {
    let (message, path) = try onlyError("x.toml", "when = \"daily at 9:00\"\nid = \"no spaces\"\n")
    #expect(
      message
        == "\(path):2:6: error: habit id 'no spaces' must be ASCII letters, digits, '-' or '_'"
        + " (at most 64), starting with a letter or digit")
  }

  @Test func aFileNameThatIsNoIDSaysHowToGiveOne() throws {
    let (message, path) = try onlyError("café-tête.toml", "when = \"daily at 9:00\"\n")
    #expect(
      message
        == "\(path):1:1: error: habit id 'café-tête' must be ASCII letters, digits, '-' or '_'"
        + " (at most 64), starting with a letter or digit — rename the file, or give one with"
        + " id = \"…\"")
  }

  @Test func diagnosticsOfAFileComeInLineOrder() throws {
    // Given a typo'd key on line 2 (which also leaves `when` missing, at 1:1)
    let (result, path) = try loadOne("tea.toml", "title = \"Tea\"\nwehn = \"daily at 10:00\"\n")
    // Then the two come in the order a reader meets them
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):1:1: error: missing key 'when': say when to be reminded,"
          + " e.g. when = \"daily at 21:00\"",
        "\(path):2:1: error: unknown key 'wehn' — did you mean 'when'?",
      ])
  }

  @Test func badTargetAndGoal() throws {
    let text = "when = \"daily at 9:00\"\ntarget = \"8/week\"\ngoal = \"lots\"\n"
    let (result, path) = try loadOne("x.toml", text)
    #expect(result.habits.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):2:10: error: 'target' must be like \"3/week\", \"10/month\" or \"2/3 days\""
          + " (at most 7 a week, 31 a month, or all D of D days), not '8/week'",
        "\(path):3:8: error: 'goal' must be an amount such as \"30 minutes\""
          + " or \"at most 60 minutes\", not 'lots'",
      ])
  }

  @Test func startThatIsNotADate() throws {
    let (message, path) = try onlyError(
      "x.toml", "when = \"daily at 9:00\"\nstart = \"2026-02-30\"\n")
    #expect(
      message == "\(path):2:9: error: 'start' must be a date such as 2026-01-05, not '2026-02-30'")
    let (dateTime, path2) = try onlyError(
      "x.toml", "when = \"daily at 9:00\"\nstart = 2026-01-05T10:00:00\n")
    #expect(
      dateTime == "\(path2):2:9: error: 'start' must be a date such as 2026-01-05, not a date-time")
  }

  @Test func keysInsideMultilineValuesDoNotMoveThePlace() throws {
    // Given look-alike keys inside a multi-line string and a multi-line array
    let text = #"""
      description = """
      when = "every sundy at 10:00"
      """
      prompts = [
        "when = 'every sundy'",
        "title = 3",
      ]
      when = "every sundy at 10:00"
      """#
    // Then the real `when`, on line 8, is the one reported
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message.hasPrefix("\(path):8:15: error: unknown weekday 'sundy'"))
  }

  @Test func aDottedKeyIsFoundLikeATableKey() throws {
    let text = "when = \"daily at 9:00\"\nnudge.repeat = \"1m\"\n"
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message == "\(path):2:16: error: 'repeat' must be at least 5m, not '1m'")
  }

  @Test func windowsLineEndsKeepLinesApart() throws {
    // Given a file saved with CRLF line ends
    let text = "title = \"Tea\"\r\n\r\nwhen = \"every sundy at 10:00\"\r\n"
    // Then lines are counted as in any other file
    let (message, path) = try onlyError("tea.toml", text)
    #expect(message.hasPrefix("\(path):3:15: error: unknown weekday 'sundy'"))
  }

  @Test func aByteOrderMarkIsNotAColumn() throws {
    let (message, path) = try onlyError("tea.toml", "\u{FEFF}title = 3\nwhen = \"daily at 9:00\"\n")
    #expect(message == "\(path):1:9: error: 'title' must be a string, not an integer")
  }

  // MARK: Directories

  @Test func oneBadFileNeverStopsTheOthers() throws {
    // Given a directory with two good files and one bad one between them
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.write("a.toml", "when = \"daily at 9:00\"\n")
    let bad = try fixture.write("b.toml", "when = \"every sundy at 10:00\"\n")
    try fixture.write("c.toml", "when = \"weekdays at 18:30\"\n")
    try fixture.write("notes.txt", "not a schedule")
    try fixture.write(".hidden.toml", "this is not toml")
    // When the directory is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules)
    // Then both good habits load, in name order, and the bad file is reported
    #expect(result.habits.map(\.id) == ["a", "c"])
    #expect(result.errors.count == 1)
    #expect(result.diagnostics.first?.path == bad)
    #expect(result.diagnostics.first?.line == 1)
    #expect(result.diagnostics.first?.column == 15)
  }

  @Test func aMissingDirectoryThrowsAClearError() throws {
    let missing = FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-missing-\(UUID().uuidString)").path
    let error = #expect(throws: HabitsError.self) {
      try ScheduleLoader.load(directory: missing)
    }
    #expect(error?.kind == .failure)
    #expect(
      error?.description
        == "schedules directory '\(missing)' does not exist — create it, run 'habits init',"
        + " or point --schedules at one")
  }

  @Test func aFileWhereADirectoryShouldBe() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let file = try fixture.write("x.toml", "when = \"daily at 9:00\"\n")
    let error = #expect(throws: HabitsError.self) {
      try ScheduleLoader.load(directory: file)
    }
    #expect(error?.message == "'\(file)' is not a readable directory of schedule files")
  }

  @Test func aMissingFileIsADiagnosticNotACrash() throws {
    let path = "/nonexistent-\(UUID().uuidString)/x.toml"
    let result = ScheduleLoader.load(files: [path])
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):1:1: error: cannot read the file: it does not exist or is not readable"
      ])
  }

  /// Like `onlyError`, for a file that yields more than one diagnostic: the
  /// one on `line`.
  private func onlyErrorOrFirst(_ name: String, _ text: String, at line: Int) throws
    -> (String, String)
  {
    let (result, path) = try loadOne(name, text)
    #expect(result.habits.isEmpty)
    let diagnostic = try #require(result.diagnostics.first { $0.line == line })
    return (diagnostic.description, path)
  }
}
