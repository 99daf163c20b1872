// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits undo`: removes a day's check-in or skip.
struct UndoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "undo",
    abstract: "Remove a day's check-in or skip.",
    discussion: """
      Examples:
        habits undo gratitude
        habits undo quality-time --date 2026-11-18
      """
  )

  @OptionGroup var options: GlobalOptions
  @OptionGroup var target: DayArguments

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options, habit: target.habit)
    let clock = context.clock(loaded.config)
    // A day of a habit without a schedule file is undone by its id.
    let habit = try context.recordedHabit(target.habit, in: loaded, options)
    let (habitID, title) = (habit?.id ?? target.habit, habit?.title ?? target.habit)
    let day = try context.day(target.date, clock: clock)
    let store = try context.openStore(options)
    let removed = try store.undo(
      habitID: habitID, day: day, events: context.syncEvents(loaded.config), at: context.now)
    context.sendTogether(options, config: loaded.config, loaded: loaded.habits)
    if options.json {
      context.print(try JSONOutput.encode(removed.map(CheckInOutput.init)))
      return
    }
    let when = day == clock.day(of: context.now) ? "today" : "\(day)"
    guard let removed else {
      context.print("\(title) had nothing recorded for \(when).")
      return
    }
    let what = removed.kind == .done ? "check-in" : "skip"
    context.print("Removed \(title)'s \(what) for \(when).")
  }
}
