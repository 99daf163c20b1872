// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// One set of files for `habits import` and `habits export`: a schedules
/// directory and a database under a temporary root, a fixed now and zone.
/// Call `remove()` when done.
struct ImportWorld {
  let root: String
  let schedules: String
  let database: String
  var now: Instant
  let zone: Zone

  init(now: String = "2026-11-20T17:00:00Z") throws {
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-import-\(UUID().uuidString)").path
    schedules = root + "/schedules"
    database = root + "/data/habits.sqlite3"
    try FileManager.default.createDirectory(atPath: schedules, withIntermediateDirectories: true)
    self.now = try #require(DateTimeFormat.instant(now, in: .utc))
    zone = try Zone.named("Europe/London")
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }

  @discardableResult
  func write(_ path: String, _ text: String) throws -> String {
    let full = path.hasPrefix("/") ? path : root + "/" + path
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    return full
  }

  func read(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8)
  }

  /// The schedule files and their texts.
  func scheduleFiles() throws -> [String: String] {
    var files: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: schedules) {
      files[name] = try read(schedules + "/" + name)
    }
    return files
  }

  /// Runs `habits ARGUMENTS --schedules … --db …` in this world.
  func run(_ arguments: [String]) throws -> CollectedOutput {
    let output = CollectedOutput()
    try run(arguments, into: output)
    return output
  }

  func run(_ arguments: [String], into output: CollectedOutput) throws {
    let parsed = try HabitsCommand.parseAsRoot(
      arguments + ["--schedules", schedules, "--db", database])
    let context = Context(
      now: now, zone: zone, environment: ["HOME": root], shippedSchedules: nil,
      write: { output.standardOutput.append($0) },
      writeError: { output.standardError.append($0) })
    switch parsed {
    case let command as ImportCommand: try command.run(context)
    case let command as ExportCommand: try command.run(context)
    case let command as DoneCommand: try command.run(context)
    case let command as SkipCommand: try command.run(context)
    case let command as UndoCommand: try command.run(context)
    case let command as LogCommand: try command.run(context)
    case let command as StatsCommand: try command.run(context)
    default: Issue.record("\(type(of: parsed)) cannot run here")
    }
  }

  /// Runs a command that must fail; returns what it threw.
  func failure(_ arguments: [String]) throws -> HabitsError {
    do {
      _ = try run(arguments)
    } catch let error as HabitsError {
      return error
    }
    throw HabitsError("'habits \(arguments.joined(separator: " "))' did not fail")
  }

  func json(_ arguments: [String]) throws -> Any {
    let text = try run(arguments + ["--json"]).stdout
    return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  }

  /// What `stats --json` and `log --json` say, as text to compare.
  func history() throws -> (stats: String, log: String) {
    (try run(["stats", "--json"]).stdout, try run(["log", "--json"]).stdout)
  }
}

/// `habits import` of harsh's files and of a habits export, end to end in-process.
@Suite(.serialized) struct ImportCommandTests {
  static let shipped = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("schedules").path

  static let harshHabits = """
    # harsh habits
    ! Dailies
    Meditated: 1
    Read pages: 1

    ! Weeklies
    Gym: 3/7
    Coffee: 0
    """

  static let harshLog = """
    2026-11-16 : Meditated : y :  : 0
    2026-11-16 : Gym : y : Leg day : 0
    2026-11-16 : Read pages : y : novel : 25
    2026-11-17 : Meditated : s : travelling : 0
    2026-11-17 : Gym : n : rest : 0
    2026-11-18 : Meditated : y
    2026-11-18 : Gym : y
    2026-11-19 : Meditated : y :  : 0
    2026-11-19 : Coffee : y :  : 3
    2026-11-20 : Gym : y : arms
    """

  /// A world with three shipped habits, switched on, and a week of check-ins,
  /// skips, values and notes recorded with `habits done` and `habits skip`.
  func recordedWorld() throws -> ImportWorld {
    var world = try ImportWorld()
    for name in ["gratitude", "quality-time", "phone-free-dinner"] {
      let text = try world.read(Self.shipped + "/" + name + ".toml")
      try world.write(
        world.schedules + "/" + name + ".toml",
        text.replacingOccurrences(of: "enabled = false", with: "enabled = true"))
    }
    try world.write(
      world.schedules + "/reading.toml",
      "title = \"Reading\"\nwhen = \"daily at 20:00\"\ngoal = \"20 pages\"\n")
    try world.write(world.schedules + "/old.toml", "title = \"Old\"\nwhen = \"daily at 8:00\"\n")
    let steps: [[String]] = [
      [
        "done", "gratitude", "--date", "2026-11-16", "--note",
        "thanked \"her\" for the tea\nand more",
      ],
      ["done", "gratitude", "--date", "2026-11-17"],
      ["skip", "gratitude", "--date", "2026-11-18", "--note", "away"],
      ["done", "quality-time", "--date", "2026-11-17", "--note", "walk — by the river 🙂"],
      ["done", "quality-time", "--date", "2026-11-19"],
      ["done", "reading", "--date", "2026-11-18", "--value", "12.5"],
      ["done", "reading", "--date", "2026-11-18", "--value", "10"],
      ["done", "reading", "--date", "2026-11-19", "--value", "0.1"],
      ["skip", "phone-free-dinner", "--date", "2026-11-19"],
      ["done", "old", "--date", "2026-11-10"],
    ]
    for (index, step) in steps.enumerated() {
      world.now = world.now.adding(seconds: index * 61)
      _ = try world.run(step)
    }
    world.now = try #require(DateTimeFormat.instant("2026-11-20T17:00:00Z", in: .utc))
    // Its schedule file removed, the old habit keeps its history.
    try FileManager.default.removeItem(atPath: world.schedules + "/old.toml")
    return world
  }

  @Test func anExportIsAsPrivateAsTheDatabaseAndWritesThroughALink() throws {
    let world = try recordedWorld()
    defer { world.remove() }
    let manager = FileManager.default
    func mode(_ path: String) throws -> Int {
      try #require(manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
    // A new export is 0600, whatever the umask: it holds every note
    let backup = world.root + "/backup.json"
    _ = try world.run(["export", "--out", backup])
    #expect(try mode(backup) == 0o600)
    // One already there keeps the mode its owner gave it
    try manager.setAttributes([.posixPermissions: 0o640], ofItemAtPath: backup)
    _ = try world.run(["export", "--format", "csv", "--out", backup])
    #expect(try mode(backup) == 0o640)
    #expect(try world.read(backup).contains("habit,title,day"))
    // A link is written through, and stays a link
    let link = world.root + "/latest.json"
    try manager.createSymbolicLink(atPath: link, withDestinationPath: backup)
    _ = try world.run(["export", "--out", link])
    #expect(try manager.destinationOfSymbolicLink(atPath: link) == backup)
    #expect(try world.read(backup).hasPrefix("{"))
    // and no temporary file is left behind
    #expect(
      try manager.contentsOfDirectory(atPath: world.root).filter { $0.contains(".tmp-") }.isEmpty)
  }

  @Test func anExportSaysItsPathWithoutControlCharacters() throws {
    let world = try recordedWorld()
    defer { world.remove() }
    let output = try world.run(["export", "--out", world.root + "/b\u{1B}\u{9B}31m.json"])
    #expect(output.stdout.hasPrefix("Wrote \(world.root)/b31m.json: 4 habits"), "\(output.stdout)")
  }

  @Test func anExportImportedIntoAnEmptyWorldExportsByteForByteTheSame() throws {
    // Given habits with check-ins, skips, values and notes, exported
    let source = try recordedWorld()
    defer { source.remove() }
    let backup = source.root + "/backup.json"
    _ = try source.run(["export", "--format", "json", "--out", backup])
    // When the export is imported into an empty world
    let target = try ImportWorld()
    defer { target.remove() }
    let outcome = try #require(try target.json(["import", backup]) as? [String: Any])
    #expect(outcome["checkins_added"] as? Int == 9)
    #expect(outcome["skips_added"] as? Int == 2)
    // Then the schedule files are the same, a second export is byte-identical,
    // and stats and log say the same as in the world it came from
    #expect(try target.scheduleFiles() == source.scheduleFiles())
    let again = target.root + "/again.json"
    _ = try target.run(["export", "--format", "json", "--out", again])
    #expect(try target.read(again) == source.read(backup))
    let (stats, log) = try source.history()
    let imported = try target.history()
    #expect(imported.stats == stats)
    #expect(imported.log == log)
    #expect(log.contains("\"old\""))
    #expect(stats.contains("\"reading\""))
  }

  /// config.toml goes with a JSON export, but the folders it names (this
  /// computer's sync and together folders), and is written on import only
  /// where there is none: one there stays, said so when it differs.
  @Test func configTravelsWithAnExportWithoutItsFolders() throws {
    let source = try recordedWorld()
    defer { source.remove() }
    let settings =
      "# mine\nday_starts_at = \"04:00\"\nweek_starts = \"sunday\"\npartner = \"Sam\"\n"
    try source.write(
      "config.toml",
      settings + "\n[sync]\nfolder = \"/home/me/Sync/habits\"\n\n[together]\nfolder = \"/srv/us\"\n"
    )
    let backup = source.root + "/backup.json"
    _ = try source.run(["export", "--format", "json", "--out", backup])
    let exported = try #require(
      try JSONSerialization.jsonObject(with: Data(source.read(backup).utf8)) as? [String: Any])
    #expect(exported["config"] as? String == settings)
    // Into a world without one: written, as it was but its folders.
    let target = try ImportWorld()
    defer { target.remove() }
    let dry = try #require(try target.json(["import", backup, "--dry-run"]) as? [String: Any])
    #expect(dry["config"] as? String == "written")
    #expect(!FileManager.default.fileExists(atPath: target.root + "/config.toml"))
    let outcome = try #require(try target.json(["import", backup]) as? [String: Any])
    #expect(outcome["config"] as? String == "written")
    #expect(try target.read(target.root + "/config.toml") == settings)
    // Again, where it is now: unchanged, even with a sync folder set here.
    try target.write("config.toml", settings + "\n[sync]\nfolder = \"/elsewhere\"\n")
    let again = try #require(try target.json(["import", backup]) as? [String: Any])
    #expect(again["config"] as? String == "unchanged")
    // Into a world with other settings: they stay, and the summary says so.
    let other = try ImportWorld()
    defer { other.remove() }
    try other.write("config.toml", "day_starts_at = \"03:00\"\n")
    let kept = try other.run(["import", backup]).stdout
    #expect(kept.contains("config.toml' is kept as it is"))
    #expect(try other.read(other.root + "/config.toml") == "day_starts_at = \"03:00\"\n")
    // An export without one, or with one in error, writes none.
    for (config, fate) in [
      ("null", nil), ("\"day_starts_at = 4\\n\"", "refused"),
      ("\"[sync]\\nfolder = \\\"/tmp/elsewhere\\\"\\n\"", "refused"),
      ("\"[together]\\nfolder = \\\"/tmp/elsewhere\\\"\\n\"", "refused"),
    ] {
      let edited = try source.read(backup).replacingOccurrences(
        of: "\"config\": " + JSONQuoting.quoted(settings), with: "\"config\": " + config)
      try source.write("edited.json", edited)
      let empty = try ImportWorld()
      defer { empty.remove() }
      let result = try #require(
        try empty.json(["import", source.root + "/edited.json"]) as? [String: Any])
      #expect(result["config"] as? String == fate)
      #expect(!FileManager.default.fileExists(atPath: empty.root + "/config.toml"))
    }
  }

  @Test func harshFilesImportAsHabitsAndCheckIns() throws {
    // Given harsh's habits and log
    let world = try ImportWorld()
    defer { world.remove() }
    try world.write("harsh/habits", Self.harshHabits)
    try world.write("harsh/log", Self.harshLog)
    // When the folder is imported
    let outcome = try #require(try world.json(["import", world.root + "/harsh"]) as? [String: Any])
    // Then each habit has a schedule file, and each y and s answer a check-in
    #expect(outcome["habits_added"] as? [String] == ["meditated", "read-pages", "gym", "coffee"])
    #expect(outcome["checkins_added"] as? Int == 9)
    #expect(outcome["skips_added"] as? Int == 1)
    #expect(
      try world.scheduleFiles().keys.sorted()
        == ["coffee.toml", "gym.toml", "meditated.toml", "read-pages.toml"])
    let log = try #require(try world.json(["log"]) as? [[String: Any]])
    let rows = log.map {
      "\($0["day"] as? String ?? "") \($0["habit"] as? String ?? "") \($0["kind"] as? String ?? "") \($0["note"] as? String ?? "-")"
    }
    #expect(
      rows == [
        "2026-11-20 gym done arms",
        "2026-11-19 meditated done -",
        "2026-11-19 coffee done -",
        "2026-11-18 meditated done -",
        "2026-11-18 gym done -",
        "2026-11-17 meditated skip travelling",
        "2026-11-16 read-pages done novel",
        "2026-11-16 meditated done -",
        "2026-11-16 gym done Leg day",
      ])
    #expect(log.first { $0["habit"] as? String == "read-pages" }?["value"] as? Double == 25)
    #expect(log.allSatisfy { $0["recorded_at"] as? String == "2026-11-20T17:00:00Z" })
    let stats = try #require(try world.json(["stats"]) as? [[String: Any]])
    let done = Dictionary(
      uniqueKeysWithValues: stats.map { ($0["habit"] as? String ?? "", $0["done_total"] as? Int) })
    #expect(done == ["meditated": 3, "read-pages": 1, "gym": 3, "coffee": 1])
    let gym = try #require(stats.first { $0["habit"] as? String == "gym" })
    #expect(gym["title"] as? String == "Gym")
    #expect(gym["streak_unit"] as? String == "week")
    // And an export of it holds the same, and imports into another world as the same
    let backup = world.root + "/backup.json"
    _ = try world.run(["export", "--out", backup])
    let other = try ImportWorld()
    defer { other.remove() }
    _ = try other.run(["import", backup])
    let original = try world.history()
    let imported = try other.history()
    #expect(imported.stats == original.stats)
    #expect(imported.log == original.log)
    #expect(try other.scheduleFiles() == world.scheduleFiles())
  }

  @Test func importingTwiceChangesNothingTheSecondTime() throws {
    // Given harsh's files imported once
    var world = try ImportWorld()
    defer { world.remove() }
    try world.write("harsh/habits", Self.harshHabits)
    let logPath = try world.write("harsh/log", Self.harshLog)
    _ = try world.run(["import", logPath])
    let files = try world.scheduleFiles()
    let history = try world.history()
    // When they are imported again, a day later
    world.now = world.now.adding(seconds: 86_400)
    let second = try #require(try world.json(["import", logPath]) as? [String: Any])
    // Then nothing is added, and the database and schedule files are as they were
    #expect(second["checkins_added"] as? Int == 0)
    #expect(second["checkins_already_there"] as? Int == 9)
    #expect(second["checkins_differing"] as? Int == 0)
    #expect(second["habits_added"] as? [String] == [])
    #expect((second["habits_unchanged"] as? [String])?.count == 4)
    #expect(try world.scheduleFiles() == files)
    #expect(try world.run(["log", "--json"]).stdout == history.log)
  }

  @Test func aBadLineInTheMiddleImportsNothing() throws {
    // Given a world with a check-in, and a harsh log with a bad line in its middle
    let world = try ImportWorld()
    defer { world.remove() }
    try world.write(world.schedules + "/gym.toml", "title = \"Gym\"\nwhen = \"daily at 7:00\"\n")
    _ = try world.run(["done", "gym", "--date", "2026-11-01"])
    try world.write("harsh/habits", Self.harshHabits)
    var lines = Self.harshLog.split(separator: "\n").map(String.init)
    lines[4] = "2026-11-17 : Gym : maybe : rest : 0"
    let log = try world.write("harsh/log", lines.joined(separator: "\n"))
    let files = try world.scheduleFiles()
    let history = try world.history()
    // When it is imported
    let error = try world.failure(["import", world.root + "/harsh"])
    // Then the message names the file and line, and nothing changed
    #expect(error.message.hasPrefix("\(log):5: "), "\(error.message)")
    #expect(error.message.contains("'maybe' must be y, n or s"))
    #expect(try world.scheduleFiles() == files)
    let after = try world.history()
    #expect(after.stats == history.stats)
    #expect(after.log == history.log)
  }

  @Test func aCheckInAfterTomorrowImportsNothing() throws {
    // Given a harsh log with a line for tomorrow (a zone ahead may be there) and one after
    let world = try ImportWorld()
    defer { world.remove() }
    try world.write("harsh/habits", Self.harshHabits)
    let log = try world.write("harsh/log", Self.harshLog + "\n2026-11-21 : Gym : y\n")
    // When it is imported, tomorrow's check-in comes in
    _ = try world.run(["import", log])
    #expect(try world.run(["log", "--json"]).stdout.contains("2026-11-21"))
    // And a line two days ahead is refused, naming it, and imports nothing
    let other = try ImportWorld()
    defer { other.remove() }
    try other.write("harsh/habits", Self.harshHabits)
    let ahead = try other.write("harsh/log", Self.harshLog + "\n2026-11-22 : Gym : y\n")
    let error = try other.failure(["import", ahead])
    #expect(
      error.message.hasSuffix("the check-in of 'gym' on 2026-11-22: the day has not happened yet"))
    #expect(try other.scheduleFiles().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: other.database))
  }

  @Test func aBadExportImportsNothingAndCreatesNoDatabase() throws {
    // Given an export whose last habit's schedule is broken
    let source = try recordedWorld()
    defer { source.remove() }
    let backup = source.root + "/backup.json"
    _ = try source.run(["export", "--out", backup])
    let text = try source.read(backup).replacingOccurrences(
      of: #"goal = \"20 pages\""#, with: #"goal = \"lots\""#)
    let broken = try source.write("broken.json", text)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0.contains(#"goal = \"lots\""#) }.map { $0 + 1 }
    // When it is imported into an empty world
    let target = try ImportWorld()
    defer { target.remove() }
    let error = try target.failure(["import", broken])
    // Then it says where, and writes neither schedules nor a database
    #expect(error.message.hasPrefix("\(broken):\(line ?? 0): "), "\(error.message)")
    #expect(try target.scheduleFiles().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: target.database))
  }

  @Test func aScheduleFileAlreadyThereIsNeverReplaced() throws {
    // Given a gym.toml of the user's own, different from what harsh's Gym becomes
    let world = try ImportWorld()
    defer { world.remove() }
    let mine = "title = \"My gym\"\nwhen = \"every mon, thu at 7:00\"\n"
    try world.write(world.schedules + "/gym.toml", mine)
    try world.write("harsh/habits", Self.harshHabits)
    try world.write("harsh/log", Self.harshLog)
    // When harsh's files are imported
    let output = try world.run(["import", world.root + "/harsh"])
    // Then the user's file is kept as it was, and the summary says so
    #expect(try world.read(world.schedules + "/gym.toml") == mine)
    #expect(output.stdout.contains("kept \(world.schedules)/gym.toml: the file there differs"))
    #expect(output.stdout.contains("Habits:    3 added (meditated, read-pages, coffee)"))
    #expect(output.stdout.contains("Check-ins: 9 added (1 skip), 0 already there"))
    // And the check-ins of gym are imported all the same
    let log = try world.run(["log", "gym", "--json"]).stdout
    #expect(log.contains("Leg day"))
  }

  @Test func aDryRunChangesNothing() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    try world.write("harsh/habits", Self.harshHabits)
    try world.write("harsh/log", Self.harshLog)
    // When a dry run imports harsh's folder
    let outcome = try #require(
      try world.json(["import", world.root + "/harsh", "--dry-run"]) as? [String: Any])
    // Then it tells what it would do, and neither files nor a database appear
    #expect(outcome["dry_run"] as? Bool == true)
    #expect(outcome["checkins_added"] as? Int == 9)
    #expect((outcome["habits_added"] as? [String])?.count == 4)
    #expect(try world.scheduleFiles().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: world.database))
    let text = try world.run(["import", world.root + "/harsh", "--dry-run"]).stdout
    #expect(text.hasPrefix("Would import harsh"))
  }

  @Test func theJSONSummaryHasItsFields() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    let log = try world.write("harsh/log", "2026-11-16 : Gym : y\n")
    let outcome = try #require(try world.json(["import", log]) as? [String: Any])
    #expect(
      Set(outcome.keys) == [
        "source", "dry_run", "schedules", "database", "habits_added", "habits_unchanged",
        "habits_kept", "checkins_added", "skips_added", "checkins_already_there",
        "checkins_differing", "config", "notes",
      ])
    #expect(outcome["source"] as? String == "harsh '\(log)'")
    #expect((outcome["notes"] as? [String])?.first?.contains("not the habits file") == true)
  }

  @Test func somethingUnknownIsRefusedWithWhatIsAccepted() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    let text = try world.write("notes.txt", "hello\n")
    let error = try world.failure(["import", text])
    #expect(error.message.contains("is not a file habits can import"))
    #expect(error.hint?.contains("harsh's files") == true)
    let missing = try world.failure(["import", world.root + "/nowhere"])
    #expect(missing.message.contains("does not exist"))
    let empty = try world.failure(["import", world.schedules])
    #expect(empty.message.contains("holds nothing habits can import"))
  }

  /// Before `habits init`, habits reads the shipped schedules. An import
  /// writes its files into a folder of your own, which is read from then
  /// on: the shipped schedules go there first, so that their habits and
  /// the history recorded for them stay.
  @Test func importingBeforeInitKeepsTheShippedHabits() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    try world.write("harsh/habits", Self.harshHabits)
    try world.write("harsh/log", Self.harshLog)
    func run(_ arguments: [String]) throws -> CollectedOutput {
      let output = CollectedOutput()
      let parsed = try HabitsCommand.parseAsRoot(arguments + ["--db", world.database])
      let context = Context(
        now: world.now, zone: world.zone, environment: ["HOME": world.root],
        shippedSchedules: Self.shipped, write: { output.standardOutput.append($0) },
        writeError: { output.standardError.append($0) })
      switch parsed {
      case let command as ImportCommand: try command.run(context)
      case let command as DoneCommand: try command.run(context)
      case let command as StatsCommand: try command.run(context)
      default: Issue.record("\(type(of: parsed)) cannot run here")
      }
      return output
    }
    _ = try run(["done", "gratitude", "--date", "2026-11-19"])
    let dry = try run(["import", world.root + "/harsh", "--dry-run"]).stdout
    #expect(dry.contains("note: the shipped schedules would be copied into "), "\(dry)")
    let imported = try run(["import", world.root + "/harsh"]).stdout
    #expect(imported.contains("note: the shipped schedules were copied into "), "\(imported)")
    let stats = try run(["stats", "--json"]).stdout
    #expect(stats.contains("\"gratitude\""), "\(stats)")
    #expect(stats.contains("\"meditated\""), "\(stats)")
    let own = world.root + "/.config/habits/schedules"
    #expect(FileManager.default.fileExists(atPath: own + "/gratitude.toml"))
    #expect(
      try world.read(own + "/gratitude.toml") == world.read(Self.shipped + "/gratitude.toml"))
  }

  /// History outlives schedule files: a day an import brought for a habit
  /// it has no file for can be undone by its id, as `log` shows it.
  @Test func aDayOfAHabitWithoutAFileCanBeUndone() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    // Given a harsh log naming a habit its habits file does not list
    try world.write("harsh/habits", "Gym: 3/7\n")
    try world.write("harsh/log", "2026-11-16 : Gym : y\n2026-11-17 : Old habit : y\n")
    _ = try world.run(["import", world.root + "/harsh"])
    #expect(try world.run(["log", "old-habit"]).stdout.contains("2026-11-17"))
    // When that day is undone by the habit's id
    let undone = try world.run(["undo", "old-habit", "--date", "2026-11-17"])
    // Then it is gone, and said so
    #expect(undone.stdout == "Removed old-habit's check-in for 2026-11-17.\n")
    let failure = try world.failure(["log", "old-habit"])
    #expect(failure.message == "unknown habit 'old-habit'")
    // and an id with no file and no history is still unknown
    let unknown = try world.failure(["undo", "gyn", "--date", "2026-11-16"])
    #expect(unknown.message == "unknown habit 'gyn'")
    #expect(unknown.hint == "did you mean 'gym'?")
  }

  /// A dry run before `habits init` says what the import will: the
  /// shipped files it would copy first are there for it.
  @Test func aDryRunBeforeInitCountsTheShippedFilesAsThere() throws {
    let world = try ImportWorld()
    defer { world.remove() }
    // Given a harsh habit named as a shipped one, and one of its own
    try world.write("harsh/habits", "Gratitude: 1\nMeditated: 1\n")
    func run(_ arguments: [String]) throws -> JSONValue {
      let output = CollectedOutput()
      let parsed = try HabitsCommand.parseAsRoot(arguments + ["--db", world.database, "--json"])
      let context = Context(
        now: world.now, zone: world.zone, environment: ["HOME": world.root],
        shippedSchedules: Self.shipped, write: { output.standardOutput.append($0) },
        writeError: { output.standardError.append($0) })
      try #require(parsed as? ImportCommand).run(context)
      return try JSONValue.parse(output.stdout)
    }
    func habits(_ summary: JSONValue, _ key: String) -> [String] {
      (summary[key]?.array ?? []).compactMap { $0.string ?? $0["habit"]?.string }
    }
    // When it is imported dry, then for real
    let dry = try run(["import", world.root + "/harsh", "--dry-run"])
    let imported = try run(["import", world.root + "/harsh"])
    // Then both name the same habits added and kept: the shipped gratitude.toml stays
    #expect(habits(dry, "habits_added") == ["meditated"])
    #expect(habits(dry, "habits_kept") == ["gratitude"])
    for key in ["habits_added", "habits_kept", "habits_unchanged"] {
      #expect(habits(dry, key) == habits(imported, key), "\(key)")
    }
  }

  /// A schedule file in error has no habit to export: a backup or a
  /// calendar is refused rather than written without it; csv, the
  /// database's check-ins, is written.
  @Test func anExportWithAScheduleFileInErrorIsRefused() throws {
    let world = try recordedWorld()
    defer { world.remove() }
    let gratitude = world.schedules + "/gratitude.toml"
    try world.write(gratitude, try world.read(gratitude) + "colour = \"blue\"\n")
    for format in ["json", "ics"] {
      let out = world.root + "/backup." + format
      let error = try world.failure(["export", "--format", format, "--out", out])
      #expect(
        error.message == "a schedule file has errors (above): the export would be without its habit"
      )
      #expect(!FileManager.default.fileExists(atPath: out))
    }
    let csv = try world.run(["export", "--format", "csv"]).stdout
    #expect(csv.contains("gratitude,,2026-11-16,done"), "\(csv)")
  }
}
