// SPDX-License-Identifier: Apache-2.0
/// The words a prompt may leave to be filled with the name of the person the
/// habits are kept with (`partner` in `config.toml`): `{partner}`, which
/// reads "them" without a name, and `{partner's}`, which reads "their".
/// Written where "them" and "their" read well, a prompt reads naturally
/// with a name and without one.
public enum PartnerPlaceholder {
  /// A placeholder, what it reads as when no name is known, and what
  /// follows the name when one is.
  typealias Form = (placeholder: String, withoutName: String, suffix: String)

  /// The placeholders.
  static let forms: [Form] = [
    ("{partner}", "them", ""), ("{partner's}", "their", "'s"),
  ]

  /// `text` with each placeholder filled with `name`, or with "them" and
  /// "their" when there is none.
  public static func fill(_ text: String, name: String?) -> String {
    // Most prompts have no brace at all: a byte scan spares them a search.
    guard hasBrace(text) else { return text }
    // Byte by byte (every placeholder is ASCII): the agent and every command
    // that shows a prompt fill it, and a walk by Character costs ten times as much.
    let bytes = Array(text.utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + (name?.utf8.count ?? 5))
    var i = 0
    while i < bytes.count {
      guard bytes[i] == UInt8(ascii: "{"), let form = form(in: bytes, at: i) else {
        result.append(bytes[i])
        i += 1
        continue
      }
      result.append(contentsOf: (name.map { $0 + form.suffix } ?? form.withoutName).utf8)
      i += form.placeholder.utf8.count
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// Whether `text` holds a `{`: over its bytes in memory where they are
  /// (a native string's are), which is several times faster than its UTF-8 view.
  private static func hasBrace(_ text: String) -> Bool {
    let brace = UInt8(ascii: "{")
    return text.utf8.withContiguousStorageIfAvailable { $0.contains(brace) }
      ?? text.utf8.contains(brace)
  }

  /// The placeholder that starts at `bytes[i]`, if one does.
  private static func form(in bytes: [UInt8], at i: Int) -> Form? {
    forms.first { form in
      let placeholder = form.placeholder.utf8
      return bytes.count - i >= placeholder.count
        && zip(bytes[i...], placeholder).allSatisfy { $0 == $1 }
    }
  }

  /// The words in braces in `text` that look meant for a name but are not
  /// a placeholder habits fills, such as `{Partner}` or `{partners}`.
  static func misspelt(in text: String) -> [String] {
    guard hasBrace(text) else { return [] }
    var found: [String] = []
    let bytes = Array(text.utf8)
    var i = 0
    while let open = bytes[i...].firstIndex(of: UInt8(ascii: "{")) {
      guard let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")) else { break }
      let word = String(decoding: bytes[open...close], as: UTF8.self)
      let letters = word.lowercased().filter { $0.isLetter }
      if letters.hasPrefix("partner") && !forms.contains(where: { $0.placeholder == word }) {
        found.append(word)
      }
      i = open + 1
    }
    return found
  }
}
