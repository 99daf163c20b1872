// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

@testable import HabitsCore

/// `together` and `share_notes` in a schedule file, and their mistakes.
@Suite struct TogetherKeyTests {
  private func load(_ text: String) throws -> (ScheduleLoader.Result, String) {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write("gratitude.toml", text)
    return (ScheduleLoader.load(files: [path]), path)
  }

  @Test(arguments: [("shared", Together.shared), ("each", Together.each)])
  func togetherIsRead(text: String, expected: Together) throws {
    let (result, _) = try load(
      "when = \"daily at 21:00\"\ntogether = \"\(text)\"\nshare_notes = true\n")
    let habit = try #require(result.habits.first, "\(result.diagnostics)")
    #expect(habit.together == expected)
    #expect(habit.sharesNotes)
    #expect(result.diagnostics.isEmpty)
  }

  @Test func withoutItAHabitIsPrivateAndKeepsItsNotes() throws {
    let (result, _) = try load("when = \"daily at 21:00\"\n")
    let habit = try #require(result.habits.first)
    #expect(habit.together == nil)
    #expect(!habit.sharesNotes)
  }

  @Test func shareNotesWithoutTogetherIsAWarningAndSharesNothing() throws {
    let (result, path) = try load("when = \"daily at 21:00\"\nshare_notes = true\n")
    let habit = try #require(result.habits.first)
    #expect(!habit.sharesNotes)
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):2:15: warning: 'share_notes' means nothing without 'together': it is left out"
      ])
  }

  @Test(arguments: [
    (
      "together = \"both\"",
      "1:12: error: 'together' must be \"shared\" (one record for the two of you) or \"each\""
        + " (each your own, both seen), not 'both'"
    ),
    ("together = true", "1:12: error: 'together' must be a string, not a boolean"),
    ("share_notes = \"yes\"", "1:15: error: 'share_notes' must be true or false, not a string"),
  ])
  func aMistakeKeepsTheHabitOut(line: String, expected: String) throws {
    let (result, path) = try load(line + "\nwhen = \"daily at 21:00\"\n")
    #expect(result.habits.isEmpty)
    #expect(result.diagnostics.map(\.description).contains("\(path):\(expected)"))
  }

  @Test func sharedOnlyWhenBothSayShared() {
    #expect(Together.agreed(.shared, .shared) == .shared)
    #expect(Together.agreed(.shared, .each) == .each)
    #expect(Together.agreed(.each, .shared) == .each)
    #expect(Together.agreed(.each, .each) == .each)
  }
}
