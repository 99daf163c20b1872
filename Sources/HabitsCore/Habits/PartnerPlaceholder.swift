// SPDX-License-Identifier: Apache-2.0
/// The words a prompt may leave to be filled with the name of the person the
/// habits are kept with (`partner` in `config.toml`): `{partner}`, which
/// reads "them" without a name, and `{partner's}`, which reads "their".
/// Written where "them" and "their" read well, a prompt reads naturally
/// with a name and without one.
public enum PartnerPlaceholder {
  /// The placeholders, each with what it reads as when no name is known.
  static let forms: [(placeholder: String, withoutName: String, suffix: String)] = [
    ("{partner}", "them", ""), ("{partner's}", "their", "'s"),
  ]

  /// `text` with each placeholder filled with `name`, or with "them" and
  /// "their" when there is none.
  public static func fill(_ text: String, name: String?) -> String {
    // Most prompts have no brace at all: a byte scan spares them a search.
    guard text.utf8.contains(UInt8(ascii: "{")) else { return text }
    var result = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      result += rest[..<open]
      let tail = rest[open...]
      if let form = forms.first(where: { tail.hasPrefix($0.placeholder) }) {
        result += name.map { $0 + form.suffix } ?? form.withoutName
        rest = tail.dropFirst(form.placeholder.count)
      } else {
        result.append("{")
        rest = tail.dropFirst()
      }
    }
    return result + rest
  }

  /// The words in braces in `text` that look meant for a name but are not
  /// a placeholder habits fills, such as `{Partner}` or `{partners}`.
  static func misspelt(in text: String) -> [String] {
    guard text.utf8.contains(UInt8(ascii: "{")) else { return [] }
    var found: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      let tail = rest[rest.index(after: open)...]
      guard let close = tail.firstIndex(of: "}") else { break }
      let word = "{" + tail[..<close] + "}"
      let letters = word.lowercased().filter { $0.isLetter }
      if letters.hasPrefix("partner") && !forms.contains(where: { $0.placeholder == word }) {
        found.append(word)
      }
      rest = tail
    }
    return found
  }
}
