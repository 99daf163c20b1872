// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// `habits init`: copies the shipped schedules into the config directory.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Copy the shipped schedules into your config directory (never overwrites).",
    discussion: """
      Copies each shipped schedule file that is not there yet into
      $XDG_CONFIG_HOME/habits/schedules (or --schedules), and says what it did.
      Files already there are left exactly as they are. Then edit them:
      enabled = true switches a practice on.

      Examples:
        habits init
        habits init --schedules ~/dotfiles/habits/schedules
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var directory: String
    var copied: [String]
    var kept: [String]
  }

  func run(_ context: Context) throws {
    guard let shipped = context.shippedSchedules else {
      throw HabitsError(
        "cannot find the shipped schedules",
        hint: "reinstall habits, or copy schedule files by hand")
    }
    let directory = try Locations.ownSchedules(
      schedulesFlag: options.schedules, environment: context.environment,
      notUTF8: context.notUTF8)
    let result = try ScheduleFolder.copyNew(from: shipped, to: directory)
    let (copied, kept) = (result.copied, result.kept)
    if options.json {
      context.print(try JSONOutput.encode(Output(directory: directory, copied: copied, kept: kept)))
      return
    }
    for name in copied { context.print("copied \(name)") }
    for name in kept { context.print("kept   \(name) (already there)") }
    context.print(
      "\(copied.count) copied, \(kept.count) kept, in \(directory). "
        + "Set enabled = true in a file to switch that practice on.")
  }
}
