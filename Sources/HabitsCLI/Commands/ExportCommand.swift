// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsInterchange
import HabitsSync
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits export`: every habit and check-in as JSON, CSV or an iCalendar file.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write every habit and check-in as JSON, CSV or iCalendar.",
    discussion: """
      json holds everything (schedule files and config.toml included, but the
      sync and together folders it names) and is what `habits import` reads
      back, writing config.toml only where there is none; csv has one row a
      check-in, for spreadsheets; ics has one event a habit with its schedule
      as an RRULE and an alarm, for calendar apps.
      json and ics are refused while a schedule file has an error (`habits
      check` names it), as they would leave its habit out; csv is written.
      --out writes the file whole (a new one readable by you alone) and
      through a symbolic link; a FIFO, a device or a descriptor habits was
      given (/dev/stdout, /dev/fd/3, or - for standard output) is written
      into as it is, and what was written is then said on stderr.

      Examples:
        habits export --format json --out habits-backup.json
        habits export --format csv > checkins.csv
        habits export --format ics --out habits.ics
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json, csv, ics
  }

  @OptionGroup var options: GlobalOptions

  @Option(help: "json, csv or ics.")
  var format: Format = .json

  @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
  var out: String?

  /// What `--json` prints after writing `--out`.
  struct Output: Encodable {
    var out: String
    var format: String
    var habits: Int
    var checkins: Int
  }

  func validate() throws {
    if options.json && out == nil && format != .json {
      throw ValidationError(
        "'--json' with '--format \(format.rawValue)' needs '--out': the export itself is \(format.rawValue)."
      )
    }
    if let out, out.isEmpty {
      throw ValidationError("'--out' must name a file.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    // A schedule file in error gives no habit: a backup or a calendar
    // written without it would be short of it without a word. The check-ins
    // of csv are the database's, whatever the files say.
    let config = ScheduleLoader.configPath(forSchedules: try context.locations(options).schedules)
    let broken = Set(loaded.errors.map(\.path).filter { $0 != config })
    if format != .csv, !broken.isEmpty {
      throw HabitsError(
        "\(broken.count == 1 ? "a schedule file has" : "\(broken.count) schedule files have") "
          + "errors (above): the export would be without \(broken.count == 1 ? "its habit" : "their habits")",
        hint: "fix \(broken.count == 1 ? "it" : "them") ('habits check' says how) and export again")
    }
    var sources: [String: String] = [:]
    for habit in loaded.habits {
      sources[habit.id] = ScheduleLoader.read(path: habit.path).0
    }
    let configText = ScheduleLoader.read(path: config).0.flatMap(FolderSetting.withoutFolders)
    let data = ExportData(
      habits: loaded.habits, sources: sources, checkIns: try context.checkIns(options),
      config: loaded.config, configText: configText, zone: context.zone, now: context.now)
    let text: String
    switch format {
    case .json: text = try JSONExport.render(data)
    case .csv: text = try CSVExport.render(data)
    case .ics: text = try ICSExport.render(data)
    }
    guard let out else {
      context.write(text)
      return
    }
    let written = try OutputFile.write(text, to: out)
    let habits = format == .ics ? data.habits.filter(\.enabled).count : data.habits.count
    if options.json {
      context.printWritten(
        try JSONOutput.encode(
          Output(
            out: out, format: format.rawValue, habits: habits, checkins: data.checkIns.count)),
        into: written)
    } else {
      let what =
        format == .ics
        ? "\(habits) habit\(habits == 1 ? "" : "s") with reminders"
        : "\(habits) habit\(habits == 1 ? "" : "s"), \(data.checkIns.count) check-in\(data.checkIns.count == 1 ? "" : "s")"
      let shown = OutputFile.shown(out)
      context.printWritten("Wrote \(shown): \(what).", into: written)
    }
  }
}
