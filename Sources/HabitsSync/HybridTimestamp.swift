// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// When an event happened, as a hybrid logical clock tells it: the wall
/// clock's second, a counter for events the wall clock cannot tell apart
/// (or that follow an event stamped ahead of it), and the device, which
/// breaks the last ties. Every device orders the same events the same way,
/// and an event a device wrote after seeing another is always ordered after
/// it, even when the device's clock is behind.
public struct HybridTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Seconds since 1970, UTC, as the device's clock (or a later stamp it had seen) said.
  public var seconds: Int
  /// Events within one second, in order.
  public var counter: Int
  public var device: DeviceID

  public init(seconds: Int, counter: Int, device: DeviceID) {
    self.seconds = seconds
    self.counter = counter
    self.device = device
  }

  public var instant: Instant { Instant(secondsSince1970: seconds) }

  public static func < (a: HybridTimestamp, b: HybridTimestamp) -> Bool {
    (a.seconds, a.counter, a.device.text) < (b.seconds, b.counter, b.device.text)
  }

  public var description: String { "\(instant)+\(counter)@\(device)" }
}
