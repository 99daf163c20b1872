// SPDX-License-Identifier: Apache-2.0
import Foundation
import Recurrence
import Testing

@testable import HabitsCore

/// The shipped practices: enough prompts for every relationship that a repeat
/// is far off, short enough for a notification, and no wording about a time
/// of day that one of the habit's reminders contradicts.
@Suite struct ShippedPracticesTests {
  static let habits: [Habit] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let shipped = root.appendingPathComponent("schedules").path
    return (try? ScheduleLoader.load(directory: shipped).habits) ?? []
  }()

  /// The times of day `habit` reminds at, nudges included, over four weeks of 2027.
  static func times(_ habit: Habit) -> Set<Int> {
    let from = Instant(secondsSince1970: 1_799_020_800)  // Mon 2027-01-04T00:00Z
    let end = from.adding(seconds: 28 * 86_400)
    var minutes: Set<Int> = []
    var iterator = habit.schedule.occurrences(from: from, in: .utc)
    while let due = iterator.next(), due < end {
      let local = Zone.utc.local(due)
      minutes.insert(local.hour * 60 + local.minute)
      guard let nudge = habit.nudge else { continue }
      let limit = nudge.until.map { $0.hour * 60 + $0.minute } ?? 24 * 60 - 1
      var at = local.hour * 60 + local.minute + nudge.repeatEvery / 60
      while at <= limit {
        minutes.insert(at)
        at += nudge.repeatEvery / 60
      }
    }
    return minutes
  }

  /// Whether `habit` reminds every day: then a month of prompts is needed.
  static func isDaily(_ habit: Habit) -> Bool {
    let from = Instant(secondsSince1970: 1_799_020_800)  // Mon 2027-01-04T00:00Z
    var days: Set<CivilDate> = []
    var iterator = habit.schedule.occurrences(from: from, in: .utc)
    while let due = iterator.next(), due < from.adding(seconds: 14 * 86_400) {
      days.insert(Zone.utc.local(due).date)
    }
    return days.count == 14
  }

  @Test func allNineteenAreThere() {
    #expect(Self.habits.count == 19)
  }

  @Test(arguments: Relationship.allCases)
  func everyRelationshipHasEnoughPrompts(relationship: Relationship) {
    for habit in Self.habits {
      let fitting = habit.offering(to: relationship).prompts.count
      // A month without a repeat for a daily habit; two months of questions;
      // nine weeks, or nine reminders, for the rest.
      let needed =
        habit.practice == "Asking and answering questions" ? 60 : Self.isDaily(habit) ? 31 : 9
      #expect(
        fitting >= needed, "\(habit.id) has \(fitting) prompts for \(relationship), not \(needed)")
    }
  }

  @Test func promptsAreShortAndDistinct() {
    for habit in Self.habits {
      let texts = habit.allPrompts.map(\.text)
      #expect(Set(texts).count == texts.count, "\(habit.id) repeats a prompt")
      for text in texts {
        #expect(text.count <= 200, "\(habit.id): \(text.count) characters: \(text)")
      }
    }
  }

  /// Wording that names a part of the reminder's own day, and the times of
  /// day (minutes from midnight, `from ..< to`) at which a reminder saying it
  /// reads right: "this morning" after noon, or "tonight" at breakfast, does
  /// not. A part of another day ("tomorrow morning") is not among them.
  static let partsOfTheDay: [(words: [String], from: Int, to: Int)] = [
    (["this morning", "before lunch", "at breakfast", "before the afternoon"], 4 * 60, 12 * 60),
    (["this afternoon", "after lunch"], 12 * 60, 17 * 60),
    (["at dinner", "over dinner", "after dinner"], 16 * 60, 21 * 60),
    (
      [
        "this evening", "tonight", "before bed", "at bedtime", "before you sleep",
        "before going to sleep",
      ], 16 * 60, 24 * 60
    ),
  ]

  /// A prompt that names a part of the day appears only in a habit whose every
  /// reminder and repeat comes in that part of the day.
  @Test func wordingAboutTheTimeOfDayFitsTheReminders() {
    for habit in Self.habits {
      let times = Self.times(habit)
      for prompt in habit.allPrompts {
        let text = prompt.text.lowercased()
        for part in Self.partsOfTheDay where part.words.contains(where: text.contains) {
          let outside = times.filter { $0 < part.from || $0 >= part.to }.sorted()
          #expect(
            outside.isEmpty,
            "\(habit.id) can show \"\(prompt.text)\" at \(outside.map { "\($0 / 60):\(LocalDateTime.two($0 % 60))" })"
          )
        }
      }
    }
  }

  /// The check above is only as good as the times it reads: a reminder and
  /// its nudges, each at its own time.
  @Test func theTimesIncludeEveryRepeat() throws {
    let habit = Habit(
      id: "t", title: "T", schedule: try Schedule.parse("daily at 18:00", start: nil),
      path: "/t.toml", nudge: Nudge(repeatEvery: 45 * 60, until: TimeOfDay(hour: 19, minute: 30)))
    #expect(Self.times(habit) == [18 * 60, 18 * 60 + 45, 19 * 60 + 30])
  }
}
