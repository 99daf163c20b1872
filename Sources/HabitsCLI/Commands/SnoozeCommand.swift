// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits snooze`: holds a habit's reminders back for a while.
struct SnoozeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "snooze",
    abstract: "Move a habit's pending reminder later (default \(SnoozeLength.standardText)).",
    discussion: """
      Examples:
        habits snooze gratitude
        habits snooze quality-time 1h30m
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "The habit id.", completion: HabitCompletion.kind)
  var habit: String

  @Argument(help: "How long: 15m, 2h, 1h30m or 1d.")
  var duration = SnoozeLength.standardText

  func validate() throws {
    guard let seconds = DurationFormat.seconds(duration) else {
      throw ValidationError(
        "The duration must be \(DurationFormat.expectedForm), not '\(Context.printable(duration))'."
      )
    }
    guard seconds <= 7 * 86_400 else {
      throw ValidationError(
        "Snooze for at most 7d; to pause a habit, set enabled = false in its file.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    var habit: String
    var until: OccurrenceOutput
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    let found = try HabitLookup.find(habit, in: loaded)
    let until = context.now.adding(
      seconds: DurationFormat.seconds(duration) ?? SnoozeLength.standard)
    try context.openStore(options).snooze(habitID: found.id, until: until, at: context.now)
    if options.json {
      context.print(
        try JSONOutput.encode(
          Output(
            habit: found.id,
            until: OccurrenceOutput(habit: found.id, instant: until, zone: context.zone))))
      return
    }
    context.print("\(found.title): snoozed until \(HumanTime.dayAndTime(until, in: context.zone)).")
  }
}
