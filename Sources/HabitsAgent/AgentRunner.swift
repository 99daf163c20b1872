// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import Logging
import Recurrence
import Synchronization

/// The agent's loop: plan, fire what is due, sleep until the next thing or
/// until something changes the answer, repeat.
///
/// Each reminder is written to the store's log before it is shown and marked
/// delivered after, so a restart never shows again one marked shown, and one
/// the agent died before showing is shown when it starts again. Only one shown
/// in the instant before the agent died, before it was marked, is shown once
/// more then (if still wanted): showing and marking cannot be one step.
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
  /// Whether the next planning pass also looks at what an agent that
  /// stopped logged but never showed: at start, when quiet hours that held
  /// those back end, and after this agent logged a reminder whose words the
  /// store would not give.
  private var redeliveryDue = true
  /// Set while quiet hours hold back what an agent that died logged but never showed.
  private var undeliveredHeldUntil: Instant?
  /// Why each catch-up this agent logged and could not word came late, by
  /// habit id (nil: the summary) and due instant: shown when the store gives
  /// its words, it says what this agent saw, not that the computer was away.
  private var unwordedLate: [String: CatchUpReason] = [:]
  /// Reminders shown (or no longer wanted) that the store refused to mark:
  /// marked at the next pass, so that a restart does not show them again.
  private var unmarked: [(habitID: String?, due: Instant)] = []
  /// The habits the gathered popup on screen names, still unanswered as far
  /// as its buttons know: what it shows again after one of them is pressed.
  var openGathered: [ReminderPlanner.Firing] = []
  /// Whether the store could not be read to bring the gathered popup up to
  /// date after a button on it: the next pass does it.
  var gatheredUpdateDue = false
  /// Each habit's own popup this agent showed and nobody answered here, by
  /// key, with the firing it came for: what is withdrawn when the habit is
  /// settled elsewhere.
  var openPopups: [String: ReminderPlanner.Firing] = [:]

  /// The prompt each habit's popup shows, by habit id.
  private var shownPrompts: [String: ShownPrompt] = [:]

  /// Since when the agent has watched the clock without a break: from its
  /// first plan after it started, woke from a suspend, saw the clock or the
  /// zone change, read a changed config or could read the store again. A
  /// catch-up that came after this was seen on time, when nothing was due.
  var watchingSince: Instant?
  /// When each habit whose schedule changed was read: its reminders before
  /// were not watched for.
  var habitsReadAt: [String: Instant] = [:]
  /// The sync folder's problems already logged, so that each is logged once.
  var loggedSyncProblems: Set<String> = []
  /// A wake later than this many seconds after the instant the agent slept
  /// until means it did not watch meanwhile: the machine was suspended.
  static let lateWake = 60

  /// What a habit's popup shows: the firing it came for, the number in the
  /// habit's prompt rotation of the reminder it is about, and the number of
  /// the prompt on screen, further on than the reminder's after Another idea.
  struct ShownPrompt {
    var firing: ReminderPlanner.Firing
    var reminder: Int
    var shown: Int
  }

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
    // `habits-agent` reads them to choose the notifier; a runner given a set
    // not yet read reads it here.
    if !schedules.wasRead { schedules.reload() }
    planCache = ReminderPlanner.Cache()
    stopWatching()
    logger.info(
      "running \(schedules.habits.filter(\.enabled).count) habits from \(schedules.directory), zone \(zone)"
    )
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
      if let next, clock.now() > next.adding(seconds: Self.lateWake) {
        let late = clock.now().secondsSince1970 - next.secondsSince1970
        logger.info("woke \(late) s after the time it slept until: the machine was asleep")
        stopWatching()
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
      let habitsBefore = Dictionary(
        schedules.habits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
      if schedules.reload() {
        logger.info("schedules reloaded: \(schedules.habits.filter(\.enabled).count) habits")
      }
      if schedules.config != before { stopWatching() }
      for habit in schedules.habits where habitsBefore[habit.id] != habit {
        habitsReadAt[habit.id] = clock.now()
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
      if newZone != zone || reasons.contains(.zoneChanged) { stopWatching() }
      // Taken even when the names match: a copied /etc/localtime is "localtime" in every zone.
      zone = newZone
    }
    if reasons.contains(.clockChanged) {
      logger.info("the wall clock changed; looking again at what is due")
      stopWatching()
    }
    processActions()
  }

  /// Fires what is due now and returns when to look again.
  @discardableResult
  public func step() -> Instant? {
    let now = clock.now()
    if let held = undeliveredHeldUntil, now >= held {
      undeliveredHeldUntil = nil
      redeliveryDue = true
    }
    let next = plannedStep(now: now)
    guard let held = undeliveredHeldUntil else { return next }
    return next.map { min($0, held) } ?? held
  }

  /// Fires what the planner says is due now; returns when to look again.
  /// One read of the store serves the whole pass.
  private func plannedStep(now: Instant) -> Instant? {
    let planner = self.planner
    synchronize(now: now)
    markUnmarked()
    withdrawSettled(planner: planner, now: now)
    let snapshot: ReminderPlanner.Snapshot
    do {
      snapshot = try store.reminderSnapshot(planner.needs(at: now, undelivered: redeliveryDue))
    } catch {
      logger.error("cannot read the database: \(error); trying again in a minute")
      stopWatching()
      return now.adding(seconds: 60)
    }
    if watchingSince == nil { watchingSince = now }
    // After a button on the gathered popup, when the store could not be read then.
    if gatheredUpdateDue { updateGathered() }
    if redeliveryDue {
      redeliveryDue = false
      deliverUndelivered(snapshot: snapshot, planner: planner, now: now)
    }
    let plan = planner.plan(now: now, snapshot: snapshot)
    var catchUps = 0
    var failed = false
    for popup in plan.popups.map({ $0.map(judged) }) {
      if popup.contains(where: { $0.kind == .catchUp }) {
        // A second apart, unless that second is inside quiet hours.
        let second = clock.now().adding(seconds: 1)
        if catchUps > 0 && planner.quietAdjusted(second) == second { spacing(1) }
        catchUps += 1
      }
      if !fire(popup, planner: planner, now: clock.now()) { failed = true }
    }
    // The plan's next wake already passes over what it fired (all of it at or
    // before now), so looking again a second later would find nothing more:
    // only a reminder (or a mark) the store could not take, or one logged
    // whose words it could not read, is tried again then.
    guard failed || !unmarked.isEmpty || redeliveryDue || gatheredUpdateDue else {
      return plan.nextWake
    }
    return plan.nextWake.map { min($0, clock.now().adding(seconds: 1)) }
      ?? clock.now().adding(seconds: 1)
  }

  /// Logs each reminder of a popup and shows those not logged before, as
  /// one popup; false when the store failed one of them.
  @discardableResult
  func fire(_ popup: [ReminderPlanner.Firing], planner: ReminderPlanner, now: Instant) -> Bool {
    var fresh: [ReminderPlanner.Firing] = []
    var failed = false
    for firing in popup {
      do {
        // Written first: a restart never fires it again.
        if try store.logReminder(
          FiredReminder(
            habitID: firing.habitID, due: firing.due, firedAt: now, kind: firing.kind,
            day: firing.day))
        {
          fresh.append(firing)
        }
      } catch {
        logger.error("cannot record the reminder for \(firing.habitID ?? "the summary"): \(error)")
        failed = true
      }
    }
    guard !fresh.isEmpty else { return !failed }
    do {
      guard let notification = try compose(fresh, planner: planner, now: now) else {
        return !failed
      }
      show(notification, firings: fresh)
    } catch {
      logger.error(
        "cannot read what the reminder for \(fresh.compactMap(\.habitID).joined(separator: ", ")) should say: \(error); trying again in a second"
      )
      // Logged, so the plan no longer fires it: shown as one a stopped agent logged.
      for firing in fresh where firing.kind == .catchUp {
        unwordedLate[Self.unwordedKey(firing.habitID, firing.due)] = firing.late
      }
      redeliveryDue = true
      failed = true
    }
    return !failed
  }

  /// The words of `firing`. Streaks may be older than any window the
  /// planner reads, so this reads the history they need, in one call: the
  /// habit's days for a reminder, every check-in for the summary (as
  /// `habits week` reads them). With `anotherIdea`, the prompt is the one
  /// after what the habit's popup shows.
  func compose(
    _ firing: ReminderPlanner.Firing, planner: ReminderPlanner, now: Instant,
    anotherIdea: Bool = false
  ) throws(HabitsError) -> ReminderNotification? {
    let clock = planner.clock
    let today = clock.day(of: now)
    guard let id = firing.habitID else {
      let week = WeekSummary(
        habits: planner.habits, checkIns: try store.checkIns(), day: firing.day, today: today,
        clock: clock)
      let together = try store.togetherRecord().map { TogetherWeek(week: week, record: $0) }
      return ReminderComposer.summary(week, day: firing.day, together: together)
    }
    guard let habit = planner.habits.first(where: { $0.id == id }) else { return nil }
    let history = HabitHistory(
      habit: habit, checkIns: try store.history(habitID: id), clock: clock, today: today)
    return ReminderComposer.reminder(
      habit: habit, day: firing.day, history: history, kind: firing.kind,
      prompt: prompt(for: habit, firing: firing, zone: planner.zone, anotherIdea: anotherIdea),
      late: firing.late, partnerDid: try partnerDid(habit, on: firing.day))
  }

  /// For a habit each of two people keeps, the partner's name (or "") when
  /// they did theirs on `day`; nil otherwise, and without `[together]`.
  private func partnerDid(_ habit: Habit, on day: CivilDate) throws(HabitsError) -> String? {
    guard schedules.config.togetherFolder != nil, habit.together != nil,
      let (name, days) = try store.partnerDays(on: day),
      let partner = days[habit.id], partner.kept == .each, case .done = partner.state
    else { return nil }
    return name ?? ""
  }

  /// The prompt `firing` shows, as the habit's rotation gives it: a new
  /// reminder's own; a nudge or a snooze's end repeats what the habit's
  /// popup showed last that day (a gathered popup may have shown a reminder
  /// before its time, and a snooze may end before that time), which after
  /// Another idea is the idea it showed last.
  func prompt(
    for habit: Habit, firing: ReminderPlanner.Firing, zone: Zone, anotherIdea: Bool
  ) -> String? {
    guard !habit.prompts.isEmpty else { return nil }
    let rotation = PromptRotation(habit: habit)
    var reminder = rotation.number(at: firing.due, in: zone)
    var shown = reminder
    if let last = shownPrompts[habit.id], last.firing.day == firing.day,
      reminder <= last.reminder
    {
      reminder = last.reminder
      shown = last.shown + (anotherIdea ? 1 : 0)
    }
    shownPrompts[habit.id] = ShownPrompt(firing: firing, reminder: reminder, shown: shown)
    return rotation.prompt(number: shown)
  }

  /// Shows, in the popup that `event` came from, the next prompt of the
  /// habit's rotation; pressed again, the one after.
  private func showAnotherIdea(_ event: ActionEvent, now: Instant) throws(HabitsError) {
    guard let last = shownPrompts[event.habitID], last.firing.day == event.day,
      var notification = try compose(last.firing, planner: planner, now: now, anotherIdea: true)
    else {
      logger.info("\(event.habitID): no popup of this agent to show another idea in")
      return
    }
    // In the popup the button was on, which may be one a gathered popup became.
    if let popup = event.popup { notification.key = popup }
    switch notifier.deliver(notification) {
    case .shown(let via):
      logger.info("\(event.habitID): another idea shown via \(via)")
    case .failed(let reason):
      logger.error("could not show another idea for \(event.habitID): \(reason)")
    }
  }

  /// Shows one popup for `firings`, and marks each delivered once it is shown.
  func show(_ notification: ReminderNotification, firings: [ReminderPlanner.Firing]) {
    let result = notifier.deliver(notification)
    if notification.key == ReminderComposer.gatheredKey {
      openGathered = firings
    } else if case .shown = result,
      let firing = firings.first(where: { $0.habitID != nil && $0.habitID == notification.habitID })
    {
      openPopups[notification.key] = firing
    }
    let together = firings.count > 1 ? ", in one popup with \(firings.count - 1) more" : ""
    for firing in firings {
      switch result {
      case .shown(let via):
        logger.info(
          "\(firing.kind.rawValue) for \(firing.habitID ?? "the week") (due \(DateTimeFormat.withOffset(firing.due, in: zone))) shown via \(via)\(together)"
        )
        markDelivered(habitID: firing.habitID, due: firing.due)
      case .failed(let reason):
        logger.error(
          "could not show the \(firing.kind.rawValue) for \(firing.habitID ?? "the week"): \(reason)"
        )
      }
    }
  }

  /// Marks a logged reminder shown (or no longer wanted). One the store
  /// refuses is marked at the next pass; one still unmarked when the agent
  /// stops is looked at again when it next starts.
  private func markDelivered(habitID: String?, due: Instant) {
    do {
      try store.markDelivered(habitID: habitID, due: due, at: clock.now())
    } catch {
      logger.error(
        "cannot mark the reminder for \(habitID ?? "the week") (due \(DateTimeFormat.withOffset(due, in: zone))) as shown: \(error); trying again at the next pass"
      )
      unmarked.append((habitID, due))
    }
  }

  /// Marks what the store refused to mark before.
  private func markUnmarked() {
    let pending = unmarked
    unmarked = []
    for reminder in pending { markDelivered(habitID: reminder.habitID, due: reminder.due) }
  }

  /// Shows what an agent that stopped logged but never showed, as far as
  /// the planner still wants it, and marks the rest done with. Inside quiet
  /// hours nothing is shown: they are looked at again when those end.
  func deliverUndelivered(
    snapshot: ReminderPlanner.Snapshot, planner: ReminderPlanner, now: Instant
  ) {
    // Not what this agent showed and the store refused to mark.
    let pending = snapshot.undelivered.filter { reminder in
      !unmarked.contains { $0.habitID == reminder.habitID && $0.due == reminder.due }
    }
    let redelivery = planner.redelivery(of: pending, now: now, snapshot: snapshot)
    if let held = redelivery.heldUntil {
      logger.info(
        "\(pending.count) reminders logged before a restart wait for the end of quiet hours")
      undeliveredHeldUntil = held
      return
    }
    for reminder in redelivery.drop {
      unwordedLate[Self.unwordedKey(reminder.habitID, reminder.due)] = nil
      markDelivered(habitID: reminder.habitID, due: reminder.due)
    }
    // A catch-up this agent could not word says why it came late as it would have then.
    let showing = redelivery.show.map { firing in
      var firing = firing
      if let late = unwordedLate[Self.unwordedKey(firing.habitID, firing.due)] {
        firing.late = late
      }
      return firing
    }
    // Gathered again as they were when first logged; the summary on its own.
    let habits = showing.filter { $0.habitID != nil }
    var popups =
      planner.config.gather == nil ? habits.map { [$0] } : habits.isEmpty ? [] : [habits]
    popups += showing.filter { $0.habitID == nil }.map { [$0] }
    for popup in popups {
      let names = popup.map { "\($0.kind.rawValue) for \($0.habitID ?? "the week")" }
        .joined(separator: ", ")
      let notification: ReminderNotification?
      do {
        notification = try compose(popup, planner: planner, now: now)
      } catch {
        logger.error(
          "cannot read what the \(names) logged before a restart should say: \(error); trying again in a second"
        )
        redeliveryDue = true
        continue
      }
      guard let notification else { continue }
      logger.info("showing the \(names) that was logged before a restart")
      show(notification, firings: popup)
      for firing in popup { unwordedLate[Self.unwordedKey(firing.habitID, firing.due)] = nil }
    }
  }

  /// The key of a reminder in `unwordedLate`.
  static func unwordedKey(_ habitID: String?, _ due: Instant) -> String {
    "\(habitID ?? "")@\(due.secondsSince1970)"
  }

  /// Records what buttons asked for.
  func processActions() {
    let events = actions.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
    for event in events {
      let now = clock.now()
      // The server takes a popup down when one of its buttons is pressed.
      if event.action != .another, let popup = event.popup { openPopups[popup] = nil }
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
            habitID: event.habitID, until: now.adding(seconds: SnoozeLength.standard), at: now,
            day: event.day)
          logger.info(
            "\(event.habitID) snoozed for \(SnoozeLength.standard / 60) minutes from the notification"
          )
        case .another:
          try showAnotherIdea(event, now: now)
        }
      } catch {
        logger.error("cannot record \(event.action.rawValue) for \(event.habitID): \(error)")
      }
    }
    updateGathered(after: events)
  }
}
