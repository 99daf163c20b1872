// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsCore

/// `config.toml` as SCHEDULES.md describes it: every key, its defaults, and
/// that a bad setting keeps its default and is reported.
@Suite struct ConfigFileTests {
  private func loadConfig(_ text: String) throws -> (Config, [String], String) {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.writeConfig(text)
    let (config, diagnostics) = ScheduleLoader.loadConfig(path: path)
    return (config, diagnostics.map(\.description), path)
  }

  private func time(_ hour: Int, _ minute: Int) -> TimeOfDay {
    TimeOfDay(hour: hour, minute: minute)
  }

  @Test func everyKeyIsRead() throws {
    // Given a config that sets every key away from its default
    let text = """
      day_starts_at = "04:00"
      week_starts = "sunday"
      relationship = "long-distance"
      quiet_hours = "22:30-07:30"
      summary = "every saturday at 18:00"
      catch_up = "2h"
      gather = "45m"
      notifier = "stdout"
      """
    // When it is read
    let (config, diagnostics, _) = try loadConfig(text)
    // Then each value is taken
    #expect(diagnostics.isEmpty)
    #expect(config.dayStartsAt == time(4, 0))
    #expect(config.weekStarts == .sunday)
    #expect(config.relationship == .longDistance)
    #expect(config.quietHours == Config.QuietHours(start: time(22, 30), end: time(7, 30)))
    #expect(config.summary?.expression == "every saturday at 18:00")
    #expect(config.catchUp == .within(2 * 3600))
    #expect(config.gather == 45 * 60)
    #expect(config.notifier == .stdout)
  }

  @Test func theDefaultsAreTheDocumentedOnes() throws {
    // Given an empty config (and no config at all)
    let (config, diagnostics, _) = try loadConfig("")
    // Then both are the defaults SCHEDULES.md lists
    #expect(diagnostics.isEmpty)
    #expect(config == Config())
    #expect(config.dayStartsAt == time(0, 0))
    #expect(config.weekStarts == .monday)
    #expect(config.relationship == .couple)
    #expect(config.quietHours == nil)
    #expect(config.summary?.expression == "every sunday at 16:00")
    #expect(config.catchUp == .sameDay)
    #expect(config.gather == 20 * 60)
    #expect(config.notifier == .libnotify)
  }

  @Test func theShippedExampleConfigIsValid() throws {
    // Given config.example.toml from the package root
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("config.example.toml").path
    // When it is read
    let (config, diagnostics) = ScheduleLoader.loadConfig(path: path)
    // Then, as it says, it changes nothing
    #expect(diagnostics.isEmpty)
    #expect(config == Config())
  }

  @Test func quietHoursMayCrossMidnight() throws {
    let (config, _, _) = try loadConfig("quiet_hours = \"22:30-07:30\"\n")
    let quiet = try #require(config.quietHours)
    // The start is inside, the end is not; both sides of midnight are inside
    #expect(quiet.contains(time(22, 30)))
    #expect(quiet.contains(time(23, 59)))
    #expect(quiet.contains(time(0, 0)))
    #expect(quiet.contains(time(7, 29)))
    #expect(!quiet.contains(time(7, 30)))
    #expect(!quiet.contains(time(12, 0)))
    #expect(!quiet.contains(time(22, 29)))
    #expect(quiet.description == "22:30-07:30")
  }

  @Test func quietHoursWithinADay() throws {
    let (config, _, _) = try loadConfig("quiet_hours = \"13:00 - 14:00\"\n")
    let quiet = try #require(config.quietHours)
    #expect(quiet.contains(time(13, 30)))
    #expect(!quiet.contains(time(14, 0)))
    #expect(!quiet.contains(time(2, 0)))
  }

  @Test func summaryOffAndAsAWordsSchedule() throws {
    let (off, offDiagnostics, _) = try loadConfig("summary = \"off\"\n")
    #expect(offDiagnostics.isEmpty)
    #expect(off.summary == nil)

    let (words, _, _) = try loadConfig("summary = \"every friday at 17:30\"\n")
    let summary = try #require(words.summary)
    #expect(summary.form == .words)
    // 2026-01-01 is a Thursday: the first summary is the next day at 17:30
    let from = try #require(DateTimeFormat.instant("2026-01-01T00:00Z", in: .utc))
    #expect(
      summary.next(from: from, in: .utc) == DateTimeFormat.instant("2026-01-02T17:30Z", in: .utc))
  }

  @Test func catchUpForms() throws {
    #expect(try loadConfig("catch_up = \"same-day\"\n").0.catchUp == .sameDay)
    #expect(try loadConfig("catch_up = \"off\"\n").0.catchUp == .off)
    #expect(try loadConfig("catch_up = \"1h30m\"\n").0.catchUp == .within(5400))
    #expect(try loadConfig("catch_up = \"15m\"\n").0.catchUp == .within(900))
  }

  @Test func gatherForms() throws {
    #expect(try loadConfig("gather = \"off\"\n").0.gather == nil)
    #expect(try loadConfig("gather = \"0\"\n").0.gather == nil)
    #expect(try loadConfig("gather = \"5m\"\n").0.gather == 300)
    #expect(try loadConfig("gather = \"2h\"\n").0.gather == 7200)
    // Longer than two hours, or not a duration, is an error that keeps the default
    let (long, tooLong, path) = try loadConfig("gather = \"3h\"\n")
    #expect(
      tooLong == [
        "\(path):1:10: error: 'gather' can be at most 2h, since it brings reminders forward"
          + " by up to that much, not '3h'"
      ])
    #expect(long.gather == 20 * 60)
    let (_, notADuration, path2) = try loadConfig("gather = \"soon\"\n")
    #expect(
      notADuration == [
        "\(path2):1:10: error: 'gather' must be \"off\" or a duration such as 15m, 2h, 1h30m"
          + " or 1d (at most 2h), not 'soon'"
      ])
    let (_, notAString, _) = try loadConfig("gather = 20\n")
    #expect(notAString.count == 1)
  }

  @Test func notifierForms() throws {
    #expect(try loadConfig("notifier = \"libnotify\"\n").0.notifier == .libnotify)
    #expect(try loadConfig("notifier = \"stdout\"\n").0.notifier == .stdout)
    let (inline, diagnostics, _) = try loadConfig(
      "notifier = { command = [\"notify-me\", \"--from-habits\"] }\n")
    #expect(diagnostics.isEmpty)
    #expect(inline.notifier == .command(["notify-me", "--from-habits"]))
    let (table, _, _) = try loadConfig("[notifier]\ncommand = [\"prog\"]\n")
    #expect(table.notifier == .command(["prog"]))
  }

  @Test func fallbackForms() throws {
    // Standard output unless told otherwise
    #expect(try loadConfig("notifier = \"libnotify\"\n").0.fallback == .stdout)
    #expect(try loadConfig("fallback = \"stdout\"\n").0.fallback == .stdout)
    let (inline, diagnostics, _) = try loadConfig(
      "fallback = { command = [\"logger\", \"-t\", \"habits\"] }\n")
    #expect(diagnostics.isEmpty)
    #expect(inline.fallback == .command(["logger", "-t", "habits"]))
    #expect(inline.notifier == .libnotify)
  }

  @Test func syncFolderForms() throws {
    let (config, diagnostics, _) = try loadConfig("[sync]\nfolder = \"/home/sam/Sync/habits\"\n")
    #expect(diagnostics.isEmpty)
    #expect(config.syncFolder == "/home/sam/Sync/habits")
    #expect(try loadConfig("gather = \"off\"\n").0.syncFolder == nil)
    let (bad, problems, path) = try loadConfig(
      "sync = \"yes\"\n[other]\n")
    #expect(bad.syncFolder == nil)
    #expect(problems.first?.hasPrefix("\(path):1:") == true)
    let (relative, relativeProblems, _) = try loadConfig(
      "[sync]\nfolder = \"Sync/habits\"\nfolders = 1\n")
    #expect(relative.syncFolder == nil)
    #expect(
      relativeProblems.contains { $0.contains("'sync.folder' must be an absolute path") })
    #expect(relativeProblems.contains { $0.contains("unknown key 'sync.folders'") })
  }

  /// A config edited by hand to put the sync folder (one person's whole
  /// history) in, around or at the together folder (the partner's copy)
  /// uses neither, and says why.
  @Test func syncAndTogetherFoldersThatMeetAreBothRefused() throws {
    for (sync, together) in [
      ("/home/sam/Sync/us", "/home/sam/Sync/us/"),
      ("/home/sam/Sync/us/habits", "/home/sam/Sync/us"),
      ("/home/sam/Sync", "/home/sam/Sync/us"),
      ("/home/sam/Sync/x/../us", "/home/sam/Sync/./us"),
    ] {
      let (config, diagnostics, path) = try loadConfig(
        "[sync]\nfolder = \"\(sync)\"\n\n[together]\nfolder = \"\(together)\"\n")
      #expect(config.syncFolder == nil && config.togetherFolder == nil, "\(sync) \(together)")
      #expect(
        diagnostics.contains {
          $0.hasPrefix("\(path):5:")
            && $0.contains("is, holds or lies in the sync folder '\(sync)'; neither is used")
        }, "\(diagnostics)")
    }
    let (apart, diagnostics, _) = try loadConfig(
      "[sync]\nfolder = \"/home/sam/Sync/us-habits\"\n[together]\nfolder = \"/home/sam/Sync/us\"\n")
    #expect(diagnostics.isEmpty)
    #expect(apart.syncFolder == "/home/sam/Sync/us-habits")
    #expect(apart.togetherFolder == "/home/sam/Sync/us")
  }

  @Test func theDesktopIsNoFallbackForItself() throws {
    let (config, diagnostics, path) = try loadConfig(
      "fallback = \"libnotify\"\nfallback_ = 1\n[notifier]\ncommand = []\n")
    #expect(
      diagnostics == [
        "\(path):1:12: error: 'fallback' is for when the desktop cannot be reached:"
          + " use \"stdout\" or { command = [\"prog\", \"arg\"] }",
        "\(path):2:1: error: unknown key 'fallback_' — did you mean 'fallback'?",
        "\(path):3:1: error: 'notifier.command' needs at least the program to run",
      ])
    #expect(config.fallback == .stdout && config.notifier == .libnotify)
  }

  @Test func badSettingsKeepTheirDefaultsAndAreReported() throws {
    // Given a config with one bad value per key, and one good one
    let text = """
      day_starts_at = "12:00"
      week_starts = "sundy"
      quiet_hours = "22:30"
      summary = "every sundy at 19:00"
      catch_up = "soon"
      notifier = "libnotfy"
      quiet_hour = "x"
      """
    // When it is read
    let (config, diagnostics, path) = try loadConfig(text)
    // Then every bad value is reported at its place, in line order …
    #expect(
      diagnostics == [
        "\(path):1:17: error: 'day_starts_at' must be a time from 00:00 to 11:59"
          + " such as \"04:00\", not '12:00'",
        "\(path):2:15: error: unknown weekday 'sundy' — did you mean 'sunday'?",
        "\(path):3:15: error: 'quiet_hours' must be a span such as \"22:30-07:30\", not '22:30'",
        "\(path):4:18: error: unknown weekday 'sundy' in 'every sundy at 19:00'"
          + " — did you mean 'sunday'?",
        "\(path):5:12: error: 'catch_up' must be \"same-day\", \"off\" or a duration such as"
          + " 15m, 2h, 1h30m or 1d, not 'soon'",
        "\(path):6:12: error: unknown notifier 'libnotfy' — did you mean 'libnotify'?",
        "\(path):7:1: error: unknown key 'quiet_hour' — did you mean 'quiet_hours'?",
      ])
    // … and every setting keeps its default
    #expect(config == Config())
  }

  @Test func notifierTableProblemsPointAtTheNotifierLine() throws {
    // Given an inline table with a misspelt key, on line 2
    let (_, typo, path) = try loadConfig(
      "week_starts = \"monday\"\nnotifier = { comand = [\"x\"] }\n")
    // Then the problems are on line 2, not 1:1
    #expect(
      typo == [
        "\(path):2:1: error: unknown key 'notifier.comand' — did you mean 'command'?",
        "\(path):2:12: error: 'notifier' needs 'command', e.g. { command = [\"prog\", \"arg\"] }",
      ])

    let (config, missing, path2) = try loadConfig("\nnotifier = {}\n")
    #expect(
      missing == [
        "\(path2):2:12: error: 'notifier' needs 'command', e.g. { command = [\"prog\", \"arg\"] }"
      ])
    #expect(config.notifier == .libnotify)

    let (_, wrongType, path3) = try loadConfig("\nnotifier = { command = \"prog\" }\n")
    #expect(
      wrongType == [
        "\(path3):2:12: error: 'notifier.command' must be an array of strings, not a string"
      ])

    let (_, empty, path4) = try loadConfig("notifier = { command = [] }\n")
    #expect(empty == ["\(path4):1:12: error: 'notifier.command' needs at least the program to run"])
  }

  @Test func theConfigBesideTheSchedulesDirectoryIsUsed() throws {
    // Given a schedules directory and a config.toml beside it with one bad key
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.write("tea.toml", "when = \"daily at 9:00\"\n")
    let configPath = try fixture.writeConfig("week_starts = \"sunday\"\nsumary = \"off\"\n")
    // When the directory is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules + "/")
    // Then the config applies, and its diagnostics come first
    #expect(result.config.weekStarts == .sunday)
    #expect(result.habits.map(\.id) == ["tea"])
    #expect(
      result.diagnostics.map(\.description) == [
        "\(configPath):2:1: error: unknown key 'sumary' — did you mean 'summary'?"
      ])
  }

  @Test func configPathIsBesideTheDirectory() {
    #expect(ScheduleLoader.configPath(forSchedules: "/a/b/schedules") == "/a/b/config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "/a/b/schedules//") == "/a/b/config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "schedules") == "config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "./schedules") == "./config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "/schedules") == "/config.toml")
    // "." and ".." are not stripped away: the parent of "." is "..".
    #expect(ScheduleLoader.configPath(forSchedules: ".") == "./../config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "a/./") == "a/./../config.toml")
    #expect(ScheduleLoader.configPath(forSchedules: "..") == "../../config.toml")
  }

  @Test func aConfigInsideADotDirectoryIsReadOnce() throws {
    // Given a schedules directory named "." by way of a trailing "/." that holds config.toml
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.write("config.toml", "wek_starts = \"sunday\"\n")
    // When it is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules + "/.")
    // Then its one problem is reported once, not twice
    #expect(result.diagnostics.count == 1)
  }
}
