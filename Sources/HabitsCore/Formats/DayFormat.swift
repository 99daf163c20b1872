// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Reads the DATE form of the command line: `today`, `yesterday`,
/// `YYYY-MM-DD` (from the year 1, as an export can carry it), or a weekday
/// meaning its most recent occurrence (today included).
public enum DayFormat {
  public static func parse(_ text: String, today: CivilDate) -> CivilDate? {
    let lower = text.trimmingWhitespace().lowercased()
    switch lower {
    case "today": return today
    case "yesterday": return today.adding(days: -1)
    default: break
    }
    if let weekday = Weekday(parsing: lower), lower.count >= 3 {
      let back = (today.weekday.rawValue - weekday.rawValue + 7) % 7
      return today.adding(days: -back)
    }
    guard let date = CivilDate(iso: lower), date.year >= 1 else { return nil }
    return date
  }

  public static let expectedForm = "today, yesterday, YYYY-MM-DD or a weekday such as mon"
}
