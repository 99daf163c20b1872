// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsCore

/// `{partner}` in prompts: the name from `partner` in `config.toml`, or
/// "them" and "their" without one; a misspelt placeholder is an error, and
/// the shipped prompts read naturally either way.
@Suite struct PartnerPlaceholderTests {
  @Test func filledWithTheNameOrWithThem() {
    let text = "Tell {partner} one thing, and ask about {partner's} day."
    #expect(
      PartnerPlaceholder.fill(text, name: "Sam") == "Tell Sam one thing, and ask about Sam's day.")
    #expect(
      PartnerPlaceholder.fill(text, name: nil) == "Tell them one thing, and ask about their day.")
    // Braces that are no placeholder are left as they are.
    #expect(PartnerPlaceholder.fill("{ok} {partner", name: "Sam") == "{ok} {partner")
    #expect(PartnerPlaceholder.fill("No braces.", name: "Sam") == "No braces.")
    // Text and names beyond ASCII stay whole around the placeholders.
    #expect(
      PartnerPlaceholder.fill("💛 {partner}, é{partner's}{partner}— {", name: "Zoë")
        == "💛 Zoë, éZoë'sZoë— {")
    #expect(PartnerPlaceholder.fill("{partner's}", name: nil) == "their")
  }

  @Test func misspeltPlaceholdersAreFound() {
    #expect(
      PartnerPlaceholder.misspelt(in: "Tell {Partner} and {partners} {partner}") == [
        "{Partner}", "{partners}",
      ])
    #expect(PartnerPlaceholder.misspelt(in: "{partner} {partner's} {count} {joy}").isEmpty)
    #expect(PartnerPlaceholder.misspelt(in: "é{Pärtner} {{partner}} {PARTNER") == ["{{partner}"])
  }

  @Test func theConfigNamesThePartner() throws {
    // Given a config with a name, and a habit whose prompts say {partner}
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    try fixture.writeConfig("partner = \"  Sam  \"\n")
    try fixture.write(
      "gratitude.toml",
      """
      when = "daily at 21:00"
      prompts = ["Tell {partner} one thing.", { text = "Ask about {partner's} day.", for = "couple" }]
      """)
    // When the folder is loaded, whole or for the one habit
    let whole = try ScheduleLoader.load(directory: fixture.schedules)
    let one = try ScheduleLoader.load(directory: fixture.schedules, habit: "gratitude")
    // Then the name, trimmed, is in both, and the file keeps the placeholder
    #expect(whole.diagnostics.isEmpty, "\(whole.diagnostics)")
    #expect(whole.config.partner == "Sam")
    for result in [whole, one] {
      #expect(result.habits.first?.prompts == ["Tell Sam one thing.", "Ask about Sam's day."])
    }
    #expect(whole.habits.first?.allPrompts.first?.text == "Tell {partner} one thing.")
    // And without a name they read "them" and "their"
    try fixture.writeConfig("relationship = \"couple\"\n")
    let unnamed = try ScheduleLoader.load(directory: fixture.schedules)
    #expect(unnamed.habits.first?.prompts == ["Tell them one thing.", "Ask about their day."])
  }

  /// A name empty, too long, with braces, or with a control character (C1
  /// too: U+0085 is a line break, U+009B starts an escape sequence).
  @Test(arguments: [
    "", "   ", "{Sam}", "Sam\u{1B}[31m", "Sam\u{85}Jo", "Sam\u{9B}31m",
    String(repeating: "x", count: 41),
  ])
  func aBadNameIsReportedAndLeftOut(name: String) throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let escaped = name.unicodeScalars.map { $0.value < 32 ? "\\u001B" : String($0) }.joined()
    let path = try fixture.writeConfig("partner = \"\(escaped)\"\n")
    let (config, diagnostics) = ScheduleLoader.loadConfig(path: path)
    #expect(config.partner == nil)
    #expect(
      diagnostics.map(\.description) == [
        "\(path):1:11: error: 'partner' must be a name of 1 to 40 characters such as \"Sam\","
          + " on one line and without braces"
      ])
  }

  @Test func aMisspeltPlaceholderKeepsTheHabitOut() throws {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    let path = try fixture.write(
      "gratitude.toml",
      """
      when = "daily at 21:00"
      prompts = ["Fine.", { text = "Tell {Partner} so.", for = "couple" }]
      """)
    let result = ScheduleLoader.load(files: [path])
    #expect(result.habits.isEmpty)
    #expect(
      result.diagnostics.map(\.description) == [
        "\(path):2:30: error: prompt 2 says '{Partner}', which is not filled in — write"
          + " {partner} for their name (\"them\" without one) or {partner's} (\"their\")"
      ])
  }

  @Test func theShippedPromptsSayTheNameAndReadWellWithout() throws {
    let habits = ShippedPracticesTests.habits
    let named = habits.flatMap { $0.allPrompts.map(\.text) }.filter { $0.contains("{partner") }
    // Some shipped prompts say the name...
    #expect(named.count >= 10, "\(named.count) shipped prompts say {partner}")
    for text in named {
      // ...never where "them" would begin a sentence
      #expect(!text.hasPrefix("{partner"), "\(text)")
      #expect(PartnerPlaceholder.misspelt(in: text).isEmpty)
      #expect(!PartnerPlaceholder.fill(text, name: "Sam").contains("{"))
    }
    // and every relationship's prompts are filled for them
    for habit in habits {
      for relationship in Relationship.allCases {
        let prompts = habit.offering(to: relationship, partner: "Sam").prompts
        #expect(!prompts.contains { $0.contains("{partner") }, "\(habit.id)")
      }
    }
  }
}
