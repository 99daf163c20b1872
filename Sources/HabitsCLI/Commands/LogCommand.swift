// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits log`: the check-ins, newest first.
struct LogCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "log",
    abstract: "List check-ins and skips, newest first.",
    discussion: """
      Examples:
        habits log
        habits log gratitude --since 2026-11-01 --json
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "A habit id; all habits when left out.", completion: HabitCompletion.kind)
  var habit: String?

  @Option(help: ArgumentHelp("Only from this day on.", valueName: "date"))
  var since: String?

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let clock = context.clock(loaded.config)
    var habitID: String?
    if let habit {
      // An id with check-ins but no file is still shown.
      habitID = try context.recordedHabit(habit, in: loaded, options)?.id ?? habit
    }
    let sinceDay = try since.map { text throws(HabitsError) in
      try Context.day(text, option: "since", today: clock.day(of: context.now))
    }
    let checkIns = try context.checkIns(options, habitID: habitID, since: sinceDay).reversed()
    if options.json {
      context.print(try JSONOutput.encode(checkIns.map(CheckInOutput.init)))
      return
    }
    if checkIns.isEmpty {
      context.print("Nothing recorded\(sinceDay.map { " since \($0)" } ?? "").")
      return
    }
    var table = TextTable()
    for checkIn in checkIns {
      let value = checkIn.value.map { AmountFormat.text($0) } ?? ""
      let note = (checkIn.note ?? "").split(separator: "\n").joined(separator: " / ")
      table.add([
        "\(checkIn.day)", checkIn.habitID, checkIn.kind == .done ? "done" : "skip", value,
        Context.printable(note),
      ])
    }
    context.write(table.render())
  }
}
