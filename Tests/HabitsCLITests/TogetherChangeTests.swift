// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

extension TogetherInitCommand: RunsInContext {}
extension SkipCommand: RunsInContext {}
extension UndoCommand: RunsInContext {}
extension LogCommand: RunsInContext {}

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
}
