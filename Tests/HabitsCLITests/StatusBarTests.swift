// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// `habits today --format plain|waybar|i3blocks`: the exact lines each bar reads.
@Suite struct StatusBarTests {
  /// Saturday 21 November 2026 in London (GMT), 17:05: gratitude at 21:00,
  /// phone-free dinner at 18:45, quality time at 19:30 with a weekly target.
  static func fixture(_ files: [String: String]? = nil) throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-11-21T17:05:00Z", zone: "Europe/London")
    let files =
      files ?? [
        "gratitude.toml": "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n",
        "phone-free-dinner.toml": "title = \"Phone-free dinner\"\nwhen = \"daily at 18:45\"\n",
        "quality-time.toml": """
        title = "Quality time"
        when = "every tue, thu, sat at 19:30"
        target = "3/week"

        """,
      ]
    for (name, text) in files { try fixture.write(name, text) }
    return fixture
  }

  /// Runs `habits ARGS --schedules …` at `now` (default the fixture's), returning stdout.
  static func run(
    _ fixture: CLIFixture, _ arguments: [String], at now: String? = nil
  ) throws -> String {
    let parsed = try HabitsCommand.parseAsRoot(arguments + ["--schedules", fixture.schedules])
    let output = CollectedOutput()
    var instant = fixture.now
    if let now { instant = try #require(DateTimeFormat.instant(now, in: .utc)) }
    let context = Context(
      now: instant, zone: fixture.zone, environment: fixture.environment, shippedSchedules: nil,
      write: { output.standardOutput.append($0) },
      writeError: { output.standardError.append($0) })
    switch parsed {
    case let today as TodayCommand: try today.run(context)
    case let done as DoneCommand: try done.run(context)
    case let skip as SkipCommand: try skip.run(context)
    default: Issue.record("\(type(of: parsed)) is not run here")
    }
    #expect(output.stderr.isEmpty, "\(output.stderr)")
    return output.stdout
  }

  @Test func plainIsShortForPolybarAndPrompts() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let expected = "3 left: gratitude, phone-free-dinner, quality-time\n"
    #expect(try Self.run(fixture, ["today", "--format", "plain"]) == expected)
    #expect(try Self.run(fixture, ["today", "--short"]) == expected)
    #expect(try Self.run(fixture, ["today", "--short", "--format", "plain"]) == expected)
  }

  @Test func waybarBeforeAnythingIsDue() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    #expect(
      try Self.run(fixture, ["today", "--format", "waybar"])
        == #"{"alt":"pending","class":["pending"],"percentage":0,"text":"3 left","#
        + #""tooltip":"Today, Sat 2026-11-21\n· Gratitude: due 21:00\n"#
        + #"· Phone-free dinner: due 18:45\n· Quality time: due 19:30 · 0 of 3 this week"}"#
        + "\n")
  }

  @Test func waybarOnceAHabitLeftHasReachedItsTime() throws {
    // Given gratitude done, and 19:00: dinner's 18:45 has passed, quality time's 19:30 not yet
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    _ = try Self.run(fixture, ["done", "gratitude"])
    let line = try Self.run(fixture, ["today", "--format", "waybar"], at: "2026-11-21T19:00:00Z")
    // Then it is pending and due, a third done
    #expect(
      line
        == #"{"alt":"due","class":["pending","due"],"percentage":33,"text":"2 left","#
        + #""tooltip":"Today, Sat 2026-11-21\n✓ Gratitude: done\n"#
        + #"· Phone-free dinner: due since 18:45\n· Quality time: due 19:30 · 0 of 3 this week"}"#
        + "\n")
    let decoded = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect(decoded["percentage"] as? Int == 33)
    #expect(decoded["class"] as? [String] == ["pending", "due"])
  }

  @Test func waybarAllDone() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    _ = try Self.run(fixture, ["done", "gratitude"])
    _ = try Self.run(fixture, ["done", "phone-free-dinner"])
    _ = try Self.run(fixture, ["skip", "quality-time"])
    #expect(
      try Self.run(fixture, ["today", "--format", "waybar"], at: "2026-11-21T22:00:00Z")
        == #"{"alt":"done","class":["done"],"percentage":100,"text":"all done","#
        + #""tooltip":"Today, Sat 2026-11-21\n✓ Gratitude: done\n"#
        + #"✓ Phone-free dinner: done\n– Quality time: skipped · 0 of 3 this week"}"#
        + "\n")
    #expect(try Self.run(fixture, ["today", "--short"]) == "all done\n")
  }

  @Test func waybarWithNothingDue() throws {
    let fixture = try Self.fixture([
      "stretch.toml": "title = \"Stretch\"\nwhen = \"every monday at 7:00\"\n"
    ])
    defer { fixture.remove() }
    #expect(
      try Self.run(fixture, ["today", "--format", "waybar"])
        == #"{"alt":"none","class":["none"],"percentage":100,"text":"nothing due","#
        + #""tooltip":"Today, Sat 2026-11-21\nNothing is due today."}"#
        + "\n")
    #expect(try Self.run(fixture, ["today", "--format", "plain"]) == "nothing due\n")
    #expect(
      try Self.run(fixture, ["today", "--format", "i3blocks"])
        == "nothing due\nnothing due\n#888A85\n")
  }

  @Test func titlesAreEscapedForPangoAndKeptWideAndOnOneLine() throws {
    // Given titles with markup characters, quotes, CJK and emoji, and a newline
    let fixture = try Self.fixture([
      "a.toml": #"title = "Tom & Jerry <3 \"us\"""# + "\nwhen = \"daily at 18:00\"\n",
      "b.toml": "title = \"家族との夕食 🍲\"\nwhen = \"daily at 19:00\"\n",
      "c.toml": #"title = "Two\nlines""# + "\nwhen = \"daily at 20:00\"\n",
    ])
    defer { fixture.remove() }
    // Then the tooltip escapes & < > for Pango, JSON escapes the quotes, and
    // the newline becomes a space
    #expect(
      try Self.run(fixture, ["today", "--format", "waybar"])
        == #"{"alt":"pending","class":["pending"],"percentage":0,"text":"3 left","#
        + #""tooltip":"Today, Sat 2026-11-21\n· Tom &amp; Jerry &lt;3 \"us\": due 18:00\n"#
        + #"· 家族との夕食 🍲: due 19:00\n· Two lines: due 20:00"}"#
        + "\n")
  }

  @Test func i3blocksLinesAndColours() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    // Pending, nothing due yet: the bar's own colour (no third line)
    #expect(
      try Self.run(fixture, ["today", "--format", "i3blocks"])
        == "3 left: gratitude, phone-free-dinner, quality-time\n3 left\n")
    // Due: orange
    #expect(
      try Self.run(fixture, ["today", "--format", "i3blocks"], at: "2026-11-21T18:50:00Z")
        == "3 left: gratitude, phone-free-dinner, quality-time\n3 left\n#FCAF3E\n")
    // All done: green
    for id in ["gratitude", "phone-free-dinner", "quality-time"] {
      _ = try Self.run(fixture, ["done", id])
    }
    #expect(
      try Self.run(fixture, ["today", "--format", "i3blocks"])
        == "all done\nall done\n#8AE234\n")
  }

  @Test func i3blocksPersistentBlocksGetJSON() throws {
    let agenda = TodayAgenda(
      habits: [], checkIns: [:], clock: DayClock(zone: .utc), now: Instant(secondsSince1970: 0))
    let line = StatusLine(agenda: agenda, now: Instant(secondsSince1970: 0), zone: .utc)
    #expect(
      try line.i3blocks(persistent: true)
        == ##"{"color":"#888A85","full_text":"nothing due","short_text":"nothing due"}"##)
  }

  @Test func aMetTargetIsNotLeftAndAValueShows() throws {
    // Given quality time done three days this week and a numeric habit part done
    let fixture = try Self.fixture([
      "quality-time.toml": """
      title = "Quality time"
      when = "every tue, thu, sat at 19:30"
      target = "3/week"

      """,
      "reading.toml": "title = \"Reading\"\nwhen = \"daily at 20:00\"\ngoal = \"30 minutes\"\n",
    ])
    defer { fixture.remove() }
    for day in ["2026-11-17", "2026-11-19", "2026-11-20"] {
      _ = try Self.run(fixture, ["done", "quality-time", "--date", day])
    }
    _ = try Self.run(fixture, ["done", "reading", "--value", "40"])
    #expect(
      try Self.run(fixture, ["today", "--format", "waybar"], at: "2026-11-21T20:30:00Z")
        == #"{"alt":"done","class":["done"],"percentage":100,"text":"all done","#
        + #""tooltip":"Today, Sat 2026-11-21\n✓ Quality time: due 19:30 · 3 of 3 this week\n"#
        + #"✓ Reading: done (40)"}"#
        + "\n")
  }

  @Test(arguments: [
    ["today", "--short", "--format", "waybar"],
    ["today", "--json", "--format", "i3blocks"],
    ["today", "--watch"],
    ["today", "--watch", "--format", "text"],
    ["today", "--format", "polybar"],
  ])
  func conflictingOrMissingFormatsAreUsageErrors(arguments: [String]) {
    do {
      _ = try HabitsCommand.parseAsRoot(arguments)
      Issue.record("'habits \(arguments.joined(separator: " "))' parsed")
    } catch {
      #expect(HabitsCommand.exitCode(for: error) == ExitCode(64), "\(error)")
    }
  }

  @Test func formatAndWatchParseWithArgumentParser() throws {
    let parsed = try HabitsCommand.parseAsRoot(["today", "--format", "waybar", "--watch"])
    let today = try #require(parsed as? TodayCommand)
    #expect(today.format == .waybar)
    #expect(today.watch)
    let json = try #require(
      try HabitsCommand.parseAsRoot(["today", "--json", "--watch"]) as? TodayCommand)
    #expect(json.options.json && json.watch && json.format == nil)
    // The hand parser takes the same lines (QuickPathTests compares the two),
    // and leaves a line that does not validate to argument-parser to word.
    #expect(QuickPath.command(["today", "--format", "waybar", "--watch"]) is TodayCommand)
    #expect(QuickPath.command(["today", "--format=plain"]) is TodayCommand)
    #expect(QuickPath.command(["today", "--watch"]) == nil)
  }
}
