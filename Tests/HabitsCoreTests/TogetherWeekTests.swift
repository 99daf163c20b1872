// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsCore

/// The week of habits kept together, in the words the weekly summary and
/// `habits week` lead with.
@Suite struct TogetherWeekTests {
  typealias F = HistoryFixture

  static let clock = DayClock(zone: .utc)

  /// Quality time (shared) done on three days; gratitude (each) done by
  /// you on `yours` days and by the partner on `theirs`, in the week of 16
  /// November, told on `today`.
  static func week(
    yours: Int, theirs: Int, shared: Int = 3, today: String = "2026-11-22",
    partner: String? = "Sam"
  ) throws -> TogetherWeek {
    var time = try F.habit("quality-time")
    time.title = "Quality time"
    var gratitude = try F.habit("gratitude")
    gratitude.title = "Gratitude"
    let checkIns =
      F.done(time.id, F.run(shared, endingOn: "2026-11-20"))
      + F.done(gratitude.id, F.run(yours, endingOn: "2026-11-22"))
    let summary = WeekSummary(
      habits: [gratitude, time], checkIns: checkIns, day: F.day("2026-11-16"),
      today: F.day(today), clock: clock)
    // The partner's days, and one the week before, which does not count.
    let partnerDays = Set(
      (0..<theirs).map { F.day("2026-11-22").adding(days: -$0) } + [F.day("2026-11-10")])
    return TogetherWeek(
      week: summary, kept: ["quality-time": .shared, "gratitude": .each],
      partnerDone: ["gratitude": partnerDays], partner: partner)
  }

  @Test func whatWasDoneTogetherThenEachOnesDays() throws {
    #expect(
      try Self.week(yours: 6, theirs: 7).sentence
        == "Together this week: quality time on three days; gratitude: you on six days, Sam on seven."
    )
  }

  @Test func theSameForBothIsSaidOnce() throws {
    #expect(
      try Self.week(yours: 5, theirs: 5, shared: 1).sentence
        == "Together this week: quality time on one day; gratitude: each of you on five days.")
  }

  @Test func onlyOneOfYouIsNamedWhenTheOtherDidNone() throws {
    #expect(
      try Self.week(yours: 0, theirs: 2, shared: 0).sentence
        == "Together this week: gratitude: Sam on two days.")
    #expect(
      try Self.week(yours: 1, theirs: 0, shared: 0, partner: nil).sentence
        == "Together this week: gratitude: you on one day.")
    #expect(
      try Self.week(yours: 2, theirs: 1, shared: 0, partner: nil).sentence
        == "Together this week: gratitude: you on two days, your partner on one.")
  }

  @Test func aWeekWithNothingTogetherSaysNothing() throws {
    #expect(try Self.week(yours: 0, theirs: 0, shared: 0).sentence == nil)
  }

  @Test func aWeekGoneByIsLastWeek() throws {
    #expect(
      try Self.week(yours: 1, theirs: 1, shared: 1, today: "2026-11-25").sentence?.hasPrefix(
        "Together last week:") == true)
  }

  @Test func titlesReadInsideTheSentence() {
    #expect(TogetherWeek.lowered("Quality time") == "quality time")
    #expect(TogetherWeek.lowered("TV-free evening") == "TV-free evening")
    #expect(TogetherWeek.lowered("tea") == "tea")
  }
}
