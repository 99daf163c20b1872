// SPDX-License-Identifier: Apache-2.0

/// The numbers and words the simulated year holds the agent to, written
/// here from the README's promises rather than read from the agent, so that
/// a change to one of them in the agent shows up as a broken promise.
enum SimulationPromises {
  /// "a reminder shown more than a minute after its time" is a catch-up.
  static let onTimeSeconds = 60

  /// Why a catch-up came late.
  enum Late: Hashable, CustomStringConvertible {
    /// Its time passed while the agent was not watching.
    case away
    /// The agent saw its time come while the day was settled; a check-in undone since reopened it.
    case undone

    var description: String { self == .away ? "away" : "undone" }
  }

  /// "(This came while you were away.)"
  static let awayLine = "(This came while you were away.)"
  /// "(Here again: a check-in was undone.)"
  static let undoneLine = "(Here again: a check-in was undone.)"

  /// The last lines of a popup naming `habits` (titles, in the popup's
  /// order), each with why it came late when it is a catch-up: a popup of
  /// one habit says why; one of several names those that came late, unless
  /// all did for the same reason.
  static func lateLines(_ habits: [(title: String, late: Late?)]) -> [String] {
    guard !habits.isEmpty else { return [] }
    if habits.count == 1, let late = habits[0].late {
      return [late == .away ? awayLine : undoneLine]
    }
    let away = habits.filter { $0.late == .away }.map(\.title)
    let undone = habits.filter { $0.late == .undone }.map(\.title)
    var lines: [String] = []
    if away.count == habits.count {
      lines.append("(These came while you were away.)")
    } else if !away.isEmpty {
      lines.append("(\(listed(away)) came while you were away.)")
    }
    let what = undone.count == 1 ? "a check-in was undone" : "check-ins were undone"
    if undone.count == habits.count {
      lines.append("(Here again: \(what).)")
    } else if !undone.isEmpty {
      lines.append("(Here again for \(listed(undone)): \(what).)")
    }
    return lines
  }

  /// "A", "A and B", "A, B and C".
  static func listed(_ titles: [String]) -> String {
    switch titles.count {
    case 0: return ""
    case 1: return titles[0]
    default: return titles.dropLast().joined(separator: ", ") + " and " + titles[titles.count - 1]
    }
  }
}
