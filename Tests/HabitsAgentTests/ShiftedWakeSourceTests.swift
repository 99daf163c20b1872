// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsSystem
import Logging
import Recurrence
import Synchronization
import Testing

@testable import HabitsAgent

/// With `HABITS_NOW` the agent's clock is the system's moved by an offset;
/// its sleeps are still real ones, on the real clock, of the right length.
@Suite struct ShiftedWakeSourceTests {
  /// Remembers the deadlines it is asked to sleep until, and wakes at once.
  final class RecordingWake: WakeSource, @unchecked Sendable {
    private(set) var deadlines: [Instant?] = []
    private let poked = Mutex(0)
    var pokes: Int { poked.withLock { $0 } }

    func wait(until deadline: Instant?) -> Set<WakeReason> {
      deadlines.append(deadline)
      return [.timer]
    }

    func poke() { poked.withLock { $0 += 1 } }

    private(set) var syncFolders: [String] = []
    func watchSync(folder: String) { syncFolders.append(folder) }
  }

  @Test func theSystemClockRunsOnFromItsOffset() {
    let offset = -400 * 86_400
    let real = SystemClock().now().secondsSince1970
    let shifted = SystemClock(offset: offset).now().secondsSince1970
    #expect(abs(shifted - (real + offset)) <= 1)
    #expect(SystemClock().offset == 0)
  }

  @Test func deadlinesOnTheAgentsClockBecomeRealInstants() {
    // Given a wake source under an agent clock 90 s ahead of the system's
    let base = RecordingWake()
    let wake = ShiftedWakeSource(base, offset: 90)
    // When the agent sleeps until 12:01:00 on its clock, then with no deadline
    let reasons = wake.wait(until: Instant(secondsSince1970: 1_773_144_060))
    _ = wake.wait(until: nil)
    wake.poke()
    wake.watchSync(folder: "/sync")
    // Then the real deadline is 90 s earlier, no deadline stays none, and
    // pokes and the sync folder's watch pass
    #expect(reasons == [.timer])
    #expect(base.deadlines == [Instant(secondsSince1970: 1_773_143_970), nil])
    #expect(base.pokes == 1)
    #expect(base.syncFolders == ["/sync"])
  }

  /// The real timer: a deadline two seconds ahead on a clock 400 days
  /// behind the system's is slept for about two seconds, not woken from at
  /// once as a deadline long past would be.
  @Test func aShiftedDeadlineIsARealSleepOfTheRightLength() throws {
    let offset = -400 * 86_400
    let clock = SystemClock(offset: offset)
    let wake = ShiftedWakeSource(
      try SystemWakeSource(logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }),
      offset: offset)
    let deadline = clock.now().adding(seconds: 2)
    let started = ContinuousClock.now
    let reasons = wake.wait(until: deadline)
    let slept = ContinuousClock.now - started
    #expect(reasons == [.timer])
    // time() counts whole seconds: the timer rings 1 to 2 s later.
    #expect(slept >= .milliseconds(900), "woke after \(slept)")
    #expect(slept < .milliseconds(3500), "woke after \(slept)")
    // time() reads the coarse clock, which may still show the second before.
    #expect(clock.now().adding(seconds: 1) >= deadline)
  }
}
