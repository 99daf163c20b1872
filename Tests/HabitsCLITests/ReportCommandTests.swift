// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// `habits report` against a real SQLite file filled through `habits done`
/// and `habits skip`: the page holds what `habits week` and `habits stats`
/// print, for the week `--week` names, written atomically to `--out`.
@Suite struct ReportCommandTests {
  /// A fixture with two habits and two weeks of check-ins, on friday 2026-11-20 in London.
  static func world() throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-11-20T20:00:00Z", zone: "Europe/London")
    try fixture.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    try fixture.write(
      "quality.toml",
      "title = \"Quality time\"\nwhen = \"every tue, thu, sat at 19:30\"\ntarget = \"3/week\"\n")
    for day in ["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-17"]
      + ["2026-11-19", "2026-11-20"]
    {
      try run(fixture, ["done", "gratitude", "--date", day])
    }
    try run(fixture, ["skip", "gratitude", "--date", "2026-11-18"])
    for day in ["2026-11-10", "2026-11-12", "2026-11-14", "2026-11-19"] {
      try run(fixture, ["done", "quality", "--date", day])
    }
    return fixture
  }

  /// Runs `habits ARGUMENTS` with the fixture's clock, schedules and database.
  @discardableResult
  static func run(_ fixture: CLIFixture, _ arguments: [String]) throws -> CollectedOutput {
    let output = CollectedOutput()
    let full = arguments + ["--schedules", fixture.schedules, "--db", fixture.root + "/h.sqlite3"]
    let context = Context(
      now: fixture.now, zone: fixture.zone, environment: fixture.environment,
      shippedSchedules: nil, write: { output.standardOutput.append($0) },
      writeError: { output.standardError.append($0) })
    switch try HabitsCommand.parseAsRoot(full) {
    case let command as ReportCommand: try command.run(context)
    case let command as WeekCommand: try command.run(context)
    case let command as StatsCommand: try command.run(context)
    case let command as DoneCommand: try command.run(context)
    case let command as SkipCommand: try command.run(context)
    case let other: Issue.record("\(type(of: other)) is not runnable here")
    }
    return output
  }

  /// The text of the element with `data-field="FIELD"` in the first element of `habit`
  /// that starts with `container` (`tr` or `article`).
  static func field(_ field: String, of habit: String, in container: String, _ page: String)
    -> String?
  {
    let opening = container == "tr" ? "<tr data-habit=\"\(habit)\"" : "id=\"habit-\(habit)\""
    guard let start = page.range(of: opening),
      let marker = page.range(
        of: "data-field=\"\(field)\">", range: start.upperBound..<page.endIndex),
      let end = page.range(of: "<", range: marker.upperBound..<page.endIndex)
    else { return nil }
    return String(page[marker.upperBound..<end.lowerBound])
  }

  struct WeekJSON: Decodable {
    struct Item: Decodable {
      var habit: String
      var done: Int
      var due: Int
      var targetMet: Bool
      var targetNote: String?
    }
    var weekStart: String
    var habits: [Item]
    var opening: [String]
    var lines: [String]
  }

  struct StatsJSON: Decodable {
    var habit: String
    var currentStreak: Int?
    var bestStreak: Int?
    var streakUnit: String
    var strength: Double
  }

  /// A JSON document the commands printed, its snake_case keys as camelCase properties.
  static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: Data(text.utf8))
  }

  static func expectSameNumbers(_ page: String, week: WeekJSON, stats: [StatsJSON]) {
    #expect(!week.habits.isEmpty)
    for item in week.habits {
      for container in ["tr", "article"] {
        #expect(field("done", of: item.habit, in: container, page) == "\(item.done)/\(item.due)")
      }
      // What the week means for a target, in habits week's words; nothing without one.
      #expect(field("target", of: item.habit, in: "tr", page) == item.targetNote ?? "")
      if let note = item.targetNote {
        #expect(field("target", of: item.habit, in: "article", page) == note)
      }
    }
    // The week in words opens the page, and each habit's line follows the grid
    for sentence in week.opening + week.lines {
      #expect(page.contains(">\(sentence)</"), "the page lacks '\(sentence)'")
    }
    for item in stats {
      let unit = item.streakUnit
      /// A streak of 0 is never a number on the page.
      func streak(_ count: Int?) -> String {
        guard let count, count > 0 else { return "—" }
        return "\(count) \(unit)\(count == 1 ? "" : "s")"
      }
      for container in ["tr", "article"] {
        #expect(
          field("streak", of: item.habit, in: container, page) == streak(item.currentStreak))
        #expect(field("best", of: item.habit, in: container, page) == streak(item.bestStreak))
        #expect(
          field("strength", of: item.habit, in: container, page)
            == "\(Int((item.strength * 100).rounded()))%")
      }
    }
  }

  @Test func theFileHoldsWhatWeekAndStatsPrint() throws {
    // Given two weeks of check-ins
    let fixture = try Self.world()
    defer { fixture.remove() }
    let path = fixture.root + "/report.html"
    // When the report is written to a file
    let output = try Self.run(fixture, ["report", "--out", path])
    // Then it says where, and the file holds this week's numbers as habits week and stats give them
    #expect(output.stdout == "Wrote \(path): the week of 2026-11-16 to 2026-11-22.\n")
    let page = try String(contentsOfFile: path, encoding: .utf8)
    let week = try Self.decode(WeekJSON.self, Self.run(fixture, ["week", "--json"]).stdout)
    let stats = try Self.decode([StatsJSON].self, Self.run(fixture, ["stats", "--json"]).stdout)
    #expect(week.weekStart == "2026-11-16")
    Self.expectSameNumbers(page, week: week, stats: stats)
    #expect(Self.field("done", of: "gratitude", in: "tr", page) == "4/6")
    #expect(Self.field("streak", of: "gratitude", in: "tr", page) == "4 days")
    #expect(Self.field("done", of: "quality", in: "tr", page) == "1/3")
    // And on its Friday, the 3/week habit says what is still possible, never "not met"
    #expect(Self.field("target", of: "quality", in: "tr", page) == "2 more by Sunday")
    #expect(Self.field("target", of: "gratitude", in: "tr", page) == "")
    #expect(!page.contains("not met"))
    // And no temporary file is left beside it
    let left = try FileManager.default.contentsOfDirectory(atPath: fixture.root)
    #expect(left.filter { $0.hasPrefix("report.html") } == ["report.html"])
  }

  @Test func weekNamesTheWeekHoldingADayAsWeekDateDoes() throws {
    let fixture = try Self.world()
    defer { fixture.remove() }
    // When the report of the week holding wednesday 11th goes to stdout
    let page = try Self.run(fixture, ["report", "--week", "2026-11-11"]).stdout
    // Then it is that week, with habits week --date's numbers
    #expect(page.hasPrefix("<!DOCTYPE html>"))
    #expect(page.contains("<h1>Week of Mon 2026-11-09 to Sun 2026-11-15</h1>"))
    let week = try Self.decode(
      WeekJSON.self, Self.run(fixture, ["week", "--date", "2026-11-11", "--json"]).stdout)
    let stats = try Self.decode([StatsJSON].self, Self.run(fixture, ["stats", "--json"]).stdout)
    Self.expectSameNumbers(page, week: week, stats: stats)
    #expect(Self.field("done", of: "quality", in: "tr", page) == "3/3")
    #expect(Self.field("target", of: "quality", in: "tr", page) == "target met")
    // And a weekday name means its latest occurrence, as everywhere
    let monday = try Self.run(fixture, ["report", "--week", "mon"]).stdout
    #expect(monday.contains("<h1>Week of Mon 2026-11-16 to Sun 2026-11-22</h1>"))
  }

  @Test func jsonSaysWhatWasWritten() throws {
    let fixture = try Self.world()
    defer { fixture.remove() }
    let path = fixture.root + "/r.html"
    let output = try Self.run(fixture, ["report", "--out", path, "--json"])
    let objects = try jsonObjects("[" + output.stdout + "]")
    #expect(objects.first?["out"] as? String == path)
    #expect(objects.first?["week_start"] as? String == "2026-11-16")
    #expect(objects.first?["habits"] as? Int == 2)
  }

  @Test func badInputIsRefusedWithAMessage() throws {
    let fixture = try Self.world()
    defer { fixture.remove() }
    // A week that is not a date: a usage error (exit 64) naming the option and the text
    let error = try #require(throws: HabitsError.self) {
      try Self.run(fixture, ["report", "--week", "some\u{1B}day"])
    }
    #expect(error.kind == .usage)
    #expect(error.message == "'--week' must be \(DayFormat.expectedForm), not 'someday'")
    // --json without --out: refused before anything runs, as the page is not JSON
    let json = try #require(throws: (any Error).self) {
      try HabitsCommand.parseAsRoot(["report", "--json"])
    }
    #expect(HabitsCommand.exitCode(for: json).rawValue == 64)
    #expect(HabitsCommand.message(for: json).contains("'--json' needs '--out'"))
    // A file that cannot be written: the message names it
    let missing = fixture.root + "/no/such/dir/r.html"
    let write = try #require(throws: HabitsError.self) {
      try Self.run(fixture, ["report", "--out", missing])
    }
    #expect(write.message.hasPrefix("cannot write '\(missing)'"))
  }

  /// What the command says back holds no control characters, C1's (U+009B
  /// starts an escape sequence, as ESC [ does) no more than C0's.
  @Test func whatIsSaidBackHoldsNoControlCharacters() throws {
    let fixture = try Self.world()
    defer { fixture.remove() }
    let path = fixture.root + "/r\u{9B}31m.html"
    let output = try Self.run(fixture, ["report", "--out", path])
    #expect(
      output.stdout == "Wrote \(fixture.root)/r31m.html: the week of 2026-11-16 to 2026-11-22.\n")
    #expect(FileManager.default.fileExists(atPath: path))
    let error = try #require(throws: HabitsError.self) {
      try Self.run(fixture, ["report", "--week", "some\u{9B}day\u{85}"])
    }
    #expect(error.message == "'--week' must be \(DayFormat.expectedForm), not 'someday'")
  }

  @Test func helpShowsExamplesThatFitIn80Columns() {
    let help = HabitsCommand.helpMessage(for: ReportCommand.self, columns: 80)
    #expect(help.contains("--week <date>") && help.contains("--out <file>"))
    let discussion = help.components(separatedBy: "USAGE:")[0]
    let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false)
    let start = lines.firstIndex(of: "Examples:")
    #expect(start != nil)
    for line in lines[((start ?? lines.endIndex - 1) + 1)...] where !line.isEmpty {
      #expect(line.hasPrefix("  habits report"), "an example wrapped: '\(line)'")
    }
  }
}
