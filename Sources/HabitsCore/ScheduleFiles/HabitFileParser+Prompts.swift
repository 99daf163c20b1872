// SPDX-License-Identifier: Apache-2.0
import Recurrence
import TOMLKit

extension HabitFileParser {
  static let promptKeys = ["text", "for"]
  private static let promptForm = "{ text = \"…\", for = \"couple\" }"

  /// `prompts`: each a string, which suits every relationship, or an inline
  /// table `{ text = "…", for = "couple" }` (or `for = ["family", "friends"]`)
  /// for a prompt written for some relationships only. Nil, with the problems
  /// reported, when any prompt is wrong, so that the habit is not loaded
  /// half-read.
  func parsePrompts(_ root: TOMLTable, _ document: inout TOMLDocument) -> [Prompt]? {
    guard let value = root["prompts"] else { return [] }
    guard let array = value.array else {
      document.report(
        "prompts", "'prompts' must be an array of strings, not \(TOMLDocument.article(value.type))"
      )
      return nil
    }
    var prompts: [Prompt] = []
    var broken = false
    for (index, item) in array.enumerated() {
      if let prompt = parsePrompt(item, at: index, &document) {
        prompts.append(prompt)
      } else {
        broken = true
      }
    }
    return broken ? nil : prompts
  }

  private func parsePrompt(
    _ item: TOMLValueConvertible, at index: Int, _ document: inout TOMLDocument
  ) -> Prompt? {
    let number = "prompt \(index + 1)"
    if let text = item.string {
      guard isWritten(text) else {
        document.report(
          "prompts", "\(number) is empty — write a suggestion, or leave it out", item: index)
        return nil
      }
      if let problem = Self.controlProblem(text, in: number, "a prompt") {
        document.report("prompts", problem, item: index)
        return nil
      }
      return checkedPlaceholders(text, number, at: index, field: nil, &document)
        ? Prompt(text) : nil
    }
    guard let table = item.table else {
      document.report(
        "prompts",
        "\(number) must be a string or a table such as \(Self.promptForm),"
          + " not \(TOMLDocument.article(item.type))", item: index)
      return nil
    }
    var broken = false
    for key in table.keys where !Self.promptKeys.contains(key) {
      let hint = Suggestion.hint(for: key, in: Self.promptKeys) ?? "use 'text' and 'for'"
      document.report(
        "prompts", "unknown key '\(key)' in \(number) — \(hint)", item: index, field: key,
        atValue: false)
      broken = true
    }
    var text: String?
    if let value = table["text"] {
      if let string = value.string, isWritten(string) {
        text = string
        if let problem = Self.controlProblem(string, in: "'text' of \(number)", "a prompt") {
          document.report("prompts", problem, item: index, field: "text")
          broken = true
        }
      } else if value.string != nil {
        document.report(
          "prompts", "\(number) is empty — write a suggestion, or leave it out", item: index,
          field: "text")
      } else {
        document.report(
          "prompts",
          "'text' of \(number) must be a string, not \(TOMLDocument.article(value.type))",
          item: index, field: "text")
      }
    } else if !broken {
      document.report(
        "prompts", "\(number) needs 'text', e.g. \(Self.promptForm)", item: index)
    }
    var audience: Set<Relationship>?
    if let value = table["for"] {
      audience = parseAudience(value, number: number, at: index, &document)
      if audience == nil { broken = true }
    }
    guard let text, !broken,
      checkedPlaceholders(text, number, at: index, field: "text", &document)
    else { return nil }
    return Prompt(text, for: audience)
  }

  /// Whether `text` names the partner only as `{partner}` or `{partner's}`;
  /// reports each other spelling (`{Partner}`, `{partners}`), which would be
  /// shown as it is.
  private func checkedPlaceholders(
    _ text: String, _ number: String, at index: Int, field: String?,
    _ document: inout TOMLDocument
  ) -> Bool {
    let misspelt = PartnerPlaceholder.misspelt(in: text)
    for word in misspelt {
      document.report(
        "prompts",
        "\(number) says '\(word)', which is not filled in — write {partner} for their name"
          + " (\"them\" without one) or {partner's} (\"their\")", item: index, field: field)
    }
    return misspelt.isEmpty
  }

  /// `for = "couple"` or `for = ["family", "friends"]`.
  private func parseAudience(
    _ value: TOMLValueConvertible, number: String, at index: Int, _ document: inout TOMLDocument
  ) -> Set<Relationship>? {
    let names: [TOMLValueConvertible]
    if value.string != nil {
      names = [value]
    } else if let array = value.array {
      names = Array(array)
    } else {
      document.report(
        "prompts",
        "'for' of \(number) must be a relationship such as \"couple\", or a list of them,"
          + " not \(TOMLDocument.article(value.type))", item: index, field: "for")
      return nil
    }
    guard !names.isEmpty else {
      document.report(
        "prompts",
        "'for' of \(number) names no relationship — leave 'for' out for a prompt that suits every one",
        item: index, field: "for")
      return nil
    }
    var audience: Set<Relationship> = []
    for name in names {
      guard let text = name.string else {
        document.report(
          "prompts",
          "'for' of \(number) must list relationships as strings, not \(TOMLDocument.article(name.type))",
          item: index, field: "for")
        return nil
      }
      guard let relationship = Relationship(parsing: text) else {
        let hint =
          Suggestion.hint(for: text, in: Relationship.allCases.map(\.rawValue))
          ?? "use \(Relationship.listed)"
        document.report(
          "prompts", "unknown relationship '\(text)' in \(number) — \(hint)", item: index,
          field: "for")
        return nil
      }
      audience.insert(relationship)
    }
    return audience
  }

  private func isWritten(_ text: String) -> Bool {
    !text.trimmingWhitespace().isEmpty
  }
}
