import ArgumentParser
import HabitsCore

/// `habits today`: what is due today and where each stands.
struct TodayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "today",
    abstract: "Show what is due today and where each stands.",
    discussion: """
      With --short, one line for a shell prompt or status bar:
      "2 left: gratitude, quality-time", "all done", or "nothing due".
      A habit with a weekly or monthly target whose target is already met
      is not left.

      Examples:
        habits today
        habits today --short
        PS1='$(habits today --short) \\$ '
      """
  )

  @OptionGroup var options: GlobalOptions

  @Flag(help: "One line, for a shell prompt.")
  var short = false

  func run() throws {
    try run(Context.live())
  }

  struct Item: Encodable {
    var habit: String
    var title: String
    var state: String
    var due: [String]
    var value: Double?
    var targetMet: Bool?

    enum CodingKeys: String, CodingKey {
      case habit, title, state, due, value
      case targetMet = "target_met"
    }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(habit, forKey: .habit)
      try container.encode(title, forKey: .title)
      try container.encode(state, forKey: .state)
      try container.encode(due, forKey: .due)
      try container.encode(value, forKey: .value)
      try container.encode(targetMet, forKey: .targetMet)
    }
  }

  struct Output: Encodable {
    var day: String
    var habits: [Item]
    var left: [String]
  }

  func run(_ context: Context) throws {
    try Self.execute(short: short, options: options, context: context)
  }

  static func execute(short: Bool, options: some CommonOptions, context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let clock = context.clock(loaded.config)
    let today = clock.day(of: context.now)
    let since = today.adding(days: -31)
    let byHabit = try context.checkInsByHabit(options, habits: loaded.habits, since: since)
    let agenda = TodayAgenda(
      habits: loaded.habits, checkIns: byHabit, clock: clock, now: context.now)
    let items = agenda.entries.map { entry in
      Item(
        habit: entry.habit.id, title: entry.habit.title, state: entry.state.rawValue,
        due: entry.reminders.map { DateTimeText.withOffset($0, in: context.zone) },
        value: entry.value, targetMet: entry.habit.target == nil ? nil : entry.targetMet)
    }
    let left = agenda.left.map(\.habit.id)
    if options.json {
      context.print(
        try JSONOutput.encode(Output(day: today.description, habits: items, left: left)))
      return
    }
    if short {
      if agenda.entries.isEmpty {
        context.print("nothing due")
      } else if left.isEmpty {
        context.print("all done")
      } else {
        context.print("\(left.count) left: \(left.joined(separator: ", "))")
      }
      return
    }
    let style = Style(enabled: context.useColor(options))
    let weekday = today.weekday.shortName.capitalized
    context.print(style.bold("Today, \(weekday) \(today)"))
    if agenda.entries.isEmpty {
      context.print("Nothing is due today.")
      return
    }
    var table = TextTable()
    for entry in agenda.entries {
      let mark: String
      var detail: String
      switch entry.state {
      case .done:
        mark = style.green("✓")
        detail = "done"
        if let value = entry.value { detail += " (\(DoneCommand.number(value)))" }
      case .skipped:
        mark = style.dim("–")
        detail = "skipped"
      default:
        mark = entry.targetMet ? style.green("✓") : "·"
        let times = entry.reminders.map {
          let local = context.zone.local($0)
          return "\(LocalDateTime.two(local.hour)):\(LocalDateTime.two(local.minute))"
        }
        detail = times.isEmpty ? "pending" : "due " + times.joined(separator: ", ")
      }
      if let target = entry.habit.target {
        detail += " · \(entry.periodDone) of \(target.count) \(target.period.thisPeriod)"
      }
      table.add([" " + mark, entry.habit.id, entry.habit.title, detail])
    }
    context.write(table.render())
  }
}
