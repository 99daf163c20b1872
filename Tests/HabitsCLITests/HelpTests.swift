// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import Testing

@testable import HabitsCLI

/// Whole `--help` outputs at 80 columns, pinned so that a changed interface
/// shows as a diff here. When a change is meant, paste the new text in.
@Suite struct HelpTests {
  @Test func rootHelp() {
    #expect(HabitsCommand.helpMessage(columns: 80) == Self.root)
  }

  @Test func nextHelp() {
    #expect(HabitsCommand.helpMessage(for: NextCommand.self, columns: 80) == Self.next)
  }

  @Test func checkHelp() {
    #expect(HabitsCommand.helpMessage(for: CheckCommand.self, columns: 80) == Self.check)
  }

  @Test func todayHelp() {
    #expect(HabitsCommand.helpMessage(for: TodayCommand.self, columns: 80) == Self.today)
  }

  @Test func everyCommandCLIMdNamesIsThere() {
    let names = HabitsCommand.configuration.subcommands.compactMap {
      $0.configuration.commandName
    }
    for name in [
      "list", "today", "done", "undo", "skip", "snooze", "stats", "week", "log",
      "calendar", "next", "check", "import", "export", "report",
    ] {
      #expect(names.contains(name), "no '\(name)' subcommand")
    }
  }

  /// An example that wraps at 80 columns breaks when pasted into a shell.
  @Test func examplesFitIn80Columns() {
    for command in [
      NextCommand.self as ParsableCommand.Type, CheckCommand.self, ListCommand.self,
      ImportCommand.self, ExportCommand.self, ReportCommand.self,
    ] {
      let help = HabitsCommand.helpMessage(for: command, columns: 80)
      let discussion = help.components(separatedBy: "USAGE:")[0]
      let lines = discussion.split(separator: "\n", omittingEmptySubsequences: false)
      guard let start = lines.firstIndex(of: "Examples:") else { continue }
      for line in lines[(start + 1)...] where !line.isEmpty {
        #expect(line.hasPrefix("  habits"), "an example wrapped: '\(line)'")
      }
    }
  }

  /// The version is the one thing not written out, so that a release changes
  /// only HabitsVersion.swift (and CHANGELOG.md).
  static let root = """
    OVERVIEW: Gentle reminders for the small things that bring people closer.

    Schedules live in plain TOML files, one habit a file; check-ins live in one
    SQLite file. HABITS_NOW (an ISO 8601 instant) and TZ fix now and the zone.
    The schedule files and config.toml are described in habits(5).

    habits \(HabitsVersion.current)

    USAGE: habits <subcommand>

    OPTIONS:
      --version               Show the version.
      -h, --help              Show help information.

    SUBCOMMANDS:
      list                    List every habit: id, title, schedule in words, next
                              reminder.
      today                   Show what is due today and where each stands.
      done                    Record that a habit was done.
      undo                    Remove a day's check-in or skip.
      skip                    Mark a day skipped: it neither counts nor breaks a
                              streak.
      snooze                  Move a habit's pending reminder later (default 15m).
      stats                   Show current and best streaks, strength, completion
                              rates and totals.
      week                    Show the week holding DATE as a grid, one row a habit.
      log                     List check-ins and skips, newest first.
      calendar                Show a heatmap of the last N weeks.
      next                    Show upcoming reminders in order.
      check                   Validate schedule files.
      import                  Import history from Loop Habit Tracker, harsh or a
                              habits export.
      export                  Write every habit and check-in as JSON, CSV or
                              iCalendar.
      report                  Write the week and the year as one HTML page.
      init                    Copy the shipped schedules into your config directory
                              (never overwrites).
      sync                    Share one history with your other devices through a
                              synced folder.
      together                Keep practices with your partner through a folder you
                              share.
      agent                   Run the reminder agent in the foreground (what the
                              systemd unit starts).

      See 'habits help <subcommand>' for detailed help.
    """

  static let next = """
    OVERVIEW: Show upcoming reminders in order.

    With a HABIT, only that habit's reminders; with --expr, what a `when` would
    mean, without a file (like systemd-analyze calendar). Occurrences are at or
    after --from (default: now). --prompts shows under each reminder the prompt
    it will offer; --json always gives it, as "prompt".

    Examples:
      habits next
      habits next gratitude --count 3
      habits next gratitude --count 7 --prompts
      habits next --expr "every mon, wed, fri at 7:15"
      habits next --expr "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=20" --tz Europe/London
      habits next --expr "0 9 * * mon-fri" --from 2026-03-01T00:00 --json

    USAGE: habits next [--schedules <dir>] [--db <path>] [--json] [--color <color>] [<habit>] [--count <count>] [--from <datetime>] [--expr <expr>] [--dtstart <datetime>] [--tz <zone>] [--prompts]

    ARGUMENTS:
      <habit>                 A habit id; all enabled habits when left out.

    OPTIONS:
      --schedules <dir>       Schedule files directory.
      --db <path>             The SQLite database file.
      --json                  Machine-readable output on stdout.
      --color <color>         Colour: auto, always or never. (values: auto, always,
                              never; default: auto)
      --count <count>         How many reminders to show. (default: 10)
      --from <datetime>       Start from this time instead of now.
      --expr <expr>           A schedule expression: words, RRULE or cron.
      --dtstart <datetime>    DTSTART for --expr (default: --from).
      --tz <zone>             The time zone for --expr (default: TZ).
      --prompts               Show the prompt each reminder will offer.
      --version               Show the version.
      -h, --help              Show help information.

    """

  static let check = """
    OVERVIEW: Validate schedule files.

    Prints each problem as path:line:column: error: message, and exits 1 if
    there is any error. Directories are read like the schedules directory
    (with the config.toml beside them). With no PATH, checks the schedules
    directory in use.

    Examples:
      habits check
      habits check schedules/ ~/.config/habits/config.toml
      habits check --json schedules/tea.toml

    USAGE: habits check [--schedules <dir>] [--db <path>] [--json] [--color <color>] [<paths> ...]

    ARGUMENTS:
      <paths>                 Schedule files or directories.

    OPTIONS:
      --schedules <dir>       Schedule files directory.
      --db <path>             The SQLite database file.
      --json                  Machine-readable output on stdout.
      --color <color>         Colour: auto, always or never. (values: auto, always,
                              never; default: auto)
      --version               Show the version.
      -h, --help              Show help information.

    """

  static let today = """
    OVERVIEW: Show what is due today and where each stands.

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

    USAGE: habits today [--schedules <dir>] [--db <path>] [--json] [--color <color>] [--short] [--format <format>] [--watch]

    OPTIONS:
      --schedules <dir>       Schedule files directory.
      --db <path>             The SQLite database file.
      --json                  Machine-readable output on stdout.
      --color <color>         Colour: auto, always or never. (values: auto, always,
                              never; default: auto)
      --short                 One line, for a shell prompt (the same as --format
                              plain).
      --format <format>       The table (text) or a status bar's line. (values:
                              text, plain, waybar, i3blocks)
      --watch                 Keep running; print a new line whenever the answer
                              changes.
      --version               Show the version.
      -h, --help              Show help information.

    """
}
