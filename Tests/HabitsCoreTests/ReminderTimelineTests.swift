// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// The popups of a day in which nothing is answered, as `habits check` works them out.
@Suite struct ReminderTimelineTests {
  typealias F = HistoryFixture

  static func timeline(_ habits: [Habit], gather: Int?) throws -> [String] {
    var config = Config()
    config.summary = nil
    config.gather = gather
    let start = try #require(DateTimeFormat.instant("2026-01-15T00:00Z", in: .utc))
    let timeline = ReminderTimeline(
      habits: habits, config: config, zone: .utc, from: start, to: start.adding(seconds: 86_400))
    return timeline.popups.map { popup in
      let time = DateTimeFormat.withOffset(popup.at, in: .utc).dropFirst(11).prefix(5)
      let names = popup.habits.map { popup.nudges.contains($0) ? $0 + " (nudge)" : $0 }
      return "\(time) " + names.joined(separator: ", ")
    }
  }

  @Test func reminderssWithinGatherShareAPopupAndNudgesWait() throws {
    // Given x at 20:00 nudged every hour until 22:00, y at 20:50 and z at 21:05
    var x = try F.habit("x", "daily at 20:00")
    x.nudge = Nudge(repeatEvery: 3600, until: TimeOfDay(hour: 22, minute: 0))
    let habits = [x, try F.habit("y", "daily at 20:50"), try F.habit("z", "daily at 21:05")]

    // When the day is worked out with gather 20 minutes, and with it off
    let gathered = try Self.timeline(habits, gather: 1200)
    let off = try Self.timeline(habits, gather: nil)

    // Then z comes with y, x's 21:00 nudge waits until 21:10 and its 22:00 one is on time
    #expect(gathered == ["20:00 x", "20:50 y, z", "21:10 x (nudge)", "22:00 x (nudge)"])
    // and without gather each comes at its time
    #expect(off == ["20:00 x", "20:50 y", "21:00 x (nudge)", "21:05 z", "22:00 x (nudge)"])
  }
}
