// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits done`: records a check-in.
struct DoneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "done",
    abstract: "Record that a habit was done.",
    discussion: """
      Once per habit and day for yes/no habits: a second 'done' keeps the one
      check-in, and its --note is added to the day's note. For habits with a
      goal, --value adds to the day's amount.

      Examples:
        habits done gratitude
        habits done quality-time --date yesterday --note "walk by the river"
        habits done reading --value 20
      """
  )

  @OptionGroup var options: GlobalOptions
  @OptionGroup var target: DayArguments

  @Option(parsing: .unconditional, help: "For habits with a goal: the amount to add.")
  var value: Double?

  @Option(parsing: .unconditional, help: "A note to keep with the check-in.")
  var note: String?

  static let maximumValue = 1_000_000_000.0

  func validate() throws {
    try Self.validate(value: value, note: note)
  }

  static func validate(value: Double?, note: String?) throws {
    if let value, !(value.isFinite && value >= 0 && value < maximumValue) {
      throw ValidationError("'--value' must be a number from 0 up to 1e9, not '\(value)'.")
    }
    // Counted as the store counts it: an accent written as its own
    // character is one more.
    if let note, note.unicodeScalars.count > CheckIn.maximumNote {
      throw ValidationError("'--note' is longer than \(CheckIn.maximumNote) characters.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var checkIn: CheckInOutput
    var result: String
    var currentStreak: Int
    var streakUnit: String

    enum CodingKeys: String, CodingKey {
      case checkIn = "check_in"
      case result
      case currentStreak = "current_streak"
      case streakUnit = "streak_unit"
    }
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options, habit: target.habit)
    let habit = try HabitLookup.find(target.habit, in: loaded)
    let clock = context.clock(loaded.config)
    let day = try context.day(target.date, clock: clock)
    try habit.validate(amount: value)
    let store = try context.openStore(options)
    let result = try store.recordDone(
      habitID: habit.id, day: day, value: value, note: note, at: context.now,
      events: context.syncEvents(loaded.config))
    context.sendTogether(options, config: loaded.config, loaded: loaded.habits)
    let history = try store.streakHistory(
      of: habit, clock: clock, today: clock.day(of: context.now), holding: day)
    let streak = history.currentStreak().streak
    let resultName: String
    let message: String
    let when = day == history.today ? "today" : "\(day)"
    switch result {
    case .recorded:
      resultName = "recorded"
      if let goal = habit.goal, let value {
        message =
          "\(habit.title): \(AmountFormat.text(value)) of \(AmountFormat.text(goal.amount)) \(goal.unit) for \(when)."
      } else {
        message = "\(habit.title): done for \(when)."
      }
    case .alreadyDone:
      resultName = "already_done"
      message = "\(habit.title) was already done for \(when); kept the one check-in."
    case .noteAdded:
      resultName = "note_added"
      message = "\(habit.title) was already done for \(when); added the note to it."
    case .added(let total):
      resultName = "added"
      message =
        "\(habit.title): \(AmountFormat.text(total))\(habit.goal.map { " of \(AmountFormat.text($0.amount)) \($0.unit)" } ?? "") for \(when)."
    case .replacedSkip:
      resultName = "replaced_skip"
      message = "\(habit.title): done for \(when) (it had been skipped)."
    }
    if options.json {
      let recorded = history.checkIn(on: day)
      guard let recorded else { throw HabitsError("the check-in was not found after writing it") }
      context.print(
        try JSONOutput.encode(
          Output(
            checkIn: CheckInOutput(recorded), result: resultName, currentStreak: streak,
            streakUnit: history.streakUnit)))
      return
    }
    let style = Style(enabled: context.useColor(options))
    let unit = streak == 1 ? history.streakUnit : history.streakUnit + "s"
    let shown = habit.showsStreak && streak > 0 ? " Streak: \(streak) \(unit)." : ""
    context.print("\(style.green("✓")) \(message)\(shown)")
  }
}
