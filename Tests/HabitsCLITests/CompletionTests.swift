// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import HabitsCLI

/// Habit ids on TAB: the folder listing `HabitCompletion` reads, and the real
/// binary answering argument-parser's completion callback
/// (`habits ---completion SUBCOMMAND -- positional@0 …`), which the bash, zsh
/// and fish scripts run. Tests/packaging/packaging_test.sh drives the
/// installed scripts in the shells themselves.
@Suite struct CompletionTests {
  /// The commands whose HABIT positional completes, and how each is spelled.
  static let commands = [
    "done", "undo", "skip", "snooze", "stats", "log", "calendar", "next",
  ]

  /// A sandbox with three habits, a hidden file, a non-schedule file and a
  /// file whose name is no habit id.
  static func sandbox() throws -> RealBinaryTests.Sandbox {
    let sandbox = try RealBinaryTests.Sandbox()
    for name in [
      "tea.toml", "gratitude.toml", "quality-time.toml", ".draft.toml", "notes.txt",
      "bad name.toml",
    ] {
      try sandbox.write(name, "when = \"daily at 21:00\"\n")
    }
    return sandbox
  }

  @Test func idsAreTheScheduleFileNamesThatAreHabitIds() throws {
    let sandbox = try Self.sandbox()
    defer { sandbox.remove() }
    let ids = HabitCompletion.ids(
      words: ["habits", "done", "--schedules", sandbox.schedules, ""], prefix: "",
      environment: ["HOME": sandbox.root.path], shipped: nil)
    #expect(ids == ["gratitude", "quality-time", "tea"])
  }

  @Test func idsStartWithThePrefix() throws {
    let sandbox = try Self.sandbox()
    defer { sandbox.remove() }
    let ids = HabitCompletion.ids(
      words: ["habits", "done", "q"], prefix: "q",
      environment: ["HOME": sandbox.root.path, "HABITS_SCHEDULES": sandbox.schedules],
      shipped: nil)
    #expect(ids == ["quality-time"])
  }

  @Test func theFolderIsFoundAsTheCommandsFindIt() throws {
    // Given a user folder under XDG_CONFIG_HOME and a shipped one
    let sandbox = try Self.sandbox()
    defer { sandbox.remove() }
    let config = sandbox.root.appendingPathComponent("config")
    let user = config.appendingPathComponent("habits/schedules")
    try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
    try Data().write(to: user.appendingPathComponent("mine.toml"))
    let environment = ["HOME": sandbox.root.path, "XDG_CONFIG_HOME": config.path]
    // Then the user's folder wins over the shipped one …
    #expect(
      HabitCompletion.ids(
        words: ["habits", "done", ""], prefix: "", environment: environment,
        shipped: sandbox.schedules) == ["mine"])
    // … and --schedules on the line over both
    #expect(
      HabitCompletion.ids(
        words: ["habits", "done", "--schedules=\(sandbox.schedules)", "t"], prefix: "t",
        environment: environment, shipped: nil) == ["tea"])
    // … and with no folder of the user's, the shipped one is used
    #expect(
      HabitCompletion.ids(
        words: ["habits", "done", ""], prefix: "",
        environment: ["HOME": sandbox.root.path, "XDG_CONFIG_HOME": sandbox.root.path + "/none"],
        shipped: sandbox.schedules) == ["gratitude", "quality-time", "tea"])
  }

  @Test func aMissingFolderOrHomeCompletesNothing() {
    #expect(
      HabitCompletion.ids(
        words: ["habits", "done", "--schedules", "/nonexistent/habits", ""], prefix: "",
        environment: [:], shipped: nil) == [])
    #expect(HabitCompletion.ids(words: [], prefix: "", environment: [:], shipped: nil) == [])
  }

  @Test func theSchedulesFlagIsReadAsTheShellWouldPassIt() {
    let home = "/home/sam"
    #expect(
      HabitCompletion.schedulesFlag(in: ["habits", "done", "--schedules", "~/s"], home: home)
        == "/home/sam/s")
    #expect(
      HabitCompletion.schedulesFlag(in: ["habits", "--schedules='my habits'"], home: home)
        == "my habits")
    #expect(
      HabitCompletion.schedulesFlag(in: ["habits", "--schedules", #"a\ b"#], home: home) == "a b")
    #expect(
      HabitCompletion.schedulesFlag(in: ["habits", "--schedules", #""x y""#], home: home)
        == "x y")
    #expect(
      HabitCompletion.schedulesFlag(
        in: ["habits", "--schedules", "one", "--schedules", "two"], home: home) == "two")
    #expect(
      HabitCompletion.schedulesFlag(in: ["habits", "done", "--", "--schedules", "x"], home: home)
        == nil)
    #expect(HabitCompletion.schedulesFlag(in: ["habits", "done"], home: home) == nil)
  }

  @Test(arguments: commands)
  func theBinaryCompletesHabitIds(command: String) throws {
    // Given a schedules folder named on the line
    let sandbox = try Self.sandbox()
    defer { sandbox.remove() }
    // When the shell asks the real binary for the HABIT positional's values
    let words = ["habits", command, "--schedules", sandbox.schedules, "q"]
    let run = try sandbox.run(
      ["---completion", command, "--", "positional@0", "4", "1"] + words)
    // Then it prints the matching ids, one a line
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout == "quality-time\n")
    #expect(run.stderr.isEmpty)
  }

  @Test func theBinaryCompletesFromHabitsSchedules() throws {
    let sandbox = try Self.sandbox()
    defer { sandbox.remove() }
    let run = try sandbox.run(
      ["---completion", "done", "--", "positional@0", "2", "0", "habits", "done", ""],
      extra: ["HABITS_SCHEDULES": sandbox.schedules])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(run.stdout == "gratitude\nquality-time\ntea\n")
  }
}
