// SPDX-License-Identifier: Apache-2.0
/// How a piece of input is quoted back in a message.
public enum InputEcho {
  /// `text` safe to print: control characters written as `\u{1B}`, cut at
  /// 80 characters.
  public static func visible(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars.prefix(80) {
      if scalar.isControlCharacter {
        out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
