// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// `habits check`: `path:line:column: error: message` for every problem, exit 1 on any.
@Suite struct CheckCommandTests {
  @Test func aBadFileIsPrintedAndFails() throws {
    // Given a good file and a file with a misspelt weekday
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try fixture.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let bad = try fixture.write(
      "tea.toml", "title = \"Tea\"\n\n\nwhen = \"every sundy at 10:00\"\n")
    // When the directory is checked
    let (error, output) = try fixture.failure(["check", "--schedules", fixture.schedules])
    // Then the diagnostic is on stdout, the summary on stderr, and the exit status is 1
    #expect(
      output.stdout
        == "\(bad):4:15: error: unknown weekday 'sundy' in 'every sundy at 10:00'"
        + " — did you mean 'sunday'?\n")
    #expect(output.stderr == "1 error; 1 habit OK\n")
    #expect((error as? ExitCode) == ExitCode.failure)
    #expect(HabitsCommand.exitCode(for: error) == ExitCode(1))
  }

  @Test func jsonHasTheContractsFields() throws {
    // Given a directory with one broken file
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let bad = try fixture.write("tea.toml", "title = \"Tea\"\nwehn = \"daily at 10:00\"\n")
    // When it is checked as JSON
    let (error, output) = try fixture.failure(["check", "--json", fixture.schedules])
    // Then stdout is [{path, line, column, severity, message}] and nothing else
    let objects = try jsonObjects(output.stdout)
    #expect(objects.count == 2)
    #expect(
      objects.allSatisfy { Set($0.keys) == ["path", "line", "column", "severity", "message"] })
    let typo = try #require(objects.last)
    #expect(typo["path"] as? String == bad)
    #expect(typo["line"] as? Int == 2)
    #expect(typo["column"] as? Int == 1)
    #expect(typo["severity"] as? String == "error")
    #expect(typo["message"] as? String == "unknown key 'wehn' — did you mean 'when'?")
    #expect(output.stderr.isEmpty)
    #expect((error as? ExitCode) == ExitCode.failure)
  }

  @Test func allGoodPassesQuietly() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try fixture.write("a.toml", "when = \"daily at 21:00\"\n")
    try fixture.write("b.toml", "when = \"0 9 * * mon-fri\"\n")
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "2 habits OK\n")
    let json = try fixture.run(["check", "--json", fixture.schedules])
    #expect(json.stdout == "[]\n")
  }

  @Test func aHabitWithNoPromptForTheRelationshipIsAWarningOnlyCheckShows() throws {
    // Given a habit whose prompts are all for couples, kept with friends
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let walk = try fixture.write(
      "walk.toml",
      "when = \"daily at 21:00\"\nprompts = [{ text = \"Hold hands.\", for = \"couple\" }]\n")
    try Data("relationship = \"friends\"\n".utf8)
      .write(to: URL(fileURLWithPath: fixture.root + "/config.toml"))
    // When it is checked, and listed
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    let list = try fixture.run(["list", "--schedules", fixture.schedules])
    // Then check warns and passes; everyday commands stay quiet about it
    #expect(
      output.stdout
        == "\(walk):2:11: warning: no prompt here is for 'friends' (the relationship in"
        + " config.toml), so its reminders show only the title"
        + " — add one with for = \"friends\", or one without 'for'\n")
    #expect(output.stderr == "1 habit OK\n")
    #expect(list.stderr.isEmpty)
    #expect(list.stdout.contains("walk"))
  }

  @Test func quietHoursThatSilenceAHabitAllYearAreAWarning() throws {
    // Given quiet hours 21:00-09:00, gratitude at 21:00 (held to 09:00 the
    // next day, when its day is over) and tea at 07:00 (held to 09:00 the
    // same day: late, but it comes)
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try Data("quiet_hours = \"21:00-09:00\"\n".utf8).write(
      to: URL(fileURLWithPath: fixture.root + "/config.toml"))
    let gratitude = try fixture.write(
      "gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    try fixture.write("tea.toml", "when = \"daily at 7:00\"\n")
    // When the schedules are checked
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    // Then gratitude alone is warned about, at its when, and the check passes
    #expect(
      output.stdout
        == "\(gratitude):2:8: warning: quiet hours 21:00-09:00 hold every reminder of"
        + " 'gratitude' past the end of its day, so it never reminds you — move its time out"
        + " of them, or shorten them in config.toml\n")
    #expect(output.stderr == "2 habits OK\n")
  }

  @Test func quietHoursThatOnlyDelayARemindDoNotWarn() throws {
    // Given quiet hours 22:30-07:30 and habits at 07:00 and 23:00 on some days only
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try Data("quiet_hours = \"22:30-07:30\"\n".utf8).write(
      to: URL(fileURLWithPath: fixture.root + "/config.toml"))
    try fixture.write("early.toml", "when = \"daily at 7:00\"\n")
    try fixture.write("late.toml", "when = \"daily at 21:00, 23:00\"\n")
    // When they are checked, nothing is said: each reminds at least once a day
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "2 habits OK\n")
  }

  @Test func nudgesThatGatherAlwaysHoldBackAreAWarning() throws {
    // Given reading at 20:00 with one nudge at 21:00 (until 21:00) and tea at
    // 20:50, whose popup holds that nudge to 21:10; and water at 9:00 with one
    // nudge at 9:10 (until 9:10), 10 minutes after its own reminder
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let reading = try fixture.write(
      "reading.toml",
      "title = \"Reading\"\nwhen = \"daily at 20:00\"\n[nudge]\nrepeat = \"1h\"\nuntil = \"21:00\"\n"
    )
    try fixture.write("tea.toml", "when = \"daily at 20:50\"\n")
    let water = try fixture.write(
      "water.toml", "when = \"daily at 9:00\"\nnudge = { repeat = \"10m\", until = \"9:10\" }\n")
    // When the schedules are checked
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    // Then both are warned about, at their nudges, and the check passes
    let held =
      " falls within 20m (gather) after another popup and, held back until then, would come"
      + " past its until, its next reminder or the end of its day, so it is never nudged —"
      + " give its nudges more room, or shorten gather in config.toml\n"
    #expect(
      output.stdout
        == "\(reading):4:10: warning: every nudge of 'reading'\(held)"
        + "\(water):2:9: warning: every nudge of 'water'\(held)")
    #expect(output.stderr == "3 habits OK\n")
  }

  @Test(arguments: ["gather = \"off\"\n", "gather = \"5m\"\n"])
  func nudgesThatStillComeDoNotWarn(config: String) throws {
    // Given the same habits, with gather off or short enough
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try Data(config.utf8).write(to: URL(fileURLWithPath: fixture.root + "/config.toml"))
    try fixture.write(
      "reading.toml", "when = \"daily at 20:00\"\n[nudge]\nrepeat = \"1h\"\nuntil = \"21:00\"\n")
    try fixture.write("tea.toml", "when = \"daily at 20:50\"\n")
    try fixture.write(
      "water.toml", "when = \"daily at 9:00\"\nnudge = { repeat = \"10m\", until = \"9:10\" }\n")
    // When they are checked, nothing is said
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    #expect(output.stdout.isEmpty)
    #expect(output.stderr == "3 habits OK\n")
  }

  @Test func aNudgeHeldBackButInTimeDoesNotWarn() throws {
    // Given reading at 20:00 nudged every 30 minutes until 22:00, and tea at 20:50:
    // the 21:00 nudge waits until 21:10, the others come on time
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try fixture.write(
      "reading.toml", "when = \"daily at 20:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"22:00\"\n")
    try fixture.write("tea.toml", "when = \"daily at 20:50\"\n")
    let output = try fixture.run(["check", "--schedules", fixture.schedules])
    #expect(output.stdout.isEmpty)
  }

  @Test func filesAndTheConfigCanBeNamed() throws {
    // Given a good file, and a config.toml with a bad notifier, passed by name
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let good = try fixture.write("a.toml", "when = \"daily at 21:00\"\n")
    let config = fixture.root + "/config.toml"
    try Data("notifier = \"libnotfy\"\n".utf8).write(to: URL(fileURLWithPath: config))
    // When both are checked
    let (_, output) = try fixture.failure(["check", good, config])
    // Then the config's problem is reported and the habit counted
    #expect(
      output.stdout
        == "\(config):1:12: error: unknown notifier 'libnotfy' — did you mean 'libnotify'?\n")
    #expect(output.stderr == "1 error; 1 habit OK\n")
  }

  @Test func aMissingFileIsAnError() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let missing = fixture.root + "/nope.toml"
    let (error, output) = try fixture.failure(["check", missing])
    #expect(
      output.stdout
        == "\(missing):1:1: error: cannot read the file: it does not exist or is not readable\n")
    #expect((error as? ExitCode) == ExitCode.failure)
  }

  @Test func aMissingSchedulesDirectoryIsAClearFailure() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let missing = fixture.root + "/nowhere"
    let (error, output) = try fixture.failure(["check", "--schedules", missing])
    // It fails with exit status 1 either way …
    #expect(HabitsCommand.exitCode(for: error) == ExitCode(1))
    // … and says what `next` and `list` say, not "cannot read the file".
    let habitsError = try #require(error as? HabitsError, "stdout: \(output.stdout)")
    #expect(habitsError.kind == .failure)
    #expect(habitsError.message == "schedules directory '\(missing)' does not exist")
  }
}
