// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// `habits export --format csv`: one row a check-in, oldest first, for a
/// spreadsheet.
///
/// RFC 4180: a header row (`habit,title,day,kind,value,note,recorded_at`),
/// CRLF after every row, and a field in double quotes when it holds a comma,
/// a double quote, CR or LF, with its double quotes doubled. Notes are always
/// quoted, so an empty note (`""`) differs from none. Days are ISO 8601 dates,
/// `recorded_at` an ISO 8601 instant in UTC, and a yes/no habit's done has
/// value 1, as `habits log --json` has them.
///
/// The text starts with a UTF-8 byte order mark: without it Excel reads a
/// CSV file in the system's legacy code page and garbles every accent and
/// emoji; with it, Excel and LibreOffice both read UTF-8 (Python reads it
/// with `encoding="utf-8-sig"`).
///
/// Against CSV injection (OWASP): a title or note that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be run as a formula by a
/// spreadsheet, so it gets a leading `'`, which makes the cell text.
public enum CSVExport {
  static let header = ["habit", "title", "day", "kind", "value", "note", "recorded_at"]
  static let byteOrderMark = "\u{FEFF}"

  public static func render(_ data: ExportData) throws(HabitsError) -> String {
    var titles: [String: String] = [:]
    for habit in data.habits { titles[habit.id] = habit.title }
    let checkIns = data.checkIns.enumerated().sorted { a, b in
      (a.element.day, a.element.recordedAt, a.offset)
        < (b.element.day, b.element.recordedAt, b.offset)
    }.map(\.element)
    var text = byteOrderMark + row(header)
    for checkIn in checkIns {
      text += row([
        field(checkIn.habitID),
        field(titles[checkIn.habitID].map(guarded) ?? ""),
        "\(checkIn.day)",
        checkIn.kind.rawValue,
        (checkIn.kind == .done ? checkIn.value ?? 1 : checkIn.value).map(AmountFormat.text) ?? "",
        checkIn.note.map { quoted(guarded($0)) } ?? "",
        checkIn.recordedAt.description,
      ])
    }
    return text
  }

  private static func row(_ fields: [String]) -> String {
    fields.joined(separator: ",") + "\r\n"
  }

  /// The field as is, or quoted when it holds a comma, a quote, CR or LF.
  static func field(_ value: String) -> String {
    let special = value.unicodeScalars.contains {
      $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n"
    }
    return special ? quoted(value) : value
  }

  /// The field in double quotes, its double quotes doubled.
  static func quoted(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      if scalar == "\"" { result += "\"" }
      result.unicodeScalars.append(scalar)
    }
    return result + "\""
  }

  /// Text that a spreadsheet would read as a formula, made plain text with a
  /// leading `'`.
  static func guarded(_ value: String) -> String {
    guard let first = value.unicodeScalars.first else { return value }
    return ["=", "+", "-", "@", "\t", "\r"].contains(first) ? "'" + value : value
  }
}
