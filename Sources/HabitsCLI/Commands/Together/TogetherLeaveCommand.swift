// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

/// `habits together leave`: stops keeping habits together, deleting nothing.
struct TogetherLeaveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leave",
    abstract: "Stop keeping habits together; everything recorded stays.",
    discussion: """
      Takes [together] out of config.toml; this device stops writing to the
      folder and reading it. Nothing is deleted: your history stays here and
      what was written stays in the folder. 'habits together init' later
      continues as the same person.
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var left: Bool
  }

  func run(_ context: Context) throws {
    let configPath = try context.ownConfigPath(options)
    let (config, _) = ScheduleLoader.loadConfig(path: configPath)
    var left = config.togetherFolder != nil
    // Checked before the database leaves.
    let edit = try FolderSetting.together.edit(folder: nil, configPath: configPath)
    let path = try context.locations(options).database
    if access(path, F_OK) == 0 {
      left = try HabitStore(path: path).leaveTogether() || left
    }
    try FolderSetting.together.write(edit)
    if options.json {
      context.print(try JSONOutput.encode(Output(left: left)))
      return
    }
    context.print(
      left
        ? "You no longer keep habits together here. Your history and the folder are left as they are."
        : "You were not keeping habits together here.")
  }
}
