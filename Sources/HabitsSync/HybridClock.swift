// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One device's hybrid logical clock (Kulkarni et al., 2014): stamps that
/// follow the wall clock when it is right and never go backwards when it is
/// not.
///
/// A stamp from another device moves this clock forward only when it is no
/// further ahead of this device's wall clock than `maximumLead`: a device
/// whose clock says next year cannot drag every other device's stamps with
/// it. Such an event is still ordered by its own stamp; `observe` says it was
/// ahead so that `sync status` can name it.
public struct HybridClock: Sendable {
  public let device: DeviceID
  /// The latest stamp written or accepted.
  public private(set) var last: HybridTimestamp?
  /// How far ahead of the wall clock another device's stamp may pull this one.
  public let maximumLead: Int

  public init(device: DeviceID, last: HybridTimestamp? = nil, maximumLead: Int = 86_400) {
    self.device = device
    self.last = last
    self.maximumLead = maximumLead
  }

  /// The stamp for an event this device writes at `now`.
  public mutating func stamp(at now: Instant) -> HybridTimestamp {
    let wall = now.secondsSince1970
    let next: HybridTimestamp
    if let last, last.seconds >= wall {
      next = HybridTimestamp(seconds: last.seconds, counter: last.counter + 1, device: device)
    } else {
      next = HybridTimestamp(seconds: wall, counter: 0, device: device)
    }
    last = next
    return next
  }

  /// Takes in a stamp read from another device at `now`; returns false, and
  /// leaves the clock alone, when the stamp is further ahead of the wall
  /// clock than `maximumLead`.
  @discardableResult
  public mutating func observe(_ stamp: HybridTimestamp, at now: Instant) -> Bool {
    guard stamp.seconds - now.secondsSince1970 <= maximumLead else { return false }
    if last.map({ stamp > $0 }) ?? true {
      last = HybridTimestamp(seconds: stamp.seconds, counter: stamp.counter, device: device)
    }
    return true
  }
}
