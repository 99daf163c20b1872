// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import HabitsTestSupport
import Recurrence

/// Random devices, events and days for the sync tests, from a seeded generator.
enum SyncFixtures {
  static let devices = ["0123456789abcdef", "fedcba9876543210", "00000000000000aa"].compactMap {
    DeviceID($0)
  }
  static let day = CivilDate(year: 2026, month: 12, day: 4)

  static func event(
    _ change: SyncEvent.Change, seconds: Int, counter: Int = 0, device: Int = 0,
    habit: String = "gratitude", day: CivilDate = day, id: String? = nil
  ) -> SyncEvent {
    var random = SplitMix64(seed: UInt64(seconds), index: counter * 7 + device)
    return SyncEvent(
      id: id.flatMap { EventID($0) } ?? EventID(using: &random),
      stamp: HybridTimestamp(seconds: seconds, counter: counter, device: devices[device]),
      habitID: habit, day: day, change: change)
  }

  /// A random change: notes with quotes, line breaks and non-Latin text, and
  /// amounts with fractions.
  static func change(_ random: inout SplitMix64) -> SyncEvent.Change {
    let notes: [String?] = [nil, nil, "at the station", "“thank you” — 谢谢\nsecond line", "a\\b\"c"]
    switch random.int(0..<4) {
    case 0: return .done(note: random.pick(notes))
    case 1: return .amount(Double(random.int(1...40)) / 4, note: random.pick(notes))
    case 2: return .skip(note: random.pick(notes))
    default: return .undo
    }
  }

  /// `count` random events of one habit's day from up to three devices,
  /// stamps within an hour.
  static func events(_ count: Int, _ random: inout SplitMix64) -> [SyncEvent] {
    (0..<count).map { _ in
      SyncEvent(
        id: EventID(using: &random),
        stamp: HybridTimestamp(
          seconds: 1_764_870_000 + random.int(0..<3600), counter: random.int(0..<3),
          device: random.pick(devices)),
        habitID: "gratitude", day: day, change: change(&random))
    }
  }
}
