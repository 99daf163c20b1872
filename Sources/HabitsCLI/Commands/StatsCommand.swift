// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits stats`: streaks, strength and totals.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Show current and best streaks, strength, completion rates and totals.",
    discussion: """
      How streaks count:
        - A habit without a target: the number of due days in a row that were
          done, counting back from the latest. Days it is not due and skipped
          days neither count nor break it; today, while still pending, does
          not break it.
        - A habit with target = "N/week" (or "N/month"): the number of weeks
          (or months) in a row that met N. The current one, while it can
          still be met, does not break it.
        - A habit with a goal: a day counts when its amount reaches the goal
          (for "at most", when something was logged and it stayed at or under).
        - Best: the longest such run ever.
        - A habit with streak = false in its file counts none: "—" here,
          null in --json.
      Strength is Loop Habit Tracker's habit score (0 to 1): it grows with
      each check-in and fades slowly with misses, faster for frequent habits.
      rate_30d is the share of the last 30 days' due days that were done.

      Examples:
        habits stats                  # habits that are on, or have a history
        habits stats gratitude --json
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "A habit id; all habits when left out.", completion: HabitCompletion.kind)
  var habit: String?

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Item: Encodable {
    var habit: String
    var title: String
    /// Both null for a habit with `streak = false`.
    var currentStreak: Int?
    var bestStreak: Int?
    var streakUnit: String
    var strength: Double
    var doneTotal: Int
    var rate30d: Double
    var lastDone: String?

    enum CodingKeys: String, CodingKey {
      case habit, title, strength
      case currentStreak = "current_streak"
      case bestStreak = "best_streak"
      case streakUnit = "streak_unit"
      case doneTotal = "done_total"
      case rate30d = "rate_30d"
      case lastDone = "last_done"
    }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(habit, forKey: .habit)
      try container.encode(title, forKey: .title)
      try container.encode(currentStreak, forKey: .currentStreak)
      try container.encode(bestStreak, forKey: .bestStreak)
      try container.encode(streakUnit, forKey: .streakUnit)
      try container.encode(strength, forKey: .strength)
      try container.encode(doneTotal, forKey: .doneTotal)
      try container.encode(rate30d, forKey: .rate30d)
      try container.encode(lastDone, forKey: .lastDone)
    }
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    var habits = loaded.habits
    if let habit { habits = [try HabitLookup.find(habit, in: loaded)] }
    let clock = context.clock(loaded.config)
    let today = clock.day(of: context.now)
    let days = try context.habitDays(options)
    var items: [Item] = []
    for habit in habits {
      let read = try days(habit.id)
      // Without a HABIT: the habits that are on, and any others with a history.
      if self.habit == nil && !habit.enabled && read.isEmpty { continue }
      let history = HabitHistory(habit: habit, days: read, clock: clock, today: today)
      let streaks = habit.showsStreak ? history.streaks() : nil
      items.append(
        Item(
          habit: habit.id, title: habit.title, currentStreak: streaks?.current,
          bestStreak: streaks?.best, streakUnit: history.streakUnit,
          strength: Self.round(history.strength(), 4), doneTotal: history.doneTotal,
          rate30d: Self.round(history.rate(), 2), lastDone: history.lastDone?.description))
    }
    if options.json {
      context.print(try JSONOutput.encode(items))
      return
    }
    var table = TextTable()
    table.add(["HABIT", "STREAK", "BEST", "STRENGTH", "30 DAYS", "DONE", "LAST"])
    for item in items {
      let unit = item.streakUnit == "day" ? "d" : item.streakUnit == "week" ? "w" : "mo"
      table.add([
        item.habit, item.currentStreak.map { "\($0)\(unit)" } ?? "—",
        item.bestStreak.map { "\($0)\(unit)" } ?? "—",
        "\(Int((item.strength * 100).rounded()))%", "\(Int((item.rate30d * 100).rounded()))%",
        "\(item.doneTotal)", item.lastDone ?? "never",
      ])
    }
    context.write(table.render())
  }

  static func round(_ value: Double, _ places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (value * scale).rounded() / scale
  }
}
