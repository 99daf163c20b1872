// SPDX-License-Identifier: Apache-2.0
extension String {
  /// The text without its control characters (`Unicode.Scalar.isControlCharacter`):
  /// what may be shown of text from a file, another device or the command
  /// line where none of it may be obeyed.
  package var withoutControlCharacters: String {
    String(String.UnicodeScalarView(unicodeScalars.filter { !$0.isControlCharacter }))
  }
}
