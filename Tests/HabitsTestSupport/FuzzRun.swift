// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The seed and size of a fuzz run, from the environment: `HABITS_FUZZ_SEED`
/// (decimal or 0x-hex) replays a run, `HABITS_FUZZ_COUNT` sets the number of
/// inputs. Without a seed each run draws a new one and prints it first.
public enum FuzzRun {
  static let environment = ProcessInfo.processInfo.environment

  /// `HABITS_FUZZ_COUNT`, or `fallback`.
  public static func count(default fallback: Int) -> Int {
    environment["HABITS_FUZZ_COUNT"].flatMap { Int($0) } ?? fallback
  }

  /// `HABITS_FUZZ_SEED`, or a random seed; printed with how to replay it.
  public static func seed(for suite: String, count: Int) -> UInt64 {
    let given = environment["HABITS_FUZZ_SEED"].flatMap { text -> UInt64? in
      text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }
    let seed = given ?? UInt64.random(in: 0...UInt64.max)
    print(
      "\(suite): seed \(hex(seed))\(given == nil ? " (random)" : "") and \(count) inputs;"
        + " replay with HABITS_FUZZ_SEED=\(hex(seed)) HABITS_FUZZ_COUNT=\(count)")
    return seed
  }

  /// `0x1f…`.
  public static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
