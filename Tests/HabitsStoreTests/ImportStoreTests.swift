// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Recurrence
import Testing

@testable import HabitsStore

/// Importing check-ins: in one transaction, keeping what is already there.
@Suite struct ImportStoreTests {
  typealias F = StoreFixture

  static let recorded = Instant(secondsSince1970: 1_795_000_000)

  func checkIns() -> [CheckIn] {
    [
      CheckIn(
        habitID: "reading", day: F.day("2026-11-17"), kind: .done, value: 12.5,
        recordedAt: Self.recorded),
      CheckIn(
        habitID: "reading", day: F.day("2026-11-18"), kind: .skip, note: "ill",
        recordedAt: Self.recorded),
      CheckIn(
        habitID: "gratitude", day: F.day("2026-11-18"), kind: .done, note: "thanked",
        recordedAt: Self.recorded),
    ]
  }

  @Test func importAddsEachCheckInAsItIs() throws {
    // Given an empty store
    let store = try HabitStore()
    // When three check-ins are imported
    let counts = try store.importCheckIns(checkIns())
    // Then all three are there, recording times included
    #expect(counts == HabitStore.ImportCounts(added: 3, skipsAdded: 1))
    #expect(
      try store.checkIns() == checkIns().sorted { ($0.day, $0.habitID) < ($1.day, $1.habitID) })
  }

  @Test func importingTwiceAddsNothingTheSecondTime() throws {
    let store = try HabitStore()
    _ = try store.importCheckIns(checkIns())
    let before = try store.checkIns()
    // When the same check-ins are imported again, recorded later
    let again = checkIns().map {
      var copy = $0
      copy.recordedAt = Self.recorded.adding(seconds: 86_400)
      return copy
    }
    let counts = try store.importCheckIns(again)
    // Then nothing is added or changed
    #expect(counts == HabitStore.ImportCounts(alreadyThere: 3))
    #expect(try store.checkIns() == before)
  }

  @Test func aDayAlreadyRecordedKeepsItsCheckInAndIsCountedAsDifferent() throws {
    // Given gratitude done on 2026-11-18 with another note
    let store = try HabitStore()
    _ = try store.recordDone(
      habitID: "gratitude", day: F.day("2026-11-18"), note: "mine", at: F.now)
    // When the import brings another check-in for that day
    let counts = try store.importCheckIns(checkIns())
    // Then the recorded one stays, and the import says it differed
    #expect(
      counts == HabitStore.ImportCounts(added: 2, skipsAdded: 1, alreadyThere: 1, differing: 1))
    let kept = try store.checkIns(habitID: "gratitude")
    #expect(kept.map(\.note) == ["mine"])
    #expect(kept.map(\.recordedAt) == [F.now])
  }

  @Test func aDryRunCountsWithoutWriting() throws {
    let store = try HabitStore()
    _ = try store.recordSkip(habitID: "reading", day: F.day("2026-11-18"), note: "ill", at: F.now)
    // When a dry run counts the import, with one day in it twice
    let counts = try store.importCheckIns(checkIns() + [checkIns()[0]], dryRun: true)
    // Then it counts as the real import would, and writes nothing
    #expect(counts == HabitStore.ImportCounts(added: 2, skipsAdded: 0, alreadyThere: 2))
    #expect(try F.count(store) == 1)
  }

  @Test func aCheckInTheSchemaRefusesLeavesNothingWritten() throws {
    // Given a file database and an import whose last check-in breaks the schema
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let path = fixture.root + "/habits.sqlite3"
    let store = try HabitStore(path: path)
    _ = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-01"), at: F.now)
    let bad = CheckIn(
      habitID: "reading", day: F.day("2026-11-19"), kind: .done, value: -1, recordedAt: F.now)
    // When it is imported
    #expect(throws: HabitsError.self) { try store.importCheckIns(checkIns() + [bad]) }
    // Then none of the check-ins before it were kept either, even read afresh
    let reopened = try HabitStore(path: path)
    #expect(try reopened.checkIns().map(\.habitID) == ["gratitude"])
    #expect(try F.count(reopened, "SELECT count(*) FROM habit") == 1)
  }
}
