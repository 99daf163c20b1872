// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension AgentRunner {
  /// The words of one popup: a single firing's own, or several habits gathered.
  func compose(
    _ firings: [ReminderPlanner.Firing], planner: ReminderPlanner, now: Instant
  ) throws(HabitsError) -> ReminderNotification? {
    if firings.count == 1, let firing = firings.first {
      return try compose(firing, planner: planner, now: now)
    }
    let reminders = firings.compactMap { firing -> ReminderComposer.GatheredReminder? in
      guard let id = firing.habitID, let habit = planner.habits.first(where: { $0.id == id })
      else { return nil }
      return ReminderComposer.GatheredReminder(
        habit: habit, day: firing.day, kind: firing.kind,
        prompt: prompt(for: habit, firing: firing, zone: planner.zone, anotherIdea: false),
        late: firing.late)
    }
    guard reminders.count > 1 else {
      // The others' habits are gone: what is left is a popup of its own.
      guard let only = reminders.first,
        let firing = firings.first(where: { $0.habitID == only.habit.id })
      else { return nil }
      return try compose(firing, planner: planner, now: now)
    }
    return ReminderComposer.gathered(reminders, today: planner.clock.day(of: now))
  }

  /// After buttons on the gathered popup were pressed: it comes back, with
  /// the same id, for the habits it names that are still open (not done,
  /// skipped, met or snoozed, and still switched on), or is taken down when
  /// none is, or when quiet hours have begun since it came (nothing pops up
  /// inside them). Judged on the merged history: another device's events
  /// that arrived with the press are merged first, so that it does not come
  /// back for a habit done there. A habit whose own reminder (a nudge, say)
  /// is due at this very moment is left out: the pass that follows shows it
  /// in a popup of its own, and one popup about it is enough.
  func updateGathered(after events: [ActionEvent]) {
    guard events.contains(where: { $0.popup == ReminderComposer.gatheredKey }) else { return }
    updateGathered()
  }

  /// Brings the gathered popup up to date; when the store cannot be read,
  /// the next pass tries again.
  func updateGathered() {
    gatheredUpdateDue = false
    guard !openGathered.isEmpty else { return }
    let planner = self.planner
    let now = clock.now()
    synchronize(now: now)
    let today = planner.clock.day(of: now)
    var open: [ReminderPlanner.Firing] = []
    do {
      let snoozes = try store.snoozes(at: now)
      let dueNow = try habitsDue(planner: planner, now: now)
      for firing in openGathered {
        // A habit switched off or gone since the popup came is left out.
        guard let id = firing.habitID, snoozes[id] == nil, !dueNow.contains(id),
          let habit = planner.habits.first(where: { $0.id == id && $0.enabled })
        else { continue }
        let history = HabitHistory(
          habit: habit, checkIns: try store.history(habitID: id), clock: planner.clock,
          today: today)
        if !planner.isSettled(firing.day, history: history) { open.append(firing) }
      }
      let quiet = planner.quietAdjusted(now) != now
      openGathered = quiet ? [] : open
      guard !quiet, !open.isEmpty,
        var notification = try compose(open, planner: planner, now: now)
      else {
        notifier.close(key: ReminderComposer.gatheredKey)
        logger.info(
          quiet
            ? "quiet hours: the gathered popup is taken down, not shown again"
            : "every habit of the gathered popup is answered; it is taken down")
        return
      }
      // The same key even for one habit left, so that it replaces the popup.
      notification.key = ReminderComposer.gatheredKey
      if case .failed(let reason) = notifier.deliver(notification) {
        logger.error("could not show the gathered popup again: \(reason)")
      } else {
        logger.info(
          "the gathered popup shown again for \(open.compactMap(\.habitID).joined(separator: ", "))"
        )
      }
    } catch {
      logger.error(
        "cannot read the store to bring the gathered popup up to date: \(error); trying again in a second"
      )
      gatheredUpdateDue = true
    }
  }

  /// The habits the planner would show a popup for now.
  private func habitsDue(planner: ReminderPlanner, now: Instant) throws(HabitsError) -> Set<String>
  {
    let snapshot = try store.reminderSnapshot(planner.needs(at: now, undelivered: false))
    return Set(planner.plan(now: now, snapshot: snapshot).popups.joined().compactMap(\.habitID))
  }
}
