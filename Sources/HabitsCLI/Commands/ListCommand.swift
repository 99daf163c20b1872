// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

/// `habits list`: every habit with its schedule and next reminder.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List every habit: id, title, schedule in words, next reminder.",
    discussion: """
      Examples:
        habits list
        habits list --json | jq '.[].habit'
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Item: Encodable {
    var habit: String
    var title: String
    var when: String
    var words: String
    var enabled: Bool
    var next: OccurrenceOutput?
    var path: String

    enum CodingKeys: String, CodingKey { case habit, title, when, words, enabled, next, path }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(habit, forKey: .habit)
      try container.encode(title, forKey: .title)
      try container.encode(when, forKey: .when)
      try container.encode(words, forKey: .words)
      try container.encode(enabled, forKey: .enabled)
      try container.encode(next, forKey: .next)
      try container.encode(path, forKey: .path)
    }
  }

  func run(_ context: Context) throws {
    let loaded = try context.loadSchedules(options)
    // Worked out once: the JSON and the table show the same reminder.
    let nexts = loaded.habits.map {
      $0.enabled ? $0.schedule.next(from: context.now, in: context.zone) : nil
    }
    let items = zip(loaded.habits, nexts).map { habit, next in
      Item(
        habit: habit.id, title: habit.title, when: habit.schedule.expression,
        words: habit.schedule.inWords, enabled: habit.enabled,
        next: next.map { OccurrenceOutput(habit: habit.id, instant: $0, zone: context.zone) },
        path: habit.path)
    }
    if options.json {
      context.print(try JSONOutput.encode(items))
      return
    }
    if items.isEmpty {
      context.print("No habits yet: add a schedule file, or run 'habits init'.")
      return
    }
    var table = TextTable()
    table.add(["HABIT", "TITLE", "SCHEDULE", "NEXT"])
    for (index, item) in items.enumerated() {
      let next: String
      if !item.enabled {
        next = "off"
      } else if let at = nexts[index] {
        next =
          "\(HumanTime.dayAndTime(at, in: context.zone)) (\(HumanTime.relative(at, from: context.now)))"
      } else {
        next = "none left"
      }
      table.add([item.habit, item.title, item.words, next])
    }
    context.write(table.render())
  }
}
