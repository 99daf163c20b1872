// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// A history made from `HabitDay`s (as `habits stats` reads them) says what
/// one made from the same check-ins says.
@Suite struct HabitDayHistoryTests {
  typealias F = HistoryFixture

  /// Done days with amounts, skips, and gaps over two months.
  static func checkIns(_ habitID: String) -> [CheckIn] {
    var result: [CheckIn] = []
    for offset in 0..<60 where offset % 7 != 3 {
      let day = F.day("2026-09-22").adding(days: offset)
      let kind: CheckIn.Kind = offset % 11 == 5 ? .skip : .done
      result.append(
        CheckIn(
          habitID: habitID, day: day, kind: kind,
          value: kind == .done ? Double(offset % 5) * 10 : nil, note: "a note",
          recordedAt: F.recorded))
    }
    return result
  }

  @Test(
    arguments: [
      (nil, nil), ("3/week", nil), (nil, "20 minutes"), (nil, "at most 20 minutes"),
      ("2/3 days", nil),
    ] as [(String?, String?)])
  func theDaysSayWhatTheCheckInsSay(_ target: String?, _ goal: String?) throws {
    let habit = try F.habit("walk", "every mon, wed, fri, sat at 7:00", target: target, goal: goal)
    let checkIns = Self.checkIns(habit.id)
    let today = F.day("2026-11-20")
    let clock = DayClock(zone: .utc)
    let full = HabitHistory(habit: habit, checkIns: checkIns, clock: clock, today: today)
    let days = HabitHistory(
      habit: habit, days: checkIns.map(HabitDay.init), clock: clock, today: today)
    #expect(days.streaks() == full.streaks())
    #expect(days.strengths() == full.strengths())
    #expect(days.strength() > 0)
    #expect(days.doneTotal == full.doneTotal)
    #expect(days.lastDone == full.lastDone)
    #expect(days.rate() == full.rate())
    #expect(days.firstDay == full.firstDay)
    for offset in -2..<62 {
      let day = F.day("2026-09-22").adding(days: offset)
      let one = days.checkIn(on: day)
      let other = full.checkIn(on: day)
      #expect(one?.day == other?.day && one?.kind == other?.kind && one?.value == other?.value)
      #expect(one == nil || one?.habitID == habit.id)
    }
    #expect(days.byDay.count == full.byDay.count)
  }

  @Test func aDayKeepsItsNumberKindAndAmount() {
    let checkIn = CheckIn(
      habitID: "walk", day: F.day("2026-11-20"), kind: .done, value: 2.5, note: "far",
      recordedAt: F.recorded)
    let day = HabitDay(checkIn)
    #expect(day.day == F.day("2026-11-20"))
    #expect(Int(day.number) == F.day("2026-11-20").daysSinceEpoch)
    #expect(day.kind == .done)
    #expect(day.value == 2.5)
  }
}
