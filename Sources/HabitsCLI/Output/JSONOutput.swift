// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `--json` output: one document on stdout, keys sorted so output is stable.
enum JSONOutput {
  static func encode(_ value: some Encodable) throws(HabitsError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw HabitsError("could not write JSON: \(error)")
    }
  }
}
