// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsInterchange
import Testing

/// RFC 4180 as the import reads it, with each record's first line.
@Suite struct CSVReaderTests {
  typealias R = CSVReader.Record

  @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
    let text = "a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\n\"\",end\n"
    #expect(
      try CSVReader.records(text, name: "t.csv") == [
        R(line: 1, fields: ["a", "b, c", "say \"hi\""]),
        R(line: 2, fields: ["two\nlines", "", "x"]),
        R(line: 4, fields: ["", "end"]),
      ])
  }

  @Test func blankLinesAreSkippedAndLinesStillCount() throws {
    let text = "\u{FEFF}h1,h2\n\n1,2\r\n\r\n3,4"
    #expect(
      try CSVReader.records(text, name: "t.csv") == [
        R(line: 1, fields: ["h1", "h2"]), R(line: 3, fields: ["1", "2"]),
        R(line: 5, fields: ["3", "4"]),
      ])
  }

  @Test(arguments: [
    ("a,b\n\"open,c\n", "t.csv:2: a quoted field is never closed"),
    ("a,b\nx,\"q\"z\n", "t.csv:2: text after a closing quote"),
    ("a,b\nx,y\"z\n", "t.csv:2: a quote inside a field"),
  ])
  func malformedQuotingNamesTheLine(_ text: String, _ message: String) {
    let error = #expect(throws: HabitsError.self) { try CSVReader.records(text, name: "t.csv") }
    #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
  }
}
