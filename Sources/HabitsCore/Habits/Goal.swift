// SPDX-License-Identifier: Apache-2.0
/// A numeric habit's daily amount: at least (or, for a limit, at most) so much.
public struct Goal: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: String, Hashable, Sendable {
    case atLeast = "at least"
    case atMost = "at most"
  }

  public var kind: Kind
  public var amount: Double
  public var unit: String

  public init(kind: Kind, amount: Double, unit: String) {
    self.kind = kind
    self.amount = amount
    self.unit = unit
  }

  /// Parses `30 minutes`, `at least 8 glasses`, `at most 60 minutes`.
  public init?(parsing text: String) {
    var rest = Substring(text.trimmingWhitespace().lowercased())
    var kind = Kind.atLeast
    for candidate in [Kind.atLeast, .atMost] where rest.hasPrefix(candidate.rawValue + " ") {
      kind = candidate
      rest = rest.dropFirst(candidate.rawValue.count + 1)
    }
    let parts = rest.split(separator: " ", maxSplits: 1)
    guard let first = parts.first, let amount = Double(first), amount.isFinite, amount > 0,
      amount < 1e9
    else { return nil }
    self.init(
      kind: kind, amount: amount, unit: parts.count > 1 ? parts[1].trimmingWhitespace() : "")
  }

  public var description: String {
    let number = AmountFormat.text(amount)
    let prefix = kind == .atMost ? "at most " : ""
    return unit.isEmpty ? "\(prefix)\(number)" : "\(prefix)\(number) \(unit)"
  }
}
