// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsInterchange

/// The CSV export: RFC 4180 quoting, the guard against formulas, and the rows.
@Suite("CSV export")
struct CSVExportTests {
  @Test("fields are quoted only when they hold a comma, a quote, CR or LF")
  func quoting() {
    #expect(CSVExport.field("plain text") == "plain text")
    #expect(CSVExport.field("a,b") == "\"a,b\"")
    #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVExport.field("one\ntwo") == "\"one\ntwo\"")
    #expect(CSVExport.field("one\rtwo") == "\"one\rtwo\"")
    #expect(CSVExport.field("🙏 ünï") == "🙏 ünï")
  }

  @Test(
    "a title or note that a spreadsheet would run as a formula gets a leading quote",
    arguments: [
      ("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"),
      ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("plain", "plain"), ("", ""),
      ("'quoted", "'quoted"),
    ])
  func formulaGuard(input: String, output: String) {
    #expect(CSVExport.guarded(input) == output)
  }

  /// Reads RFC 4180 text into rows, as a spreadsheet does.
  static func read(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
      if quoted {
        if scalar == "\"" {
          if scalars.first == "\"" {
            field.unicodeScalars.append(scalars.removeFirst())
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(scalar)
        }
      } else if scalar == "\"" {
        quoted = true
      } else if scalar == "," {
        row.append(field)
        field = ""
      } else if scalar == "\r" && scalars.first == "\n" {
        scalars.removeFirst()
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.unicodeScalars.append(scalar)
      }
    }
    return rows
  }

  static let notes = [
    "plain", "commas, and more, commas", "\"quoted\" and \"\"doubled\"\"", "line one\nline two",
    "crlf\r\ninside", "emoji 🙏🏽 and ünïcödé", "=HYPERLINK(\"http://example.com\")", "",
  ]

  static func data() throws -> ExportData {
    let schedule = try Schedule.parse("daily at 21:00", start: nil)
    let habits = [
      Habit(id: "gratitude", title: "Gratitude, daily", schedule: schedule, path: "/x.toml"),
      Habit(id: "sum", title: "=1+1", schedule: schedule, path: "/y.toml"),
    ]
    func day(_ n: Int) -> CivilDate { CivilDate(year: 2026, month: 11, day: n) }
    func at(_ n: Int) -> Instant { Instant(secondsSince1970: 1_795_000_000 + n) }
    // Given out of order: the export sorts by day, then by when each was written.
    var checkIns = notes.enumerated().map { index, note in
      CheckIn(
        habitID: "gratitude", day: day(20 - index), kind: .done, note: note,
        recordedAt: at(index))
    }
    checkIns.append(CheckIn(habitID: "sum", day: day(1), kind: .skip, recordedAt: at(100)))
    checkIns.append(
      CheckIn(habitID: "gone", day: day(1), kind: .done, value: 2.5, recordedAt: at(50)))
    checkIns.append(
      CheckIn(habitID: "sum", day: day(2), kind: .done, value: -3, recordedAt: at(60)))
    return ExportData(
      habits: habits, sources: [:], checkIns: checkIns, config: Config(), zone: .utc,
      now: at(1000))
  }

  @Test("a BOM, the header, one CRLF-terminated row a check-in, oldest first")
  func rows() throws {
    let text = try CSVExport.render(try Self.data())
    #expect(text.hasPrefix("\u{FEFF}habit,title,day,kind,value,note,recorded_at\r\n"))
    #expect(text.hasSuffix("\r\n"))
    let rows = Self.read(String(text.unicodeScalars.dropFirst()))
    #expect(rows.count == Self.notes.count + 4)
    #expect(rows.allSatisfy { $0.count == 7 })
    #expect(rows[1] == ["gone", "", "2026-11-01", "done", "2.5", "", "2026-11-18T11:07:30Z"])
    #expect(rows[2] == ["sum", "'=1+1", "2026-11-01", "skip", "", "", "2026-11-18T11:08:20Z"])
    #expect(rows[3] == ["sum", "'=1+1", "2026-11-02", "done", "-3", "", "2026-11-18T11:07:40Z"])
    let days = rows.dropFirst().map { $0[2] }
    #expect(days == days.sorted())
  }

  @Test("notes read back as written, the formula one guarded, and a yes/no done has value 1")
  func notes() throws {
    let text = try CSVExport.render(try Self.data())
    let rows = Self.read(String(text.unicodeScalars.dropFirst())).filter { $0[0] == "gratitude" }
    let expected = Self.notes.reversed().map(CSVExport.guarded)
    #expect(rows.map { $0[5] } == Array(expected))
    #expect(rows.allSatisfy { $0[1] == "Gratitude, daily" && $0[4] == "1" })
    // An empty note is quoted; no note is an empty field.
    #expect(text.contains(",\"\",2026-"))
    #expect(text.contains("2.5,,2026-"))
  }
}
