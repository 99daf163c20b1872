// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

@testable import HabitsCore

/// A check-in's amount against its habit: a goal wants one, a yes/no habit none.
@Suite struct HabitAmountTests {
  func habit(goal: Goal?) throws -> Habit {
    Habit(
      id: "reading", title: "Reading", schedule: try Schedule.parse("daily at 21:00", start: nil),
      path: "reading.toml", goal: goal)
  }

  func error(_ habit: Habit, _ value: Double?) -> HabitsError? {
    do {
      try habit.validate(amount: value)
      return nil
    } catch {
      return error
    }
  }

  @Test func aHabitWithAGoalWantsAnAmount() throws {
    let reading = try habit(goal: Goal(parsing: "20 pages"))
    #expect(error(reading, 5) == nil)
    let missing = try #require(error(reading, nil))
    #expect(
      missing.description
        == "reading counts pages — give it with --value, e.g. 'habits done reading --value 20'")
    #expect(missing.kind == .usage)
    let unitless = try habit(goal: Goal(parsing: "at least 2.5"))
    #expect(error(unitless, nil)?.message == "reading counts an amount")
  }

  @Test func aYesNoHabitTakesNone() throws {
    let plain = try habit(goal: nil)
    #expect(error(plain, nil) == nil)
    let given = try #require(error(plain, 1))
    #expect(
      given.message == "reading is a yes/no habit; '--value' goes with habits that have a goal")
    #expect(given.kind == .usage)
  }
}
