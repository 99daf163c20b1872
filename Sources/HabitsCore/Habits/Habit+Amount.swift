// SPDX-License-Identifier: Apache-2.0
extension Habit {
  /// Refuses a check-in's amount that does not fit the habit: a habit with a
  /// goal counts an amount, so it needs one; a yes/no habit takes none.
  public func validate(amount value: Double?) throws(HabitsError) {
    if isNumeric && value == nil {
      throw HabitsError(
        "\(id) counts \(goal.map { $0.unit.isEmpty ? "an amount" : $0.unit } ?? "an amount")",
        hint: "give it with --value, e.g. 'habits done \(id) --value \(Int(goal?.amount ?? 1))'",
        kind: .usage)
    }
    if !isNumeric && value != nil {
      throw HabitsError(
        "\(id) is a yes/no habit; '--value' goes with habits that have a goal", kind: .usage)
    }
  }
}
