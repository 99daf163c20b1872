import HabitsCore
import HabitsStore
import Logging
import Synchronization

/// The agent's loop: plan, fire what is due, sleep until the next thing or
/// until something changes the answer, repeat.
///
/// Each reminder is written to the store's log before it is shown and marked
/// delivered after, so a restart never shows it twice, and one the agent died
/// before showing is shown when it starts again.
public final class AgentRunner: @unchecked Sendable {
  let store: HabitStore
  private(set) var notifier: Notifier
  let notifierFactory: (Config.Notifier) -> Notifier
  let clock: AgentClock
  let wake: WakeSource
  let schedules: ScheduleSet
  let zoneProvider: () -> Zone
  let logger: Logger
  /// Waits between catch-ups, so they arrive as separate popups.
  let spacing: (Double) -> Void
  private(set) var zone: Zone
  private let actions = Mutex<[ActionEvent]>([])

  public init(
    store: HabitStore, notifier: Notifier, clock: AgentClock, wake: WakeSource,
    schedules: ScheduleSet, zone: @escaping () -> Zone, logger: Logger,
    spacing: @escaping (Double) -> Void,
    notifierFactory: @escaping (Config.Notifier) -> Notifier = { _ in StdoutNotifier() }
  ) {
    self.notifierFactory = notifierFactory
    self.store = store
    self.notifier = notifier
    self.clock = clock
    self.wake = wake
    self.schedules = schedules
    self.zoneProvider = zone
    self.zone = zone()
    self.logger = logger
    self.spacing = spacing
    connect(notifier)
  }

  private func connect(_ notifier: Notifier) {
    notifier.setActionHandler { [weak self] event in
      self?.actions.withLock { $0.append(event) }
      self?.wake.poke()
    }
  }

  var planner: ReminderPlanner {
    ReminderPlanner(habits: schedules.habits, config: schedules.config, zone: zone)
  }

  /// Runs until SIGTERM or SIGINT.
  public func run() {
    schedules.reload()
    logger.info(
      "running \(schedules.habits.filter(\.enabled).count) habits from \(schedules.directory), zone \(zone)"
    )
    deliverUndelivered()
    while true {
      let next = step()
      if let next {
        logger.debug("sleeping until \(DateTimeText.withOffset(next, in: zone))")
      }
      let reasons = wake.wait(until: next)
      if reasons.contains(.terminate) {
        logger.info("stopping")
        return
      }
      handle(reasons)
    }
  }

  /// Reacts to what woke the agent (besides the timer, which needs nothing).
  func handle(_ reasons: Set<WakeReason>) {
    if reasons.contains(.reload) || reasons.contains(.schedulesChanged) {
      let before = schedules.config.notifier
      if schedules.reload() {
        logger.info("schedules reloaded: \(schedules.habits.filter(\.enabled).count) habits")
      }
      if schedules.config.notifier != before {
        notifier = notifierFactory(schedules.config.notifier)
        connect(notifier)
      }
    }
    if reasons.contains(.zoneChanged) || reasons.contains(.reload) {
      let newZone = zoneProvider()
      if newZone != zone {
        logger.info("time zone changed from \(zone) to \(newZone)")
      }
      // Taken even when the names match: a copied /etc/localtime is "localtime" in every zone.
      zone = newZone
    }
    if reasons.contains(.clockChanged) {
      logger.info("the wall clock changed; looking again at what is due")
    }
    processActions()
  }

  /// Fires what is due now and returns when to look again.
  @discardableResult
  public func step() -> Instant? {
    let now = clock.now()
    let planner = self.planner
    let snapshot: ReminderPlanner.Snapshot
    do {
      snapshot = try readSnapshot(now: now, planner: planner)
    } catch {
      logger.error("cannot read the database: \(error); trying again in a minute")
      return now.adding(seconds: 60)
    }
    let plan = planner.plan(now: now, snapshot: snapshot)
    var catchUps = 0
    for firing in plan.firings {
      if firing.kind == .catchUp {
        if catchUps > 0 { spacing(1) }
        catchUps += 1
      }
      fire(firing, planner: planner, now: clock.now())
    }
    return plan.firings.isEmpty
      ? plan.nextWake
      : (plan.nextWake.map { min($0, clock.now().adding(seconds: 1)) }
        ?? clock.now().adding(seconds: 1))
  }

  func readSnapshot(now: Instant, planner: ReminderPlanner) throws(HabitsError)
    -> ReminderPlanner.Snapshot
  {
    let today = planner.clock.day(of: now)
    let since = CivilDate(year: today.year, month: today.month, day: 1).adding(days: -40)
    let checkIns = Dictionary(grouping: try store.checkIns(since: since), by: \.habitID)
    let logged = try store.firedReminders(since: now.adding(seconds: -4 * 86_400))
    var lastFired: [String: Instant] = [:]
    // Not after now: a clock set back must not hide what is due again.
    for reminder in logged where reminder.firedAt <= now {
      let key = reminder.habitID ?? ""
      lastFired[key] = max(lastFired[key] ?? reminder.firedAt, reminder.firedAt)
    }
    return ReminderPlanner.Snapshot(
      checkIns: checkIns, snoozes: try store.allSnoozes(),
      logged: Set(logged.map { ReminderPlanner.LoggedKey(habitID: $0.habitID, due: $0.due) }),
      lastFired: lastFired, snoozedDays: try store.snoozedDays())
  }

  func fire(_ firing: ReminderPlanner.Firing, planner: ReminderPlanner, now: Instant) {
    let kind = HabitStore.FiredReminder.Kind(rawValue: firing.kind.rawValue) ?? .reminder
    do {
      // Written first: a restart never fires it again.
      let fresh = try store.logReminder(
        HabitStore.FiredReminder(habitID: firing.habitID, due: firing.due, firedAt: now, kind: kind)
      )
      guard fresh else { return }
      guard let notification = try compose(firing, planner: planner, now: now) else { return }
      show(notification, firing: firing)
    } catch {
      logger.error("cannot record the reminder for \(firing.habitID ?? "the summary"): \(error)")
    }
  }

  func compose(
    _ firing: ReminderPlanner.Firing, planner: ReminderPlanner, now: Instant
  ) throws(HabitsError) -> ReminderNotification? {
    let clock = planner.clock
    let today = clock.day(of: now)
    guard let id = firing.habitID else {
      // Every check-in, as `habits week` reads them: a streak may be older than any window.
      let week = WeekSummary(
        habits: planner.habits, checkIns: try store.checkIns(), day: firing.day, today: today,
        clock: clock)
      return ReminderComposer.summary(week, day: firing.day)
    }
    guard let habit = planner.habits.first(where: { $0.id == id }) else { return nil }
    let history = HabitHistory(
      habit: habit, checkIns: try store.checkIns(habitID: id), clock: clock, today: today)
    return ReminderComposer.reminder(
      habit: habit, day: firing.day, history: history, kind: firing.kind)
  }

  func show(_ notification: ReminderNotification, firing: ReminderPlanner.Firing) {
    let result = notifier.deliver(notification)
    switch result {
    case .shown(let via):
      logger.info(
        "\(firing.kind.rawValue) for \(firing.habitID ?? "the week") (due \(DateTimeText.withOffset(firing.due, in: zone))) shown via \(via)"
      )
      try? store.markDelivered(habitID: firing.habitID, due: firing.due, at: clock.now())
    case .failed(let reason):
      logger.error(
        "could not show the \(firing.kind.rawValue) for \(firing.habitID ?? "the week"): \(reason)")
    }
  }

  /// Shows reminders logged before a crash but never shown, if still wanted:
  /// for today, its habit still there, not done, skipped, met or snoozed.
  func deliverUndelivered() {
    guard let pending = try? store.undeliveredReminders(), !pending.isEmpty else { return }
    let now = clock.now()
    let planner = self.planner
    let today = planner.clock.day(of: now)
    guard let snapshot = try? readSnapshot(now: now, planner: planner) else { return }
    for reminder in pending {
      let day = planner.clock.day(of: reminder.due)
      func drop() {
        try? store.markDelivered(habitID: reminder.habitID, due: reminder.due, at: now)
      }
      guard day == today else {
        drop()
        continue
      }
      if let id = reminder.habitID {
        guard let habit = planner.habits.first(where: { $0.id == id && $0.enabled }) else {
          drop()
          continue
        }
        let history = HabitHistory(
          habit: habit, checkIns: snapshot.checkIns[id] ?? [], clock: planner.clock, today: today)
        let snoozed = snapshot.snoozes[id].map { $0.recordedAt <= now && now < $0.until } ?? false
        if planner.isSettled(day, history: history) || snoozed {
          drop()
          continue
        }
      }
      let kind = ReminderPlanner.Firing.Kind(rawValue: reminder.kind.rawValue) ?? .reminder
      let firing = ReminderPlanner.Firing(
        habitID: reminder.habitID, due: reminder.due, day: day, kind: kind)
      guard let notification = try? compose(firing, planner: planner, now: now) else { continue }
      logger.info(
        "showing the \(kind.rawValue) for \(reminder.habitID ?? "the week") that was logged before a restart"
      )
      show(notification, firing: firing)
    }
  }

  /// Records what buttons asked for.
  func processActions() {
    let events = actions.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    for event in events {
      let now = clock.now()
      do {
        switch event.action {
        case .done:
          _ = try store.recordDone(habitID: event.habitID, day: event.day, at: now)
          logger.info("\(event.habitID) done for \(event.day) from the notification")
        case .skip:
          _ = try store.recordSkip(habitID: event.habitID, day: event.day, at: now)
          logger.info("\(event.habitID) skipped for \(event.day) from the notification")
        case .snooze:
          try store.snooze(
            habitID: event.habitID, until: now.adding(seconds: 15 * 60), at: now, day: event.day)
          logger.info("\(event.habitID) snoozed for 15 minutes from the notification")
        }
      } catch {
        logger.error("cannot record \(event.action.rawValue) for \(event.habitID): \(error)")
      }
    }
  }
}
