// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsInterchange
import HabitsStore

/// `habits import`: brings in the history of Loop Habit Tracker, harsh, or a habits export.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import history from Loop Habit Tracker, harsh or a habits export.",
    discussion: """
      Reads the whole source first and refuses it, naming the file and line,
      if anything in it is wrong; otherwise writes its check-ins in one go and
      its habits as schedule files. A day that already has a check-in keeps
      it, and a schedule file already there is never replaced, so importing
      the same thing twice changes nothing the second time.

      PATH is a habits export (.json, from 'habits export --format json');
      harsh's folder (~/.config/harsh, with 'habits' and 'log') or either
      file; or a Loop Habit Tracker export (.zip, or the folder holding
      Habits.csv).

      Examples:
        habits import habits-backup.json
        habits import ~/.config/harsh --dry-run
        habits import ~/Downloads/Loop.zip --json
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: ArgumentHelp("The export to read.", valueName: "path"))
  var path: String

  @Flag(help: "Say what would be imported, and change nothing.")
  var dryRun = false

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    let plan = try ImportFormat.detect(path: path).plan(now: context.now)
    let locations = try context.locations(options)
    let (config, _) = ScheduleLoader.loadConfig(
      path: ScheduleLoader.configPath(forSchedules: locations.schedules))
    // With sync on, what the other devices recorded first: a day one of
    // them holds is then already there, not added again over it.
    context.synchronize(options, config: config)
    var schedules = locations.schedules
    var copiedFirst: String?
    if locations.usingShippedSchedules {
      // The imported files go into a folder of your own, which is read from
      // then on in place of the shipped one: the shipped schedules go there
      // first, as `habits init` copies them, so that their habits (and the
      // history recorded for them) stay.
      schedules = try Locations.ownSchedules(
        schedulesFlag: nil, environment: context.environment, notUTF8: context.notUTF8)
      copiedFirst = context.shippedSchedules
    }
    var outcome = try Importer(
      plan: plan, schedules: schedules, database: locations.database, dryRun: dryRun,
      // Tomorrow here: where the file was written, a zone ahead may be there.
      latestDay: context.zone.local(context.now).date.adding(days: 1),
      copiedFirst: copiedFirst
    ).run()
    if copiedFirst != nil {
      outcome.notes.insert(
        "the shipped schedules \(dryRun ? "would be" : "were") copied into \(schedules) "
          + "first, as 'habits init' does, so that their habits stay", at: 0)
    }
    if !dryRun && config.syncFolder != nil {
      // With sync on, the imported days become this device's events now,
      // not at the next command.
      try context.writeSyncEvents(HabitStore(path: locations.database), config: config)
    }
    if options.json {
      context.print(try JSONOutput.encode(outcome))
      return
    }
    for line in Self.summary(outcome) { context.print(line) }
  }

  static func summary(_ outcome: Importer.Outcome) -> [String] {
    let counts = outcome.counts
    func plural(_ count: Int, _ word: String) -> String {
      "\(count) \(word)\(count == 1 ? "" : "s")"
    }
    var lines = [
      outcome.dryRun
        ? "Would import \(outcome.source) (a dry run: nothing was changed)."
        : "Imported \(outcome.source).",
      "  schedules: \(outcome.schedules)",
      "  database:  \(outcome.database)",
    ]
    var habits = "\(outcome.habitsAdded.count) \(outcome.dryRun ? "to add" : "added")"
    if !outcome.habitsAdded.isEmpty {
      habits += " (\(outcome.habitsAdded.joined(separator: ", ")))"
    }
    habits += ", \(outcome.habitsUnchanged.count) already there"
    if !outcome.habitsKept.isEmpty { habits += ", \(outcome.habitsKept.count) kept as they were" }
    lines.append("Habits:    " + habits)
    var checkIns =
      "\(counts.added) \(outcome.dryRun ? "to add" : "added") (\(plural(counts.skipsAdded, "skip"))), "
      + "\(counts.alreadyThere) already there"
    if counts.differing > 0 {
      checkIns += " (\(counts.differing) of them different: the recorded one is kept)"
    }
    lines.append("Check-ins: " + checkIns)
    for kept in outcome.habitsKept {
      lines.append("kept \(kept.file): \(kept.reason)")
    }
    for note in outcome.notes { lines.append("note: \(note)") }
    return lines
  }
}
