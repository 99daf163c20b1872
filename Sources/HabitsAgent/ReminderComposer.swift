import HabitsCore
import Recurrence

/// Writes a reminder's words: the habit's title, the day's prompt (the
/// prompts in turn, one a day) and the current streak.
public enum ReminderComposer {
  /// The prompt for `day`: the prompts in turn, a new one each day.
  public static func prompt(for habit: Habit, on day: CivilDate) -> String? {
    guard !habit.prompts.isEmpty else { return nil }
    let count = habit.prompts.count
    // Days before 1970 have negative numbers; the index must not be.
    return habit.prompts[((day.daysSinceEpoch % count) + count) % count]
  }

  public static func reminder(
    habit: Habit, day: CivilDate, history: HabitHistory, kind: ReminderKind
  ) -> ReminderNotification {
    var lines: [String] = []
    if let prompt = prompt(for: habit, on: day) {
      lines.append(prompt)
    } else if let description = habit.description {
      lines.append(description)
    }
    let streak = history.streaks().current
    if streak > 0 {
      let unit = streak == 1 ? history.streakUnit : history.streakUnit + "s"
      lines.append("Streak: \(streak) \(unit).")
    }
    if kind == .catchUp { lines.append("(Missed while away.)") }
    var actions: [NotificationAction] = [.snooze, .skip]
    if !habit.isNumeric { actions.insert(.done, at: 0) }
    let command =
      habit.isNumeric
      ? "habits done \(habit.id) --value N" : "habits done \(habit.id)"
    let dayOption = day == history.today ? "" : " --date \(day)"
    return ReminderNotification(
      key: habit.id, habitID: habit.id, day: day, summary: habit.title,
      body: lines.joined(separator: "\n"), actions: actions,
      commandHint: "When done: \(command)\(dayOption)")
  }

  /// The weekly summary: each habit's week, the numbers of `habits week`.
  public static func summary(_ week: WeekSummary, day: CivilDate) -> ReminderNotification {
    var lines: [String] = []
    for row in week.rows {
      let met = row.targetMet ? " ✓" : ""
      let unit = row.currentStreak == 1 ? row.streakUnit : row.streakUnit + "s"
      lines.append(
        "\(row.habit.title): \(row.done)/\(row.due)\(met), streak \(row.currentStreak) \(unit)")
    }
    if lines.isEmpty { lines.append("No habits this week.") }
    return ReminderNotification(
      key: "summary", habitID: nil, day: day, summary: "Your week",
      body: lines.joined(separator: "\n"), actions: [], commandHint: "More: habits week")
  }
}
