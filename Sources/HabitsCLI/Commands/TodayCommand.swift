// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import Recurrence

/// `habits today`: what is due today and where each stands.
struct TodayCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "today",
    abstract: "Show what is due today and where each stands.",
    discussion: """
      With --short (or --format plain), one line for a shell prompt or a
      status bar: "2 left: gratitude, quality-time", "all done", or "nothing
      due". A habit with a weekly or monthly target whose target is already
      met is not left.

      --format waybar prints the JSON of waybar's custom module: text ("2
      left"), a tooltip with each habit, class and alt ("none", "done",
      "pending", or "pending" and "due" once a habit left has reached its
      reminder time) and percentage (the share done). --format i3blocks
      prints i3blocks' full text, short text and colour lines.

      --watch keeps running and prints a new line each time the answer
      changes: a check-in from any process, a schedule or config.toml edit,
      a reminder time passing, the day turning over, the clock or the time
      zone changing. It never polls. With i3blocks it prints one JSON object
      a line (for interval=persist with format=json); with --json, what
      --json prints, one object a line. With HABITS_NOW it starts at that
      instant and lets time run on from there. SIGTERM, SIGINT or the
      reader closing the pipe end it with status 0.

      Examples:
        habits today
        habits today --short
        PS1='$(habits today --short) \\$ '
        habits today --format waybar --watch
        habits today --format i3blocks --watch
        habits today --json --watch
      """
  )

  @OptionGroup var options: GlobalOptions

  @Flag(help: "One line, for a shell prompt (the same as --format plain).")
  var short = false

  @Option(
    help: ArgumentHelp(
      "The table (text) or a status bar's line.", valueName: "format"))
  var format: StatusLine.Format?

  @Flag(help: "Keep running; print a new line whenever the answer changes.")
  var watch = false

  func validate() throws {
    if short, let format, format != .plain {
      throw ValidationError("'--short' is '--format plain'; give one of them, not both.")
    }
    if options.json, let format, format != .text {
      throw ValidationError(
        "'--json' and '--format \(format.rawValue)' ask for two outputs; give one of them.")
    }
    if watch && !short && !options.json && (format ?? .text) == .text {
      throw ValidationError(
        "'--watch' prints a line a change: give --format plain, waybar or i3blocks, or --json.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Item: Encodable {
    var habit: String
    var title: String
    var state: String
    var due: [String]
    var value: Double?
    var targetMet: Bool?
    /// For a habit kept together: the partner and where they stand.
    var partner: Partner?

    struct Partner: Encodable {
      var name: String?
      /// "shared" or "each".
      var kept: String
      /// "done", "skipped", or "pending" (for a shared habit: when you
      /// changed it last, or nobody did).
      var state: String
      var value: Double?
      var at: String?
      /// Their current streak of a habit each keeps (in the habit's unit).
      var streak: Int?
    }

    enum CodingKeys: String, CodingKey {
      case habit, title, state, due, value, partner
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
      try container.encodeIfPresent(partner, forKey: .partner)
    }
  }

  struct Output: Encodable {
    var day: String
    var habits: [Item]
    var left: [String]
  }

  func run(_ context: Context) throws {
    let format = short ? .plain : (format ?? .text)
    if watch {
      try TodayWatch.live(format: format, options: options, context: context).run()
      return
    }
    let loaded = try context.loadSchedules(options)
    let clock = context.clock(loaded.config)
    let since = clock.day(of: context.now).adding(days: -31)
    let byHabit = try context.checkInsByHabit(options, habits: loaded.habits, since: since)
    let agenda = TodayAgenda(
      habits: loaded.habits, checkIns: byHabit, clock: clock, now: context.now)
    var partner =
      loaded.config.togetherFolder == nil
      ? nil : try context.partnerDays(options, on: agenda.today)
    if partner != nil {
      // Their streak of each habit they keep their own way, as yours is counted.
      for entry in agenda.entries where partner?.days[entry.habit.id]?.kept == .each {
        guard entry.habit.showsStreak else { continue }
        let record = try context.partnerCheckIns(options, habitID: entry.habit.id)
        partner?.days[entry.habit.id]?.streak =
          HabitHistory(habit: entry.habit, checkIns: record, clock: clock, today: agenda.today)
          .streaks().current
      }
    }
    if format == .text && !options.json {
      Self.table(
        agenda, partner: partner, style: Style(enabled: context.useColor(options)),
        context: context)
    } else {
      context.print(
        try Self.render(
          agenda, format: format, json: options.json, persistent: false,
          now: context.now, zone: context.zone, partner: partner))
    }
  }

  /// The partner's state of `entry`'s habit in words for the table:
  /// "Sam: done 20:14", "Sam: not yet"; nil when there is nothing to say.
  static func partnerDetail(
    _ day: PartnerDay?, name: String?, zone: Zone, unit: String = "day"
  ) -> String? {
    guard let day else { return nil }
    let who = name ?? "your partner"
    let time = day.at.map {
      let local = zone.local($0)
      return " \(LocalDateTime.two(local.hour)):\(LocalDateTime.two(local.minute))"
    }
    let streak =
      day.streak.flatMap { $0 > 0 ? ", streak \($0) \(unit)\($0 == 1 ? "" : "s")" : nil } ?? ""
    switch day.state {
    case .done(let amount, _):
      return "\(who): done" + (amount.map { " (\(AmountFormat.text($0)))" } ?? "") + (time ?? "")
        + streak
    case .skipped: return "\(who): skipped" + (time ?? "") + streak
    case .open: return day.kept == .each ? "\(who): not yet" + streak : nil
    }
  }

  static func partnerItem(
    _ day: PartnerDay?, name: String?, zone: Zone
  ) -> Item.Partner? {
    guard let day else { return nil }
    var item = Item.Partner(
      name: name, kept: day.kept.rawValue, state: "pending", value: nil,
      at: day.at.map { DateTimeFormat.withOffset($0, in: zone) }, streak: day.streak)
    switch day.state {
    case .done(let amount, _): (item.state, item.value) = ("done", amount)
    case .skipped: item.state = "skipped"
    case .open: item.at = nil
    }
    return item
  }

  /// What `today` prints for `agenda` as one line (three for i3blocks'
  /// raw form), without the final newline: JSON, or a status bar's form.
  static func render(
    _ agenda: TodayAgenda, format: StatusLine.Format, json: Bool, persistent: Bool,
    now: Instant, zone: Zone, partner: (name: String?, days: [String: PartnerDay])? = nil
  ) throws(HabitsError) -> String {
    let line = StatusLine(agenda: agenda, now: now, zone: zone)
    if json {
      let items = agenda.entries.map { entry in
        Item(
          habit: entry.habit.id, title: entry.habit.title, state: entry.state.rawValue,
          due: entry.reminders.map { DateTimeFormat.withOffset($0, in: zone) },
          value: entry.value, targetMet: entry.habit.target == nil ? nil : entry.targetMet,
          partner: partnerItem(partner?.days[entry.habit.id], name: partner?.name, zone: zone))
      }
      return try JSONOutput.encode(
        Output(
          day: agenda.today.description, habits: items, left: agenda.left.map(\.habit.id)))
    }
    switch format {
    case .text, .plain: return line.plain
    case .waybar: return try line.waybar()
    case .i3blocks: return try line.i3blocks(persistent: persistent)
    }
  }

  /// The table for people: a mark, the id, the title and where each stands.
  static func table(
    _ agenda: TodayAgenda, partner: (name: String?, days: [String: PartnerDay])? = nil,
    style: Style, context: Context
  ) {
    let today = agenda.today
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
        if let value = entry.value { detail += " (\(AmountFormat.text(value)))" }
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
      if let words = partnerDetail(
        partner?.days[entry.habit.id], name: partner?.name, zone: context.zone,
        unit: entry.habit.target?.period.streakUnit ?? "day")
      {
        detail += " · " + words
      }
      table.add([" " + mark, entry.habit.id, entry.habit.title, detail])
    }
    context.write(table.render())
  }
}
