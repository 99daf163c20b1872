// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Testing

@testable import HabitsCore

/// Prompts written for some relationships only: `{ text = "…", for = "couple" }`
/// beside plain strings, and `relationship` in `config.toml` choosing among them.
@Suite struct PromptAudienceTests {
  /// A habit with one prompt for everyone and one or two for each relationship.
  private let mixed = """
    when = "daily at 9:00"
    description = "Say something kind."
    prompts = [
      "For everyone.",
      { text = "Side by side.", for = "couple" },
      # a comment between prompts
      { text = "Across the miles.", for = "long-distance" },
      { text = "Kin and friends.", for = ["family", "friends"] },
      {text="With friends.",for=["friends"]},
    ]
    """

  @Test func stringsAndTablesMixInOneArray() throws {
    // Given a habit whose prompts mix strings and tables
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write("kind.toml", mixed)
    // When it is loaded without a config
    let result = ScheduleLoader.load(files: [path])
    // Then every prompt is kept with its audience, and the default (couple) chooses
    #expect(result.diagnostics.isEmpty)
    let habit = try #require(result.habits.first)
    #expect(
      habit.allPrompts == [
        Prompt("For everyone."),
        Prompt("Side by side.", for: [.couple]),
        Prompt("Across the miles.", for: [.longDistance]),
        Prompt("Kin and friends.", for: [.family, .friends]),
        Prompt("With friends.", for: [.friends]),
      ])
    #expect(habit.prompts == ["For everyone.", "Side by side."])
  }

  @Test(arguments: [
    ("couple", ["For everyone.", "Side by side."]),
    ("long-distance", ["For everyone.", "Across the miles."]),
    ("family", ["For everyone.", "Kin and friends."]),
    ("Friends", ["For everyone.", "Kin and friends.", "With friends."]),
  ])
  func theConfiguredRelationshipChoosesThePrompts(relationship: String, expected: [String]) throws {
    // Given the habit, and a config.toml beside its folder naming a relationship
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.write("kind.toml", mixed)
    try fixture.writeConfig("relationship = \"\(relationship)\"\n")
    // When the folder is loaded, whole or for this one habit
    let whole = try ScheduleLoader.load(directory: fixture.schedules)
    let one = try ScheduleLoader.load(directory: fixture.schedules, habit: "kind")
    // Then both offer only the prompts that fit, in the file's order
    #expect(whole.diagnostics.isEmpty)
    #expect(whole.config.relationship == Relationship(parsing: relationship))
    #expect(whole.habits.first?.prompts == expected)
    #expect(one.habits.first?.prompts == expected)
    #expect(one.config == whole.config)
  }

  @Test func aConfigNamedAmongTheFilesChoosesToo() throws {
    // Given the habit first and the config after it, as `habits check FILE CONFIG` names them
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let habit = try fixture.write("kind.toml", mixed)
    let config = try fixture.writeConfig("relationship = \"long-distance\"\n")
    // When they are loaded together
    let result = ScheduleLoader.load(files: [habit, config])
    // Then the config applies to the habit read before it
    #expect(result.diagnostics.isEmpty)
    #expect(result.habits.first?.prompts == ["For everyone.", "Across the miles."])
  }

  @Test func noFittingPromptIsAWarningAndTheHabitStillLoads() throws {
    // Given a habit whose only prompts are for couples, kept with family
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write(
      "walk.toml",
      """
      when = "daily at 9:00"
      description = "A short walk together."
      prompts = [
        { text = "Hold hands.", for = ["couple"] },
      ]
      """)
    try fixture.writeConfig("relationship = \"family\"\n")
    // When the folder is loaded
    let result = try ScheduleLoader.load(directory: fixture.schedules)
    // Then the habit loads with no prompt to offer (its reminder shows the
    // description), and a warning at `prompts` says so
    let habit = try #require(result.habits.first)
    #expect(habit.prompts.isEmpty)
    #expect(habit.allPrompts.count == 1)
    #expect(result.errors.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):3:11: warning: no prompt here is for 'family' (the relationship in config.toml),"
          + " so its reminders show the description instead"
          + " — add one with for = \"family\", or one without 'for'"
      ])
  }

  @Test func aHabitWithoutPromptsIsNoWarning() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.write("tea.toml", "when = \"daily at 9:00\"\nprompts = []\n")
    try fixture.writeConfig("relationship = \"friends\"\n")
    let result = try ScheduleLoader.load(directory: fixture.schedules)
    #expect(result.diagnostics.isEmpty)
    #expect(result.habits.count == 1)
  }

  /// Each line of `prompts`, after a first good one, and the diagnostic it brings.
  @Test(arguments: [
    ("  \"\",", "4:3: error: prompt 2 is empty — write a suggestion, or leave it out"),
    (
      "  { text = \" \", for = \"couple\" },",
      "4:12: error: prompt 2 is empty — write a suggestion, or leave it out"
    ),
    ("  { txt = \"Hi.\" },", "4:5: error: unknown key 'txt' in prompt 2 — did you mean 'text'?"),
    (
      "  { text = \"Hi.\", fro = \"couple\" },",
      "4:19: error: unknown key 'fro' in prompt 2 — did you mean 'for'?"
    ),
    (
      "  { for = \"couple\" },",
      "4:3: error: prompt 2 needs 'text', e.g. { text = \"…\", for = \"couple\" }"
    ),
    ("  { text = 7 },", "4:12: error: 'text' of prompt 2 must be a string, not an integer"),
    (
      "  { text = \"Hi.\", for = \"cuople\" },",
      "4:25: error: unknown relationship 'cuople' in prompt 2 — did you mean 'couple'?"
    ),
    (
      "  { text = \"Hi.\", for = [\"family\", \"neighbours\"] },",
      "4:25: error: unknown relationship 'neighbours' in prompt 2"
        + " — use \"couple\", \"long-distance\", \"family\" or \"friends\""
    ),
    (
      "  { text = \"Hi.\", for = [] },",
      "4:25: error: 'for' of prompt 2 names no relationship"
        + " — leave 'for' out for a prompt that suits every one"
    ),
    (
      "  { text = \"Hi.\", for = true },",
      "4:25: error: 'for' of prompt 2 must be a relationship such as \"couple\","
        + " or a list of them, not a boolean"
    ),
    (
      "  { text = \"Hi.\", for = [1] },",
      "4:25: error: 'for' of prompt 2 must list relationships as strings, not an integer"
    ),
    (
      "  2,",
      "4:3: error: prompt 2 must be a string or a table such as"
        + " { text = \"…\", for = \"couple\" }, not an integer"
    ),
    (
      "  [\"a\"],",
      "4:3: error: prompt 2 must be a string or a table such as"
        + " { text = \"…\", for = \"couple\" }, not an array"
    ),
  ])
  func aWrongPromptIsAnErrorAtItsPlace(line: String, expected: String) throws {
    // Given a habit whose second prompt is wrong
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write(
      "tea.toml",
      "when = \"daily at 9:00\"\nprompts = [\n  \"Fine.\",\n\(line)\n]\n")
    // When it is loaded
    let result = ScheduleLoader.load(files: [path])
    // Then the problem is an error at the prompt's line and column, and the habit is left out
    #expect(result.habits.isEmpty)
    #expect(result.diagnostics.map(\.description) == ["\(path):\(expected)"])
  }

  @Test func problemsInPromptsOnOneLineAreFoundToo() throws {
    // Given two wrong prompts on the same line as `prompts`, after a multi-line string
    let text = """
      when = "daily at 9:00"
      title = \"\"\"
      Tea [ { ,
      \"\"\"
      prompts = ["a, \\" [", 'b ] {', { text = "c", for = "pals" }, 5]
      """
    let (habit, diagnostics) = HabitFileParser(path: "x.toml", text: text).parse()
    // Then each is reported at its own column
    #expect(habit == nil)
    #expect(
      diagnostics.map(\.description) == [
        "x.toml:5:52: error: unknown relationship 'pals' in prompt 3"
          + " — use \"couple\", \"long-distance\", \"family\" or \"friends\"",
        "x.toml:5:62: error: prompt 4 must be a string or a table such as"
          + " { text = \"…\", for = \"couple\" }, not an integer",
      ])
  }

  @Test func theRelationshipIsOneOfFour() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.writeConfig("relationship = \"frends\"\n")
    let (config, diagnostics) = ScheduleLoader.loadConfig(path: path)
    #expect(
      diagnostics.map(\.description) == [
        "\(path):1:16: error: unknown relationship 'frends' — did you mean 'friends'?"
      ])
    #expect(config.relationship == .couple)

    let other = try fixture.writeConfig("relationship = \"colleagues\"\n")
    let (_, unknown) = ScheduleLoader.loadConfig(path: other)
    #expect(
      unknown.map(\.description) == [
        "\(other):1:16: error: unknown relationship 'colleagues'"
          + " — use \"couple\", \"long-distance\", \"family\" or \"friends\""
      ])

    let number = try fixture.writeConfig("relationship = 2\n")
    let (_, wrongType) = ScheduleLoader.loadConfig(path: number)
    #expect(
      wrongType.map(\.description) == [
        "\(number):1:16: error: 'relationship' must be a string, not an integer"
      ])
  }
}
