// SPDX-License-Identifier: Apache-2.0
/// What one habit's day holds after its events are replayed: what the
/// database's check-in row says.
public enum DayState: Hashable, Sendable {
  /// Nothing recorded (or everything undone).
  case open
  /// Done; `amount` is the day's sum for a habit counted in amounts.
  case done(amount: Double?, note: String?)
  case skipped(note: String?)

  /// The day's note, if it has one.
  public var note: String? {
    switch self {
    case .open: return nil
    case .done(_, let note), .skipped(let note): return note
    }
  }
}
