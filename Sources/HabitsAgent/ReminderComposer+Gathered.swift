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
    /// For a catch-up, why it comes late.
    public var late: CatchUpReason

    public init(
      habit: Habit, day: CivilDate, kind: ReminderKind, prompt: String?,
      late: CatchUpReason = .away
    ) {
      self.habit = habit
      self.day = day
      self.kind = kind
      self.prompt = prompt
      self.late = late
    }
  }

  /// Several habits in one popup: their titles as its summary, a line each
  /// with the day's prompt (shortened), a Done for each habit that can have
  /// one and a Snooze for all; without buttons, the commands to run. Last,
  /// which of them are catch-ups, and why.
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
    lines += lateLines(reminders)
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

  /// The lines that say which reminders of a popup are catch-ups, and why:
  /// none for a popup without any; for one where all are, the reason alone.
  static func lateLines(_ reminders: [GatheredReminder]) -> [String] {
    let late = reminders.filter { $0.kind == .catchUp }
    guard !late.isEmpty else { return [] }
    let away = late.filter { $0.late == .away }.map(\.habit.title)
    let undone = late.filter { $0.late == .undone }.map(\.habit.title)
    var lines: [String] = []
    if away.count == reminders.count {
      lines.append(
        reminders.count == 1 ? CatchUpReason.away.line : "(These came while you were away.)")
    } else if !away.isEmpty {
      lines.append("(\(listed(away)) came while you were away.)")
    }
    let checkIns = undone.count == 1 ? "a check-in was undone" : "check-ins were undone"
    if undone.count == reminders.count {
      lines.append("(Here again: \(checkIns).)")
    } else if !undone.isEmpty {
      lines.append("(Here again for \(listed(undone)): \(checkIns).)")
    }
    return lines
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
