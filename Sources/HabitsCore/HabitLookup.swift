/// Finding a habit by the id someone typed.
public enum HabitLookup {
  /// The habit with `id`, or an error that suggests the nearest id.
  public static func find(_ id: String, in habits: [Habit]) throws(HabitsError) -> Habit {
    if let habit = habits.first(where: { $0.id == id }) { return habit }
    let printable = String(
      id.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.prefix(80))
    let hint = Suggestion.hint(for: printable, in: habits.map(\.id))
    throw HabitsError(
      "unknown habit '\(printable)'",
      hint: hint ?? (habits.isEmpty ? "there are no habits yet" : "'habits list' shows the habits"))
  }
}
