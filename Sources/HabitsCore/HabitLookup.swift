/// Finding a habit by the id someone typed.
public enum HabitLookup {
  /// The habit with `id`, or an error that suggests the nearest id.
  public static func find(_ id: String, in habits: [Habit]) throws(HabitsError) -> Habit {
    if let habit = habits.first(where: { $0.id == id }) { return habit }
    let shown = visible(id)
    let typed = String(id.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 }.prefix(80))
    let hint = Suggestion.closest(to: typed, in: habits.map(\.id)).flatMap {
      $0 == shown ? nil : "did you mean '\($0)'?"
    }
    throw HabitsError(
      "unknown habit '\(shown)'",
      hint: hint ?? (habits.isEmpty ? "there are no habits yet" : "'habits list' shows the habits"))
  }

  /// `text` safe to print: control characters written as `\u{1B}`, cut at 80 characters.
  public static func visible(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(80) {
      if scalar.value < 32 || scalar.value == 127 {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
