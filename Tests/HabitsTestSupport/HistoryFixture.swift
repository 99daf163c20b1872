// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Builders for habits and check-ins, shared by the history tests (streaks,
/// strength, days, week summary, today). Namespaced so they cannot clash
/// with other test files' helpers.
public enum HistoryFixture {
  public static let recorded = Instant(secondsSince1970: 1_790_000_000)

  /// `2026-11-20` as a day; a bad literal is a bug in the test.
  public static func day(_ text: String) -> CivilDate {
    guard let day = CivilDate(iso: text) else { preconditionFailure("bad day '\(text)'") }
    return day
  }

  public static func habit(
    _ id: String = "gratitude", _ when: String = "daily at 21:00", target: String? = nil,
    goal: String? = nil, start: String? = nil
  ) throws -> Habit {
    Habit(
      id: id, title: id.capitalized, schedule: try Schedule.parse(when, start: nil),
      path: "\(id).toml", start: start.map(day), target: target.flatMap(Target.init(parsing:)),
      goal: goal.flatMap(Goal.init(parsing:)))
  }

  public static func done(_ habitID: String, _ days: [String], value: Double? = nil) -> [CheckIn] {
    days.map {
      CheckIn(habitID: habitID, day: day($0), kind: .done, value: value, recordedAt: recorded)
    }
  }

  public static func skipped(_ habitID: String, _ days: [String]) -> [CheckIn] {
    days.map { CheckIn(habitID: habitID, day: day($0), kind: .skip, recordedAt: recorded) }
  }

  /// `count` consecutive days ending on `last`, oldest first, as text.
  public static func run(_ count: Int, endingOn last: String) -> [String] {
    (0..<count).reversed().map { day(last).adding(days: -$0).description }
  }

  public static func history(
    _ habit: Habit, _ checkIns: [CheckIn], today: String, clock: DayClock = DayClock(zone: .utc)
  ) -> HabitHistory {
    HabitHistory(habit: habit, checkIns: checkIns, clock: clock, today: day(today))
  }

  public static func zone(_ name: String) throws -> Zone { try Zone.named(name) }
}
