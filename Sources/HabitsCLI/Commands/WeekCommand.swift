import ArgumentParser
import HabitsCore

/// `habits week`: the weekly summary as a grid.
struct WeekCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "week",
    abstract: "Show the week holding DATE as a grid, one row a habit.",
    discussion: """
      ✓ done   – skipped   ✗ missed   · still to come   (blank) not due
      The week starts on config.toml's week_starts (default monday).

      Examples:
        habits week
        habits week --date 2026-11-09 --json
      """
  )

  @OptionGroup var options: GlobalOptions

  @Option(help: ArgumentHelp("A day of the week to show (default today).", valueName: "date"))
  var date: String?

  func run() throws {
    try run(Context.live())
  }

  struct Item: Encodable {
    var habit: String
    var days: [String: String]
    var done: Int
    var due: Int
    var targetMet: Bool
    var currentStreak: Int

    enum CodingKeys: String, CodingKey {
      case habit, days, done, due
      case targetMet = "target_met"
      case currentStreak = "current_streak"
    }
  }

  struct Output: Encodable {
    var weekStart: String
    var habits: [Item]

    enum CodingKeys: String, CodingKey {
      case weekStart = "week_start"
      case habits
    }
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let clock = context.clock(loaded.config)
    let today = clock.day(of: context.now)
    let day =
      try date.map { text throws(HabitsError) in
        try Context.day(text, option: "date", today: today)
      } ?? today
    let summary = WeekSummary(
      habits: loaded.habits,
      checkInsByHabit: try context.checkInsByHabit(options, habits: loaded.habits), day: day,
      today: today, clock: clock)
    if options.json {
      let items = summary.rows.map { row in
        Item(
          habit: row.habit.id,
          days: Dictionary(
            uniqueKeysWithValues: row.days.map { ($0.day.description, $0.state.rawValue) }),
          done: row.done, due: row.due, targetMet: row.targetMet, currentStreak: row.currentStreak)
      }
      context.print(
        try JSONOutput.encode(Output(weekStart: summary.weekStart.description, habits: items)))
      return
    }
    let style = Style(enabled: context.useColor(options))
    context.write(WeekGrid.render(summary, style: style))
  }
}

/// The week as text: shared by `habits week` and the weekly notification.
enum WeekGrid {
  static func render(_ summary: WeekSummary, style: Style) -> String {
    let end = summary.weekStart.adding(days: 6)
    let out = "Week of \(summary.weekStart) to \(end)\n"
    if summary.rows.isEmpty { return out + "No habits.\n" }
    var table = TextTable()
    let header = (0..<7).map {
      summary.weekStart.adding(days: $0).weekday.shortName.prefix(2).capitalized
    }
    table.add(["HABIT"] + header + ["DONE", "STREAK"])
    for row in summary.rows {
      let cells = row.days.map { symbol($0.state, style) }
      let met = row.targetMet ? style.green("✓") : ""
      let unit = row.streakUnit == "day" ? "d" : row.streakUnit == "week" ? "w" : "mo"
      table.add(
        [row.habit.id] + cells + ["\(row.done)/\(row.due) \(met)", "\(row.currentStreak)\(unit)"])
    }
    return out + table.render()
  }

  static func symbol(_ state: HabitHistory.DayState, _ style: Style) -> String {
    switch state {
    case .done: return style.green("✓")
    case .skipped: return style.dim("–")
    case .missed: return style.red("✗")
    case .pending: return "·"
    case .notDue: return " "
    }
  }
}
