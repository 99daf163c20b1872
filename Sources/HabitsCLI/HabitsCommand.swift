import ArgumentParser
import HabitsCore

/// `habits`: the root command. It lists the subcommands and turns errors into
/// messages and exit statuses (1 for failures, 64 for usage).
public struct HabitsCommand: AsyncParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "habits",
    abstract: "Gentle reminders for the small things that bring people closer.",
    discussion: """
      Schedules live in plain TOML files, one habit a file; check-ins live in one
      SQLite file. HABITS_NOW (an ISO 8601 instant) and TZ fix now and the zone.
      """,
    subcommands: [
      ListCommand.self, TodayCommand.self, DoneCommand.self, UndoCommand.self,
      SkipCommand.self, SnoozeCommand.self, StatsCommand.self, WeekCommand.self,
      LogCommand.self, CalendarCommand.self, NextCommand.self, CheckCommand.self,
      InitCommand.self, AgentCommand.self,
    ]
  )

  public init() {}

  /// Parses `arguments` (argv without the program name), runs the
  /// subcommand, and exits with its status.
  public static func run(arguments: [String]) async {
    do {
      var command = try parseAsRoot(arguments)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch let error as HabitsError {
      Environment.write("habits: \(error)\n", to: 2)
      exit(withError: ExitCode(error.kind == .usage ? 64 : 1))
    } catch {
      exit(withError: error)
    }
  }
}
