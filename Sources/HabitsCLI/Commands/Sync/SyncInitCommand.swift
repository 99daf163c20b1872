// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits sync init`: makes this device a member of a sync folder.
struct SyncInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Make this device a member of a sync folder.",
    discussion: """
      Gives this device an id (kept in the database), writes its name to the
      folder, records [sync] folder = "DIR" in config.toml, writes this
      device's history into the folder once, and merges the others'.
      Running it again while syncing changes only the name; after 'habits
      sync leave', it writes only what changed here meanwhile, and takes
      the days it did not change as the others left them.

      Examples:
        habits sync init ~/Sync/habits
        habits sync init /media/shared/habits --name desktop
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: ArgumentHelp("The folder to sync through.", valueName: "dir"))
  var folder: String

  @Option(help: "The name other devices know this one by (default: the host name).")
  var name: String?

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var folder: String
    var device: String
    var name: String
    var written: Int
    var merged: Int
  }

  func run(_ context: Context) throws {
    let directory = try Self.absolute(folder)
    let configPath = try context.ownConfigPath(options)
    let (config, _) = ScheduleLoader.loadConfig(path: configPath)
    if let current = config.syncFolder, current != directory {
      throw HabitsError(
        "this device already syncs through '\(current)'",
        hint: "run 'habits sync leave' first to sync through another folder", kind: .usage)
    }
    if let together = config.togetherFolder, FolderOverlap.overlaps(directory, together) {
      // Everything in the together folder reaches the partner: this
      // device's whole history, private habits and notes with it.
      throw HabitsError(
        "'\(directory)' is, holds or lies in the folder you share with your partner '\(together)'",
        hint: "give the sync folder a folder of its own", kind: .usage)
    }
    try context.refuseOwnFolders(directory, options, partner: false)
    let name = try name ?? Self.hostName()
    // Checked before the folder and the database are written to.
    let edit = try FolderSetting.sync.edit(folder: directory, configPath: configPath)
    let store = try context.openStore(options)
    let (member, report) = try store.joinSync(
      folder: SyncFolder(path: directory), name: name, at: context.now)
    try FolderSetting.sync.write(edit)
    if options.json {
      context.print(
        try JSONOutput.encode(
          Output(
            folder: directory, device: member.device.text, name: member.name,
            written: report.written, merged: report.merged)))
      return
    }
    context.print("This device, \(member.name) (\(member.device)), syncs through \(directory).")
    context.print(
      "Wrote \(report.written) event\(report.written == 1 ? "" : "s") of its history; merged \(report.merged) from other devices."
    )
    for problem in report.problems { context.print("problem: \(problem)") }
  }

  /// `text` as an absolute path without trailing slashes; refused when empty
  /// or holding control characters.
  static func absolute(_ text: String) throws(HabitsError) -> String {
    guard !text.isEmpty else {
      throw HabitsError("the sync folder is empty", hint: "give a directory", kind: .usage)
    }
    guard !text.unicodeScalars.contains(where: \.isControlCharacter) else {
      throw HabitsError(
        "the sync folder '\(Context.printable(text))' holds control characters", kind: .usage)
    }
    let path = try Context.absolute(text)
    guard path.utf8.count <= Locations.maxPathBytes else {
      throw HabitsError(
        "the sync folder's path is longer than \(Locations.maxPathBytes) bytes", kind: .usage)
    }
    return path
  }

  /// The host name, cut to a device name's length.
  static func hostName() throws(HabitsError) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    let name =
      gethostname(&buffer, buffer.count) == 0
      ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      : ""
    guard SyncFolder.checkedName(name) == nil else {
      throw HabitsError("this host has no usable name", hint: "pass --name NAME", kind: .usage)
    }
    return name
  }

  func validate() throws {
    if let name, let problem = SyncFolder.checkedName(name) {
      throw ValidationError("'--name': \(problem).")
    }
  }
}
