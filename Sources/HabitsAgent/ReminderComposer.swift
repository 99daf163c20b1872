// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Writes a reminder's words: the habit's title, the prompt its rotation
/// gives (`PromptRotation`) and the current streak; and the weekly
/// summary's, as `WeekStory` tells the week.
public enum ReminderComposer {
  /// A reminder about `day` showing `prompt`, the one the habit's rotation
  /// gives this reminder (or a later one, after Another idea); a habit
  /// without prompts shows its description. A catch-up ends with a line
  /// that says why it comes late (`late`).
  /// `partnerDid`, for a habit each of two people keeps: the partner's name
  /// when they did theirs that day ("" for a partner without one).
  public static func reminder(
    habit: Habit, day: CivilDate, history: HabitHistory, kind: ReminderKind, prompt: String?,
    late: CatchUpReason = .away, partnerDid: String? = nil
  ) -> ReminderNotification {
    var lines: [String] = []
    if let prompt {
      lines.append(prompt)
    } else if let description = habit.description {
      lines.append(description)
    }
    let streak = habit.showsStreak ? history.streaks().current : 0
    if streak > 0 {
      let unit = streak == 1 ? history.streakUnit : history.streakUnit + "s"
      lines.append("Streak: \(streak) \(unit).")
    }
    if let partner = partnerDid {
      let who = partner.isEmpty ? "Your partner" : partner
      lines.append("\(who) did theirs \(day == history.today ? "today" : "that day").")
    }
    if kind == .catchUp { lines.append(late.line) }
    // Four at most: GNOME Shell shows three and drops the rest, so the one
    // that can go without harm comes last.
    var actions: [NotificationAction] = [.snooze, .skip]
    if !habit.isNumeric { actions.insert(.done, at: 0) }
    if habit.prompts.count > 1 { actions.append(.another) }
    let command =
      habit.isNumeric
      ? "habits done \(habit.id) --value N" : "habits done \(habit.id)"
    let dayOption = day == history.today ? "" : " --date \(day)"
    return ReminderNotification(
      key: habit.id, habitID: habit.id, day: day, summary: habit.title,
      body: lines.joined(separator: "\n"), actions: actions,
      commandHint: "When done: \(command)\(dayOption)")
  }

  /// The weekly summary: what went well, then each habit's week, in the
  /// words `habits week` and the report use.
  public static func summary(
    _ week: WeekSummary, day: CivilDate, together: TogetherWeek? = nil
  ) -> ReminderNotification {
    let story = WeekStory(week)
    // What was done together leads, when anything was.
    var body = (((together?.sentence).map { [$0] } ?? []) + story.opening)
      .joined(separator: "\n")
    if !story.details.isEmpty { body += "\n\n" + story.details.joined(separator: "\n") }
    return ReminderNotification(
      key: "summary", habitID: nil, day: day, summary: "Your week", body: body, actions: [],
      commandHint: "More: habits week")
  }
}
