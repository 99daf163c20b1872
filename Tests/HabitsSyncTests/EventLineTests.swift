// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// An event's line: what a device writes reads back as the same event, and a
/// line that is not an event is refused with what is wrong with it.
@Suite struct EventLineTests {
  typealias F = SyncFixtures

  @Test func everyEventReadsBackAsItself() throws {
    for seed in 0..<300 {
      var random = SplitMix64(seed: 0x11FE, index: seed)
      for event in F.events(5, &random) {
        let line = EventLine.encode(event)
        #expect(!line.contains("\n"), "a line is one line: \(line)")
        #expect(try EventLine.decode(line) == .event(event), "\(line)")
      }
    }
  }

  /// A line exactly as written is read byte by byte, any other by the JSON
  /// parser: the same JSON with a space in it reads as the same event.
  @Test func theWrittenFormAndTheParserAgree() throws {
    for seed in 0..<300 {
      var random = SplitMix64(seed: 0xFA57, index: seed)
      for event in F.events(5, &random) {
        let line = EventLine.encode(event)
        #expect(line.hasPrefix(#"{"v":1,"#))
        let spaced = #"{"v": 1,"# + line.dropFirst(7)
        #expect(try EventLine.decode(spaced) == .event(event), "\(spaced)")
        #expect(try EventLine.decode(spaced) == EventLine.decode(line))
      }
    }
  }

  @Test func theLineIsTheDocumentedOne() {
    let event = F.event(
      .amount(2.5, note: "Tee \"grün\""), seconds: 1_764_870_000, counter: 2,
      id: "0123456789abcdef0123456789abcdef")
    #expect(
      EventLine.encode(event)
        == #"{"v":1,"id":"0123456789abcdef0123456789abcdef","t":1764870000,"c":2,"d":"0123456789abcdef","habit":"gratitude","day":"2026-12-04","op":"amount","value":2.5,"note":"Tee \"grün\""}"#
    )
  }

  /// A note's event says which note it was written over, after the note,
  /// and reads back with it; no note is the empty text's fingerprint.
  @Test func whatANoteWasWrittenOverReadsBack() throws {
    var event = F.event(.skip(note: "away"), seconds: 1_764_870_000)
    let over = NoteFingerprint(of: "tea with Sam")
    event.over = over
    let line = EventLine.encode(event)
    #expect(line.hasSuffix(#","op":"skip","note":"away","over":"\#(over.text)"}"#))
    #expect(try EventLine.decode(line) == .event(event))
    #expect(NoteFingerprint(of: nil) == NoteFingerprint(of: ""))
    #expect(NoteFingerprint(of: nil).text == "cbf29ce484222325")
    #expect(NoteFingerprint(of: "a").text == "af63dc4c8601ec8c")
    #expect(NoteFingerprint(over.text) == over)
  }

  /// A note travels as the database holds it: the longest one, all of it
  /// control characters (each written as six bytes), on the longest habit
  /// id, still fits in a line, and control characters of both kinds and
  /// line breaks read back as they were.
  @Test func theLongestNoteAndControlCharactersReadBackAsThemselves() throws {
    let longest = F.event(
      .amount(123_456.25, note: String(repeating: "\u{1B}", count: CheckIn.maximumNote)),
      seconds: 1_764_870_000, counter: 99, habit: String(repeating: "h", count: 64))
    let line = EventLine.encode(longest)
    #expect(line.utf8.count > 60_000 && line.utf8.count <= EventLine.maximumBytes)
    #expect(try EventLine.decode(line) == .event(longest))
    for note in ["esc \u{1B}[31m red", "csi \u{9B}2J", "nul \u{0} bell \u{7}", "tab\tline\nend"] {
      let event = F.event(.skip(note: note), seconds: 1_764_870_000)
      #expect(
        try EventLine.decode(EventLine.encode(event)) == .event(event), "\(note.debugDescription)")
    }
  }

  /// A valid line with some fields replaced (by their JSON text) or added.
  static func line(_ changed: KeyValuePairs<String, String> = [:]) -> String {
    var fields: [(String, String)] = [
      ("v", "1"), ("id", #""0123456789abcdef0123456789abcdef""#), ("t", "1764870000"),
      ("c", "0"), ("d", #""0123456789abcdef""#), ("habit", #""tea""#),
      ("day", #""2026-12-04""#), ("op", #""done""#),
    ]
    for (key, value) in changed {
      if let index = fields.firstIndex(where: { $0.0 == key }) {
        fields[index].1 = value
      } else {
        fields.append((key, value))
      }
    }
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  @Test(arguments: [
    ("not json", "not JSON"),
    ("[1,2]", "not a JSON object"),
    (#"{"id":"x"}"#, "no format version"),
    (line(["id": #""0123""#]), "\"id\" is not 32"),
    (line(["id": #""0123456789ABCDEF0123456789ABCDEF""#]), "\"id\" is not 32"),
    (line(["t": "-5"]), "\"t\" is not a time"),
    (line(["t": "99999999999999999999"]), "\"t\" is not a time"),
    (line(["t": "1.5"]), "\"t\" is not a time"),
    (line(["c": "-1"]), "\"c\" is not a counter"),
    (line(["d": #""../../etc/passwd""#]), "\"d\" is not a device id"),
    (line(["habit": #""../evil""#]), "\"habit\" is not a habit id"),
    (line(["habit": #""""#]), "\"habit\" is not a habit id"),
    (line(["day": #""2026-02-30""#]), "\"day\" is not a date"),
    (line(["day": #""2026-2-3""#]), "\"day\" is not a date"),
    (line(["op": #""rm""#]), "\"op\" is not done"),
    (line(["op": #""amount""#]), "\"value\""),
    (line(["op": #""amount""#, "value": "-3"]), "\"value\""),
    (line(["op": #""amount""#, "value": "1e400"]), "\"value\""),
    (line(["note": "7"]), "\"note\" is not a string"),
    (line(["note": #""tea""#, "over": #""0123""#]), "\"over\" is not 16"),
    (line(["note": #""tea""#, "over": #""0123456789ABCDEF""#]), "\"over\" is not 16"),
    (line(["note": #""tea""#, "over": "7"]), "\"over\" is not 16"),
    (
      line(["note": "\"\(String(repeating: "é", count: 10_001))\""]), "longer than 10000 characters"
    ),
    (String(repeating: " ", count: 65_537), "longer than 65536 bytes"),
  ])
  func aLineThatIsNotAnEventSaysWhy(line: String, message: String) {
    #expect(throws: (any Error).self) { try EventLine.decode(line) }
    do {
      _ = try EventLine.decode(line)
    } catch {
      #expect(error.description.contains(message), "\(line): \(error)")
    }
  }

  @Test func aNewerFormatIsKeptNotApplied() throws {
    let newer = Self.line(["v": "2", "op": #""teleport""#])
    #expect(try EventLine.decode(newer) == .newer(version: 2))
  }

  @Test func keysMayComeInAnyOrderAndNotesMayBeNull() throws {
    let reordered =
      #"{"op":"skip","note":null,"day":"2026-12-04","habit":"tea","d":"0123456789abcdef","c":0,"t":1764870000,"id":"0123456789abcdef0123456789abcdef","v":1}"#
    guard case .event(let event) = try EventLine.decode(reordered) else {
      Issue.record("not an event")
      return
    }
    #expect(event.change == .skip(note: nil))
    #expect(event.habitID == "tea")
  }
}
