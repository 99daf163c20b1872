// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension AgentRunner {
  /// Forgets since when it watched: what came before its next plan, it did not see come.
  func stopWatching() {
    watchingSince = nil
    habitsReadAt = [:]
  }

  /// `firing`, with why it comes late if it is a catch-up: it came while the
  /// agent watched its habit, so the day was settled then and a check-in
  /// undone since brings it back; or it came while the agent did not watch.
  func judged(_ firing: ReminderPlanner.Firing) -> ReminderPlanner.Firing {
    guard firing.kind == .catchUp, let came = firing.cameAt, let since = watchingSince else {
      return firing
    }
    let readAt = firing.habitID.flatMap { habitsReadAt[$0] }
    var judged = firing
    judged.late = came >= max(since, readAt ?? since) ? .undone : .away
    return judged
  }
}
