// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Finding a habit by the id someone typed.
public enum HabitLookup {
  /// The habit `id` of what was loaded, or `missing(id, in:)`.
  public static func find(_ id: String, in loaded: ScheduleLoader.Result) throws(HabitsError)
    -> Habit
  {
    if let habit = loaded.habits.first(where: { $0.id == id }) { return habit }
    throw missing(id, in: loaded)
  }

  /// Why `id` is not a habit of what was loaded: a file in error named
  /// after it is named (its error, printed above, is what keeps it out);
  /// else an unknown habit, with the nearest id.
  public static func missing(_ id: String, in loaded: ScheduleLoader.Result) -> HabitsError {
    let inError = Set(loaded.errors.map(\.path))
    if let file = inError.sorted().first(where: { stem(of: $0) == id }) {
      return HabitsError(
        "'\(InputEcho.visible(id))' cannot be used while its file '\(file.withoutControlCharacters)' has an error (above)",
        hint: "fix it there; 'habits check' lists every problem")
    }
    let unknown = missing(id, in: loaded.habits)
    guard !inError.isEmpty else { return unknown }
    return HabitsError(
      unknown.message,
      hint: (unknown.hint.map { $0 + "; " } ?? "")
        + "a file with an error (above) may hold it: 'habits check' lists every problem")
  }

  /// A schedule file's name without its folder and `.toml`.
  private static func stem(of path: String) -> String {
    String((path.split(separator: "/").last ?? "").dropLast(path.hasSuffix(".toml") ? 5 : 0))
  }

  /// The habit with `id`, or an error that suggests the nearest id.
  public static func find(_ id: String, in habits: [Habit]) throws(HabitsError) -> Habit {
    if let habit = habits.first(where: { $0.id == id }) { return habit }
    throw missing(id, in: habits)
  }

  /// `unknown habit 'id'`, with the nearest id of `habits` as a hint.
  static func missing(_ id: String, in habits: [Habit]) -> HabitsError {
    let shown = InputEcho.visible(id)
    let typed = String(id.unicodeScalars.filter { !$0.isControlCharacter }.prefix(80))
    let hint = Suggestion.closest(to: typed, in: habits.map(\.id)).flatMap {
      $0 == shown ? nil : "did you mean '\($0)'?"
    }
    return HabitsError(
      "unknown habit '\(shown)'",
      hint: hint ?? (habits.isEmpty ? "there are no habits yet" : "'habits list' shows the habits"))
  }
}
