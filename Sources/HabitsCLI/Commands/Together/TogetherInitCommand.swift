// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync

/// `habits together init`: joins a folder shared with a partner.
struct TogetherInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Join the folder you share with your partner.",
    discussion: """
      Writes this device's profile to the folder (your name and the ids of
      the habits your schedule files offer to keep together), records
      [together] folder = "DIR" in config.toml, sends the history of what
      the two of you keep together and takes your partner's, and says what
      you keep together so far. Running it again on the same folder changes only
      the name. On your other computers, use the same --name: they join as
      you.

      Examples:
        habits together init ~/Sync/us --name Alex
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: ArgumentHelp("The folder you share with your partner.", valueName: "dir"))
  var folder: String

  @Option(help: "Your name, as your partner sees it.")
  var name: String

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let directory = try SyncInitCommand.absolute(folder)
    let configPath = try context.ownConfigPath(options)
    let (config, _) = ScheduleLoader.loadConfig(path: configPath)
    if let current = config.togetherFolder, current != directory {
      throw HabitsError(
        "you already keep habits together through '\(current)'",
        hint: "run 'habits together leave' first to use another folder", kind: .usage)
    }
    if let sync = config.syncFolder, FolderOverlap.overlaps(directory, sync) {
      // Either inside the other would hand your partner your whole history,
      // or mix their files with your devices'; compared as the file system
      // resolves them, so that neither a `..` nor a link hides it.
      throw HabitsError(
        "'\(directory)' is, holds or lies in this device's sync folder '\(sync)'",
        hint: "give the together folder a folder of its own", kind: .usage)
    }
    try context.refuseOwnFolders(directory, options, partner: true)
    let habits = try context.loadSchedules(options).habits
    // Checked before the folder and the database are written to.
    let edit = try FolderSetting.together.edit(folder: directory, configPath: configPath)
    let store = try context.openStore(options)
    let offers = TogetherProfile.offers(of: habits)
    let together = TogetherFolder(path: directory)
    let (member, agreement) = try store.joinTogether(
      folder: together, name: name, offers: offers, at: context.now)
    try FolderSetting.together.write(edit)
    // What the two keep together is recorded now, and its history sent
    // and taken, so that the next `done` goes across at once.
    let report = try store.synchronizeTogether(folder: together, offers: offers, at: context.now)
    for problem in report.problems.prefix(5) {
      context.writeError("habits: together: \(problem)\n")
    }
    var output = TogetherStatusCommand.output(
      folder: directory, member: member, agreement: agreement, problems: [])
    // What the pass just took of the partner's has arrived.
    output.partner?.lastEvent =
      TogetherStatusCommand.lastEvent(
        of: agreement.partner?.person, in: together, try together.list())?.description
    if options.json {
      context.print(try JSONOutput.encode(output))
      return
    }
    TogetherStatusCommand.printText(output, to: context)
  }

  func validate() throws {
    if let problem = TogetherProfile.checkedName(name) {
      throw ValidationError("'--name': \(problem).")
    }
  }
}
