// SPDX-License-Identifier: Apache-2.0

/// Why a catch-up comes after its time, which its last line tells.
public enum CatchUpReason: Hashable, Sendable {
  /// Its time passed while the agent was not watching: not running, the
  /// machine asleep, the clock or the zone changed, its schedule just read.
  case away
  /// Its time passed while the agent watched, when nothing was due (the day
  /// was done, skipped or its target met); a check-in undone since brings it back.
  case undone

  /// The last line of a reminder that came late for this reason.
  var line: String {
    switch self {
    case .away: return "(This came while you were away.)"
    case .undone: return "(Here again: a check-in was undone.)"
    }
  }
}
