// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The next reminders across several habits, in time order.
public enum Upcoming {
  public struct Entry: Hashable, Sendable {
    public var habitID: String
    public var at: Instant

    public init(habitID: String, at: Instant) {
      self.habitID = habitID
      self.at = at
    }
  }

  /// Up to `count` reminders at or after `from`, ordered by instant, then by habit id.
  public static func merge(
    _ habits: [Habit], from: Instant, in zone: Zone, count: Int
  ) -> [Entry] {
    var streams = habits.map { ($0.id, $0.schedule.occurrences(from: from, in: zone)) }
    var heads: [Instant?] = streams.indices.map { streams[$0].1.next() }
    var result: [Entry] = []
    result.reserveCapacity(min(count, 10_000))
    while result.count < count {
      var best: Int?
      for i in heads.indices {
        guard let at = heads[i] else { continue }
        if let b = best, let current = heads[b],
          (current, streams[b].0) <= (at, streams[i].0)
        {
          continue
        }
        best = i
      }
      guard let index = best, let at = heads[index] else { break }
      result.append(Entry(habitID: streams[index].0, at: at))
      heads[index] = streams[index].1.next()
    }
    return result
  }
}
