// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// A habit's strength over the weeks as a small inline SVG line, 0 to 100%,
/// with a `<title>` tooltip on each week's point.
public enum StrengthChartSVG {
  static let pitch = 6
  static let left = 34
  static let top = 6
  static let plot = 64

  /// The SVG for `points` (one a week, the first ending `first.adding(days: 6)`;
  /// nil where there is none), with `today` closing the last week.
  public static func render(
    points: [Double?], first: CivilDate, today: CivilDate, label: String
  ) -> String {
    let width = left + max(1, points.count - 1) * pitch + 8
    let height = top + plot + 16
    var out = "<svg class=\"line\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\""
    out += " height=\"\(height)\" role=\"img\" aria-label=\"\(HTMLEscaping.escape(label))\">"
    for percent in [0, 50, 100] {
      let y = top + plot - plot * percent / 100
      out += "<line x1=\"\(left)\" x2=\"\(width - 4)\" y1=\"\(y)\" y2=\"\(y)\"/>"
      out += "<text x=\"\(left - 4)\" y=\"\(y + 4)\" text-anchor=\"end\">\(percent)%</text>"
    }
    let bottom = top + plot + 14
    let lastDay = min(first.adding(days: 7 * points.count - 1), today)
    out += "<text x=\"\(left)\" y=\"\(bottom)\">\(Self.monthYear(first))</text>"
    out += "<text x=\"\(width - 4)\" y=\"\(bottom)\" text-anchor=\"end\">"
    out += "\(Self.monthYear(lastDay))</text>"
    // One polyline a stretch of weeks with points, so a gap stays a gap.
    var stretch: [String] = []
    var dots = ""
    func flush() {
      if stretch.count > 1 { out += "<polyline points=\"\(stretch.joined(separator: " "))\"/>" }
      stretch = []
    }
    for (index, point) in points.enumerated() {
      guard let point else {
        flush()
        continue
      }
      let x = left + index * pitch
      let y = top + plot - Int((Double(plot) * min(1, max(0, point))).rounded())
      stretch.append("\(x),\(y)")
      let day = min(first.adding(days: 7 * index + 6), today)
      dots += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"2\">"
      dots += "<title>\(day): \(ReportData.percent(ReportData.round4(point)))%</title></circle>"
    }
    flush()
    out += dots
    return out + "</svg>"
  }

  private static func monthYear(_ day: CivilDate) -> String {
    "\(ReportWording.monthName(day.month)) \(day.year)"
  }
}
