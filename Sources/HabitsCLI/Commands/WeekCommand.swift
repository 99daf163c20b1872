// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync
import Recurrence

/// `habits week`: the weekly summary: what went well, the grid, and each
/// habit's week in words.
struct WeekCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "week",
    abstract: "Show the week holding DATE as a grid, one row a habit.",
    discussion: """
      ✓ done   – skipped   ✗ missed   · still to come   (blank) not due
      The week starts on config.toml's week_starts (default monday).
      What went well comes first; below the grid, each habit's week in words,
      with its strength and its streak (none is shown at 0, or for a habit
      with streak = false). With habits kept together, what the two of you
      did together leads; --together shows your partner's days under each
      habit you keep together (for a shared one, the days they did it).

      Examples:
        habits week
        habits week --date 2026-11-09 --json
        habits week --together
      """
  )

  @OptionGroup var options: GlobalOptions

  @Option(help: ArgumentHelp("A day of the week to show (default today).", valueName: "date"))
  var date: String?

  @Flag(help: "Show your partner's days beside yours, for the habits you keep together.")
  var together = false

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Item: Encodable {
    var habit: String
    var days: [String: String]
    var done: Int
    var doneDue: Int
    var due: Int
    var targetMet: Bool
    /// Null for a habit with `streak = false`.
    var currentStreak: Int?
    var strength: Double
    var wentWell: String?
    var verdict: String?
    var targetNote: String?

    init(_ row: WeekSummary.Row, line: WeekStory.Line?) {
      habit = row.habit.id
      days = Dictionary(
        uniqueKeysWithValues: row.days.map { ($0.day.description, $0.state.rawValue) })
      done = row.done
      doneDue = row.doneDue
      due = row.due
      targetMet = row.targetMet
      currentStreak = row.habit.showsStreak ? row.currentStreak : nil
      strength = StatsCommand.round(row.strength, 4)
      wentWell = line?.wentWell
      verdict = line?.verdict
      targetNote = line?.targetNote
    }

    enum CodingKeys: String, CodingKey {
      case habit, days, done, due, strength, verdict
      case targetMet = "target_met"
      case doneDue = "done_due"
      case currentStreak = "current_streak"
      case wentWell = "went_well"
      case targetNote = "target_note"
    }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(habit, forKey: .habit)
      try container.encode(days, forKey: .days)
      try container.encode(done, forKey: .done)
      try container.encode(doneDue, forKey: .doneDue)
      try container.encode(due, forKey: .due)
      try container.encode(targetMet, forKey: .targetMet)
      try container.encode(currentStreak, forKey: .currentStreak)
      try container.encode(strength, forKey: .strength)
      try container.encode(wentWell, forKey: .wentWell)
      try container.encode(verdict, forKey: .verdict)
      try container.encode(targetNote, forKey: .targetNote)
    }
  }

  struct Output: Encodable {
    var weekStart: String
    var habits: [Item]
    /// The words before the grid, and after it: as the weekly notification says them.
    var opening: [String]
    var lines: [String]
    /// With habits kept together: the week of the two of you.
    var together: Together?

    struct Together: Encodable {
      struct Shared: Encodable {
        var habit: String
        var days: Int
        /// The days the partner changed last: "done" or "skipped", by date.
        var partnerDays: [String: String]

        enum CodingKeys: String, CodingKey {
          case habit, days
          case partnerDays = "partner_days"
        }
      }
      struct Each: Encodable {
        var habit: String
        var yours: Int
        var theirs: Int
        /// The partner's days of the week: "done" or "skipped", by date.
        var partnerDays: [String: String]

        enum CodingKeys: String, CodingKey {
          case habit, yours, theirs
          case partnerDays = "partner_days"
        }
      }
      var partner: String?
      var text: String?
      var shared: [Shared]
      var each: [Each]
    }

    enum CodingKeys: String, CodingKey {
      case weekStart = "week_start"
      case habits, opening, lines, together
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
    let story = WeekStory(summary)
    let record = loaded.config.togetherFolder == nil ? nil : try context.togetherRecord(options)
    let week = record.map { TogetherWeek(week: summary, record: $0) }
    if options.json {
      let items = summary.rows.map { Item($0, line: story.line(for: $0.habit.id)) }
      var output = Output(
        weekStart: summary.weekStart.description, habits: items, opening: story.opening,
        lines: story.details)
      if let week, let record {
        output.together = Self.togetherOutput(week, record: record, weekStart: summary.weekStart)
      }
      context.print(try JSONOutput.encode(output))
      return
    }
    let style = Style(enabled: context.useColor(options))
    context.write(
      WeekGrid.render(
        summary, story: story, together: week, partnerDays: together ? record?.partnerDays : nil,
        style: style))
  }

  static func togetherOutput(
    _ week: TogetherWeek,
    record: (
      partner: String?, kept: [String: Together], partnerDays: [String: [CivilDate: DayState]]
    ),
    weekStart: CivilDate
  ) -> Output.Together {
    let days = (0..<7).map { weekStart.adding(days: $0) }
    func marks(_ habit: String) -> [String: String] {
      var marks: [String: String] = [:]
      for day in days {
        switch record.partnerDays[habit]?[day] {
        case .done?: marks[day.description] = "done"
        case .skipped?: marks[day.description] = "skipped"
        default: break
        }
      }
      return marks
    }
    return Output.Together(
      partner: week.partner, text: week.sentence,
      shared: week.shared.map {
        .init(habit: $0.habit.id, days: $0.days, partnerDays: marks($0.habit.id))
      },
      each: week.each.map { item in
        .init(
          habit: item.habit.id, yours: item.yours, theirs: item.theirs,
          partnerDays: marks(item.habit.id))
      })
  }
}

/// The week as text: the story's opening, the grid, and each habit's line.
enum WeekGrid {
  /// With `together`, its sentence leads; with `partnerDays`, each habit
  /// kept together has a row of the partner's days under its own: their
  /// own record of one kept each, the days they did a shared one.
  static func render(
    _ summary: WeekSummary, story: WeekStory, together: TogetherWeek? = nil,
    partnerDays: [String: [CivilDate: DayState]]? = nil, style: Style
  ) -> String {
    let end = summary.weekStart.adding(days: 6)
    var out = "Week of \(summary.weekStart) to \(end)\n"
    if let sentence = together?.sentence { out += sentence + "\n" }
    for sentence in story.opening { out += sentence + "\n" }
    if summary.rows.isEmpty { return out }
    var table = TextTable()
    let header = (0..<7).map {
      summary.weekStart.adding(days: $0).weekday.shortName.prefix(2).capitalized
    }
    table.add(["HABIT"] + header + ["DONE", "STREAK"])
    for row in summary.rows {
      let cells = row.days.map { symbol($0.state, style) }
      let met = row.targetMet ? style.green("✓") : ""
      table.add(
        [row.habit.id] + cells + [
          "\(row.doneDue)/\(row.due) \(met)",
          row.habit.showsStreak
            ? streak(row.currentStreak, unit: row.streakUnit, zero: style.dim("—"))
            : style.dim("—"),
        ])
      if let theirs = partnerDays?[row.habit.id] {
        let cells = (0..<7).map { offset -> String in
          switch theirs[summary.weekStart.adding(days: offset)] {
          case .done?: return style.green("✓")
          case .skipped?: return style.dim("–")
          default: return " "
          }
        }
        let name = together?.partner ?? "partner"
        let done = (0..<7).filter {
          if case .done? = theirs[summary.weekStart.adding(days: $0)] { return true }
          return false
        }.count
        table.add(["  " + name] + cells + ["\(done)", ""])
      }
    }
    out += "\n" + table.render()
    if !story.details.isEmpty { out += "\n" + story.details.joined(separator: "\n") + "\n" }
    return out
  }

  /// `12d`, `3w`, `2mo`; `zero` for a streak of 0, which is never shown as a number.
  static func streak(_ count: Int, unit: String, zero: String) -> String {
    guard count > 0 else { return zero }
    return "\(count)\(unit == "day" ? "d" : unit == "week" ? "w" : "mo")"
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
