// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Foundation
import GRDB
import HabitsCore
import HabitsSync
import Recurrence
import Synchronization
import Testing

@testable import HabitsStore

/// What a commit waits for. A change the sync folder holds on disk already
/// commits without waiting (`synchronous = NORMAL`); every other write
/// waits for the disk (`FULL`), whatever ran on the connection before it
/// and whichever thread it runs on. Real files, real databases.
@Suite struct DurabilityTests {
  static let now = SyncStoreTests.now
  static let day = CivilDate(year: 2026, month: 11, day: 21)

  /// The connection's `PRAGMA synchronous` inside a write of `durability`.
  static func level(
    _ store: HabitStore, _ durability: HabitStore.Durability = .disk
  ) throws -> Int? {
    try store.write(durability: durability) { db in
      try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
  }

  @Test func aChangeTheFolderHoldsDoesNotWaitAndTheNextWriteDoes() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try SyncWALTests.joined(fixture)
    let store = try HabitStore(path: path)
    #expect(try Self.level(store) == 2)
    let inside = try store.writeSyncing(folder, at: Self.now) { db in
      try Int.fetchOne(db, sql: "PRAGMA synchronous")
    }
    #expect(inside == 1)
    #expect(try Self.level(store) == 2)
    #expect(try Self.level(store, .folder) == 1)
    #expect(try Self.level(store, .folder) == 1)
    #expect(try Self.level(store) == 2)
    // A pass, then a change of the user's without a folder.
    try SyncStoreTests.write(
      SyncNewsTests.lines(10, seed: 3), device: SyncNewsTests.other, in: folder.path)
    #expect(try store.synchronize(folder: folder, at: Self.now).merged > 0)
    _ = try store.recordDone(habitID: "tea", day: Self.day, at: Self.now)
    #expect(try Self.level(store) == 2)
  }

  /// A store is shared between threads (it is `Sendable`; its queue runs
  /// one turn at a time). The level is set in the same turn as the
  /// transaction it is for, so no write of the user's from another thread
  /// can fall between a pass's setting and its transaction, or between its
  /// transaction and a setting back.
  @Test func aWriteOnAnotherThreadWaitsForTheDiskWhilePassesRun() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (folder, path) = try SyncWALTests.joined(fixture)
    let store = try HabitStore(path: path)
    let levels = Mutex<[Int?]>([])
    let passes = Mutex(0)
    // Writes of the user's that began while a pass was under way.
    let overlapping = Mutex(0)
    let passing = Mutex(false)
    let started = Mutex(0)
    let rounds = 2000
    let done = DispatchGroup()
    for thread in 0..<2 {
      done.enter()
      Thread {
        defer { done.leave() }
        // Both threads running before either starts.
        started.withLock { $0 += 1 }
        while started.withLock({ $0 }) < 2 { sched_yield() }
        for _ in 0..<rounds {
          if thread == 0 {
            passing.withLock { $0 = true }
            if (try? store.writeSyncing(folder, at: Self.now) { _ in 0 }) != nil {
              passes.withLock { $0 += 1 }
            }
            passing.withLock { $0 = false }
          } else {
            if passing.withLock({ $0 }) { overlapping.withLock { $0 += 1 } }
            let level = try? Self.level(store)
            levels.withLock { $0.append(level) }
          }
        }
      }.start()
    }
    done.wait()
    // The two ran at once, so the test tried what it is about.
    #expect(overlapping.withLock { $0 } > 0)
    let seen = levels.withLock { $0 }
    #expect(passes.withLock { $0 } == rounds)
    #expect(seen.count == rounds)
    #expect(seen.filter { $0 != 2 }.isEmpty, "writes that did not wait: \(seen.filter { $0 != 2 })")
    // And the passes themselves did not wait.
    #expect(
      try store.writeSyncing(folder, at: Self.now) { db in
        try Int.fetchOne(db, sql: "PRAGMA synchronous")
      } == 1)
  }
}
