// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// `HABIT [--date DATE]`, shared by done, undo and skip.
struct DayArguments: ParsableArguments {
  @Argument(help: "The habit id (see 'habits list').", completion: HabitCompletion.kind)
  var habit: String

  @Option(
    help: ArgumentHelp(
      "The day: today, yesterday, YYYY-MM-DD or a weekday (its latest).", valueName: "date"))
  var date: String?
}
