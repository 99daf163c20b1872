// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The popups of a stretch of days in which no reminder is answered, worked
/// out from the schedules and `config.toml` alone: each reminder at its time
/// (moved by quiet hours, dropped past the end of its day), its nudges, the
/// weekly summary, and `gather`, which brings reminders due within it into
/// the popup before them and keeps nudges that far from any popup before
/// them. `habits check` reads it to tell when a habit's nudges never come.
///
/// It is advice, not the agent: the agent's planner decides what is shown,
/// from what the database holds as well.
public struct ReminderTimeline {
  /// One popup: the habits it names, and for each whether it came as a nudge.
  public struct Popup: Hashable, Sendable {
    public var at: Instant
    /// Empty for the weekly summary.
    public var habits: [String]
    public var nudges: Set<String>
  }

  /// One reminder or nudge of a habit, as the planner sees it.
  typealias Slot = ReminderSlot

  public var popups: [Popup] = []
  /// The nudges each habit has in the stretch, whether they come or not.
  public var nudgesDue: [String: Int] = [:]

  /// The popups from `start` (a day's start) to `end`.
  public init(habits: [Habit], config: Config, zone: Zone, from start: Instant, to end: Instant) {
    let clock = DayClock(zone: zone, config: config)
    let quiet = { (at: Instant) in config.quietHours?.release(of: at, in: zone) ?? at }
    var slots: [String: [Slot]] = [:]
    let enabled = habits.filter(\.enabled)
    for habit in enabled {
      let list = Self.slots(of: habit, clock: clock, quiet: quiet, from: start, to: end)
      slots[habit.id] = list
      nudgesDue[habit.id] = list.filter(\.isNudge).count
    }
    var summaries: [Instant] = []
    if let summary = config.summary {
      var iterator = summary.occurrences(from: start, in: zone)
      while let due = iterator.next(), due < end { summaries.append(quiet(due)) }
    }
    /// When `slot` may come after a popup at `last`: `spaced` below.
    func spaced(_ slot: Slot, after last: Instant?) -> Instant? {
      guard slot.isNudge, let gather = config.gather, let last,
        last.adding(seconds: gather) > slot.at
      else { return slot.at }
      let at = quiet(last.adding(seconds: gather))
      if let limit = slot.limit, at >= limit { return nil }
      return clock.day(of: at) <= slot.day ? at : nil
    }
    var shown = Set<String>()
    func key(_ id: String, _ slot: Slot) -> String { "\(id)@\(slot.due.secondsSince1970)" }
    var now = start
    var lastPopup: Instant?
    var summaryIndex = 0
    while now < end {
      let today = clock.day(of: now)
      var due: [(id: String, slot: Slot)] = []
      var next: Instant?
      func consider(_ at: Instant) {
        if at > now, next.map({ at < $0 }) ?? true { next = at }
      }
      for habit in enabled {
        let list = slots[habit.id] ?? []
        let after = Self.firstIndex(in: list) { $0.at > now }
        if after < list.count { consider(list[after].at) }
        guard after > 0 else { continue }
        let latest = list[after - 1]
        guard latest.day >= today, !shown.contains(key(habit.id, latest)),
          let at = spaced(latest, after: lastPopup)
        else { continue }
        if at > now {
          consider(at)
        } else {
          due.append((habit.id, latest))
        }
      }
      if !due.isEmpty {
        var popup = due
        if let gather = config.gather {
          let horizon = now.adding(seconds: gather)
          let firing = Set(due.map(\.id))
          for habit in enabled where !firing.contains(habit.id) {
            let list = slots[habit.id] ?? []
            var index = Self.firstIndex(in: list) { $0.at > now }
            while index < list.count, list[index].at <= horizon {
              let slot = list[index]
              index += 1
              if slot.isNudge { continue }
              if slot.day == today && !shown.contains(key(habit.id, slot)) {
                popup.append((habit.id, slot))
              }
              break
            }
          }
        } else {
          // One popup each, all at this moment.
          for item in due.dropFirst() {
            popups.append(
              Popup(at: now, habits: [item.id], nudges: item.slot.isNudge ? [item.id] : []))
          }
          popup = Array(due.prefix(1))
        }
        for item in popup { shown.insert(key(item.id, item.slot)) }
        if config.gather == nil { for item in due { shown.insert(key(item.id, item.slot)) } }
        popups.append(
          Popup(
            at: now, habits: popup.map(\.id),
            nudges: Set(popup.filter(\.slot.isNudge).map(\.id))))
        lastPopup = now
      }
      while summaryIndex < summaries.count, summaries[summaryIndex] <= now {
        if summaries[summaryIndex] == now {
          popups.append(Popup(at: now, habits: [], nudges: []))
          lastPopup = now
        }
        summaryIndex += 1
      }
      if summaryIndex < summaries.count { consider(summaries[summaryIndex]) }
      guard let next else { break }
      now = next
    }
    popups.sort { $0.at < $1.at }
  }

  /// A habit's reminders and nudges from `start` to `end`, in order of time,
  /// less those quiet hours push past the end of their day.
  static func slots(
    of habit: Habit, clock: DayClock, quiet: (Instant) -> Instant, from start: Instant,
    to end: Instant
  ) -> [Slot] {
    ReminderSlot.slots(of: habit, clock: clock, quiet: quiet, from: start, to: end).sorted {
      ($0.at, $0.due) < ($1.at, $1.due)
    }
  }

  /// The first index of sorted `slots` where `isAfter` holds.
  static func firstIndex(in slots: [Slot], where isAfter: (Slot) -> Bool) -> Int {
    var low = 0
    var high = slots.count
    while low < high {
      let mid = (low + high) / 2
      if isAfter(slots[mid]) { high = mid } else { low = mid + 1 }
    }
    return low
  }
}
