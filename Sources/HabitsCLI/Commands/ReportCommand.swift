// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsReport
import Recurrence

/// `habits report`: the week and the year as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Write the week and the year as one HTML page.",
    discussion: """
      One file with everything inside it (no scripts, nothing fetched from the
      network): the week as `habits week` shows it, and for each habit its
      streaks and strength as `habits stats` gives them, a heatmap of the last
      53 weeks and its strength week by week. It reads on a phone too, and
      follows the system's light or dark mode.
      The week starts on config.toml's week_starts (default monday).
      --out writes the file whole (a new one readable by you alone) and
      through a symbolic link; a FIFO, a device or a descriptor habits was
      given (/dev/stdout, /dev/fd/3, or - for standard output) is written
      into as it is, and what was written is then said on stderr.

      Examples:
        habits report --out report.html
        habits report --week 2026-11-09 --out last-week.html
        habits report > report.html
      """
  )

  @OptionGroup var options: GlobalOptions

  @Option(help: ArgumentHelp("A day of the week to show (default today).", valueName: "date"))
  var week: String?

  @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
  var out: String?

  func validate() throws {
    if options.json && out == nil {
      throw ValidationError("'--json' needs '--out': the report itself is HTML.")
    }
    if let out, out.isEmpty {
      throw ValidationError("'--out' must name a file.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var out: String
    var weekStart: String
    var habits: Int

    enum CodingKeys: String, CodingKey {
      case out
      case weekStart = "week_start"
      case habits
    }
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let clock = context.clock(loaded.config)
    let today = clock.day(of: context.now)
    let day =
      try week.map { text throws(HabitsError) in
        try Context.day(text, option: "week", today: today)
      } ?? today
    let data = ReportData(
      habits: loaded.habits,
      checkInsByHabit: try context.checkInsByHabit(options, habits: loaded.habits), day: day,
      today: today, clock: clock)
    let page = ReportPage.render(data)
    guard let out else {
      context.write(page)
      return
    }
    let written = try OutputFile.write(page, to: out)
    if options.json {
      context.printWritten(
        try JSONOutput.encode(
          Output(out: out, weekStart: data.weekStart.description, habits: data.parts.count)),
        into: written)
    } else {
      let end = data.weekStart.adding(days: 6)
      let shown = OutputFile.shown(out)
      context.printWritten(
        "Wrote \(shown): the week of \(data.weekStart) to \(end).", into: written)
    }
  }
}
