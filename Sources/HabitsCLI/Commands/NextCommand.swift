// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import Recurrence

/// `habits next`: upcoming reminders, or what a schedule expression means.
struct NextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "next",
    abstract: "Show upcoming reminders in order.",
    discussion: """
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
      """
  )

  @OptionGroup var options: GlobalOptions

  @Argument(help: "A habit id; all enabled habits when left out.", completion: HabitCompletion.kind)
  var habit: String?

  @Option(help: "How many reminders to show.")
  var count = 10

  @Option(help: ArgumentHelp("Start from this time instead of now.", valueName: "datetime"))
  var from: String?

  @Option(help: ArgumentHelp("A schedule expression: words, RRULE or cron.", valueName: "expr"))
  var expr: String?

  @Option(help: ArgumentHelp("DTSTART for --expr (default: --from).", valueName: "datetime"))
  var dtstart: String?

  @Option(help: ArgumentHelp("The time zone for --expr (default: TZ).", valueName: "zone"))
  var tz: String?

  @Flag(help: "Show the prompt each reminder will offer.")
  var prompts = false

  func validate() throws {
    guard (1...1_000_000).contains(count) else {
      throw ValidationError("'--count' must be from 1 to 1000000.")
    }
    if habit != nil && expr != nil {
      throw ValidationError("Give a HABIT or '--expr', not both.")
    }
    if expr == nil && (dtstart != nil || tz != nil) {
      throw ValidationError("'--dtstart' and '--tz' go with '--expr'.")
    }
    if expr != nil && prompts {
      throw ValidationError("'--prompts' goes with habits, not with '--expr'.")
    }
  }

  func run() throws {
    try Context.live().exit(after: run)
  }

  func run(_ context: Context) throws {
    var zone = context.zone
    if let tz {
      do {
        zone = try Zone.named(tz)
      } catch {
        throw HabitsError("'--tz': \(error.message)", hint: error.hint, kind: .usage)
      }
    }
    var start = context.now
    if let from {
      guard let instant = DateTimeFormat.instant(from, in: zone) else {
        throw HabitsError(
          "'--from' must be \(DateTimeFormat.expectedForm), not '\(Context.printable(from))'",
          kind: .usage)
      }
      start = instant
    }
    var entries: [Upcoming.Entry] = []
    var ids: [String?] = []
    var texts: [String?] = []
    if let expr {
      var anchor = zone.local(start)
      anchor.secondOfDay -= anchor.second
      if let dtstart {
        guard let local = DateTimeFormat.local(dtstart, in: zone) else {
          throw HabitsError(
            "'--dtstart' must be \(DateTimeFormat.expectedForm), not '\(Context.printable(dtstart))'",
            kind: .usage)
        }
        anchor = local
      }
      let schedule: Schedule
      do {
        schedule = try Schedule.parse(expr, start: anchor)
      } catch {
        throw HabitsError(
          "in '\(expr)': \(error.message)", hint: error.hint, offset: error.offset)
      }
      guard schedule.canFire(in: zone) else {
        throw HabitsError("'\(schedule.expression)' never fires: no date matches all of it")
      }
      var iterator = schedule.occurrences(from: start, in: zone)
      while entries.count < count, let at = iterator.next() {
        entries.append(Upcoming.Entry(habitID: "", at: at))
      }
      ids = entries.map { _ in nil }
    } else {
      let loaded = try context.loadSchedules(options)
      var habits = loaded.habits.filter(\.enabled)
      if let habit {
        habits = [try HabitLookup.find(habit, in: loaded)]
      }
      entries = Upcoming.merge(habits, from: start, in: zone, count: count)
      ids = entries.map(\.habitID)
      if options.json || prompts {
        texts = PromptRotation.prompts(of: entries, habits: habits, in: zone)
      }
    }
    if options.json {
      let rows = entries.indices.map { index in
        (ids[index], entries[index].at, index < texts.count ? texts[index] : nil)
      }
      context.print(OccurrenceJSON.write(rows, zone: zone))
      return
    }
    if entries.isEmpty {
      context.print("No reminders at or after \(HumanTime.dayAndTime(start, in: zone)).")
      return
    }
    var table = TextTable()
    for (id, entry) in zip(ids, entries) {
      let offset = "UTC" + Zone.offsetText(zone.offset(at: entry.at))
      var row = [HumanTime.dayAndTime(entry.at, in: zone), offset]
      if let id { row.append(id) }
      row.append(HumanTime.relative(entry.at, from: context.now))
      table.add(row)
    }
    guard prompts else {
      context.write(table.render())
      return
    }
    // Each reminder's prompt on the line under it, indented.
    var out = ""
    for (line, text) in zip(table.render().split(separator: "\n"), texts) {
      out += line + "\n"
      if let text { out += "    " + text + "\n" }
    }
    context.write(out)
  }
}
