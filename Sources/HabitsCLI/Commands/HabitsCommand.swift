// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits`: the root command. It lists the subcommands and turns errors into
/// messages and exit statuses (1 for failures, 64 for usage).
public struct HabitsCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "habits",
    abstract: "Gentle reminders for the small things that bring people closer.",
    discussion: """
      Schedules live in plain TOML files, one habit a file; check-ins live in one
      SQLite file. HABITS_NOW (an ISO 8601 instant) and TZ fix now and the zone.
      The schedule files and config.toml are described in habits(5).

      habits \(HabitsVersion.current)
      """,
    version: HabitsVersion.current,
    subcommands: [
      ListCommand.self, TodayCommand.self, DoneCommand.self, UndoCommand.self,
      SkipCommand.self, SnoozeCommand.self, StatsCommand.self, WeekCommand.self,
      LogCommand.self, CalendarCommand.self, NextCommand.self, CheckCommand.self,
      ImportCommand.self, ExportCommand.self, ReportCommand.self, InitCommand.self,
      SyncCommand.self, TogetherCommand.self, AgentCommand.self,
    ]
  )

  public init() {}

  /// Parses `arguments` (argv without the program name), runs the
  /// subcommand, and exits with its status.
  ///
  /// The everyday lines take `QuickPath`, which builds the same command
  /// argument-parser would at a fraction of the cost; every other line,
  /// and every line `QuickPath` leaves, is argument-parser's.
  public static func run(arguments: [String]) {
    do {
      var command = try QuickPath.command(arguments) ?? parseAsRoot(arguments)
      try command.run()
    } catch let error as HabitsError {
      Environment.write("habits: \(error)\n", to: 2)
      exit(withError: ExitCode(error.kind == .usage ? 64 : 1))
    } catch {
      exit(withError: error)
    }
  }
}
