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

/// The system's wall clock.
public struct SystemClock: AgentClock {
  public init() {}

  public func now() -> Instant { Instant(secondsSince1970: Int(time(nil))) }
}
