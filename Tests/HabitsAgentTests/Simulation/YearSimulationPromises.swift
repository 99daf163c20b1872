// SPDX-License-Identifier: Apache-2.0
import HabitsCore

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

  /// The key every gathered popup has, so that each replaces the one before
  /// ("the popup comes back, in the same place"; docs/ARCHITECTURE.md).
  static let gatheredKey = "gathered"

  /// "[…] in one popup that names each habit with its prompt (shortened if
  /// need be)": the README's example cuts at 77 characters, ending in "…".
  static let gatheredPromptLength = 80

  /// The prompts a habit's reminders offer: those written for everyone or
  /// for `relationship`, `{partner}` read as `partner` or "them" and
  /// `{partner's}` as "Sam's" or "their".
  static func prompts(of habit: Habit, relationship: Relationship, partner: String?) -> [String] {
    habit.allPrompts.filter { $0.audience?.contains(relationship) ?? true }.map {
      $0.text.replacingOccurrences(of: "{partner's}", with: partner.map { $0 + "'s" } ?? "their")
        .replacingOccurrences(of: "{partner}", with: partner ?? "them")
    }
  }

  /// "Streak: 12 days." on a reminder of a habit with a streak above 0.
  static func streakLine(_ streak: Int, unit: String) -> String {
    "Streak: \(streak) \(unit)\(streak == 1 ? "" : "s")."
  }

  /// Whether `shown` is `words` as a gathered popup gives them: whole, or
  /// cut with an ellipsis to at most `gatheredPromptLength` characters.
  static func isShortened(_ shown: String, from words: String) -> Bool {
    if shown == words { return words.count <= gatheredPromptLength }
    guard shown.hasSuffix("…"), shown.count <= gatheredPromptLength else { return false }
    let head = shown.dropLast()
    return !head.isEmpty && words.hasPrefix(head) && words.count > head.count
  }

  /// What went well with a habit done on `count` days of a week, as the
  /// weekly summary opens: its `summary_line` (or "You made time for TITLE
  /// on {count} days") with the count in words up to ten, the word after it
  /// singular for one, and " this week." added.
  static func wentWell(_ habit: Habit, count: Int) -> String {
    let template = habit.summaryLine ?? "You made time for \(habit.title) on {count} days"
    let words = [
      "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    let number = count < words.count ? words[count] : "\(count)"
    guard let range = template.range(of: "{count}") else { return template + " this week." }
    var rest = String(template[range.upperBound...])
    if count == 1, rest.hasPrefix(" ") {
      let word = rest.dropFirst().prefix { $0.isLetter }
      if word.hasSuffix("s") {
        rest = " " + word.dropLast() + rest.dropFirst(1 + word.count)
      }
    }
    return String(template[..<range.lowerBound]) + number + rest + " this week."
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
