// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One day of a habit's history as streaks, strength and rates read it: the
/// day by number, done or skipped, and the amount. A quarter of a
/// `CheckIn`'s size, with nothing to retain or release, for commands that
/// read years of days and never show a note.
public struct HabitDay: Hashable, Sendable {
  /// Days since 1970-01-01.
  public var number: Int32
  public var kind: CheckIn.Kind
  /// For numeric habits: the day's summed amount.
  public var value: Double?

  public init(number: Int32, kind: CheckIn.Kind, value: Double? = nil) {
    self.number = number
    self.kind = kind
    self.value = value
  }

  /// The day of `checkIn`, without its note and recording time.
  public init(_ checkIn: CheckIn) {
    self.init(
      number: Int32(truncatingIfNeeded: checkIn.day.daysSinceEpoch), kind: checkIn.kind,
      value: checkIn.value)
  }

  public var day: CivilDate { CivilDate(daysSinceEpoch: Int(number)) }
}
