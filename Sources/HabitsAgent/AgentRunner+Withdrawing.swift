// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension AgentRunner {
  /// Takes down the popups of habits settled since they came (done or
  /// skipped for the day the popup is about, or their target met) on
  /// another device whose event the pass just merged, or by `habits done`
  /// here: a popup that is no longer true goes at once, not at the next
  /// planned wake.
  ///
  /// The gathered popup goes once every habit it names is settled; until
  /// then it stays as it is, its Done for a settled habit harmless. It is
  /// not shown again without that habit: the agent cannot tell whether it
  /// is still on screen, and showing it again would bring back a popup the
  /// person had dismissed.
  func withdrawSettled(planner: ReminderPlanner, now: Instant) {
    guard !openPopups.isEmpty || !openGathered.isEmpty else { return }
    let today = planner.clock.day(of: now)
    do {
      var histories: [String: HabitHistory] = [:]
      func history(_ firing: ReminderPlanner.Firing) throws(HabitsError) -> HabitHistory? {
        guard let id = firing.habitID else { return nil }
        if let known = histories[id] { return known }
        guard let habit = planner.habits.first(where: { $0.id == id }) else { return nil }
        let read = HabitHistory(
          habit: habit, checkIns: try store.history(habitID: id), clock: planner.clock,
          today: today)
        histories[id] = read
        return read
      }
      for key in openPopups.keys.sorted() {
        guard let firing = openPopups[key], let history = try history(firing),
          planner.isSettled(firing.day, history: history)
        else { continue }
        openPopups[key] = nil
        notifier.close(key: key)
        let how =
          history.isDone(firing.day)
          ? "done" : history.isSkipped(firing.day) ? "skipped" : "on target"
        logger.info("\(history.habit.id) is \(how) for \(firing.day): its popup is withdrawn")
      }
      guard !openGathered.isEmpty else { return }
      for firing in openGathered {
        guard let history = try history(firing), planner.isSettled(firing.day, history: history)
        else { return }
      }
      openGathered = []
      notifier.close(key: ReminderComposer.gatheredKey)
      logger.info("every habit of the gathered popup is settled: it is withdrawn")
    } catch {
      logger.error("cannot read the store to withdraw the popups of settled habits: \(error)")
    }
  }
}
