// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsInterchange
import Recurrence
import Testing

/// `habits export --format json` and reading it back.
@Suite struct JSONExportTests {
  static let now = Instant(secondsSince1970: 1_795_190_400)  // 2026-11-20T16:00:00Z

  static let gratitude = """
    title = "Gratitude"
    when = "daily at 21:00"  # a comment stays
    prompts = ["Say \\"thank you\\"\\n— and mean it"]

    """
  static let reading = "title = \"Reading\"\nwhen = \"daily at 20:00\"\ngoal = \"20 pages\"\n"

  func day(_ text: String) throws -> CivilDate { try #require(CivilDate(iso: text)) }

  func data(checkIns: [CheckIn]? = nil) throws -> ExportData {
    let habits = try [("gratitude", Self.gratitude), ("reading", Self.reading)].map {
      id, text in
      try ImportedSchedule(habitID: id, text: text).load()
    }
    let checkIns =
      try checkIns ?? [
        CheckIn(
          habitID: "reading", day: day("2026-11-19"), kind: .done, value: 22.5,
          note: "a \"good\" one\nwith a second line, a tab\tand ünïcödé 🙂 and \u{1}",
          recordedAt: Self.now.adding(seconds: -3600)),
        CheckIn(
          habitID: "gratitude", day: day("2026-11-19"), kind: .done,
          recordedAt: Self.now.adding(seconds: -7200)),
        CheckIn(
          habitID: "gratitude", day: day("2026-11-18"), kind: .skip, note: "away",
          recordedAt: Self.now.adding(seconds: -90000)),
        CheckIn(
          habitID: "reading", day: day("2026-11-18"), kind: .done, value: 0.1,
          recordedAt: Self.now.adding(seconds: -86400)),
        // A habit whose schedule file is gone still has its history exported.
        CheckIn(
          habitID: "old-habit", day: day("2026-01-02"), kind: .done, value: 1e11,
          recordedAt: Self.now.adding(seconds: -30_000_000)),
      ]
    return ExportData(
      habits: habits.reversed(),
      sources: ["gratitude": Self.gratitude, "reading": Self.reading], checkIns: checkIns,
      config: Config(), zone: .utc, now: Self.now)
  }

  @Test func exportThenImportGivesBackEverything() throws {
    // Given two habits and check-ins, notes with quotes, newlines and emoji, and a habit with no file
    let data = try data()
    // When it is exported and read back
    let text = try JSONExport.render(data)
    let plan = try JSONImport.plan(text: text, path: "a.json", now: Self.now)
    // Then the schedule texts come back verbatim, and every check-in exactly
    #expect(
      plan.schedules == [
        ImportedSchedule(habitID: "gratitude", text: Self.gratitude),
        ImportedSchedule(habitID: "reading", text: Self.reading),
      ])
    let sorted = data.checkIns.sorted {
      $0.day != $1.day ? $0.day < $1.day : $0.habitID < $1.habitID
    }
    #expect(plan.checkIns == sorted)
    try plan.validate()
  }

  @Test func theSameDataInAnotherOrderExportsByteEqual() throws {
    let data = try data()
    var shuffled = data
    shuffled.checkIns.reverse()
    shuffled.habits.reverse()
    #expect(try JSONExport.render(data) == JSONExport.render(shuffled))
  }

  @Test func theExportIsJSONWithTheDocumentedFields() throws {
    // Given an export
    let text = try JSONExport.render(try data())
    // Then a JSON parser reads it, with the documented keys and values
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(
      Set(object.keys) == ["format", "version", "exported_at", "config", "habits", "checkins"])
    #expect(object["config"] is NSNull)
    var configured = try data()
    configured.configText = "week_starts = \"sunday\"\n"
    let withConfig = try #require(
      try JSONSerialization.jsonObject(with: Data(JSONExport.render(configured).utf8))
        as? [String: Any])
    #expect(withConfig["config"] as? String == "week_starts = \"sunday\"\n")
    #expect(object["format"] as? String == "habits-export")
    #expect(object["version"] as? Int == 1)
    #expect(object["exported_at"] as? String == "2026-11-20T16:00:00Z")
    let habits = try #require(object["habits"] as? [[String: Any]])
    #expect(habits.map { $0["id"] as? String } == ["gratitude", "reading"])
    #expect(habits[0]["file"] as? String == "gratitude.toml")
    #expect(habits[0]["when"] as? String == "daily at 21:00")
    #expect(habits[0]["enabled"] as? Bool == true)
    #expect(habits[0]["schedule"] as? String == Self.gratitude)
    let checkIns = try #require(object["checkins"] as? [[String: Any]])
    #expect(checkIns.count == 5)
    #expect(Set(checkIns[0].keys) == ["habit", "day", "kind", "value", "note", "recorded_at"])
    #expect(checkIns[0]["habit"] as? String == "old-habit")
    #expect(checkIns.map { $0["kind"] as? String } == ["done", "skip", "done", "done", "done"])
    #expect(checkIns[1]["value"] is NSNull)
    #expect(checkIns[1]["note"] as? String == "away")
    #expect(checkIns[4]["value"] as? Double == 22.5)
    // And one check-in a line, for diffs and for errors that name a line
    #expect(text.split(separator: "\n").filter { $0.contains("\"recorded_at\"") }.count == 5)
  }

  @Test func anEmptyStoreExportsAndImportsAsNothing() throws {
    let empty = ExportData(
      habits: [], sources: [:], checkIns: [], config: Config(), zone: .utc, now: Self.now)
    let plan = try JSONImport.plan(
      text: try JSONExport.render(empty), path: "a.json", now: Self.now)
    #expect(plan.schedules.isEmpty && plan.checkIns.isEmpty)
  }

  /// The export with `old` on its line replaced by `new`.
  func broken(_ old: String, _ new: String) throws -> (text: String, line: Int) {
    let lines = try JSONExport.render(try data()).split(
      separator: "\n", omittingEmptySubsequences: false
    )
    .map(String.init)
    let index = try #require(lines.firstIndex { $0.contains(old) }, "no line with \(old)")
    var changed = lines
    changed[index] = lines[index].replacingOccurrences(of: old, with: new)
    return (changed.joined(separator: "\n"), index + 1)
  }

  @Test(arguments: [
    (#""day": "2026-11-18""#, #""day": "2026-11-31""#, "\"day\" must be a date"),
    (#""kind": "skip""#, #""kind": "skipped""#, "\"kind\" must be"),
    (#""value": 0.1"#, #""value": -1"#, "\"value\" must be null or a number"),
    (#""value": 0.1"#, #""value": "ten""#, "\"value\" must be null or a number"),
    (#""note": "away""#, #""note": 3"#, "\"note\" must be null or a string"),
    (#""recorded_at": "2025-"#, #""recorded_at": "soon-"#, "\"recorded_at\" must be an instant"),
    (#""habit": "old-habit""#, #""habit": "old habit""#, "cannot be a habit id"),
    (#""habit": "old-habit""#, #""habbit": "old-habit""#, "has no \"habit\""),
    (#""value": 0.1, "#, #""value": 0.1 "#, "not valid JSON"),
    (#""id": "reading""#, #""id": "../reading""#, "cannot be a habit id"),
    (#""version": 1"#, #""version": 2"#, "newer habits"),
    (#""version": 1"#, #""version": 1e300"#, "newer habits"),
    (#""version": 1"#, #""version": 1e400"#, "newer habits"),
    (#""format": "habits-export""#, #""format": "other""#, "not a habits export"),
  ])
  func aBadLineIsRefusedNamingIt(old: String, new: String, message: String) throws {
    // Given an export with one line spoilt
    let (text, line) = try broken(old, new)
    // Then reading it fails naming the file and that line
    do {
      _ = try JSONImport.plan(text: text, path: "backup.json", now: Self.now)
      Issue.record("accepted with \(new)")
    } catch {
      #expect(error.message.hasPrefix("backup.json:\(line): "), "\(error.message)")
      #expect(error.message.contains(message), "\(error.message)")
    }
  }

  @Test func anInvalidScheduleIsRefusedWithItsLineAndTheTOMLProblem() throws {
    let (text, line) = try broken(#"goal = \"20 pages\""#, #"gaol = \"20 pages\""#)
    do {
      _ = try JSONImport.plan(text: text, path: "backup.json", now: Self.now)
      Issue.record("an unknown key was accepted")
    } catch {
      #expect(error.message.hasPrefix("backup.json:\(line): "), "\(error.message)")
      #expect(error.message.contains("reading.toml:3:1"), "\(error.message)")
      #expect(error.message.contains("gaol"), "\(error.message)")
    }
  }

  @Test func aCheckInWithoutRecordedAtIsRecordedNow() throws {
    let text = """
      {"format": "habits-export", "version": 1, "habits": [],
       "checkins": [{"habit": "tea", "day": "2026-11-01", "kind": "done"}]}
      """
    let plan = try JSONImport.plan(text: text, path: "a.json", now: Self.now)
    #expect(
      plan.checkIns == [
        CheckIn(habitID: "tea", day: try day("2026-11-01"), kind: .done, recordedAt: Self.now)
      ])
  }

  @Test func aDayTwiceIsRefused() throws {
    let text = try JSONExport.render(
      try data(checkIns: [
        CheckIn(habitID: "gratitude", day: day("2026-11-19"), kind: .done, recordedAt: Self.now)
      ]))
    let line = text.split(separator: "\n").first { $0.contains("recorded_at") } ?? ""
    let doubled = text.replacingOccurrences(of: line, with: line + ",\n" + line)
    #expect(throws: HabitsError.self) {
      try JSONImport.plan(text: doubled, path: "a.json", now: Self.now)
    }
  }

  @Test func theParserTracksLinesAndReadsEscapes() throws {
    let value = try JSONValue.parse(
      "{\n \"a\": [1, -2.5e3,\n true, null],\n \"b\": \"\\u00e9\\ud83d\\ude00\\/\"\n}")
    #expect(value["a"]?.line == 2)
    #expect(value["a"]?.array?.map(\.line) == [2, 2, 3, 3])
    #expect(value["a"]?.array?[1].number == -2500)
    #expect(value["b"]?.string == "é😀/")
    #expect(value["b"]?.line == 4)
    for bad in [
      "{", "[1,]", "{\"a\" 1}", "01", "\"\\x\"", "{\"a\":1,\"a\":2}", "\"\u{1}\"", "1 2", "nul",
    ] {
      #expect(throws: JSONValue.SyntaxError.self, "\(bad)") { try JSONValue.parse(bad) }
    }
    let deep = String(repeating: "[", count: 10_000)
    #expect(throws: JSONValue.SyntaxError.self) { try JSONValue.parse(deep) }
  }
}
