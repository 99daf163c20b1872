// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits check`: validates schedule files and reports every problem.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate schedule files.",
    discussion: """
      Prints each problem as path:line:column: error: message, and exits 1 if
      there is any error. Directories are read like the schedules directory
      (with the config.toml beside them). With no PATH, checks the schedules
      directory in use.

      Examples:
        habits check
        habits check schedules/ ~/.config/habits/config.toml
        habits check --json schedules/tea.toml
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "Schedule files or directories.")
  var paths: [String] = []

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let targets = paths.isEmpty ? [try context.locations(options).schedules] : paths
    var diagnostics: [Diagnostic] = []
    var habitCount = 0
    for path in targets {
      var isDirectory = false
      var info = stat()
      if stat(path, &info) == 0 { isDirectory = (info.st_mode & S_IFMT) == S_IFDIR }
      let result =
        isDirectory || paths.isEmpty
        ? try ScheduleLoader.load(directory: path) : ScheduleLoader.load(files: [path])
      diagnostics += result.diagnostics
      diagnostics += ScheduleAdvice.warnings(
        for: result.habits, config: result.config, zone: context.zone, from: context.now)
      habitCount += result.habits.count
    }
    if options.json {
      context.print(try JSONOutput.encode(diagnostics))
    } else {
      for diagnostic in diagnostics { context.print(diagnostic.description) }
      let errors = diagnostics.filter { $0.severity == .error }.count
      let summary =
        errors == 0
        ? "\(habitCount) habit\(habitCount == 1 ? "" : "s") OK"
        : "\(errors) error\(errors == 1 ? "" : "s"); \(habitCount) habit\(habitCount == 1 ? "" : "s") OK"
      context.writeError(summary + "\n")
    }
    if diagnostics.contains(where: { $0.severity == .error }) {
      throw ExitCode.failure
    }
  }
}
