// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// A habit's days as an inline SVG heatmap, like GitHub's: one column a week,
/// one row a weekday, each day a square with a `<title>` tooltip.
///
/// States differ in shape as well as colour (done filled, missed outlined,
/// skipped a bar, today ringed, not due a faint square), so the map reads
/// without colour too. Sizes and colours come from the page's style sheet
/// (`ReportStyle`): the classes are `d` done, `m` missed, `s` skipped,
/// `p` pending (today), `n` not due.
public enum HeatmapSVG {
  /// The distance from one square to the next.
  static let pitch = 13
  /// Room for the weekday labels on the left and the month labels on top.
  static let left = 30
  static let top = 16

  /// The SVG for `states`, one a day from `first` (a week's first day) on, for
  /// `weeks` weeks; days past the end of `states` are left empty.
  public static func render(
    states: [HabitHistory.DayState], first: CivilDate, weeks: Int, today: CivilDate,
    label: String
  ) -> String {
    let width = left + weeks * pitch
    let height = top + 7 * pitch
    var out = ""
    out.reserveCapacity(states.count * 64 + 1024)
    out += "<svg class=\"heat\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\""
    out += " height=\"\(height)\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\">"
    for row in [0, 2, 4] {
      let name = ReportWording.weekdayName(first.adding(days: row).weekday)
      out += "<text x=\"0\" y=\"\(top + row * pitch + 10)\">\(name)</text>"
    }
    // Each month's name above the week holding its first day; the first
    // column's month too, when the next month's name leaves room for it.
    for column in 0...max(0, weeks - 2) {
      let last = first.adding(days: column * 7 + 6)
      let month: Int
      if last.day <= 7 {
        month = last.month
      } else if column == 0 && last.day > 21 {
        month = last.month
      } else {
        continue
      }
      out +=
        "<text x=\"\(left + column * pitch)\" y=\"11\">\(ReportWording.monthName(month))</text>"
    }
    for (index, state) in states.enumerated() {
      let column = index / 7
      guard column < weeks else { break }
      let x = left + column * pitch
      let y = top + (index % 7) * pitch
      let day = first.adding(days: index)
      let word = ReportWording.word(state, isToday: day == today)
      switch state {
      case .done: out += "<rect x=\"\(x)\" y=\"\(y)\" class=\"d\">"
      case .missed: out += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" class=\"m\">"
      case .skipped: out += "<rect x=\"\(x)\" y=\"\(y + 4)\" class=\"s\">"
      case .pending: out += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" class=\"p\">"
      case .notDue: out += "<rect x=\"\(x + 3)\" y=\"\(y + 3)\" class=\"n\">"
      }
      out += "<title>\(ReportWording.weekdayName(day.weekday)) \(day): \(word)</title></rect>"
    }
    out += "</svg>"
    return out
  }

  /// A key to the squares, each with its word.
  public static func legend() -> String {
    let items: [(String, String, Int)] = [
      ("d", "done", 0), ("m", "missed", 1), ("s", "skipped", 4), ("n", "not due", 3),
      ("p", "today", 1),
    ]
    var out = "<p class=\"legend\">"
    for (kind, word, inset) in items {
      let x = kind == "s" ? 0 : inset
      out += "<span><svg width=\"11\" height=\"11\" aria-hidden=\"true\">"
      out += "<rect x=\"\(x)\" y=\"\(inset)\" class=\"\(kind)\"/></svg> \(word)</span>"
    }
    return out + "</p>"
  }
}
