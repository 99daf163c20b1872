// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// Text output is for people: columns stay aligned with wide characters,
/// and colour appears only where it can be seen and is wanted.
@Suite struct TextOutputTests {
  @Test func wideCharactersTakeTwoColumns() {
    #expect(TextTable.displayWidth("tea") == 3)
    #expect(TextTable.displayWidth("お茶") == 4)
    #expect(TextTable.displayWidth("🍵 tea") == 6)
    #expect(TextTable.displayWidth("❤️") == 2)
    #expect(TextTable.displayWidth("café") == 4)
    #expect(TextTable.displayWidth("e\u{301}") == 1)
  }

  @Test func controlCharactersTakeNoColumn() {
    #expect(TextTable.displayWidth("a\u{1B}b") == 2)
    #expect(TextTable.displayWidth("a\u{7F}\u{85}\u{9B}b") == 2)
  }

  @Test func colourTakesNoColumn() {
    let style = Style(enabled: true)
    #expect(TextTable.displayWidth(style.green("✓")) == 1)
    #expect(TextTable.displayWidth(style.bold("Today, Sun")) == 10)
    #expect(TextTable.displayWidth("\u{1B}[1;38;5;208mtea\u{1B}[0m") == 3)
    // an escape that begins no sequence leaves what follows counted
    #expect(TextTable.displayWidth("\u{1B}x") == 1)
  }

  @Test func columnsStayAlignedWithColouredCells() {
    // Given marks coloured and plain, as `habits today` shows them on a terminal
    let style = Style(enabled: true)
    var table = TextTable()
    table.add([" " + style.green("✓"), "gratitude", "done"])
    table.add([" ·", "phone-free-dinner", "due 18:30"])
    table.add([" " + style.dim("–"), "tea", "skipped"])
    // When rendered
    let lines = table.render().split(separator: "\n").map(String.init)
    // Then each id starts at the same display column
    let starts = zip(lines, ["gratitude", "phone-free-dinner", "tea"]).map { line, id -> Int in
      TextTable.displayWidth(String(line[..<line.range(of: id)!.lowerBound]))
    }
    #expect(starts == [4, 4, 4], "\(lines)")
  }

  @Test func columnsStayAlignedWithEmojiAndCJK() {
    // Given titles in three scripts
    var table = TextTable()
    table.add(["HABIT", "TITLE", "NEXT"])
    table.add(["tea", "🍵 Tea together", "21:00"])
    table.add(["call", "電話する", "19:30"])
    table.add(["walk", "Walk", "08:00"])
    // When rendered
    let lines = table.render().split(separator: "\n").map(String.init)
    // Then the third column starts at the same display column on every line
    let starts = lines.map { line -> Int in
      let column = line.range(of: line.hasPrefix("HABIT") ? "NEXT" : ":")!.lowerBound
      let prefix = String(line[..<column])
      return TextTable.displayWidth(prefix) - (line.hasPrefix("HABIT") ? 0 : 2)
    }
    #expect(Set(starts).count == 1, "\(lines)")
  }

  static func context(terminal: Bool, environment: [String: String]) -> Context {
    Context(
      now: Instant(secondsSince1970: 0), zone: .utc, environment: environment,
      shippedSchedules: nil, standardOutputIsTerminal: terminal, write: { _ in },
      writeError: { _ in })
  }

  @Test(arguments: [
    (["--color", "auto"], true, [String: String](), true),
    (["--color", "auto"], false, [:], false),
    (["--color", "auto"], true, ["NO_COLOR": "1"], false),
    // no-color.org: any value but the empty one turns colour off, even "0".
    (["--color", "auto"], true, ["NO_COLOR": ""], true),
    (["--color", "auto"], true, ["NO_COLOR": "0"], false),
    (["--color", "auto"], true, ["TERM": "dumb"], false),
    (["--color", "always"], false, ["NO_COLOR": "1"], true),
    (["--color", "never"], true, [:], false),
  ])
  func colourOnlyOnATerminalAndWhenWanted(
    arguments: [String], terminal: Bool, environment: [String: String], expected: Bool
  ) throws {
    let options = try GlobalOptions.parse(arguments)
    let context = Self.context(terminal: terminal, environment: environment)
    #expect(context.useColor(options) == expected)
  }
}
