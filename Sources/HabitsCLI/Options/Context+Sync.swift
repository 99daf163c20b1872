// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

extension Context {
  /// With `[sync]` on, merges what the sync folder gained (after writing
  /// this device's own changes there) before a command reads. A folder that
  /// cannot be reached does not stop the command: it says so on stderr and
  /// goes on with the history this device has. The pass runs on the store
  /// the command goes on to use (`openStore`), so the file is opened once.
  func synchronize(_ options: GlobalOptions, config: Config) {
    guard let folder = config.syncFolder else { return }
    do {
      let path = try locations(options).database
      guard access(path, F_OK) == 0 else { return }
      let report = try openStore(options).synchronize(folder: SyncFolder(path: folder), at: now)
      for problem in report.problems.prefix(5) { writeError("habits: sync: \(problem)\n") }
      if report.problems.count > 5 {
        writeError(
          "habits: sync: \(report.problems.count - 5) more problems; 'habits sync status' lists them\n"
        )
      }
    } catch {
      writeError("habits: sync: \(error); showing this device's history as it is\n")
    }
  }

  /// With `[together]` on, sends this person's new events of the habits
  /// kept together and takes the partner's (`offers`: the habits the
  /// schedule files offer, when all were loaded). As with sync, a folder
  /// that cannot be reached does not stop the command.
  func synchronizeTogether(
    _ options: GlobalOptions, config: Config, offers: [TogetherProfile.Offer]?,
    loaded: [Habit] = []
  ) {
    guard let folder = config.togetherFolder else { return }
    do {
      let path = try locations(options).database
      guard access(path, F_OK) == 0 else { return }
      let report = try openStore(options).synchronizeTogether(
        folder: TogetherFolder(path: folder), offers: offers, loaded: loaded, at: now)
      for problem in report.problems.prefix(5) { writeError("habits: together: \(problem)\n") }
    } catch {
      writeError("habits: together: \(error); showing your own history as it is\n")
    }
  }

  /// With `[together]` on, sends the change a command just made (`done`,
  /// `skip`, `undo`) to the together folder before the command reports, as
  /// sync writes its event: the partner's computer has it without waiting
  /// for this person's next command, which may never come. A folder that
  /// cannot be reached is said; the change stays and goes at the next pass.
  func sendTogether(_ options: GlobalOptions, config: Config, loaded: [Habit]) {
    synchronizeTogether(options, config: config, offers: nil, loaded: loaded)
  }

  /// With `[sync]` on, writes the change a command just made to this
  /// device's file in the sync folder, on disk before the command reports.
  func writeSyncEvents(_ store: HabitStore, config: Config) throws(HabitsError) {
    guard let folder = syncEvents(config) else { return }
    do {
      try store.writeSyncEvents(folder: folder, at: now)
    } catch {
      throw HabitStore.unwritten(error, folder: folder)
    }
  }

  /// With `[sync]` on, the folder a change is written to as events in the
  /// transaction that makes it (`done`, `skip`, `undo`), on disk before the
  /// command reports.
  func syncEvents(_ config: Config) -> SyncFolder? {
    config.syncFolder.map { SyncFolder(path: $0) }
  }

  /// Refuses `directory` as a folder shared through a sync tool when it
  /// is or holds a folder of this computer's own that the tool must not
  /// copy (one inside such a folder is shared alone, and is fine): the
  /// database's (a live SQLite file copied between computers is damaged),
  /// and for the folder shared with a partner (`partner`) the schedules'
  /// and `config.toml`'s too, which hold every habit's title and prompts.
  func refuseOwnFolders(
    _ directory: String, _ options: GlobalOptions, partner: Bool
  ) throws(HabitsError) {
    let locations = try locations(options)
    func folder(of path: String) throws(HabitsError) -> String {
      let absolute = try Self.absolute(path)
      return String(absolute[..<(absolute.lastIndex(of: "/") ?? absolute.endIndex)])
    }
    var own = [("the database's folder", try folder(of: locations.database))]
    if partner {
      own.append(("the schedules folder", try Self.absolute(locations.schedules)))
      own.append(
        (
          "config.toml's folder",
          try folder(of: ScheduleLoader.configPath(forSchedules: locations.schedules))
        ))
    }
    for (what, folder) in own where FolderOverlap.holds(directory, folder) {
      throw HabitsError(
        "'\(directory)' is or holds \(what) '\(folder)', which stays on this computer",
        hint:
          "give the \(partner ? "together" : "sync") folder a folder of its own, such as ~/Sync/habits",
        kind: .usage)
    }
  }

  /// `path` from the current directory when relative, without trailing slashes.
  static func absolute(_ path: String) throws(HabitsError) -> String {
    var path = path
    if !path.hasPrefix("/") {
      var buffer = [CChar](repeating: 0, count: 4097)
      guard getcwd(&buffer, buffer.count) != nil else {
        throw HabitsError("cannot tell the current directory", hint: "give an absolute path")
      }
      path =
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        + "/" + path
    }
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    return path
  }

  /// Where `config.toml` is for these options, refused for the shipped
  /// schedules, whose folder is not the person's to write in.
  func ownConfigPath(_ options: GlobalOptions) throws(HabitsError) -> String {
    let locations = try locations(options)
    guard !locations.usingShippedSchedules else {
      throw HabitsError(
        "habits reads the shipped schedules, so there is no config.toml of yours to record the sync folder in",
        hint: "run 'habits init' first, or pass --schedules DIR", kind: .usage)
    }
    return ScheduleLoader.configPath(forSchedules: locations.schedules)
  }

  /// The sync folder `config.toml` names, refused when there is none.
  func syncFolder(_ options: GlobalOptions) throws(HabitsError) -> String {
    let (config, _) = ScheduleLoader.loadConfig(path: try ownConfigPath(options))
    guard let folder = config.syncFolder else {
      throw HabitsError(
        "this device does not sync", hint: "run 'habits sync init DIR' first", kind: .usage)
    }
    return folder
  }
}
