// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import Recurrence
import Testing

@testable import HabitsCLI

extension SyncInitCommand: RunsInContext {}
extension DoneCommand: RunsInContext {}
extension TodayCommand: RunsInContext {}
extension SyncLeaveCommand: RunsInContext {}
extension ImportCommand: RunsInContext {}
extension ExportCommand: RunsInContext {}

/// What a command does with `[sync]` on before it reads: the pass runs on
/// the command's own store, and a folder it cannot reach is said and passed by.
@Suite struct SyncContextTests {
  /// A fixture syncing through `root/shared`, with a walk done today.
  static func syncing() throws -> (CLIFixture, [String]) {
    let fixture = try CLIFixture(now: "2026-11-20T17:00:00Z", zone: "UTC")
    try fixture.write("walk.toml", "title = \"Walk\"\nwhen = \"daily at 12:00\"\n")
    let flags = ["--schedules", fixture.schedules, "--db", fixture.root + "/habits.sqlite3"]
    _ = try fixture.run(["sync", "init", fixture.root + "/shared", "--name", "here"] + flags)
    _ = try fixture.run(["done", "walk"] + flags)
    return (fixture, flags)
  }

  @Test func theSyncPassOpensTheStoreTheCommandUses() throws {
    let (fixture, _) = try Self.syncing()
    defer { fixture.remove() }
    let context = Context(
      now: fixture.now, zone: fixture.zone, environment: fixture.environment,
      shippedSchedules: nil, write: { _ in }, writeError: { _ in })
    var options = GlobalOptions()
    options.schedules = fixture.schedules
    options.db = fixture.root + "/habits.sqlite3"
    let loaded = try context.loadSchedules(options)
    #expect(loaded.config.syncFolder == fixture.root + "/shared")
    // The pass opened the database; the command's reads and writes go
    // through that store rather than open the file again.
    let store = try #require(context.opened.store(at: fixture.root + "/habits.sqlite3"))
    #expect(try context.openStore(options) === store)
    #expect(try context.checkIns(options).map(\.habitID) == ["walk"])
  }

  /// `sync init` and `together init` refuse a folder with a control
  /// character, C1's (U+009B starts an escape sequence) as C0's.
  @Test(arguments: ["/tmp/a\u{1B}[31m", "/tmp/a\u{7F}", "/tmp/a\u{9B}31m", "/tmp/a\u{85}b"])
  func aFolderWithAControlCharacterIsRefused(folder: String) throws {
    let error = try #require(throws: HabitsError.self) {
      try SyncInitCommand.absolute(folder)
    }
    #expect(error.kind == .usage)
    #expect(error.message.hasSuffix("' holds control characters"))
    let control = error.message.unicodeScalars.contains { $0.isControlCharacter }
    #expect(!control)
  }

  @Test func aFolderThatCannotBeReadIsSaidAndTheCommandGoesOn() throws {
    let (fixture, flags) = try Self.syncing()
    defer { fixture.remove() }
    // A link to itself: listing it fails (ELOOP), whoever runs the test.
    let devices = fixture.root + "/shared/devices"
    try FileManager.default.removeItem(atPath: devices)
    #expect(symlink("devices", devices) == 0)
    let output = try fixture.run(["today"] + flags)
    #expect(output.stderr.contains("habits: sync: cannot read the folder"))
    #expect(output.stderr.contains("showing this device's history as it is"))
    #expect(output.stdout.contains("walk"))
  }

  /// With sync on, `--note` takes what it takes without sync (up to 10,000
  /// characters), and this device's event carries the note whole.
  @Test func aLongNoteIsTakenAndWrittenWhole() throws {
    let (fixture, flags) = try Self.syncing()
    defer { fixture.remove() }
    let note = String(repeating: "é", count: 3_000) + " \u{1B}[1m"
    _ = try fixture.run(["skip", "walk", "--date", "yesterday", "--note", note] + flags)
    let devices = fixture.root + "/shared/devices"
    let device = try #require(try FileManager.default.contentsOfDirectory(atPath: devices).first)
    let folder = devices + "/" + device
    var lines: [String] = []
    for file in try FileManager.default.contentsOfDirectory(atPath: folder)
    where file.hasSuffix(".jsonl") {
      lines += try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        .split(separator: "\n").map(String.init)
    }
    let skip = try #require(lines.first { $0.contains("\"op\":\"skip\"") })
    #expect(skip.contains(String(repeating: "é", count: 3_000) + " \\u001b[1m\""))
  }

  /// A `config.toml` that `init` could not change (a link to nothing, or a
  /// folder set in a form habits does not write) stops `sync init` and
  /// `together init` before they write to the folder or the database.
  @Test(arguments: ["sync", "together"], ["link to nothing", "set by hand"])
  func aConfigThatCannotBeChangedStopsInitBeforeItsWork(kind: String, config: String) throws {
    let fixture = try CLIFixture(now: "2026-11-20T17:00:00Z", zone: "UTC")
    defer { fixture.remove() }
    try fixture.write("walk.toml", "title = \"Walk\"\nwhen = \"daily at 12:00\"\n")
    let database = fixture.root + "/habits.sqlite3"
    let flags = ["--schedules", fixture.schedules, "--db", database]
    // Beside the schedules folder.
    let configPath = fixture.root + "/config.toml"
    if config == "link to nothing" {
      #expect(symlink(fixture.root + "/gone/config.toml", configPath) == 0)
    } else {
      try "\(kind) = \"/elsewhere\"\n".write(toFile: configPath, atomically: true, encoding: .utf8)
    }
    let folder = fixture.root + "/shared"
    let (error, _) = try fixture.failure([kind, "init", folder, "--name", "here"] + flags)
    #expect(error is HabitsError, "\(error)")
    #expect(access(folder, F_OK) != 0, "the folder was written to")
    #expect(access(database, F_OK) != 0, "the database was made")
  }

  /// Nor does `sync leave` take the database out of the folder when it
  /// could not take the folder out of `config.toml`.
  @Test func aConfigThatCannotBeChangedStopsLeaveBeforeTheDatabaseLeaves() throws {
    let (fixture, flags) = try Self.syncing()
    defer { fixture.remove() }
    let config = fixture.root + "/config.toml"
    let text = try String(contentsOfFile: config, encoding: .utf8)
    try FileManager.default.removeItem(atPath: config)
    #expect(symlink(fixture.root + "/gone/config.toml", config) == 0)
    _ = try fixture.failure(["sync", "leave"] + flags)
    #expect(try HabitStore(path: fixture.root + "/habits.sqlite3").syncMember()?.active == true)
    // Put back, it leaves.
    try FileManager.default.removeItem(atPath: config)
    try text.write(toFile: config, atomically: true, encoding: .utf8)
    _ = try fixture.run(["sync", "leave"] + flags)
    #expect(try HabitStore(path: fixture.root + "/habits.sqlite3").syncMember()?.active == false)
  }

  /// With sync on, `import` takes what the other devices recorded first: a
  /// day another device holds is already there, kept as it holds it, not
  /// overwritten (a note) or added to (an amount) by the file's.
  @Test func anImportComparesWithWhatTheOtherDevicesRecorded() throws {
    let (fixture, flags) = try Self.syncing()
    defer { fixture.remove() }
    try fixture.write(
      "read.toml", "title = \"Read\"\nwhen = \"daily at 20:00\"\ngoal = \"30 minutes\"\n")
    let there = ["--schedules", fixture.schedules, "--db", fixture.root + "/there.sqlite3"]
    let backup = fixture.root + "/backup.json"
    // A backup that holds a day, which here then leaves open
    _ = try fixture.run(
      ["done", "read", "--date", "2026-11-18", "--value", "30", "--note", "backup"] + flags)
    _ = try fixture.run(["export", "--out", backup] + flags)
    _ = try fixture.run(["undo", "read", "--date", "2026-11-18"] + flags)
    // Another device records that day
    _ = try fixture.run(["sync", "init", fixture.root + "/shared", "--name", "there"] + there)
    _ = try fixture.run(
      ["done", "read", "--date", "2026-11-18", "--value", "20", "--note", "there"] + there)
    // The backup imported here finds it there, and changes nothing
    let imported = try fixture.run(["import", backup] + flags).stdout
    #expect(imported.contains("0 added"), "\(imported)")
    for device in [flags, there] {
      let log = try fixture.run(["log", "--json"] + device).stdout
      let rows = try #require(
        try JSONSerialization.jsonObject(with: Data(log.utf8)) as? [[String: Any]])
      let read = rows.filter { $0["habit"] as? String == "read" }
      #expect(read.count == 1, "\(read)")
      #expect(read.first?["value"] as? Double == 20, "\(read)")
      #expect(read.first?["note"] as? String == "there", "\(read)")
    }
  }
}
