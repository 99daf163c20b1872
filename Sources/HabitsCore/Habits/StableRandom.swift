// SPDX-License-Identifier: Apache-2.0
/// SplitMix64 with a bounded draw of its own: the same numbers from the same
/// seed on every machine, in every process and with every version of Swift.
///
/// Swift's `Hasher` is seeded anew in each process and `Int.random(in:using:)`
/// does not promise how it maps the generator's numbers into a range, so
/// neither may decide anything that must come out the same tomorrow.
struct StableRandom {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  /// A seed from some text (FNV-1a over its UTF-8 bytes) and a number.
  init(text: String, number: Int) {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    state = hash ^ (UInt64(bitPattern: Int64(number)) &* 0xD1B5_4A32_D192_ED03)
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound`, every one equally likely (Lemire's method:
  /// multiply, and draw again in the rare case that would favour some).
  mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0, "an empty range has no numbers")
    let range = UInt64(bound)
    var product = next().multipliedFullWidth(by: range)
    if product.low < range {
      let threshold = (0 &- range) % range
      while product.low < threshold { product = next().multipliedFullWidth(by: range) }
    }
    return Int(product.high)
  }

  /// `0..<count` in an order drawn from the generator (Fisher–Yates).
  mutating func permutation(of count: Int) -> [Int] {
    var order = Array(0..<count)
    var index = count - 1
    while index > 0 {
      order.swapAt(index, below(index + 1))
      index -= 1
    }
    return order
  }
}
