import HabitsCore
import HabitsStore
import Logging
import Recurrence
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
  let notifierFactory: (Config) -> Notifier
  let clock: AgentClock
  let wake: WakeSource
  let schedules: ScheduleSet
  let zoneProvider: () -> Zone
  let logger: Logger
  /// Waits between catch-ups, so they arrive as separate popups.
  let spacing: (Double) -> Void
  private(set) var zone: Zone
  private let actions = Mutex<[ActionEvent]>([])
  /// Schedules expanded for the day, kept between steps; new whenever the
  /// zone or the schedules are read again.
  private var planCache = ReminderPlanner.Cache()
  /// Set while quiet hours hold back what an agent that died logged but never showed.
  private var undeliveredHeldUntil: Instant?

  public init(
    store: HabitStore, notifier: Notifier, clock: AgentClock, wake: WakeSource,
    schedules: ScheduleSet, zone: @escaping () -> Zone, logger: Logger,
    spacing: @escaping (Double) -> Void,
    notifierFactory: @escaping (Config) -> Notifier = { _ in StdoutNotifier() }
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
    ReminderPlanner(
      habits: schedules.habits, config: schedules.config, zone: zone, cache: planCache)
  }

  /// Runs until SIGTERM or SIGINT.
  public func run() {
    schedules.reload()
    planCache = ReminderPlanner.Cache()
    logger.info(
      "running \(schedules.habits.filter(\.enabled).count) habits from \(schedules.directory), zone \(zone)"
    )
    deliverUndelivered()
    while true {
      let next = step()
      if let next {
        logger.debug("sleeping until \(DateTimeFormat.withOffset(next, in: zone))")
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
    if reasons.contains(.reload) || reasons.contains(.schedulesChanged)
      || reasons.contains(.zoneChanged)
    {
      planCache = ReminderPlanner.Cache()
    }
    if reasons.contains(.reload) || reasons.contains(.schedulesChanged) {
      let before = schedules.config
      if schedules.reload() {
        logger.info("schedules reloaded: \(schedules.habits.filter(\.enabled).count) habits")
      }
      if schedules.config.notifier != before.notifier
        || schedules.config.fallback != before.fallback
      {
        notifier = notifierFactory(schedules.config)
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
    if let held = undeliveredHeldUntil, now >= held {
      undeliveredHeldUntil = nil
      deliverUndelivered()
    }
    let next = plannedStep(now: now)
    guard let held = undeliveredHeldUntil else { return next }
    return next.map { min($0, held) } ?? held
  }

  /// Fires what the planner says is due now; returns when to look again.
  private func plannedStep(now: Instant) -> Instant? {
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
    var failed = false
    for firing in plan.firings {
      if firing.kind == .catchUp {
        if catchUps > 0 { spacing(1) }
        catchUps += 1
      }
      if !fire(firing, planner: planner, now: clock.now()) { failed = true }
    }
    // The plan's next wake already passes over what it fired (all of it at or
    // before now), so looking again a second later would find nothing more:
    // only a reminder the store could not take is tried again then.
    guard failed else { return plan.nextWake }
    return plan.nextWake.map { min($0, clock.now().adding(seconds: 1)) }
      ?? clock.now().adding(seconds: 1)
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
      lastFired: lastFired, snoozedDays: try store.snoozedDays(),
      summaryDays: try store.summaryDays(since: now.adding(seconds: -16 * 86_400)))
  }

  /// Logs and shows one reminder; false when the store failed it.
  @discardableResult
  func fire(_ firing: ReminderPlanner.Firing, planner: ReminderPlanner, now: Instant) -> Bool {
    let kind = HabitStore.FiredReminder.Kind(rawValue: firing.kind.rawValue) ?? .reminder
    do {
      // Written first: a restart never fires it again.
      let fresh = try store.logReminder(
        HabitStore.FiredReminder(
          habitID: firing.habitID, due: firing.due, firedAt: now, kind: kind, day: firing.day))
      guard fresh else { return true }
      guard let notification = try compose(firing, planner: planner, now: now) else { return true }
      show(notification, firing: firing)
      return true
    } catch {
      logger.error("cannot record the reminder for \(firing.habitID ?? "the summary"): \(error)")
      return false
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
        "\(firing.kind.rawValue) for \(firing.habitID ?? "the week") (due \(DateTimeFormat.withOffset(firing.due, in: zone))) shown via \(via)"
      )
      try? store.markDelivered(habitID: firing.habitID, due: firing.due, at: clock.now())
    case .failed(let reason):
      logger.error(
        "could not show the \(firing.kind.rawValue) for \(firing.habitID ?? "the week"): \(reason)")
    }
  }

  /// Shows reminders logged before a crash but never shown, if still wanted:
  /// about today (or, as the planner fires them, a snooze's end or the
  /// summary about yesterday), its habit still there, not done, skipped, met
  /// or snoozed.
  ///
  /// Nothing is shown inside quiet hours: started inside them, it shows these
  /// when they end (and drops those whose day is over by then).
  func deliverUndelivered() {
    guard let pending = try? store.undeliveredReminders(), !pending.isEmpty else { return }
    let now = clock.now()
    let planner = self.planner
    let quietEnd = planner.quietAdjusted(now)
    if quietEnd > now {
      logger.info(
        "\(pending.count) reminders logged before a restart wait for the end of quiet hours")
      undeliveredHeldUntil = quietEnd
      return
    }
    let today = planner.clock.day(of: now)
    guard let snapshot = try? readSnapshot(now: now, planner: planner) else { return }
    for reminder in pending {
      // The day it is about, as the planner worked it out: a snooze's end is
      // about the snoozed day, which may be the day before its instant's.
      var day = planner.clock.day(of: reminder.due)
      var mayBeYesterday = reminder.habitID == nil
      if let id = reminder.habitID, let snooze = snapshot.snoozes[id], snooze.until == reminder.due
      {
        day = snapshot.snoozedDays[id] ?? planner.clock.day(of: snooze.recordedAt)
        mayBeYesterday = true
      }
      func drop() {
        try? store.markDelivered(habitID: reminder.habitID, due: reminder.due, at: now)
      }
      guard day == today || (mayBeYesterday && day == today.adding(days: -1)) else {
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
