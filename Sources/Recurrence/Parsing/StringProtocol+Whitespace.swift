// SPDX-License-Identifier: Apache-2.0
extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and newlines.
  @inlinable package func trimmingWhitespace() -> String {
    // Most text has none at either end. A character that is one of these
    // four is that one byte, so a first and last byte that are none of them
    // begin and end characters that are none of them either.
    let isSpaceByte: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }
    let ends = utf8.withContiguousStorageIfAvailable { ($0.first, $0.last) }
    if case (let first?, let last?)? = ends, !isSpaceByte(first), !isSpaceByte(last) {
      return String(self)
    }
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
