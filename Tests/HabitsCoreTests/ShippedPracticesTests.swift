import Foundation
import Testing

@testable import HabitsCore

/// The shipped practices: enough prompts for every relationship that a repeat
/// is far off, and short enough for a notification.
@Suite struct ShippedPracticesTests {
  static let habits: [Habit] = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let shipped = root.appendingPathComponent("schedules").path
    return (try? ScheduleLoader.load(directory: shipped).habits) ?? []
  }()

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
}
