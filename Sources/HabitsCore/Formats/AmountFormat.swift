// SPDX-License-Identifier: Apache-2.0
/// Writes an amount as habits shows it everywhere: on screen, in goals, in
/// the CSV and in the JSON export.
public enum AmountFormat {
  /// `30` or `2.5`: whole amounts without a decimal point, others in Swift's
  /// shortest form that reads back as exactly `value` (so JSON round-trips).
  public static func text(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : value.description
  }
}
