// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

/// `habits sync leave`: stops syncing, deleting nothing.
struct SyncLeaveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "leave",
    abstract: "Stop syncing; the history here and in the folder stays.",
    discussion: """
      Takes [sync] out of config.toml and stops writing events. Nothing is
      deleted: the check-ins stay in the database and the events in the
      folder; 'habits sync init' later continues with the same device id.
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
    var left = config.syncFolder != nil
    // Checked before the database leaves.
    let edit = try FolderSetting.sync.edit(folder: nil, configPath: configPath)
    let path = try context.locations(options).database
    if access(path, F_OK) == 0 {
      let store = try HabitStore(path: path)
      // What was changed here and not written yet goes to the folder first.
      try context.writeSyncEvents(store, config: config)
      left = try store.leaveSync() || left
    }
    try FolderSetting.sync.write(edit)
    if options.json {
      context.print(try JSONOutput.encode(Output(left: left)))
      return
    }
    context.print(
      left
        ? "This device no longer syncs. Its history and the sync folder are left as they are."
        : "This device was not syncing.")
  }
}
