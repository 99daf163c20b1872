import HabitsCore
import Testing

@testable import HabitsAgent

/// The words of a reminder.
@Suite("Reminder composer")
struct ReminderComposerTests {
  static let clock = DayClock(zone: .utc)

  @Test("the prompt given is shown, with the streak, the buttons and Another idea")
  func promptsAndStreak() throws {
    // Given a habit with two prompts, done the two days before
    var habit = try makeHabit("tea", "daily at 9:00")
    habit.prompts = ["First.", "Second."]
    let checkIns = ["2026-01-13", "2026-01-14"].map {
      CheckIn(
        habitID: "tea", day: day($0), kind: .done, value: nil, note: nil,
        recordedAt: instant($0 + "T10:00Z"))
    }
    let history = HabitHistory(
      habit: habit, checkIns: checkIns, clock: Self.clock, today: day("2026-01-15"))

    // When reminders are written for two days in a row
    let today = ReminderComposer.reminder(
      habit: habit, day: day("2026-01-15"), history: history, kind: .reminder, prompt: "Second.")
    let yesterday = ReminderComposer.reminder(
      habit: habit, day: day("2026-01-14"), history: history, kind: .catchUp, prompt: "First.")

    // Then each shows its prompt first, the streak shows, and buttons are offered
    #expect(today.body == "Second.\nStreak: 2 days.")
    #expect(yesterday.body.hasPrefix("First.\n"))
    #expect(today.actions == [.done, .snooze, .skip, .another])
    #expect(today.key == "tea")
    #expect(today.commandHint == "When done: habits done tea")
    // and one about another day says so in the command, and that it was missed
    #expect(yesterday.commandHint == "When done: habits done tea --date 2026-01-14")
    #expect(yesterday.body.hasSuffix("(Missed while away.)"))
  }

  @Test("a habit with no prompt for the relationship shows its description")
  func noFittingPromptShowsTheDescription() throws {
    // Given a habit whose prompts are for couples only, kept with family
    var habit = try makeHabit("walk", "daily at 9:00")
    habit.description = "A short walk together."
    habit.allPrompts = [Prompt("Hold hands on the way.", for: [.couple])]
    let forFamily = habit.offering(to: .family)
    let forCouple = habit.offering(to: .couple)
    let history = HabitHistory(
      habit: forFamily, checkIns: [], clock: Self.clock, today: day("2026-01-15"))

    // When a reminder is written for each, with the prompt its rotation gives
    let family = ReminderComposer.reminder(
      habit: forFamily, day: day("2026-01-15"), history: history, kind: .reminder,
      prompt: PromptRotation(habit: forFamily).prompt(number: 7))
    let couple = ReminderComposer.reminder(
      habit: forCouple, day: day("2026-01-15"), history: history, kind: .reminder,
      prompt: PromptRotation(habit: forCouple).prompt(number: 7))

    // Then the family's shows the description, the couple's the prompt
    #expect(family.body == "A short walk together.")
    #expect(couple.body == "Hold hands on the way.")
    // and neither has another idea to offer
    #expect(family.actions == [.done, .snooze, .skip])
    #expect(couple.actions == [.done, .snooze, .skip])
  }
}
