// SPDX-License-Identifier: Apache-2.0
/// The rules for habit ids, which name files and key history.
public enum HabitID {
  /// Letters, digits, `-` and `_`, starting with a letter or digit, at most 64.
  public static func isValid(_ id: String) -> Bool {
    guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 64 else { return false }
    func allowed(_ c: Unicode.Scalar) -> Bool {
      (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
    }
    return allowed(first) && id.unicodeScalars.allSatisfy { allowed($0) || $0 == "-" || $0 == "_" }
  }
}
