// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits skip`: marks a day skipped, which neither counts nor breaks a streak.
struct SkipCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "skip",
    abstract: "Mark a day skipped: it neither counts nor breaks a streak.",
    discussion: """
      For days when the habit does not apply (travelling, ill, apart). A day
      already done stays done: 'habits undo' it first.

      Examples:
        habits skip phone-free-dinner --note "dinner with friends"
        habits skip quality-time --date yesterday
      """
  )

  @OptionGroup var options: GlobalOptions
  @OptionGroup var target: DayArguments

  @Option(parsing: .unconditional, help: "Why, for the record.")
  var note: String?

  func validate() throws {
    try DoneCommand.validate(value: nil, note: note)
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options, habit: target.habit)
    let habit = try HabitLookup.find(target.habit, in: loaded)
    let clock = context.clock(loaded.config)
    let day = try context.day(target.date, clock: clock)
    let store = try context.openStore(options)
    let result = try store.recordSkip(
      habitID: habit.id, day: day, note: note, at: context.now,
      events: context.syncEvents(loaded.config))
    context.sendTogether(options, config: loaded.config, loaded: loaded.habits)
    if result == .alreadyDone {
      throw HabitsError(
        "\(habit.id) is already done for \(day)",
        hint: "run 'habits undo \(habit.id) --date \(day)' first to skip it instead")
    }
    if options.json {
      let checkIn = try store.checkIns(habitID: habit.id, since: day).first { $0.day == day }
      guard let checkIn else { throw HabitsError("the skip was not found after writing it") }
      context.print(try JSONOutput.encode(CheckInOutput(checkIn)))
      return
    }
    let when = day == clock.day(of: context.now) ? "today" : "\(day)"
    context.print(
      result == .alreadySkipped
        ? "\(habit.title) was already skipped for \(when)."
        : "– \(habit.title): skipped for \(when). Streaks are unaffected.")
  }
}
