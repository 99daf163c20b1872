// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsStore

/// What a planning pass reads, in one transaction, within the windows it names.
@Suite struct ReminderSnapshotTests {
  typealias F = StoreFixture

  @Test func theSnapshotHoldsWhatTheNeedsName() throws {
    let store = try HabitStore()
    let now = F.now  // 2026-11-20T16:00:00Z
    _ = try store.recordDone(habitID: "tea", day: F.day("2026-11-19"), at: now)
    _ = try store.recordDone(habitID: "tea", day: F.day("2026-09-01"), at: now)
    _ = try store.recordSkip(habitID: "walk", day: F.day("2026-11-20"), at: now)
    try store.snooze(
      habitID: "walk", until: now.adding(seconds: 900), at: now, day: F.day("2026-11-19"))
    // A reminder shown, one logged but never shown, one fired "after now"
    // (a clock set back), one too old, and a summary.
    let shown = FiredReminder(
      habitID: "tea", due: now.adding(seconds: -3600), firedAt: now.adding(seconds: -3600),
      kind: .reminder, day: F.day("2026-11-20"))
    let unshown = FiredReminder(
      habitID: "walk", due: now.adding(seconds: -600), firedAt: now.adding(seconds: -600),
      kind: .nudge, day: F.day("2026-11-20"))
    let future = FiredReminder(
      habitID: "tea", due: now.adding(seconds: -60), firedAt: now.adding(seconds: 7200),
      kind: .catchUp, day: F.day("2026-11-20"))
    let old = FiredReminder(
      habitID: "tea", due: now.adding(seconds: -10 * 86_400),
      firedAt: now.adding(seconds: -10 * 86_400),
      kind: .reminder, day: F.day("2026-11-10"))
    let summary = FiredReminder(
      habitID: nil, due: now.adding(seconds: -2 * 86_400),
      firedAt: now.adding(seconds: -2 * 86_400),
      kind: .summary, day: F.day("2026-11-18"))
    for reminder in [shown, unshown, future, old, summary] { _ = try store.logReminder(reminder) }
    for reminder in [shown, future, old, summary] {
      try store.markDelivered(habitID: reminder.habitID, due: reminder.due, at: now)
    }
    let needs = ReminderNeeds(
      now: now, checkInsSince: F.day("2026-10-01"), loggedSince: now.adding(seconds: -4 * 86_400),
      summariesSince: now.adding(seconds: -16 * 86_400), undelivered: true)
    let snapshot = try store.reminderSnapshot(needs)
    #expect(snapshot.checkIns["tea"]?.map(\.day) == [F.day("2026-11-19")])
    #expect(snapshot.checkIns["walk"]?.map(\.kind) == [.skip])
    #expect(snapshot.snoozes["walk"]?.until == now.adding(seconds: 900))
    #expect(snapshot.snoozedDays == ["walk": F.day("2026-11-19")])
    #expect(
      snapshot.logged
        == Set(
          [shown, unshown, future, summary].map {
            ReminderSnapshot.LoggedKey(habitID: $0.habitID, due: $0.due)
          }))
    // Fired after now does not count as fired.
    #expect(snapshot.lastFired["tea"] == shown.firedAt)
    #expect(snapshot.lastFired["walk"] == unshown.firedAt)
    #expect(snapshot.lastFired[""] == summary.firedAt)
    #expect(snapshot.summaryDays == [F.day("2026-11-18")])
    #expect(snapshot.undelivered == [unshown])
    // Without asking, the unshown ones are not read.
    var plain = needs
    plain.undelivered = false
    #expect(try store.reminderSnapshot(plain).undelivered.isEmpty)
  }
}
