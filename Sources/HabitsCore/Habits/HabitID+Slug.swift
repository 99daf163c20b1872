// SPDX-License-Identifier: Apache-2.0
extension HabitID {
  /// A valid id made from a name, `Morning run!` → `morning-run`, not one of `taken`.
  ///
  /// Letters and digits are kept (lower-cased, common accented Latin letters
  /// without their accents), anything else becomes one `-`. A name with none
  /// of them gives `fallback`. A taken id gets `-2`, `-3`, … until it is free.
  public static func slug(_ name: String, fallback: String = "habit", taken: Set<String> = [])
    -> String
  {
    var slug = ""
    var pendingDash = false
    for scalar in name.lowercased().unicodeScalars {
      // Accents written as combining marks: `e` + U+0301 is `e`.
      if scalar.properties.generalCategory == .nonspacingMark { continue }
      let plain = Self.unaccented[scalar] ?? (scalar.isASCII ? String(scalar) : "")
      if !plain.isEmpty, plain.unicodeScalars.allSatisfy(Self.isLetterOrDigit) {
        if pendingDash && !slug.isEmpty { slug += "-" }
        pendingDash = false
        slug += plain
      } else {
        pendingDash = true
      }
    }
    if slug.isEmpty { slug = fallback }
    var candidate = String(slug.prefix(64))
    var number = 1
    while taken.contains(candidate) || !isValid(candidate) {
      number += 1
      let suffix = "-\(number)"
      var stem = String(slug.prefix(64 - suffix.count))
      while stem.hasSuffix("-") { stem.removeLast() }
      candidate = stem + suffix
    }
    return candidate
  }

  private static func isLetterOrDigit(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "0" && c <= "9")
  }

  /// Lower-case Latin letters with diacritics, and ligatures, as plain letters.
  private static let unaccented: [Unicode.Scalar: String] = {
    let groups: [(String, String)] = [
      ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđ", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"),
      ("ĥħ", "h"), ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"),
      ("òóôõöøōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"),
      ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"),
      ("ð", "d"),
    ]
    var map: [Unicode.Scalar: String] = [:]
    for (letters, plain) in groups {
      for scalar in letters.unicodeScalars { map[scalar] = plain }
    }
    return map
  }()
}
