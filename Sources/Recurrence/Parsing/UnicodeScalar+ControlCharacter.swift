// SPDX-License-Identifier: Apache-2.0
extension Unicode.Scalar {
  /// Whether this is a control character: C0 (U+0000–U+001F), DEL (U+007F)
  /// or C1 (U+0080–U+009F), Unicode's general category Cc.
  ///
  /// A terminal obeys them rather than print them (ESC starts an escape
  /// sequence, and so does U+009B), so text from a file, another device or
  /// the command line is checked with this before it is shown. Each place
  /// says which of them it lets through, such as a tab or a line feed.
  @inlinable package var isControlCharacter: Bool {
    value < 0x20 || (0x7F...0x9F).contains(value)
  }
}
