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
      AgentCommand.self,
    ]
  )

  public init() {}

  /// Parses `arguments` (argv without the program name), runs the
  /// subcommand, and exits with its status.
  public static func run(arguments: [String]) {
    do {
      if let quick = QuickPath.command(arguments) {
        try quick(Context.live())
        return
      }
      var command = try fastParse(arguments) ?? parseAsRoot(arguments)
      try command.run()
    } catch let error as HabitsError {
      Environment.write("habits: \(error)\n", to: 2)
      exit(withError: ExitCode(error.kind == .usage ? 64 : 1))
    } catch {
      exit(withError: error)
    }
  }

  /// Parses a well-formed subcommand line against that subcommand alone.
  ///
  /// Parsing from the root reflects over every subcommand's options, which
  /// costs milliseconds on each run of a command people type all day. Help,
  /// completion requests and anything that does not parse take the root's
  /// path, so messages and help read the same either way.
  static func fastParse(_ arguments: [String]) -> ParsableCommand? {
    guard let name = arguments.first,
      let type = configuration.subcommands.first(where: { $0._commandName == name }),
      !arguments.dropFirst().contains(where: {
        $0 == "-h" || $0 == "--help" || $0.hasPrefix("--generate-")
          || $0.hasPrefix("--experimental")
      })
    else { return nil }
    return try? type.parse(Array(arguments.dropFirst())) as? ParsableCommand
  }
}
