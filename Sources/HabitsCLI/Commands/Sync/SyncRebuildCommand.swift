// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync

/// `habits sync rebuild`: the history again, from the folder alone.
struct SyncRebuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rebuild",
    abstract: "Rebuild the history from the sync folder alone.",
    discussion: """
      Writes this device's unwritten changes to the folder, then replaces
      every check-in with the replay of every device's events, each file read
      again from its start. Snoozes and the reminder log are kept.
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var events: Int
    var days: Int
    var problems: Int
  }

  func run(_ context: Context) throws {
    let folder = try context.syncFolder(options)
    let report = try context.openStore(options).rebuildFromSync(
      folder: SyncFolder(path: folder), at: context.now)
    if options.json {
      context.print(
        try JSONOutput.encode(
          Output(events: report.merged, days: report.days, problems: report.problems.count)))
      return
    }
    context.print(
      "Rebuilt from \(folder): \(report.merged) events, \(report.days) habit-days.")
    for problem in report.problems { context.print("problem: \(problem)") }
  }
}
