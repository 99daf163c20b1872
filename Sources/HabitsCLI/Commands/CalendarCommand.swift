// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import Recurrence

/// `habits calendar`: a heatmap of the last weeks, like GitHub's.
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract: "Show a heatmap of the last N weeks.",
    discussion: """
      One column a week, one row a weekday, today at the bottom right.

      Examples:
        habits calendar gratitude
        habits calendar quality-time --weeks 52
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "The habit id.", completion: HabitCompletion.kind)
  var habit: String

  @Option(help: "How many weeks.")
  var weeks = 26

  func validate() throws {
    guard (1...520).contains(weeks) else {
      throw ValidationError("'--weeks' must be from 1 to 520.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var habit: String
    var days: [String: String]
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let found = try HabitLookup.find(habit, in: loaded)
    let clock = context.clock(loaded.config)
    let today = clock.day(of: context.now)
    let first = clock.weekStart(of: today).adding(days: -7 * (weeks - 1))
    let history = HabitHistory(
      habit: found, checkIns: try context.checkIns(options, habitID: found.id), clock: clock,
      today: today)
    let due = Set(history.dueDays(from: first, through: today))
    var states: [CivilDate: HabitHistory.DayState] = [:]
    var day = first
    while day <= today {
      states[day] = history.state(of: day, isDue: due.contains(day))
      day = day.adding(days: 1)
    }
    if options.json {
      let days = Dictionary(
        uniqueKeysWithValues: states.map { ($0.key.description, $0.value.rawValue) })
      context.print(try JSONOutput.encode(Output(habit: found.id, days: days)))
      return
    }
    let style = Style(enabled: context.useColor(options))
    var out = "\(found.title), \(weeks) week\(weeks == 1 ? "" : "s") to \(today)\n"
    for row in 0..<7 {
      let name = first.adding(days: row).weekday.shortName.capitalized
      var line = name + " "
      for column in 0..<weeks {
        let day = first.adding(days: column * 7 + row)
        guard let state = states[day] else {
          line += "  "
          continue
        }
        line += Self.cell(state, style) + " "
      }
      while line.hasSuffix(" ") { line.removeLast() }
      out += line + "\n"
    }
    out += "\(Self.cell(.done, style)) done  \(Self.cell(.missed, style)) missed  "
    out += "\(Self.cell(.skipped, style)) skipped  \(Self.cell(.notDue, style)) not due  "
    out += "\(Self.cell(.pending, style)) today\n"
    context.write(out)
  }

  static func cell(_ state: HabitHistory.DayState, _ style: Style) -> String {
    switch state {
    case .done: return style.green("■")
    case .missed: return style.red("□")
    case .skipped: return style.dim("–")
    case .notDue: return style.dim("·")
    case .pending: return "○"
    }
  }
}
