// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// The words `habits report` puts on the page for days, months, states and streaks.
public enum ReportWording {
  /// `Mon` … `Sun`.
  public static func weekdayName(_ weekday: Weekday) -> String {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][weekday.rawValue]
  }

  /// `Jan` … `Dec` for 1 … 12.
  public static func monthName(_ month: Int) -> String {
    let names = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    return (1...12).contains(month) ? names[month - 1] : "?"
  }

  /// What a day's state means, in words: a pending day is `today` or `to come`.
  public static func word(_ state: HabitHistory.DayState, isToday: Bool) -> String {
    switch state {
    case .done: return "done"
    case .skipped: return "skipped"
    case .missed: return "missed"
    case .pending: return isToday ? "today" : "to come"
    case .notDue: return "not due"
    }
  }

  /// The week grid's mark for a state, as `habits week` prints it (today ringed).
  public static func symbol(_ state: HabitHistory.DayState, isToday: Bool) -> String {
    switch state {
    case .done: return "✓"
    case .skipped: return "–"
    case .missed: return "✗"
    case .pending: return isToday ? "○" : "·"
    case .notDue: return ""
    }
  }

  /// `1 day`, `4 days`, `2 weeks`, `1 month`; a dash for 0, which is never
  /// shown as a number.
  public static func streak(_ count: Int, unit: String) -> String {
    count > 0 ? "\(count) \(unit)\(count == 1 ? "" : "s")" : noStreak
  }

  /// What stands for a streak of 0, or one not shown (`streak = false`).
  public static let noStreak = "—"
}
