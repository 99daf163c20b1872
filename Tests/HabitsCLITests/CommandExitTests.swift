// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// A command closes the databases it opened and then ends the process,
/// rather than release what it built one object at a time: the connection
/// is closed as before (the last to close tidies the WAL away), and nothing
/// else runs after the command's work.
@Suite struct CommandExitTests {
  /// The database files beside `path` that are there.
  static func files(beside path: String) -> [String] {
    ["", "-wal", "-shm"].filter { FileManager.default.fileExists(atPath: path + $0) }
  }

  @Test func closingTheOpenedStoresTidiesTheirFilesAndForgetsThem() throws {
    // Given a command's context that opened the database for writing, wrote
    // a check-in, and read through a second connection of its own
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    try fixture.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let database = fixture.root + "/habits.sqlite3"
    let context = Context(
      now: fixture.now, zone: fixture.zone,
      environment: fixture.environment.merging(["HABITS_DB": database]) { $1 },
      shippedSchedules: nil, write: { _ in }, writeError: { _ in })
    var options = GlobalOptions()
    options.schedules = fixture.schedules
    options.db = database
    options.json = false
    options.color = .never
    let store = try context.openStore(options)
    _ = try store.recordDone(
      habitID: "gratitude", day: .init(year: 2026, month: 3, day: 7), at: fixture.now)
    #expect(Self.files(beside: database) == ["", "-wal", "-shm"])
    // When its stores are closed
    #expect(context.opened.close())
    // Then the last connection to close took the WAL into the file, the
    // command's store is forgotten, and the check-in is in the file alone
    #expect(Self.files(beside: database) == [""])
    #expect(context.opened.store(at: database) == nil)
    let reopened = try context.openStore(options)
    #expect(try reopened.checkIns(habitID: "gratitude", since: nil).count == 1)
    #expect(context.opened.close())
  }

  @Test(arguments: [
    ["done", "gratitude"], ["today"], ["undo", "gratitude"], ["stats", "--json"],
  ])
  func theRealBinaryClosesTheDatabaseAndStartsNoThreadToTearDown(arguments: [String]) throws {
    // Given a database with a check-in, and strace (./dev setup installs it)
    let strace = try #require(
      ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) },
      "strace is missing: ./dev setup installs it")
    let sandbox = try RealBinaryTests.Sandbox()
    defer { sandbox.remove() }
    try sandbox.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let database = sandbox.root.path + "/habits.sqlite3"
    let extra = ["HABITS_DB": database, "HABITS_SCHEDULES": sandbox.schedules]
    #expect(try sandbox.run(["done", "gratitude"], extra: extra).status == 0)
    // When the command runs under strace, which notes each thread it starts
    let trace = sandbox.root.path + "/trace"
    let binary = try RealBinaryTests.binary().path
    let run = try sandbox.run(
      ["-f", "-qq", "-e", "trace=clone,clone3", "-o", trace, binary] + arguments,
      extra: extra, executable: strace)
    // Then it succeeds, starts no thread (GRDB's queue starts one to dispose
    // of itself when released), and leaves the database in one file
    #expect(run.status == 0, "\(run.stderr)")
    let threads = try String(contentsOfFile: trace, encoding: .utf8)
      .split(separator: "\n").filter { $0.contains("clone") }
    #expect(threads.isEmpty, "\(threads)")
    #expect(Self.files(beside: database) == [""])
  }
}
