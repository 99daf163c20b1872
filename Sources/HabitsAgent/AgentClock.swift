// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// Where the agent reads the time; tests pass a simulated one.
public protocol AgentClock: Sendable {
  func now() -> Instant
}

/// The system's wall clock, moved by `offset` seconds.
///
/// The offset is `HABITS_NOW` less the system clock when the agent started
/// (0 without it): the agent's time starts at `HABITS_NOW` and runs on from
/// there, as `habits today --watch` does. Its sleeps go through a
/// `ShiftedWakeSource` with the same offset.
public struct SystemClock: AgentClock {
  public let offset: Int

  public init(offset: Int = 0) {
    self.offset = offset
  }

  public func now() -> Instant { Instant(secondsSince1970: Int(time(nil)) + offset) }
}
