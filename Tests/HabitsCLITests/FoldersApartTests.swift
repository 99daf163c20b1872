// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// The sync folder holds all of one person's history; the together folder
/// is copied to the partner. Neither init lets them be one folder or one
/// inside the other, however the path is spelt.
@Suite struct FoldersApartTests {
  static func flags(_ fixture: CLIFixture) -> [String] {
    ["--schedules", fixture.schedules, "--db", fixture.root + "/habits.sqlite3"]
  }

  static func fixture() throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-11-20T17:00:00Z", zone: "UTC")
    try fixture.write(
      "walk.toml", "title = \"Walk\"\nwhen = \"daily at 12:00\"\ntogether = \"shared\"\n")
    try fixture.write("diary.toml", "title = \"Diary\"\nwhen = \"daily at 21:00\"\n")
    return fixture
  }

  /// Runs `arguments`, expecting the usage error (exit status 64) whose
  /// message contains `words`.
  static func refused(_ fixture: CLIFixture, _ arguments: [String], saying words: String) throws {
    let (error, _) = try fixture.failure(arguments + flags(fixture))
    let habitsError = try #require(error as? HabitsError, "\(error)")
    #expect(habitsError.kind == .usage, "\(arguments): \(habitsError)")
    #expect(habitsError.message.contains(words), "\(arguments): \(habitsError.message)")
  }

  /// `config.toml`'s text, or "" when there is none.
  static func config(_ fixture: CLIFixture) -> String {
    let path = ScheduleLoader.configPath(forSchedules: fixture.schedules)
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }

  @Test func syncInitRefusesTheTogetherFolderAndFoldersInOrAroundIt() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let us = fixture.root + "/us"
    _ = try fixture.run(["together", "init", us, "--name", "Alex"] + Self.flags(fixture))
    _ = try fixture.run(["done", "diary", "--note", "private"] + Self.flags(fixture))
    try FileManager.default.createDirectory(
      atPath: fixture.root + "/x", withIntermediateDirectories: true)
    #expect(symlink(us, fixture.root + "/link") == 0)
    for folder in [
      us, us + "/", us + "/inner", fixture.root, fixture.root + "/x/../us",
      fixture.root + "/link", fixture.root + "/link/new",
    ] {
      try Self.refused(
        fixture, ["sync", "init", folder, "--name", "laptop"], saying: "share with your partner")
    }
    #expect(!Self.config(fixture).contains("[sync]"))
    #expect(!FileManager.default.fileExists(atPath: us + "/devices"))
    #expect(!FileManager.default.fileExists(atPath: us + "/inner"))
  }

  @Test func togetherInitRefusesTheSyncFolderHoweverItIsSpelt() throws {
    let fixture = try Self.fixture()
    defer { fixture.remove() }
    let sync = fixture.root + "/S"
    _ = try fixture.run(["sync", "init", sync, "--name", "laptop"] + Self.flags(fixture))
    try FileManager.default.createDirectory(
      atPath: fixture.root + "/x", withIntermediateDirectories: true)
    #expect(symlink(sync, fixture.root + "/link") == 0)
    for folder in [
      sync, fixture.root + "/x/../S", fixture.root + "/./S/", fixture.root + "/link",
      fixture.root + "/link/us", fixture.root + "/x/..", fixture.root + "/S/devices/../us",
    ] {
      try Self.refused(
        fixture, ["together", "init", folder, "--name", "Alex"], saying: "sync folder")
    }
    #expect(!Self.config(fixture).contains("[together]"))
    #expect(!FileManager.default.fileExists(atPath: sync + "/people"))
    #expect(!FileManager.default.fileExists(atPath: sync + "/us"))
    // A folder beside it is the together folder's own.
    _ = try fixture.run(
      ["together", "init", fixture.root + "/x/../us", "--name", "Alex"] + Self.flags(fixture))
    #expect(Self.config(fixture).contains("[together]"))
  }
}
