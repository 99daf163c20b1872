// SPDX-License-Identifier: Apache-2.0
/// Reads and writes lengths of time as people type them: `15m`, `2h`, `1h30m`, `1d`.
public enum DurationFormat {
  /// The number of seconds `text` stands for, or nil when it is not a duration.
  public static func seconds(_ text: some StringProtocol) -> Int? {
    var total = 0
    var number: Int?
    var sawUnit = false
    for character in text.lowercased() {
      if let digit = character.wholeNumberValue, character.isASCII {
        let value = (number ?? 0) * 10 + digit
        if value > 1_000_000 { return nil }
        number = value
        continue
      }
      guard let n = number else { return nil }
      switch character {
      case "d": total += n * 86_400
      case "h": total += n * 3600
      case "m": total += n * 60
      case "s": total += n
      default: return nil
      }
      number = nil
      sawUnit = true
    }
    guard number == nil, sawUnit, total > 0 else { return nil }
    return total
  }

  /// `1h30m`, `15m`, `2d`.
  public static func text(_ seconds: Int) -> String {
    var rest = seconds
    var out = ""
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
      out += "\(rest / size)\(unit)"
      rest %= size
    }
    return out.isEmpty ? "0m" : out
  }

  /// The form to show in an error message.
  public static let expectedForm = "a duration such as 15m, 2h, 1h30m or 1d"
}
