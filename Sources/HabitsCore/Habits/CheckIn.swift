// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// A record that a habit was done (or skipped) on a day.
public struct CheckIn: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable, Codable {
    case done, skip
  }

  public var habitID: String
  /// The local day it counts for (after `day_starts_at`).
  public var day: CivilDate
  public var kind: Kind
  /// For numeric habits: the day's summed amount.
  public var value: Double?
  public var note: String?
  /// The longest a note may be, in Unicode scalars: what SQLite's
  /// `length()` counts, and the store's schema allows.
  public static let maximumNote = 10_000
  /// When it was written.
  public var recordedAt: Instant

  public init(
    habitID: String, day: CivilDate, kind: Kind, value: Double? = nil, note: String? = nil,
    recordedAt: Instant
  ) {
    self.habitID = habitID
    self.day = day
    self.kind = kind
    self.value = value
    self.note = note
    self.recordedAt = recordedAt
  }
}
