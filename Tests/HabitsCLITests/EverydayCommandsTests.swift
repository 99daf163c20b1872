// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A world for running the real `habits` binary: a temporary schedules
/// directory, database and XDG directories, a fixed now and zone.
/// Names carry `Everyday` so they cannot clash with the other CLI tests' helpers.
struct EverydayWorld {
  /// The package root: three levels up from this file.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  /// The newest built `habits`: `.build/debug/habits` or that of any `.build*` scratch path.
  static func binary() -> String? {
    let manager = FileManager.default
    let scratch = ((try? manager.contentsOfDirectory(atPath: packageRoot)) ?? [])
      .filter { $0.hasPrefix(".build") }
    var newest: (path: String, modified: Date)?
    for directory in scratch {
      let path = packageRoot + "/" + directory + "/debug/habits"
      guard manager.isExecutableFile(atPath: path),
        let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
      else { continue }
      if modified > newest?.modified ?? .distantPast { newest = (path, modified) }
    }
    return newest?.path
  }

  struct Result {
    var status: Int32
    var out: String
    var err: String
  }

  let root: String
  let schedules: String
  let database: String
  let executable: String
  var now = "2026-11-20T17:00:00Z"  // a friday, in London's winter (GMT)
  var zone = "Europe/London"

  static let files = [
    "gratitude.toml": """
    title = "Gratitude"
    when = "daily at 21:00"
    """,
    "phone-free-dinner.toml": """
    title = "Phone-free dinner"
    when = "daily at 18:45"
    """,
    "quality-time.toml": """
    title = "Quality time"
    when = "every tue, thu, sat at 19:30"
    target = "3/week"
    """,
    "reading.toml": """
    title = "Reading"
    when = "daily at 20:00"
    goal = "30 minutes"
    """,
  ]

  init(config: String? = nil) throws {
    guard let executable = Self.binary() else {
      throw EverydayFailure(
        "no built habits binary under \(Self.packageRoot)/.build*/debug/habits: run 'swift build' first"
      )
    }
    self.executable = executable
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-everyday-\(UUID().uuidString)").path
    schedules = root + "/config/schedules"
    database = root + "/data/habits.sqlite3"
    try FileManager.default.createDirectory(atPath: schedules, withIntermediateDirectories: true)
    for (name, text) in Self.files {
      try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: schedules + "/" + name))
    }
    if let config {
      try Data(config.utf8).write(to: URL(fileURLWithPath: root + "/config/config.toml"))
    }
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }

  /// Runs `habits ARGS --db … --schedules …` and collects its output and status.
  @discardableResult
  func run(_ arguments: [String]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments + ["--db", database, "--schedules", schedules]
    process.environment = [
      "HABITS_NOW": now, "TZ": zone, "HOME": root, "XDG_CONFIG_HOME": root + "/xdg-config",
      "XDG_DATA_HOME": root + "/xdg-data", "NO_COLOR": "1", "PATH": "/usr/bin:/bin",
    ]
    // Files, not pipes: nothing can fill up and block while the process runs.
    let outPath = root + "/stdout-\(UUID().uuidString)"
    let errPath = root + "/stderr-\(UUID().uuidString)"
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    defer {
      try? FileManager.default.removeItem(atPath: outPath)
      try? FileManager.default.removeItem(atPath: errPath)
    }
    return Result(
      status: process.terminationStatus,
      out: String(decoding: try Data(contentsOf: URL(fileURLWithPath: outPath)), as: UTF8.self),
      err: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errPath)), as: UTF8.self))
  }

  /// Runs a command that must succeed, failing the test with its stderr otherwise.
  @discardableResult
  func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Result
  {
    let result = try run(arguments)
    #expect(
      result.status == 0, "habits \(arguments.joined(separator: " ")): \(result.err)",
      sourceLocation: sourceLocation)
    return result
  }

  func json(_ arguments: [String]) throws -> Any {
    let result = try ok(arguments + ["--json"])
    return try JSONSerialization.jsonObject(
      with: Data(result.out.utf8), options: [.fragmentsAllowed])
  }

  /// The database and its sidecar files, byte for byte.
  func snapshot() throws -> [String: Data] {
    let directory = (database as NSString).deletingLastPathComponent
    let name = (database as NSString).lastPathComponent
    var files: [String: Data] = [:]
    for entry in try FileManager.default.contentsOfDirectory(atPath: directory)
    where entry.hasPrefix(name) {
      files[entry] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + entry))
    }
    return files
  }
}

struct EverydayFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `done`, `skip`, `today`, `stats`, `week` and `log`, run as the real binary.
@Suite(.serialized) struct EverydayCommandsTests {
  static func objects(_ value: Any) throws -> [[String: Any]] {
    try #require(value as? [[String: Any]])
  }

  static func object(_ list: [[String: Any]], habit: String) throws -> [String: Any] {
    try #require(list.first { $0["habit"] as? String == habit }, "no entry for \(habit)")
  }

  @Test func aWeekOfCheckInsAsStatsWeekTodayAndLogSeeIt() throws {
    // Given a fresh world on friday 2026-11-20, 17:00 in London
    let world = try EverydayWorld()
    defer { world.remove() }
    // Reading before anything is written creates no database
    #expect(
      try world.ok(["today", "--short"]).out == "3 left: gratitude, phone-free-dinner, reading\n")
    #expect(!FileManager.default.fileExists(atPath: world.database))

    // When gratitude is done mon and tue, skipped wed, missed thu, done today,
    // and reading gets 20 and then 15 of its 30 minutes
    let monday = try world.ok(["done", "gratitude", "--date", "2026-11-16"])
    #expect(monday.out.contains("done for 2026-11-16"))
    try world.ok(["done", "gratitude", "--date", "tue"])
    try world.ok(["skip", "gratitude", "--date", "2026-11-18", "--note", "away"])
    #expect(
      try world.ok(["today", "--short"]).out == "3 left: gratitude, phone-free-dinner, reading\n")
    try world.ok(["done", "gratitude", "--note", "thanked Sam"])
    #expect(try world.ok(["today", "--short"]).out == "2 left: phone-free-dinner, reading\n")
    let first = try #require(
      try world.json(["done", "reading", "--value", "20"]) as? [String: Any])
    #expect(first["result"] as? String == "recorded")
    #expect((first["check_in"] as? [String: Any])?["value"] as? Double == 20)
    #expect(first["current_streak"] as? Int == 0)  // 20 of 30 is not done yet
    #expect(try world.ok(["today", "--short"]).out == "2 left: phone-free-dinner, reading\n")
    let second = try world.ok(["done", "reading", "--value", "15"])
    #expect(second.out.contains("35 of 30 minutes"))

    // Then today has one left
    #expect(try world.ok(["today", "--short"]).out == "1 left: phone-free-dinner\n")

    // and stats sees the streaks, totals, rate and strength
    let stats = try Self.objects(try world.json(["stats"]))
    #expect(
      stats.map { $0["habit"] as? String } == [
        "gratitude", "phone-free-dinner", "quality-time", "reading",
      ])
    let gratitude = try Self.object(stats, habit: "gratitude")
    #expect(gratitude["title"] as? String == "Gratitude")
    #expect(gratitude["current_streak"] as? Int == 1)
    #expect(gratitude["best_streak"] as? Int == 2)
    #expect(gratitude["streak_unit"] as? String == "day")
    #expect(gratitude["done_total"] as? Int == 3)
    #expect(gratitude["last_done"] as? String == "2026-11-20")
    #expect(gratitude["rate_30d"] as? Double == 0.75)
    #expect(gratitude["strength"] as? Double == 0.1428)
    let reading = try Self.object(stats, habit: "reading")
    #expect(reading["current_streak"] as? Int == 1)
    #expect(reading["strength"] as? Double == 0.0519)
    let quality = try Self.object(stats, habit: "quality-time")
    #expect(quality["streak_unit"] as? String == "week")
    #expect(quality["current_streak"] as? Int == 0)
    let dinner = try Self.object(stats, habit: "phone-free-dinner")
    #expect(dinner["last_done"] is NSNull)
    #expect(dinner["done_total"] as? Int == 0)

    // and week shows the days of the week of monday 16th
    let week = try #require(try world.json(["week"]) as? [String: Any])
    #expect(week["week_start"] as? String == "2026-11-16")
    let rows = try Self.objects(try #require(week["habits"]))
    let row = try Self.object(rows, habit: "gratitude")
    #expect(
      row["days"] as? [String: String] == [
        "2026-11-16": "done", "2026-11-17": "done", "2026-11-18": "skipped",
        "2026-11-19": "missed", "2026-11-20": "done", "2026-11-21": "pending",
        "2026-11-22": "pending",
      ])
    #expect(row["done"] as? Int == 3)
    #expect(row["due"] as? Int == 6)
    #expect(row["target_met"] as? Bool == false)
    #expect(row["current_streak"] as? Int == 1)
    // days before reading's first check-in are not due, never missed
    let readingRow = try Self.object(rows, habit: "reading")
    #expect((readingRow["days"] as? [String: String])?["2026-11-19"] == "not_due")
    #expect((readingRow["days"] as? [String: String])?["2026-11-20"] == "done")

    // and log lists them newest first, with every field of the contract
    let log = try Self.objects(try world.json(["log"]))
    #expect(
      log.map { "\($0["day"] as? String ?? "?") \($0["habit"] as? String ?? "?")" } == [
        "2026-11-20 reading", "2026-11-20 gratitude", "2026-11-18 gratitude",
        "2026-11-17 gratitude", "2026-11-16 gratitude",
      ])
    for entry in log {
      #expect(Set(entry.keys) == ["habit", "day", "kind", "value", "note", "recorded_at"])
      #expect(entry["recorded_at"] as? String == "2026-11-20T17:00:00Z")
    }
    #expect(log[0]["value"] as? Double == 35)
    #expect(log[1]["kind"] as? String == "done")
    #expect(log[1]["value"] as? Double == 1)
    #expect(log[1]["note"] as? String == "thanked Sam")
    #expect(log[2]["kind"] as? String == "skip")
    #expect(log[2]["value"] is NSNull)
    #expect(log[2]["note"] as? String == "away")
    #expect(log[3]["note"] is NSNull)
    let filtered = try Self.objects(try world.json(["log", "gratitude", "--since", "2026-11-18"]))
    #expect(filtered.map { $0["day"] as? String } == ["2026-11-20", "2026-11-18"])
  }

  @Test("a note may begin with a dash: '--note -2 laps' keeps '-2 laps'")
  func aNoteMayBeginWithADash() throws {
    let world = try EverydayWorld()
    defer { world.remove() }
    try world.ok(["done", "gratitude", "--date", "2026-11-19", "--note", "-2+3"])
    try world.ok(["skip", "gratitude", "--date", "2026-11-18", "--note", "--busy"])
    try world.ok(["done", "reading", "--note", "-", "--value", "5"])
    let log = try Self.objects(try world.json(["log"]))
    #expect(log.map { $0["note"] as? String } == ["-", "-2+3", "--busy"])
  }

  @Test func doneTwiceKeepsOneCheckInAndSaysSo() throws {
    let world = try EverydayWorld()
    defer { world.remove() }
    try world.ok(["done", "gratitude"])
    let again = try world.ok(["done", "gratitude"])
    #expect(again.out.contains("already done"))
    let log = try Self.objects(try world.json(["log"]))
    #expect(log.count == 1)
    let json = try #require(try world.json(["done", "gratitude"]) as? [String: Any])
    #expect(json["result"] as? String == "already_done")
    // A note given then is added to the day's, not dropped.
    let noted = try world.ok(["done", "gratitude", "--note", "called mum"])
    #expect(noted.out.contains("added the note"))
    let withNote = try #require(
      try world.json(["done", "gratitude", "--note", "and Sam"]) as? [String: Any])
    #expect(withNote["result"] as? String == "note_added")
    #expect(
      try Self.objects(try world.json(["log"])).map { $0["note"] as? String } == [
        "called mum\nand Sam"
      ])
  }

  @Test func refusedCommandsExitWithTheirStatusAndLeaveTheStoreAsItWas() throws {
    // Given a store with two check-ins
    let world = try EverydayWorld()
    defer { world.remove() }
    try world.ok(["done", "gratitude"])
    try world.ok(["done", "reading", "--value", "10"])
    let before = try world.snapshot()
    let logBefore = try world.ok(["log", "--json"]).out
    #expect(before.keys.contains("habits.sqlite3"))

    let refusals: [(arguments: [String], status: Int32, message: String)] = [
      (["done", "gratitud"], 1, "unknown habit 'gratitud' — did you mean 'gratitude'?"),
      (["skip", "readng"], 1, "did you mean 'reading'?"),
      (["undo", "gratitde"], 1, "did you mean 'gratitude'?"),
      (["done", "gratitude", "--date", "2026-02-30"], 64, "YYYY-MM-DD"),
      (["done", "gratitude", "--date", "20/11/2026"], 64, "YYYY-MM-DD"),
      (["done", "gratitude", "--date", "tomorrow"], 64, "YYYY-MM-DD"),
      (["skip", "gratitude", "--date", "someday"], 64, "YYYY-MM-DD"),
      (["done", "gratitude", "--date", "2026-11-21"], 1, "has not happened yet"),
      (["skip", "gratitude", "--date", "2027-01-01"], 1, "has not happened yet"),
      (["done", "reading", "--value", "nan"], 64, "--value"),
      (["done", "reading", "--value=-1"], 64, "--value"),
      (["done", "reading", "--value", "inf"], 64, "--value"),
      (["done", "reading"], 64, "--value"),
      (["done", "gratitude", "--value", "3"], 64, "yes/no"),
      (["snooze", "gratitude", "soon"], 64, "15m"),
      (["skip", "gratitude"], 1, "already done"),
    ]
    for refusal in refusals {
      // When
      let result = try world.run(refusal.arguments)
      // Then
      let command = "habits " + refusal.arguments.joined(separator: " ")
      #expect(result.status == refusal.status, "\(command): \(result.err)")
      #expect(result.err.contains(refusal.message), "\(command): \(result.err)")
      #expect(result.out.isEmpty, "\(command) wrote to stdout: \(result.out)")
      #expect(try world.snapshot() == before, "\(command) changed the database")
    }
    #expect(try world.ok(["log", "--json"]).out == logBefore)
  }

  @Test func dayStartsAtAndWeekStartsFromConfig() throws {
    // Given a day from 04:00 and weeks from sunday, and 01:30 on saturday 21st
    var world = try EverydayWorld(config: "day_starts_at = \"04:00\"\nweek_starts = \"sunday\"\n")
    defer { world.remove() }
    world.now = "2026-11-21T01:30:00Z"
    // When gratitude is done now
    #expect(try world.ok(["done", "gratitude"]).out.contains("done for today"))
    // Then it counts for friday, and friday's week started on sunday 15th
    let log = try Self.objects(try world.json(["log"]))
    #expect(log.first?["day"] as? String == "2026-11-20")
    let week = try #require(try world.json(["week"]) as? [String: Any])
    #expect(week["week_start"] as? String == "2026-11-15")
    // and a check-in "yesterday" at this hour is for thursday
    try world.ok(["done", "gratitude", "--date", "yesterday"])
    let days = try Self.objects(try world.json(["log"])).compactMap { $0["day"] as? String }
    #expect(days == ["2026-11-20", "2026-11-19"])
  }

  @Test func aHabitsNowWithAnOffsetAndTZAgree() throws {
    // 2026-11-20T23:30-05:00 is 04:30Z on the 21st: in New York it is still friday
    var world = try EverydayWorld()
    defer { world.remove() }
    world.zone = "America/New_York"
    world.now = "2026-11-20T23:30:00-05:00"
    try world.ok(["done", "gratitude"])
    #expect(try Self.objects(try world.json(["log"])).first?["day"] as? String == "2026-11-20")
    let future = try world.run(["done", "gratitude", "--date", "2026-11-21"])
    #expect(future.status == 1)
    #expect(future.err.contains("has not happened yet"))
  }
}
