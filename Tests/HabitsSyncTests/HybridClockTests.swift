// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// Stamps that follow the wall clock when it is right and keep their order
/// when it is not.
@Suite struct HybridClockTests {
  typealias F = SyncFixtures

  @Test func stampsNeverGoBackwardsWhenTheClockDoes() {
    var clock = HybridClock(device: F.devices[0])
    var last: HybridTimestamp?
    for wall in [1000, 1000, 1001, 400, 400, 2000, 1999] {
      let stamp = clock.stamp(at: Instant(secondsSince1970: wall))
      if let last { #expect(stamp > last, "\(stamp) after \(last)") }
      last = stamp
    }
    // With the clock right again, stamps follow it.
    #expect(clock.stamp(at: Instant(secondsSince1970: 5000)).seconds == 5000)
  }

  /// An event written after another device's was read is ordered after it,
  /// even when this device's clock is hours behind: undo after seeing a done
  /// clears it.
  @Test func anEventAfterOneSeenIsOrderedAfterItWhateverTheClocks() {
    for skew in [-6 * 3600, -60, 0, 60, 6 * 3600] {
      var laptop = HybridClock(device: F.devices[0])
      var desktop = HybridClock(device: F.devices[1])
      let now = 1_764_870_000
      let done = laptop.stamp(at: Instant(secondsSince1970: now))
      let followed = desktop.observe(done, at: Instant(secondsSince1970: now + skew))
      #expect(followed)
      let undo = desktop.stamp(at: Instant(secondsSince1970: now + skew + 5))
      #expect(undo > done, "skew \(skew)")
      let events = [
        F.event(.done(note: nil), seconds: done.seconds, counter: done.counter, device: 0),
        F.event(.undo, seconds: undo.seconds, counter: undo.counter, device: 1),
      ]
      #expect(DayReplay.state(of: events) == .open, "skew \(skew)")
    }
  }

  /// A device whose clock says next year does not drag the others along.
  @Test func aStampFarAheadIsNotFollowed() {
    var clock = HybridClock(device: F.devices[0], maximumLead: 86_400)
    let now = Instant(secondsSince1970: 1_764_870_000)
    let ahead = HybridTimestamp(
      seconds: now.secondsSince1970 + 365 * 86_400, counter: 0, device: F.devices[1])
    let followedAhead = clock.observe(ahead, at: now)
    #expect(!followedAhead)
    #expect(clock.stamp(at: now).seconds == now.secondsSince1970)
    let nearlyAhead = HybridTimestamp(
      seconds: now.secondsSince1970 + 3600, counter: 4, device: F.devices[1])
    let followedNearly = clock.observe(nearlyAhead, at: now)
    #expect(followedNearly)
    #expect(clock.stamp(at: now) > nearlyAhead)
  }
}
