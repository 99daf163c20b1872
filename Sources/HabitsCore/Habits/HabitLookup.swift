// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Finding a habit by the id someone typed.
public enum HabitLookup {
  /// The habit with `id`, or an error that suggests the nearest id.
  public static func find(_ id: String, in habits: [Habit]) throws(HabitsError) -> Habit {
    if let habit = habits.first(where: { $0.id == id }) { return habit }
    let shown = InputEcho.visible(id)
    let typed = String(id.unicodeScalars.filter { !$0.isControlCharacter }.prefix(80))
    let hint = Suggestion.closest(to: typed, in: habits.map(\.id)).flatMap {
      $0 == shown ? nil : "did you mean '\($0)'?"
    }
    throw HabitsError(
      "unknown habit '\(shown)'",
      hint: hint ?? (habits.isEmpty ? "there are no habits yet" : "'habits list' shows the habits"))
  }
}
