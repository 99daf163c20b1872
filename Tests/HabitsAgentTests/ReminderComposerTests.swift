// SPDX-License-Identifier: Apache-2.0
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
    // and one about another day says so in the command, and that it came while you were away
    #expect(yesterday.commandHint == "When done: habits done tea --date 2026-01-14")
    #expect(yesterday.body == "First.\nStreak: 2 days.\n(This came while you were away.)")
    // or, back after a check-in was undone, says that instead
    let undone = ReminderComposer.reminder(
      habit: habit, day: day("2026-01-15"), history: history, kind: .catchUp, prompt: "Second.",
      late: .undone)
    #expect(undone.body == "Second.\nStreak: 2 days.\n(Here again: a check-in was undone.)")
  }

  @Test("a habit with streak = false never shows its streak in a reminder")
  func noStreakWhenStreakIsOff() throws {
    // Given a habit with `streak = false`, done the two days before
    var habit = try makeHabit("repair", "daily at 16:00")
    habit.description = "Mend what needs mending."
    let checkIns = ["2026-01-13", "2026-01-14"].map {
      CheckIn(
        habitID: "repair", day: day($0), kind: .done, value: nil, note: nil,
        recordedAt: instant($0 + "T10:00Z"))
    }
    let history = HabitHistory(
      habit: habit, checkIns: checkIns, clock: Self.clock, today: day("2026-01-15"))
    #expect(history.streaks().current == 2)
    habit.showsStreak = false

    // When its reminder is written
    let shown = ReminderComposer.reminder(
      habit: habit, day: day("2026-01-15"), history: history, kind: .reminder, prompt: nil)

    // Then it has the description and no streak
    #expect(shown.body == "Mend what needs mending.")
  }

  @Test("the weekly summary opens with what went well, and a good week says so")
  func summaryOpensWithWhatWentWell() throws {
    // Given gratitude done four days of five by Friday, a 3/week habit done once,
    // and one with streak = false done every day
    var gratitude = try makeHabit("gratitude", "daily at 21:15")
    gratitude.title = "Gratitude"
    gratitude.summaryLine = "You said thank you on {count} days"
    var quality = try makeHabit("quality-time", "every tue, thu, sat at 20:00")
    quality.title = "Quality time"
    quality.target = Target(count: 3, period: .week)
    quality.summaryLine = "You made time for each other on {count} evenings"
    var repair = try makeHabit("repair", "daily at 16:00")
    repair.title = "Repair"
    repair.showsStreak = false
    let days = { (from: Int, through: Int) in
      (from...through).map { "2026-01-\($0 < 10 ? "0" : "")\($0)" }
    }
    let checkIns =
      (days(5, 11) + days(12, 14) + days(16, 16)).map { done("gratitude", $0) }
      + [done("quality-time", "2026-01-13")]
      + days(1, 16).map { done("repair", $0) }

    // When the summary of the week of 12 January is written on Friday 16th
    let week = WeekSummary(
      habits: [gratitude, quality, repair], checkIns: checkIns, day: day("2026-01-16"),
      today: day("2026-01-16"), clock: Self.clock)
    let shown = ReminderComposer.summary(week, day: day("2026-01-16"))

    // Then it opens with the week in words, then each habit's week: a good week,
    // what is still possible for the target, and no streak where it is off or 0
    let lines = shown.body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(
      Array(lines.prefix(4)) == [
        "You said thank you on four days this week.",
        "You made time for each other on one evening this week.",
        "You made time for Repair on five days this week.",
        "",
      ])
    #expect(lines[4].hasPrefix("Gratitude: 4 of 7, a good week so far, 2 more to come. Strength "))
    #expect(lines[4].hasSuffix("%, streak 1 day."))
    #expect(lines[5].hasPrefix("Quality time: 1 of 3, 2 more by Sunday. Strength "))
    #expect(!lines[5].contains("streak"))
    #expect(lines[6].hasPrefix("Repair: 5 of 7, every one so far, 2 more to come. Strength "))
    #expect(!lines[6].contains("streak"))
    #expect(shown.summary == "Your week")
  }

  private func done(_ habitID: String, _ date: String) -> CheckIn {
    CheckIn(
      habitID: habitID, day: day(date), kind: .done, value: nil, note: nil,
      recordedAt: instant(date + "T10:00Z"))
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
