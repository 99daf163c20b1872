// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// `habits next`, as CLI.md describes it: upcoming reminders in order, and
/// `--expr` for a schedule without a file.
@Suite struct NextCommandTests {
  /// Two habits; now is Saturday 2026-03-07 07:00 in New York, the day
  /// before clocks spring forward.
  private func fixture() throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-03-07T12:00:00Z")
    try fixture.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    try fixture.write("tea.toml", "title = \"Tea\"\nwhen = \"every sunday at 10:00\"\n")
    try fixture.write("off.toml", "when = \"daily at 8:00\"\nenabled = false\n")
    return fixture
  }

  @Test func jsonShapeIsTheContract() throws {
    // Given two enabled habits and one disabled
    let fixture = try fixture()
    defer { fixture.remove() }
    // When the next three reminders are asked for as JSON
    let output = try fixture.run([
      "next", "--schedules", fixture.schedules, "--json", "--count", "3",
    ])
    // Then stdout is exactly one JSON array of {habit, at, prompt, utc}, across the DST
    // change; habits without prompts have none
    #expect(
      output.stdout
        == "["
        + #"{"at":"2026-03-07T21:00:00-05:00","habit":"gratitude","prompt":null,"#
        + #""utc":"2026-03-08T02:00:00Z"},"#
        + #"{"at":"2026-03-08T10:00:00-04:00","habit":"tea","prompt":null,"#
        + #""utc":"2026-03-08T14:00:00Z"},"#
        + #"{"at":"2026-03-08T21:00:00-04:00","habit":"gratitude","prompt":null,"#
        + #""utc":"2026-03-09T01:00:00Z"}"#
        + "]\n")
    let objects = try jsonObjects(output.stdout)
    #expect(objects.allSatisfy { Set($0.keys) == ["habit", "at", "prompt", "utc"] })
    #expect(output.stderr.isEmpty)
  }

  @Test func exprAcrossTheSpringForwardGap() throws {
    // Given no schedule files at all
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    // When an expression is evaluated from the day before New York springs forward
    let output = try fixture.run([
      "next", "--expr", "daily at 2:30", "--from", "2026-03-07T00:00", "--count", "3", "--json",
    ])
    // Then 02:30 on the change day, which does not exist, is 03:30 EDT; habit is null
    #expect(
      output.stdout
        == "["
        + #"{"at":"2026-03-07T02:30:00-05:00","habit":null,"prompt":null,"#
        + #""utc":"2026-03-07T07:30:00Z"},"#
        + #"{"at":"2026-03-08T03:30:00-04:00","habit":null,"prompt":null,"#
        + #""utc":"2026-03-08T07:30:00Z"},"#
        + #"{"at":"2026-03-09T02:30:00-04:00","habit":null,"prompt":null,"#
        + #""utc":"2026-03-09T06:30:00Z"}"#
        + "]\n")
    let objects = try jsonObjects(output.stdout)
    #expect(objects.count == 3)
    #expect(objects.allSatisfy { $0["habit"] is NSNull })
  }

  @Test func exprAcrossTheFallBackOverlapFiresOnce() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let output = try fixture.run([
      "next", "--expr", "daily at 1:30", "--from", "2026-10-31T12:00", "--count", "2", "--json",
    ])
    let utc = try decodeJSON([[String: String?]].self, output.stdout).map { $0["utc"] ?? nil }
    // 01:30 happens twice on 2026-11-01: the first (EDT) only
    #expect(utc == ["2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])
  }

  @Test func exprInTextWithAnotherZone() throws {
    // Given now in New York, and an expression for London
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    // When it is shown as text
    let output = try fixture.run([
      "next", "--expr", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=20;BYMINUTE=0", "--tz", "Europe/London",
      "--count", "2",
    ])
    // Then the last Fridays are in London time, with London's offsets
    let lines = output.stdout.split(separator: "\n").map {
      $0.split(separator: " ").joined(separator: " ")
    }
    #expect(
      lines == [
        "Fri 2026-03-27 20:00 UTC+00:00 in 20d 8h", "Fri 2026-04-24 20:00 UTC+01:00 in 48d 7h",
      ])
    #expect(
      output.stdout == """
        Fri 2026-03-27 20:00  UTC+00:00  in 20d 8h
        Fri 2026-04-24 20:00  UTC+01:00  in 48d 7h

        """)
  }

  @Test func dtstartAnchorsAnInterval() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let output = try fixture.run([
      "next", "--expr", "every 2 weeks on saturday at 11:00", "--dtstart", "2026-03-14T00:00",
      "--from", "2026-03-01T00:00", "--count", "2", "--json",
    ])
    let at = try decodeJSON([[String: String?]].self, output.stdout).map { $0["at"] ?? nil }
    #expect(at == ["2026-03-14T11:00:00-04:00", "2026-03-28T11:00:00-04:00"])
  }

  @Test func oneHabitWithACount() throws {
    // Given two habits
    let fixture = try fixture()
    defer { fixture.remove() }
    // When one habit's next three are asked for
    let output = try fixture.run([
      "next", "gratitude", "--count", "3", "--schedules", fixture.schedules,
    ])
    // Then only its reminders come, one line each, with offsets across the change
    #expect(
      output.stdout == """
        Sat 2026-03-07 21:00  UTC-05:00  gratitude  in 14h
        Sun 2026-03-08 21:00  UTC-04:00  gratitude  in 1d 13h
        Mon 2026-03-09 21:00  UTC-04:00  gratitude  in 2d 13h

        """)
  }

  /// A habit with five prompts for couples, one for family and a start: its
  /// reminders count from 2026-03-02, so the one on 2026-03-07 is its sixth.
  private func withPrompts() throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-03-07T12:00:00Z")
    try fixture.write(
      "tea.toml",
      """
      title = "Tea"
      when = "daily at 16:00"
      start = 2026-03-02
      prompts = ["One.", "Two \\"quoted\\".", "Three.", "Four.", "Five.",
        { text = "For family.", for = "family" }]
      """)
    return fixture
  }

  @Test func jsonGivesEachReminderItsPromptFromTheRotation() throws {
    // Given a habit with five prompts that fit, counted from its start
    let fixture = try withPrompts()
    defer { fixture.remove() }
    let habit = try #require(
      try ScheduleLoader.load(directory: fixture.schedules).habits.first)
    let rotation = PromptRotation(habit: habit)
    // When its next ten reminders are asked for as JSON
    let output = try fixture.run([
      "next", "tea", "--schedules", fixture.schedules, "--json", "--count", "10",
    ])
    // Then each carries the prompt of its number in the rotation, the sixth reminder onwards
    let prompts = try jsonObjects(output.stdout).map { $0["prompt"] as? String }
    #expect(prompts == (5..<15).map { rotation.prompt(number: $0) })
    #expect(!prompts.contains("For family."))
    // and a prompt with quotes comes escaped (ten reminders hold every prompt)
    #expect(output.stdout.contains(#""prompt":"Two \"quoted\".""#))
  }

  @Test func promptsInTextComeUnderTheirReminder() throws {
    let fixture = try withPrompts()
    defer { fixture.remove() }
    let json = try fixture.run([
      "next", "tea", "--schedules", fixture.schedules, "--json", "--count", "2",
    ])
    let prompts = try jsonObjects(json.stdout).compactMap { $0["prompt"] as? String }
    let output = try fixture.run([
      "next", "tea", "--schedules", fixture.schedules, "--count", "2", "--prompts",
    ])
    try #require(prompts.count == 2)
    #expect(
      output.stdout == """
        Sat 2026-03-07 16:00  UTC-05:00  tea  in 9h
            \(prompts[0])
        Sun 2026-03-08 16:00  UTC-04:00  tea  in 1d 8h
            \(prompts[1])

        """)
  }

  @Test func disabledHabitsAreLeftOut() throws {
    let fixture = try fixture()
    defer { fixture.remove() }
    let output = try fixture.run([
      "next", "--schedules", fixture.schedules, "--json", "--count", "50",
    ])
    let habits = Set(
      try decodeJSON([[String: String?]].self, output.stdout).compactMap { $0["habit"] ?? nil })
    #expect(habits == ["gratitude", "tea"])
  }

  @Test func unknownHabitSuggestsTheNearest() throws {
    let fixture = try fixture()
    defer { fixture.remove() }
    let (error, output) = try fixture.failure([
      "next", "gratitud", "--schedules", fixture.schedules,
    ])
    let habitsError = try #require(error as? HabitsError)
    #expect(habitsError.description == "unknown habit 'gratitud' — did you mean 'gratitude'?")
    #expect(habitsError.kind == .failure)
    #expect(output.stdout.isEmpty)
  }

  @Test func aBrokenFileIsReportedAndTheOthersStillCome() throws {
    // Given a good habit and a broken one
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try fixture.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let bad = try fixture.write(
      "tea.toml", "wehn = \"daily at 10:00\"\nwhen = \"daily at 10:00\"\n")
    // When the next reminders are listed
    let output = try fixture.run([
      "next", "--schedules", fixture.schedules, "--count", "1", "--json",
    ])
    // Then the diagnostic goes to stderr and stdout stays pure JSON
    #expect(output.stderr == "\(bad):1:1: error: unknown key 'wehn' — did you mean 'when'?\n")
    #expect(try jsonObjects(output.stdout).map { $0["habit"] as? String } == ["gratitude"])
  }

  @Test func anExpressionThatNeverFires() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let (error, _) = try fixture.failure([
      "next", "--expr", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9;BYMINUTE=0",
    ])
    #expect(
      (error as? HabitsError)?.description
        == "'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9;BYMINUTE=0' never fires: no date matches all of it"
    )
  }

  @Test func aBadExpressionSaysWhere() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let (error, _) = try fixture.failure(["next", "--expr", "every sundy at 10:00"])
    let habitsError = try #require(error as? HabitsError)
    #expect(
      habitsError.description
        == "in 'every sundy at 10:00': unknown weekday 'sundy' — did you mean 'sunday'?")
    #expect(habitsError.offset == 6)
  }

  @Test func aBadFromIsAUsageError() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let (error, _) = try fixture.failure([
      "next", "--expr", "daily at 9:00", "--from", "2026-02-30T10:00",
    ])
    let habitsError = try #require(error as? HabitsError)
    #expect(habitsError.kind == .usage)
    #expect(
      habitsError.message
        == "'--from' must be YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM, not '2026-02-30T10:00'"
    )
  }

  @Test(arguments: [
    (["next", "--count", "0"], "'--count' must be from 1 to 1000000."),
    (["next", "--count", "1000001"], "'--count' must be from 1 to 1000000."),
    (["next", "gratitude", "--expr", "daily at 9:00"], "Give a HABIT or '--expr', not both."),
    (["next", "--tz", "UTC"], "'--dtstart' and '--tz' go with '--expr'."),
    (["next", "--dtstart", "2026-03-01T00:00"], "'--dtstart' and '--tz' go with '--expr'."),
    (
      ["next", "--expr", "daily at 9:00", "--prompts"],
      "'--prompts' goes with habits, not with '--expr'."
    ),
  ])
  func validationErrorsAreUsageErrors(_ arguments: [String], _ message: String) {
    // When the arguments are parsed
    let error = #expect(throws: (any Error).self) { try HabitsCommand.parseAsRoot(arguments) }
    // Then it is argument-parser's usage error: exit 64 and the message naming the flag
    guard let error else { return }
    #expect(HabitsCommand.exitCode(for: error) == ExitCode(64))
    #expect(HabitsCommand.message(for: error) == message)
  }

  @Test func defaultsAreTenFromNow() throws {
    let parsed = try HabitsCommand.parseAsRoot(["next"])
    let next = try #require(parsed as? NextCommand)
    #expect(next.count == 10)
    #expect(next.from == nil && next.habit == nil && next.expr == nil)
  }
}
