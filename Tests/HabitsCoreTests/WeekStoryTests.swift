// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

@testable import HabitsCore

/// The week in words, as the weekly notification, `habits week` and the
/// report tell it: what went well first, no demand for perfection.
@Suite struct WeekStoryTests {
  typealias F = HistoryFixture

  static let clock = DayClock(zone: .utc)

  /// The story of the week holding `day` (weeks start on Monday), seen on `today`.
  static func story(
    _ habits: [Habit], _ checkIns: [CheckIn], day: String = "2026-11-16", today: String
  ) -> WeekStory {
    WeekStory(
      WeekSummary(
        habits: habits, checkIns: checkIns, day: F.day(day), today: F.day(today), clock: clock))
  }

  // MARK: A week of due days

  @Test func sixOfSevenIsAGoodWeekAndSaysSo() throws {
    // Given a daily habit done the week before, then Monday to Saturday, Sunday missed
    var habit = try F.habit("gratitude")
    habit.title = "Gratitude"
    habit.summaryLine = "You said thank you on {count} days"
    let checkIns = F.done(
      habit.id, F.run(7, endingOn: "2026-11-15") + F.run(6, endingOn: "2026-11-21"))

    // When the week of 16 November is told on the Monday after
    let story = Self.story([habit], checkIns, today: "2026-11-23")

    // Then it opens with what went well, in words
    #expect(story.opening == ["You said thank you on six days last week."])
    // and the week is a good one, with its strength beside the streak (a missed
    // Sunday broke the streak, and a streak of 0 is not told)
    let line = try #require(story.line(for: "gratitude"))
    #expect(line.tally == "6 of 7")
    #expect(line.verdict == "a good week")
    #expect(line.streak == nil)
    #expect(line.text == "Gratitude: 6 of 7, a good week. Strength \(line.strength)%.")
    #expect(line.strength > 0)
    #expect(story.details == [line.text])
  }

  @Test func theStreakSitsBesideTheStrengthAndIsNeverZero() throws {
    // Given two daily habits: one done every day for two weeks, one missed yesterday
    let kept = try F.habit("kept")
    let broken = try F.habit("broken")
    let checkIns =
      F.done("kept", F.run(14, endingOn: "2026-11-19"))
      + F.done("broken", F.run(10, endingOn: "2026-11-18"))

    // When the week is told on Friday 20th, both still to do today
    let story = Self.story([kept, broken], checkIns, today: "2026-11-20")

    // Then the unbroken one tells its streak after its strength
    let line = try #require(story.line(for: "kept"))
    #expect(line.streak == "14 days")
    #expect(
      line.text
        == "Kept: 4 of 7, every one so far, 3 more to come. Strength \(line.strength)%, streak 14 days."
    )
    // and the broken one (streak 0) tells none, anywhere
    let other = try #require(story.line(for: "broken"))
    #expect(other.streak == nil)
    #expect(!other.text.contains("streak"))
    #expect(other.verdict == "a good week so far, 3 more to come")
    #expect(!(story.opening + story.details).joined().contains("streak 0"))
  }

  @Test func aHabitWithStreakOffNeverTellsOne() throws {
    // Given a daily habit with `streak = false`, done every day for a month
    var habit = try F.habit("repair")
    habit.showsStreak = false
    let checkIns = F.done(habit.id, F.run(30, endingOn: "2026-11-22"))

    // When its full week is told
    let story = Self.story([habit], checkIns, today: "2026-11-23")

    // Then it is a full week, with its strength and no streak
    let line = try #require(story.line(for: "repair"))
    #expect(line.streak == nil)
    #expect(line.text == "Repair: 7 of 7, a full week. Strength \(line.strength)%.")
  }

  @Test func aThinWeekIsNotCalledGoodButEachOneCounts() throws {
    // Given a daily habit done on two days of the week, from a history before it
    let habit = try F.habit("walk")
    let checkIns = F.done(habit.id, ["2026-11-10", "2026-11-16", "2026-11-19"])
    // When told once the week is over
    let line = try #require(Self.story([habit], checkIns, today: "2026-11-23").line(for: "walk"))
    // Then it counts what was done, kindly
    #expect(line.tally == "2 of 7")
    #expect(line.verdict == "each one counts")
  }

  @Test func daysDoneThatWereNotDueAreToldAndMakeUpForNone() throws {
    // Given a habit due on Wednesdays, done the Wednesday before, then on the
    // Tuesday and Sunday of the week of 16 November, its Wednesday missed
    var habit = try F.habit("curiosity", "every wed at 19:00")
    habit.title = "Curiosity"
    let before = F.done(habit.id, ["2026-11-11"])
    let apart = before + F.done(habit.id, ["2026-11-17", "2026-11-22"])
    // When told once the week is over
    let story = Self.story([habit], apart, today: "2026-11-23")
    // Then what went well counts both days, and the week is not called met
    #expect(story.opening.count == 1 && story.opening[0].contains("two days"))
    let line = try #require(story.line(for: "curiosity"))
    #expect(line.tally == nil)
    #expect(line.text == "Curiosity: done on two days not due. Strength \(line.strength)%.")
    let row = try #require(
      WeekSummary(
        habits: [habit], checkIns: apart, day: F.day("2026-11-16"), today: F.day("2026-11-23"),
        clock: Self.clock
      ).rows.first)
    #expect((row.done, row.doneDue, row.due, row.targetMet) == (2, 0, 1, false))
    // and with its Wednesday done too, the other day is told beside it
    let both = before + F.done(habit.id, ["2026-11-17", "2026-11-18"])
    let full = try #require(Self.story([habit], both, today: "2026-11-23").line(for: "curiosity"))
    #expect(full.tally == "1 of 1")
    #expect(full.verdict == "done, and done on one day not due")
    // and with the Wednesday still to come, it is still to come
    let early = try #require(
      Self.story([habit], before + F.done(habit.id, ["2026-11-17"]), today: "2026-11-17")
        .line(for: "curiosity"))
    #expect(early.verdict == "1 to come, and done on one day not due")
  }

  // MARK: A week with nothing done

  @Test func anEmptyWeekThatIsOverReadsKindly() throws {
    // Given two habits with a history, and nothing done in the week of 16 November
    let habits = [try F.habit("gratitude"), try F.habit("dinner")]
    let checkIns = F.done("gratitude", ["2026-11-10"]) + F.done("dinner", ["2026-11-11"])

    // When the week is told after it ended
    let story = Self.story(habits, checkIns, today: "2026-11-24")

    // Then one kind, true sentence says it, with no row of zeros after it
    #expect(
      story.opening == [
        "A quiet week: nothing was checked off, and that is all right."
          + " One small moment is enough to begin again."
      ])
    #expect(story.isQuiet)
    #expect(story.details.isEmpty)
    #expect(!story.opening.joined().contains("0"))
  }

  @Test func anEmptyWeekUnderWaySaysThereIsStillTime() throws {
    // Given the same on the Thursday of the week
    let habits = [try F.habit("gratitude")]
    let story = Self.story(habits, F.done("gratitude", ["2026-11-10"]), today: "2026-11-19")
    // Then it says there is still time
    #expect(
      story.opening == [
        "Nothing checked off yet this week, and there is still time: one small moment is enough."
      ])
    #expect(story.details.isEmpty)
  }

  // MARK: Targets

  @Test func aTargetMidWeekSaysWhatIsStillPossible() throws {
    // Given a 3/week habit done once by Friday 20th, and another with no target
    var quality = try F.habit("quality", "every tue, thu, sat at 20:00", target: "3/week")
    quality.title = "Quality time"
    quality.summaryLine = "You made time for each other on {count} evenings"
    let plain = try F.habit("plain")
    let checkIns =
      F.done("quality", ["2026-11-10", "2026-11-17"]) + F.done("plain", ["2026-11-17"])

    // When the week is told on Friday
    let story = Self.story([quality, plain], checkIns, today: "2026-11-20")

    // Then the target habit says how many more by Sunday, never "not met"
    let line = try #require(story.line(for: "quality"))
    #expect(line.targetNote == "2 more by Sunday")
    #expect(line.text == "Quality time: 1 of 3, 2 more by Sunday. Strength \(line.strength)%.")
    // what went well comes in the habit's own words, singular for one
    #expect(story.opening.first == "You made time for each other on one evening this week.")
    // and a habit with no target has no target note
    #expect(try #require(story.line(for: "plain")).targetNote == nil)
  }

  @Test(arguments: [
    // On Sunday itself, the one more is due today.
    ("2026-11-22", ["2026-11-17", "2026-11-19"], "1 more today"),
    ("2026-11-20", ["2026-11-17", "2026-11-18", "2026-11-19"], "target met"),
    // The week over and the target missed: gentle, not "not met".
    ("2026-11-23", ["2026-11-17"], "fewer than planned, and each one counted"),
    ("2026-11-23", [], "a quiet week"),
    // More needed than days left: what was done still counts.
    ("2026-11-22", ["2026-11-17"], "each one counts"),
  ])
  func whatATargetSays(today: String, done: [String], note: String) throws {
    let habit = try F.habit("swim", "daily at 9:00", target: "3/week")
    let checkIns = F.done("swim", ["2026-11-09"] + done)
    let line = try #require(Self.story([habit], checkIns, today: today).line(for: "swim"))
    #expect(line.targetNote == note)
  }

  @Test func aMonthlyTargetSaysWhatIsStillPossibleThisMonth() throws {
    // Given 8/month, done 5 times in November by Monday 16th
    let habit = try F.habit("call", "daily at 19:00", target: "8/month")
    let checkIns = F.done(
      habit.id, ["2026-11-02", "2026-11-05", "2026-11-09", "2026-11-12", "2026-11-16"])
    // When the week is told on Wednesday 18th
    let line = try #require(Self.story([habit], checkIns, today: "2026-11-18").line(for: "call"))
    // Then the count is the month's, and three more are possible by the month's end
    #expect(line.tally == "5 of 8 this month")
    #expect(line.targetNote == "3 more by the end of the month")
  }

  // MARK: Words

  @Test(arguments: [
    (
      "You made time for each other on {count} evenings", 1,
      "You made time for each other on one evening"
    ),
    (
      "You made time for each other on {count} evenings", 4,
      "You made time for each other on four evenings"
    ),
    ("{count} lunches without phones", 1, "one lunch without phones"),
    ("{count} parties", 1, "one party"),
    ("{count} walks together", 12, "12 walks together"),
    ("Kept up on {count} days, well done", 1, "Kept up on one day, well done"),
  ])
  func theCountInWords(template: String, count: Int, expected: String) {
    #expect(WeekStory.fill(template, count: count) == expected)
  }

  @Test func withoutASummaryLineTheTitleSpeaks() throws {
    var habit = try F.habit("tea")
    habit.title = "Tea together"
    #expect(
      WeekStory.wentWell(habit, count: 3, when: "this week")
        == "You made time for Tea together on three days this week.")
    // and a line ending in a full stop gets no second one
    habit.summaryLine = "Tea together on {count} afternoons."
    #expect(
      WeekStory.wentWell(habit, count: 1, when: "this week")
        == "Tea together on one afternoon this week.")
  }
}
