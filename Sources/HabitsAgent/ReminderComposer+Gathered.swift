// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension ReminderComposer {
  /// The key of gathered popups: one at a time, each replacing the one before.
  public static let gatheredKey = "gathered"

  /// The most of a prompt a gathered popup shows for each habit, so that
  /// several fit on one popup.
  static let gatheredPromptLength = 80

  /// One habit of a gathered popup, and the reminder it came for.
  public struct GatheredReminder: Sendable {
    public var habit: Habit
    public var day: CivilDate
    public var kind: ReminderKind
    /// The prompt the habit's rotation gives this reminder.
    public var prompt: String?

    public init(habit: Habit, day: CivilDate, kind: ReminderKind, prompt: String?) {
      self.habit = habit
      self.day = day
      self.kind = kind
      self.prompt = prompt
    }
  }

  /// Several habits in one popup: their titles as its summary, a line each
  /// with the day's prompt (shortened), a Done for each habit that can have
  /// one and a Snooze for all; without buttons, the commands to run.
  public static func gathered(
    _ reminders: [GatheredReminder], today: CivilDate
  ) -> ReminderNotification {
    let titles = reminders.map(\.habit.title)
    var lines: [String] = []
    for reminder in reminders {
      let words = reminder.prompt ?? reminder.habit.description
      lines.append(
        words.map { "\(reminder.habit.title): \(shortened($0))" } ?? reminder.habit.title)
    }
    let missed = reminders.filter { $0.kind == .catchUp }.map(\.habit.title)
    if missed.count == reminders.count {
      lines.append("(Missed while away.)")
    } else if !missed.isEmpty {
      lines.append("(Missed while away: \(listed(missed)).)")
    }
    let commands = reminders.map { reminder in
      let value = reminder.habit.isNumeric ? " --value N" : ""
      let date = reminder.day == today ? "" : " --date \(reminder.day)"
      return "habits done \(reminder.habit.id)\(value)\(date)"
    }
    return ReminderNotification(
      key: gatheredKey, habitID: nil, day: reminders.first?.day ?? today,
      summary: listed(titles), body: lines.joined(separator: "\n"), actions: [.snooze],
      commandHint: "When done: " + commands.joined(separator: "; "),
      gathered: reminders.map {
        GatheredHabit(
          habitID: $0.habit.id, day: $0.day, title: $0.habit.title, offersDone: !$0.habit.isNumeric)
      })
  }

  /// "A", "A and B", "A, B and C".
  static func listed(_ items: [String]) -> String {
    guard items.count > 1, let last = items.last else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + last
  }

  /// `text`, cut at a word before `gatheredPromptLength` characters with an
  /// ellipsis when it is longer.
  static func shortened(_ text: String) -> String {
    guard text.count > gatheredPromptLength else { return text }
    let head = text.prefix(gatheredPromptLength - 1)
    var cut = head.lastIndex(of: " ").map { head[..<$0] } ?? head
    while let last = cut.last, ",;:. ".contains(last) { cut = cut.dropLast() }
    return cut + "…"
  }
}
