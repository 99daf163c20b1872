// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

extension TogetherInitCommand: RunsInContext {}
extension SkipCommand: RunsInContext {}
extension UndoCommand: RunsInContext {}
extension LogCommand: RunsInContext {}
extension TogetherStatusCommand: RunsInContext {}

/// A change to a habit kept together reaches the folder with the command
/// that makes it: the partner's computer has it without waiting for this
/// person's next command (which may never come, with no agent running).
@Suite struct TogetherChangeTests {
  /// Alex and Sam, each a home of their own, keeping dinner shared through
  /// a folder in Alex's.
  struct Couple {
    var alex: CLIFixture
    var sam: CLIFixture

    init() throws {
      alex = try CLIFixture(now: "2026-11-20T17:00:00Z", zone: "UTC")
      sam = try CLIFixture(now: "2026-11-20T17:00:00Z", zone: "UTC")
      let folder = alex.root + "/us"
      for (fixture, name) in [(alex, "Alex"), (sam, "Sam")] {
        try fixture.write(
          "dinner.toml", "title = \"Dinner\"\nwhen = \"daily at 19:00\"\ntogether = \"shared\"\n")
        _ = try fixture.run(["together", "init", folder, "--name", name] + Self.flags(fixture))
      }
      // A command that reads every schedule file agrees what is kept
      // together, as the agent's passes do.
      for fixture in [alex, sam] { _ = try fixture.run(["today"] + Self.flags(fixture)) }
    }

    static func flags(_ fixture: CLIFixture) -> [String] {
      ["--schedules", fixture.schedules, "--db", fixture.root + "/habits.sqlite3"]
    }

    /// Runs a command line as `who`.
    @discardableResult
    func run(_ who: CLIFixture, _ arguments: [String]) throws -> CollectedOutput {
      try who.run(arguments + Self.flags(who))
    }

    /// The kinds of `who`'s check-ins of dinner, as `log --json` has them.
    func dinner(_ who: CLIFixture) throws -> [String] {
      let json = try run(who, ["log", "--json"]).stdout
      let rows = try #require(
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
      return rows.filter { $0["habit"] as? String == "dinner" }.compactMap { $0["kind"] as? String }
    }

    func remove() {
      alex.remove()
      sam.remove()
    }
  }

  @Test func doneSkipAndUndoEachReachThePartnerWithNoFurtherCommand() throws {
    let couple = try Couple()
    defer { couple.remove() }
    try couple.run(couple.sam, ["done", "dinner"])
    #expect(try couple.dinner(couple.alex) == ["done"])
    try couple.run(couple.alex, ["undo", "dinner"])
    #expect(try couple.dinner(couple.sam) == [])
    try couple.run(couple.sam, ["skip", "dinner", "--date", "2026-11-19"])
    #expect(try couple.dinner(couple.alex) == ["skip"])
  }

  /// `together status` reads the partner's files again, as `sync status`
  /// reads the sync folder: a damaged line is named with its file and line
  /// every time it is asked, not only by the pass that met it.
  @Test func statusNamesADamagedLineOfThePartner() throws {
    let couple = try Couple()
    defer { couple.remove() }
    try couple.run(couple.sam, ["done", "dinner"])
    let people = couple.alex.root + "/us/people"
    var files: [String] = []
    for person in try FileManager.default.contentsOfDirectory(atPath: people) {
      for device in try FileManager.default.contentsOfDirectory(atPath: people + "/" + person) {
        let folder = people + "/" + person + "/" + device
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
          isDirectory.boolValue
        else { continue }
        files += try FileManager.default.contentsOfDirectory(atPath: folder)
          .filter { $0.hasSuffix(".jsonl") }.map { "people/\(person)/\(device)/\($0)" }
      }
    }
    // Sam's file, the one with Sam's done: a damaged line after it.
    var samFile: (String, Int)?
    for file in files {
      let text = try String(contentsOfFile: couple.alex.root + "/us/" + file, encoding: .utf8)
      if text.contains("\"op\":\"done\"") {
        samFile = (file, text.split(separator: "\n").count + 1)
      }
    }
    let (file, line) = try #require(samFile)
    let handle = try #require(FileHandle(forWritingAtPath: couple.alex.root + "/us/" + file))
    handle.seekToEndOfFile()
    handle.write(Data("{\"v\":1,\"id\":\n".utf8))
    try handle.close()
    for _ in 0..<2 {
      let json = try couple.run(couple.alex, ["together", "status", "--json"]).stdout
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
      let problems = try #require(object["problems"] as? [[String: Any]])
      let damaged = problems.filter { $0["kind"] as? String == "damaged" }
      #expect(damaged.count == 1, "\(problems)")
      #expect(damaged.first?["file"] as? String == file)
      #expect(damaged.first?["line"] as? Int == line)
    }
    let text = try couple.run(couple.alex, ["together", "status"]).stdout
    #expect(text.contains("  \(file):\(line): "), "\(text)")
  }
}
