// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension ReminderPlanner {
  /// The reminder of `habitID` that a popup now would bring forward, unless
  /// its day is settled: its first slot after now that is a reminder (not a
  /// nudge or a snooze's end), due within `gather`, about today and not
  /// logged, while no snooze of the habit is still to end.
  func gatherableSlot(
    of habitID: String, in slots: [Slot], now: Instant, today: CivilDate, snapshot: Snapshot
  ) -> Slot? {
    guard let gather = config.gather else { return nil }
    if let snooze = snapshot.snoozes[habitID], now < snooze.until { return nil }
    let horizon = now.adding(seconds: gather)
    let slot = slots.filter { $0.at > now && $0.at <= horizon && !$0.isNudge && !$0.isSnooze }
      .min { ($0.at, $0.due) < ($1.at, $1.due) }
    guard let slot, slot.day == today,
      !snapshot.logged.contains(LoggedKey(habitID: habitID, due: slot.due))
    else { return nil }
    // A reminder brought forward stands for its time: travel east, which
    // brings that time of day sooner, does not bring it forward again.
    if let due = snapshot.broughtForward[habitID], due >= slot.at { return nil }
    return slot
  }

  /// When `slot` may come after a popup at `lastPopup`: at its time, or for
  /// a nudge within `gather` after that popup, once `gather` has passed (and
  /// quiet hours, if that falls in them); nil when that is past the end of
  /// its run of nudges or of its day, so that it never comes.
  func spacedTime(of slot: Slot, after lastPopup: Instant?) -> Instant? {
    guard slot.isNudge, let gather = config.gather, let lastPopup else { return slot.at }
    let earliest = lastPopup.adding(seconds: gather)
    guard earliest > slot.at else { return slot.at }
    let at = quietAdjusted(earliest)
    guard slot.limit.map({ at < $0 }) ?? true, clock.day(of: at) <= slot.day else { return nil }
    return at
  }

  /// The habits' firings as popups: with `gather` on, one popup for all of
  /// them and the reminders of `gatherable` of other habits, brought forward
  /// in order of time (returned too, as logged keys); with it off, one
  /// popup a firing.
  func popups(
    of firings: [Firing], bringing gatherable: [(habitID: String, slot: Slot)]
  ) -> (popups: [[Firing]], gathered: Set<LoggedKey>) {
    guard config.gather != nil else { return (firings.map { [$0] }, []) }
    guard !firings.isEmpty else { return ([], []) }
    let firing = Set(firings.compactMap(\.habitID))
    var popup = firings
    var gathered = Set<LoggedKey>()
    let inOrder = gatherable.sorted { ($0.slot.at, $0.habitID) < ($1.slot.at, $1.habitID) }
    for (id, slot) in inOrder where !firing.contains(id) {
      popup.append(Firing(habitID: id, due: slot.due, day: slot.day, kind: .reminder))
      gathered.insert(LoggedKey(habitID: id, due: slot.due))
    }
    return ([popup], gathered)
  }
}
