// SPDX-License-Identifier: Apache-2.0
/// How long a snooze lasts when nobody says: the popup's Snooze button, and
/// `habits snooze` without a duration. One length, so that the button's
/// label, what it records and the command's default cannot drift apart.
public enum SnoozeLength {
  /// In seconds.
  public static let standard = 15 * 60

  /// As `habits snooze` reads it: `15m`.
  public static var standardText: String { DurationFormat.text(standard) }

  /// As the button says it: `15 min`.
  public static var label: String { "\(standard / 60) min" }
}
