// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync
import Recurrence

/// `habits sync status`: the devices seen, what waits, and what is wrong.
struct SyncStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show the devices seen, what is not merged yet, and problems.",
    discussion: """
      Merges first, then lists each device (id, name, events, its latest
      event), the lines still being written, the days changed here that
      wait to be written to the folder (while it is away), and what could
      not be used, with file and line: damaged lines (skipped), events of a
      newer format (kept, not applied), lines naming another device than
      their file's, conflict copies (ignored, in the folder and among the
      schedule files), unreadable files, a folder that is not there.
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    struct Device: Encodable {
      var id: String
      var name: String?
      var events: Int
      var latest: String?
      var this: Bool
    }
    struct Pending: Encodable {
      var file: String
      var bytes: Int
    }
    struct Problem: Encodable {
      var file: String
      var line: Int?
      var kind: String
      var problem: String
    }
    var syncing: Bool
    var folder: String?
    var device: String?
    var name: String?
    var devices: [Device] = []
    var pending: [Pending] = []
    var problems: [Problem] = []
    /// Days changed here whose events wait to be written to the folder.
    var unwritten: Int?
  }

  func run(_ context: Context) throws {
    let locations = try context.locations(options)
    let config =
      locations.usingShippedSchedules
      ? Config()
      : ScheduleLoader.loadConfig(
        path: ScheduleLoader.configPath(forSchedules: locations.schedules)
      ).0
    let path = locations.database
    guard let folder = config.syncFolder,
      let member = try? HabitStore.forReading(path: path).syncMember(), member.active
    else {
      if options.json {
        context.print(try JSONOutput.encode(Output(syncing: false)))
      } else {
        context.print("This device does not sync. 'habits sync init DIR' starts it.")
      }
      return
    }
    let status = try context.openStore(options).syncStatus(
      folder: SyncFolder(path: folder), at: context.now)
    let copies =
      locations.usingShippedSchedules ? [] : ScheduleLoader.conflictCopies(in: locations.schedules)
    let output = Self.output(status, scheduleCopies: copies)
    if options.json {
      context.print(try JSONOutput.encode(output))
      return
    }
    context.print(
      "This device, \(status.member.name) (\(status.member.device)), syncs through \(folder).")
    var table = TextTable()
    table.add(["DEVICE", "NAME", "EVENTS", "LATEST"])
    for device in output.devices {
      table.add([
        device.id + (device.this ? " *" : ""), device.name ?? "?", "\(device.events)",
        device.latest ?? "-",
      ])
    }
    context.write(table.render())
    if output.problems.contains(where: { $0.file.isEmpty }) {
      context.print("The folder could not be looked at now (below).")
    } else if output.pending.isEmpty {
      context.print("Everything in the folder is merged.")
    } else {
      context.print("Not merged yet (a line still being written):")
      for pending in output.pending { context.print("  \(pending.file): \(pending.bytes) bytes") }
    }
    if let unwritten = output.unwritten, unwritten > 0 {
      context.print(
        "\(unwritten) day\(unwritten == 1 ? "" : "s") changed here wait\(unwritten == 1 ? "s" : "") "
          + "to be written to the folder: kept here meanwhile.")
    }
    if output.problems.isEmpty {
      context.print("No problems.")
    } else {
      context.print("Problems:")
      for problem in output.problems {
        let place = problem.file + (problem.line.map { ":\($0)" } ?? "")
        context.print("  \(place.isEmpty ? "" : place + ": ")\(problem.problem)")
      }
    }
  }

  /// What `sync status` shows: `status`, and the conflict copies among the
  /// schedule files (`scheduleCopies`, their paths), which are never loaded.
  static func output(_ status: SyncStatus, scheduleCopies: [String] = []) -> Output {
    var output = Output(
      syncing: true, folder: status.folder, device: status.member.device.text,
      name: status.member.name)
    output.devices = status.devices.map {
      Output.Device(
        id: $0.id.text, name: $0.name, events: $0.events, latest: $0.latest?.description,
        this: $0.id == status.member.device)
    }
    output.pending = status.pending.map { Output.Pending(file: $0.file, bytes: $0.bytes) }
    output.unwritten = status.unwritten
    output.problems = status.problems.map {
      Output.Problem(
        file: $0.file, line: $0.line > 0 ? $0.line : nil, kind: Self.kind($0.kind),
        problem: $0.kind.description)
    }
    output.problems += scheduleCopies.map { path in
      // The folder is the person's own; the name came from the sync tool.
      let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
      return Output.Problem(
        file: path[..<slash] + InputEcho.visible(String(path[slash...])), line: nil,
        kind: Self.kind(.conflictCopy),
        problem: "a conflict copy of a schedule file made by the sync tool; not loaded")
    }
    return output
  }

  static func kind(_ kind: SyncProblem.Kind) -> String {
    switch kind {
    case .damaged: return "damaged"
    case .newerFormat: return "newer_format"
    case .reusedID: return "reused_id"
    case .conflictCopy: return "conflict_copy"
    case .unreadable: return "unreadable"
    }
  }
}
