// SPDX-License-Identifier: Apache-2.0
/// SplitMix64: small, fast and good enough to drive a fuzzer reproducibly.
public struct SplitMix64: RandomNumberGenerator {
  public var state: UInt64

  /// The generator of input `index` of a run: each input can be replayed alone.
  public init(seed: UInt64, index: Int) {
    state = seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03)
    _ = next()
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &self) }
  public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
  /// True one time in `n`.
  public mutating func chance(_ n: Int) -> Bool { int(0..<n) == 0 }
  public mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
}
