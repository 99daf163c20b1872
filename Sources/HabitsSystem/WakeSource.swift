// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Why the agent woke up.
public enum WakeReason: Hashable, Sendable {
  /// The time it asked to sleep until has come.
  case timer
  /// The wall clock was set: an NTP step, a manual change, a resume from suspend.
  case clockChanged
  /// The system's time zone changed.
  case zoneChanged
  /// A schedule file or config.toml changed.
  case schedulesChanged
  /// The database was written (a check-in or a snooze from the CLI), or
  /// another device's events arrived in the sync folder.
  case storeChanged
  /// SIGHUP: reload everything.
  case reload
  /// A button was pressed, or another thread asked for attention.
  case poked
  /// SIGTERM or SIGINT.
  case terminate
}

/// What the agent sleeps on. It sleeps until an instant on the wall clock
/// (not a duration, so suspend and clock steps cannot make it late) or until
/// something that may change the answer happens. No polling.
public protocol WakeSource: AnyObject {
  /// Sleeps until `deadline` (forever when nil) or an event; returns why it woke.
  func wait(until deadline: Instant?) -> Set<WakeReason>
  /// Wakes a `wait` from any thread.
  func poke()
  /// Also wakes with `.storeChanged` when another device's events arrive
  /// in the sync folder at `folder`; run before each merge, as devices join.
  func watchSync(folder: String)
  /// Also wakes with `.storeChanged` when the partner's files change in the
  /// together folder at `folder`; run before each pass, as computers join.
  func watchTogether(folder: String)
}

extension WakeSource {
  /// A source that sees no files (a test's script) has nothing to watch.
  public func watchSync(folder: String) {}
  public func watchTogether(folder: String) {}
}
