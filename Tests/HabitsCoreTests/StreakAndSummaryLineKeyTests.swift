// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

@testable import HabitsCore

/// `streak = false` and `summary_line` in a schedule file, and their mistakes.
@Suite struct StreakAndSummaryLineKeyTests {
  /// The result of loading one file on its own, and its path.
  private func load(_ text: String) throws -> (ScheduleLoader.Result, String) {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write("repair.toml", text)
    return (ScheduleLoader.load(files: [path]), path)
  }

  @Test func streakFalseAndASummaryLineAreRead() throws {
    let (result, _) = try load(
      """
      when = "every friday at 16:00"
      streak = false
      summary_line = "You made room for repair on {count} days"
      """)
    let habit = try #require(result.habits.first, "\(result.diagnostics)")
    #expect(!habit.showsStreak)
    #expect(habit.summaryLine == "You made room for repair on {count} days")
  }

  @Test func withoutThemStreaksShowAndTheTitleSpeaks() throws {
    let (result, _) = try load("when = \"every friday at 16:00\"\n")
    let habit = try #require(result.habits.first)
    #expect(habit.showsStreak)
    #expect(habit.summaryLine == nil)
  }

  @Test(arguments: [
    ("streak = \"no\"", "1:10: error: 'streak' must be true or false, not a string"),
    ("streak = 0", "1:10: error: 'streak' must be true or false, not an integer"),
    ("streaks = false", "1:1: error: unknown key 'streaks' — did you mean 'streak'?"),
    (
      "summary_line = \"You made room for repair\"",
      "1:16: error: 'summary_line' must hold {count} once, where the number of days goes,"
        + " e.g. \"You said thank you on {count} days\", not 'You made room for repair'"
    ),
    (
      "summary_line = \"{count} of {count}\"",
      "1:16: error: 'summary_line' must hold {count} once, where the number of days goes,"
        + " e.g. \"You said thank you on {count} days\", not '{count} of {count}'"
    ),
    ("summary_line = \"\"\"\n{count}\ndays\"\"\"", "1:16: error: 'summary_line' must be one line"),
    ("summary_line = 3", "1:16: error: 'summary_line' must be a string, not an integer"),
  ])
  func aMistakeIsADiagnosticAtItsLineAndColumn(line: String, expected: String) throws {
    // Given the mistake on the first line, before a good `when`
    let (result, path) = try load(line + "\nwhen = \"every friday at 16:00\"\n")
    // Then the habit is left out, and the one diagnostic points at the value
    #expect(result.habits.isEmpty)
    #expect(result.diagnostics.map(\.description) == ["\(path):\(expected)"])
  }
}
