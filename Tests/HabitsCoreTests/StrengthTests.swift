// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Testing

/// Strength against every figure issue 3 quotes from Loop Habit Tracker's own tests.
@Suite struct StrengthTests {
  typealias F = HistoryFixture

  static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance
  }

  // MARK: One step

  @Test func oneStepFromZeroWithInputOneAtDailyFrequency() {
    #expect(Self.close(Strength.step(previous: 0, input: 1, frequency: 1), 0.051922, 1e-5))
  }

  @Test func oneStepFromHalfWithInputOne() {
    #expect(Self.close(Strength.step(previous: 0.5, input: 1, frequency: 1), 0.525961, 1e-5))
  }

  @Test func oneStepFromThreeQuartersWithInputZero() {
    #expect(Self.close(Strength.step(previous: 0.75, input: 0, frequency: 1), 0.711058, 1e-5))
  }

  @Test func oneStepAtAThirdFrequency() {
    #expect(Self.close(Strength.step(previous: 0, input: 1, frequency: 1.0 / 3), 0.03031, 1e-5))
  }

  // MARK: Runs

  static let twentyDays: [Double] = [0.655747, 0.636894, 0.617008, 0.596033]

  @Test func twentyConsecutiveDailyCheckIns() {
    // Given twenty days done, oldest first, the last one today
    let scores = Strength.scores(
      days: Array(repeating: .done(1), count: 20), frequency: Frequency(1, 1))
    // Then today's score and the three days before are Loop's
    #expect(scores.count == 20)
    for (back, expected) in Self.twentyDays.enumerated() {
      #expect(
        Self.close(scores[19 - back], expected, 1e-5), "\(back) days back: \(scores[19 - back])")
    }
  }

  @Test func twentyConsecutiveDailyCheckInsThroughHabitHistory() throws {
    // Given a daily habit in the store's shape: twenty check-ins ending today
    let habit = try F.habit()
    #expect(Frequency(habit: habit) == Frequency(1, 1))
    let history = F.history(
      habit, F.done(habit.id, F.run(20, endingOn: "2026-11-20")), today: "2026-11-20")
    let scores = history.strengths()
    #expect(scores.count == 20)
    for (back, expected) in Self.twentyDays.enumerated() {
      #expect(Self.close(scores[19 - back], expected, 1e-5))
    }
    #expect(Self.close(history.strength(), 0.655747, 1e-5))
  }

  /// Newest first from today, as the issue lists them.
  static let twoInThree: [(done: Bool, score: Double)] = [
    (true, 0.2557), (false, 0.2226), (false, 0.1991), (true, 0.1746), (true, 0.1379),
    (true, 0.0995), (false, 0.0706), (false, 0.0515), (true, 0.0315), (true, 0.0107),
  ]

  @Test func aTwoInThreeDaysHabit() {
    // Given Frequency(2, 3) and the days oldest first
    let days: [Strength.Day] = Self.twoInThree.reversed().map { $0.done ? .done(1) : .none }
    // When
    let scores = Strength.scores(days: days, frequency: Frequency(2, 3))
    // Then each day's score is Loop's: the window is doubled to 4 in 6 days
    #expect(scores.count == 10)
    for (back, expected) in Self.twoInThree.enumerated() {
      #expect(
        Self.close(scores[9 - back], expected.score, 1e-4), "\(back) days back: \(scores[9 - back])"
      )
    }
  }

  @Test func beforeTheFirstCheckInTheScoreIsZeroAndItStartsThere() throws {
    let habit = try F.habit()
    #expect(F.history(habit, [], today: "2026-11-20").strength() == 0)
    // A single check-in five days ago: one step up, then four fading steps
    let history = F.history(habit, F.done(habit.id, ["2026-11-16"]), today: "2026-11-20")
    var expected = Strength.step(previous: 0, input: 1, frequency: 1)
    for _ in 0..<4 { expected = Strength.step(previous: expected, input: 0, frequency: 1) }
    #expect(history.strengths().count == 5)
    #expect(Self.close(history.strength(), expected, 1e-12))
  }

  @Test func aSkippedDayLeavesTheScore() throws {
    // Given done, done, skipped, skipped, done
    let scores = Strength.scores(
      days: [.done(1), .done(1), .skipped, .skipped, .done(1)], frequency: Frequency(1, 1))
    // Then the skipped days keep the score of the day before
    #expect(scores[2] == scores[1])
    #expect(scores[3] == scores[1])
    // and the next done day steps up from it as if the skips were not there
    let unbroken = Strength.scores(
      days: [.done(1), .done(1), .done(1)], frequency: Frequency(1, 1))
    #expect(Self.close(scores[4], unbroken[2], 1e-12))
  }

  @Test func aSkippedDayThroughHabitHistory() throws {
    let habit = try F.habit()
    let history = F.history(
      habit,
      F.done(habit.id, ["2026-11-18", "2026-11-20"]) + F.skipped(habit.id, ["2026-11-19"]),
      today: "2026-11-20")
    let scores = history.strengths()
    #expect(scores.count == 3)
    #expect(scores[1] == scores[0])
    #expect(Self.close(scores[2], 0.101148, 1e-5))
  }

  // MARK: Frequencies of habits

  @Test func habitFrequenciesMapAsLoopCountsThem() throws {
    #expect(Frequency(habit: try F.habit("a", "daily at 21:00")) == Frequency(1, 1))
    #expect(Frequency(habit: try F.habit("b", "every mon, wed, fri at 7:00")) == Frequency(3, 7))
    #expect(Frequency(habit: try F.habit("c", "every saturday at 10:00")) == Frequency(1, 7))
    #expect(
      Frequency(habit: try F.habit("d", "every tue, thu, sat at 19:30", target: "2/week"))
        == Frequency(2, 7))
    #expect(
      Frequency(habit: try F.habit("e", "every sunday at 18:00", target: "4/month"))
        == Frequency(4, 30))
  }

  /// HabitHistory feeds Strength the habit's own frequency: a weekday habit
  /// fades more slowly than a daily one for the same days.
  @Test(arguments: [
    ("every mon, wed, fri at 7:00", nil as String?, Frequency(3, 7)),
    ("every tue, thu, sat at 19:30", "3/week", Frequency(3, 7)),
    ("every sunday at 18:00", "4/month", Frequency(4, 30)),
  ])
  func habitHistoryUsesTheHabitsFrequency(_ when: String, _ target: String?, _ frequency: Frequency)
    throws
  {
    let habit = try F.habit("x", when, target: target)
    let doneDays = [
      "2026-11-02", "2026-11-04", "2026-11-06", "2026-11-09", "2026-11-11", "2026-11-13",
      "2026-11-16",
    ]
    let history = F.history(habit, F.done(habit.id, doneDays), today: "2026-11-20")
    // The same days, oldest first, scored at that frequency by hand
    let set = Set(doneDays.map(F.day))
    let days: [Strength.Day] = (0...18).map {
      set.contains(F.day("2026-11-02").adding(days: $0)) ? .done(1) : .none
    }
    let expected = Strength.scores(days: days, frequency: frequency)
    #expect(history.strengths() == expected)
    // and not at a daily frequency
    #expect(history.strengths() != Strength.scores(days: days, frequency: Frequency(1, 1)))
  }

  // MARK: Numeric habits

  @Test func aNumericDailyGoalUsesTheDaysShareOfTheGoal() throws {
    // Given "30 minutes" a day: 15, then 45, then 30
    let goal = try #require(Goal(parsing: "30 minutes"))
    let scores = Strength.scores(
      days: [.done(15), .done(45), .none, .done(30)], frequency: Frequency(1, 1), goal: goal)
    // Then the inputs are 0.5, 1 (capped), 0, 1
    var expected = Strength.step(previous: 0, input: 0.5, frequency: 1)
    #expect(Self.close(scores[0], expected, 1e-12))
    expected = Strength.step(previous: expected, input: 1, frequency: 1)
    #expect(Self.close(scores[1], expected, 1e-12))
    expected = Strength.step(previous: expected, input: 0, frequency: 1)
    #expect(Self.close(scores[2], expected, 1e-12))
    expected = Strength.step(previous: expected, input: 1, frequency: 1)
    #expect(Self.close(scores[3], expected, 1e-12))
  }

  @Test func aNumericHabitThroughHabitHistory() throws {
    let habit = try F.habit("reading", "daily at 20:00", goal: "30 minutes")
    let history = F.history(
      habit, F.done(habit.id, ["2026-11-20"], value: 15), today: "2026-11-20")
    #expect(Self.close(history.strength(), 0.051922 / 2, 1e-5))
  }

  @Test func aNumericGoalOnSomeWeekdaysIsJudgedOverItsWindow() throws {
    // Given "30 minutes" on three days a week (3/7): the window is 7 days and
    // holds 3 × 30 = 90 minutes (Loop's rolling sum over the target's period)
    let goal = try #require(Goal(parsing: "30 minutes"))
    let scores = Strength.scores(
      days: [.done(30), .done(30), .done(30)], frequency: Frequency(3, 7), goal: goal)
    let f = 3.0 / 7
    var expected = Strength.step(previous: 0, input: 30.0 / 90, frequency: f)
    #expect(Self.close(scores[0], expected, 1e-12))
    expected = Strength.step(previous: expected, input: 60.0 / 90, frequency: f)
    #expect(Self.close(scores[1], expected, 1e-12))
    expected = Strength.step(previous: expected, input: 1, frequency: f)
    #expect(Self.close(scores[2], expected, 1e-12))
  }

  @Test func aNumericLimitStartsFullAndFallsWhenExceeded() throws {
    // Given "at most 60 minutes" a day: 30 (fine), 90 (half over), 120 (double)
    let goal = try #require(Goal(parsing: "at most 60 minutes"))
    let scores = Strength.scores(
      days: [.done(30), .done(90), .done(120)], frequency: Frequency(1, 1), goal: goal)
    #expect(Self.close(scores[0], 1, 1e-12))
    let second = Strength.step(previous: 1, input: 0.5, frequency: 1)
    #expect(Self.close(scores[1], second, 1e-12))
    #expect(Self.close(scores[2], Strength.step(previous: second, input: 0, frequency: 1), 1e-12))
  }
}
