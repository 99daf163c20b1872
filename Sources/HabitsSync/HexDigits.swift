// SPDX-License-Identifier: Apache-2.0
/// Lowercase hexadecimal, the alphabet of device and event ids.
enum HexDigits {
  static func isLowercaseHex(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
      || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
  }

  static func random(count: Int, using generator: inout some RandomNumberGenerator) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for _ in 0..<count { bytes.append(digits[Int(generator.next() % 16)]) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
