// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent
@testable import HabitsStore

// The simulated year's driver: it owns the world (clock, zone, store,
// schedule files), runs the real `AgentRunner` in it, makes things happen,
// and after every step checks what the agent did against `Oracle`.

/// One seed's year.
final class YearSimulation: @unchecked Sendable {
  struct Report {
    var seed: UInt64
    var days: Int
    var seconds: Double
    var line: String
    var failure: String?
  }

  /// Runs one seed's year and reports on it.
  static func run(seed: UInt64, days: Int) -> Report {
    print("seed \(seed): \(SimulationConfig(seed: seed, days: days))")
    let started = ContinuousClock.now
    let cpuStarted = threadCPUSeconds()
    let simulation: YearSimulation
    do {
      simulation = try YearSimulation(seed: seed, days: days)
    } catch {
      return Report(
        seed: seed, days: 0, seconds: 0, line: "seed \(seed): could not start",
        failure: "seed \(seed): cannot set up the simulation: \(error)")
    }
    simulation.live()
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let simulated =
      Double(simulation.clock.now().secondsSince1970 - simulation.start.secondsSince1970) / 86_400
    let cpu = threadCPUSeconds() - cpuStarted
    let line =
      "seed \(seed): simulated \(String(format: "%.0f", simulated)) days in \(String(format: "%.1f", seconds)) s "
      + "(\(String(format: "%.1f", cpu)) s of CPU, \(String(format: "%.1f", simulation.checkingCPU)) s of it checking) — "
      + simulation.statistics()
    let verbose = ProcessInfo.processInfo.environment["HABITS_SIM_VERBOSE"] != nil
    return Report(
      seed: seed, days: Int(simulated.rounded()), seconds: seconds,
      line: verbose ? line + "\n" + simulation.setup() : line,
      failure: simulation.failures.isEmpty ? nil : simulation.failureReport())
  }

  /// CPU time this thread has used: the wall time of a seed depends on what else the machine runs.
  static func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  // MARK: The world

  let seed: UInt64
  private var rng: SimulationRandom
  let harness: AgentHarness
  var store: HabitStore { harness.store }
  var clock: SimulatedClock { harness.clock }
  let start: Instant
  let end: Instant
  let home: Zone
  /// The seed's config.toml and its edits.
  let configuration: SimulationConfig
  /// What config.toml holds now.
  private(set) var configText: String
  private(set) var oracle: Oracle

  static let homes = [Zones.newYork, Zones.london, Zones.lordHowe, Zones.sydney, Zones.santiago]
  static let destinations =
    homes + [Zones.load("Asia/Kolkata"), Zones.load("Europe/Berlin"), Zones.load("UTC")]
  static let names = [
    "stretch", "water", "journal", "piano", "walk", "read", "call-home", "tidy", "plants",
    "breathe",
  ]

  /// What each schedule file holds now, by habit id.
  private var files: [String: String] = [:]
  /// The habits made up for this seed, as first written.
  private var madeUp: [(id: String, text: String)] = []
  /// The habits the running agent runs: each file's last good version since it started.
  private var running: [String: Habit] = [:]

  // MARK: The run

  private var notifier: RecordingNotifier!
  /// Fails the running agent's writes, as SQLite does when it cannot write.
  private var faults: StoreFaults!
  /// A fault drawn for the agent's next step: SQLite busy or an I/O error
  /// on a few of its writes, after none, one or two that pass.
  private var pendingFault: (kind: StoreFaults.Kind, count: Int, after: Int)?
  /// The step being run under a fault: its kind, and where the log was.
  private var faultInStep: (kind: StoreFaults.Kind, logLines: Int)?
  /// The step just checked ran under a fault that failed this many writes.
  private var faultedStep: (kind: StoreFaults.Kind, failed: Int, logLines: Int)?
  /// What the store held before the faulted step: check-ins, reminders
  /// logged, reminders marked shown.
  private var beforeFault: (checkIns: Int, logged: Int, marked: Int)?
  /// After a faulted step: the agent's next pass must mark what it showed.
  private var marksToCheck = false
  /// Fails the running agent's reads, as SQLite does when it cannot read.
  private var readFaults: StoreReadFaults!
  /// A read fault drawn for the agent's next step: SQLite busy or an I/O
  /// error on a few of its reads, after none, one or two that pass.
  private var pendingReadFault: (kind: StoreFaults.Kind, count: Int, after: Int)?
  /// The step being run under a read fault: its kind, and where the log was.
  private var readFaultInStep: (kind: StoreFaults.Kind, logLines: Int)?
  /// The step just checked ran under a read fault: its kind, how many reads
  /// failed, and what the agent logged of them: its plan's read failed (it
  /// fired nothing and reads again within a minute), and the reminders it
  /// logged and then could not word (shown at its next pass).
  private var readFaultedStep:
    (kind: StoreFaults.Kind, failed: Int, planUnread: Bool, unworded: Bool, unwordedAgain: Bool)?
  /// When the agent last failed to read its plan, until it reads one again:
  /// it has not watched since then.
  private var planUnreadSince: Instant?
  /// Reminders logged and not shown, because the agent could not read what
  /// they say: its next pass that reads its plan shows them.
  private var unwordedToShow = false
  private var wake: SimulationWakeSource!
  private var runner: AgentRunner!
  private var finished = false
  /// When the agent that was just stopped starts again.
  private var restartAt: Instant?

  /// Events to come, by time; the background tick is always one of them.
  private var pending: [(at: Instant, event: Event)] = []

  enum Event {
    /// Something random: a suspend, a clock step, travel, a kill, an edit, or planning a check-in.
    case tick
    case command(habit: String, action: Command, yesterday: Bool)
    case snooze(habit: String, seconds: Int)
    case press(NotificationAction)
    /// The seed's edit of config.toml with this index.
    case editConfig(Int)
  }

  enum Command: String { case done, skip, undo }

  // MARK: What is checked

  /// When the step being checked began, and why.
  private var stepAt: Instant
  private var stepIsRestart = true
  /// The store as the oracle last read it.
  private var view = StoreView()
  /// Whether all check-ins, or snoozes, may have changed since they were read.
  private var checkInsChanged = true
  private var snoozesChanged = true
  /// Habits whose check-ins may have changed since they were read.
  private var checkInsOf = Set<String>()
  private var stepsSinceLogRead = 0
  /// What was shown since the last check, in order.
  private var deliveries: [RecordingNotifier.Shown] = []
  private var lostSeen = 0
  /// Reminders logged and not marked shown when the agent died: never
  /// shown, or shown just before it died. The next agent shows them.
  private var lost = Set<SlotKey>()
  /// When quiet hours that held them back end.
  private var lostHeldUntil: Instant?
  /// Every reminder shown, and when.
  private var shownOnce: [SlotKey: Instant] = [:]
  /// The habits of the gathered popup on screen (with the day each is
  /// about), until it is taken down; and whether a button on it was pressed
  /// since it was last shown (which shows it again, for those left).
  private var gatheredOnScreen: [String: CivilDate] = [:]
  private var pressedOnGathered = false
  /// A button was pressed on the gathered popup on screen, and the agent has
  /// yet to show it again for the habits still open, or take it down.
  private var gatheredUpdatePending = false
  /// The popups of the running agent taken down so far.
  private var closedSeen = 0
  /// Steps since the clock last moved, to catch an agent that never sleeps.
  private var stepsWithoutTime = 0
  private var lastStepClock = Instant(secondsSince1970: 0)

  private var events: [String] = []
  private(set) var failures: [String] = []
  private var counts: [String: Int] = [:]
  private var shownPerHabit: [String: Int] = [:]
  /// Each habit's reminders given, by habit, day and local time of day: when due and when given.
  private var givenAt: [String: (due: Instant, firedAt: Instant)] = [:]
  /// The weeks a summary was shown for, and when.
  private var summaryWeeks: [CivilDate: Instant] = [:]
  /// Weeks whose summary the agent showed just before it died, before
  /// marking it shown: the next agent may show it once more.
  private var summaryMayRepeat = Set<CivilDate>()

  // MARK: Watching, as the simulation knows it from what it did

  /// Since when the running agent has watched without a break: its start,
  /// or the end of the last suspend, clock step or zone change.
  private var watchingSince: Instant
  /// When the running agent read a changed schedule of a habit, by habit id.
  private var scheduleChangedAt: [String: Instant] = [:]
  /// When each habit was last undone on the command line.
  private var undoneAt: [String: Instant] = [:]
  /// For each popup shown since the last check, the lines its body has
  /// after the words of its reminders; nil where that could not be told.
  private var deliveryLines: [[String]?] = []
  /// Why each habit of the gathered popup on screen came late (nil: not a catch-up).
  private var gatheredLate: [String: SimulationPromises.Late] = [:]
  /// Reminders lost to a crash as the oracle decided them: whether a
  /// catch-up, and the day it was about.
  private var lostDecisions: [SlotKey: (catchUp: Bool, day: CivilDate)] = [:]
  /// Why each catch-up the running agent logged and could not word came
  /// late, as it judged then: shown by the same agent, it says so again (a
  /// new agent did not see it come, so for it that catch-up came while away).
  private var unwordedLate: [SlotKey: SimulationPromises.Late] = [:]
  /// Reminders the agent showed just before it died, before marking them
  /// shown: the only ones the next agent may show a second time.
  private var showAgainAllowed = Set<SlotKey>()
  /// In the step being checked: the reminders of the popup shown just before
  /// a crash, and those a new agent showed again after one, by habit.
  private var crashShown: [(key: SlotKey, decided: (catchUp: Bool, day: CivilDate))] = []
  private var redeliveredNow: [String: (key: SlotKey, decided: (catchUp: Bool, day: CivilDate))] =
    [:]

  // MARK: What the year as a whole should show

  /// Times the agent could not see: down, suspended, a clock step jumped
  /// over, or around a zone change.
  private var interruptions: [(from: Instant, to: Instant)] = []
  /// The zone from each instant on.
  private var zones: [(from: Instant, zone: Zone)] = []
  /// The config from each instant on.
  private var configs: [(from: Instant, config: Config)] = []
  /// Since when each habit has had the definition it has now.
  private var definedSince: [String: Instant] = [:]
  private var definitions: [String: Habit] = [:]
  /// When each habit was last shown.
  private var lastShownAt: [String: Instant] = [:]
  /// Whether the agent now starting was off (not merely killed).
  private var startsAfterPowerOff = false
  /// CPU time the simulation spent checking and choosing events, rather than in the agent.
  private(set) var checkingCPU = 0.0

  init(seed: UInt64, days: Int) throws {
    self.seed = seed
    var rng = SimulationRandom(seed: seed)
    let home = rng.pick(Self.homes)
    let firstDay = CivilDate(year: 2026, month: 1, day: 1).adding(days: rng.int(0...330))
    configuration = SimulationConfig(seed: seed, days: days)
    configText = configuration.text
    self.home = home
    let dayClock = DayClock(zone: home)
    start = home.instant(for: LocalDateTime(date: firstDay, hour: 6, minute: rng.int(0...59)))
    end = dayClock.start(of: firstDay.adding(days: days)).adding(seconds: 6 * 3600)
    harness = try AgentHarness(zone: home, now: start, config: configText, fileBacked: true)
    let (parsed, problems) = ScheduleLoader.loadConfig(path: harness.directory.configPath)
    guard problems.isEmpty else {
      throw HabitsError("the simulated config.toml is broken: \(problems)")
    }
    oracle = Oracle(config: parsed, zone: home)
    stepAt = start
    watchingSince = start
    zones = [(start, home)]
    configs = [(start, parsed)]
    let shipped = SimulationSchedules.shipped()
    guard shipped.count >= 10 else {
      throw HabitsError("found only \(shipped.count) shipped schedules beside the package")
    }
    for (id, text) in shipped { files[id] = text }
    for (index, id) in rng.subset(Self.names, count: 7).enumerated() {
      files[id] = SimulationSchedules.habit(
        id, &rng, start: firstDay, target: index == 0 ? configuration.target : nil)
      madeUp.append((id, files[id] ?? ""))
    }
    self.rng = rng
    for (id, text) in files.sorted(by: { $0.key < $1.key }) { harness.habit(id, text) }
    pending = [(start, .tick)]
    for (index, edit) in configuration.edits.enumerated() {
      schedule(.editConfig(index), at: start.adding(seconds: edit.after))
    }
  }

  /// Lives through the year: runs an agent, and another each time one is killed.
  func live() {
    record("start in \(home) with \(files.count) habits")
    while !finished {
      startAgent()
      runner.run()
      guard !finished, let restartAt else { break }
      whileDown(until: restartAt)
      self.restartAt = nil
    }
    if failures.isEmpty { checkTheYear() }
  }

  private func startAgent() {
    // A new process opens the file afresh: nothing of the last one's connection survives.
    do {
      try harness.reopenStore()
    } catch {
      fail("cannot open the database again: \(error)")
    }
    notifier = RecordingNotifier(clock: clock)
    lostSeen = 0
    notifier.onDeliver = { [unowned self] shown in self.delivered(shown) }
    faults = StoreFaults(on: store)
    (pendingFault, faultInStep, beforeFault) = (nil, nil, nil)
    readFaults = StoreReadFaults(on: store)
    (pendingReadFault, readFaultInStep) = (nil, nil)
    // The process dies at once, and its connection with it: nothing the
    // runner still does in that step reaches the file.
    notifier.onCrash = { [unowned self] in self.faults.arm(.gone, count: Int.max) }
    wake = SimulationWakeSource { [unowned self] deadline in self.waited(until: deadline) }
    runner = harness.makeRunner(notifier: notifier, wake: wake)
    promptsShown = [:]
    unwordedLate = [:]
    // A new agent has no popup of its own on screen.
    gatheredOnScreen = [:]
    gatheredLate = [:]
    (pressedOnGathered, gatheredUpdatePending, closedSeen) = (false, false, 0)
    // A new agent reads every file afresh: a broken one has no last good version.
    running = [:]
    for id in files.keys.sorted() { adopt(id, keepingLastGood: false) }
    stepAt = clock.now()
    stepIsRestart = true
    startWatching()
    count("agents started")
  }

  /// While no agent runs: the person may still use the command line.
  private func whileDown(until restart: Instant) {
    while let next = pending.first, next.at < restart {
      pending.removeFirst()
      if next.at > clock.now() { clock.set(next.at) }
      switch next.event {
      case .command, .snooze, .editConfig: _ = perform(next.event)
      case .tick: pending.append((restart.adding(seconds: 1), .tick))
      case .press: break
      }
      pending.sort { $0.at < $1.at }
    }
    if restart > clock.now() { clock.set(restart) }
  }

  // MARK: Waiting: checking the step, then moving time on

  private func waited(until deadline: Instant?) -> Set<WakeReason> {
    let cpu = Self.threadCPUSeconds()
    defer { checkingCPU += Self.threadCPUSeconds() - cpu }
    let now = clock.now()
    if let fault = faultInStep, !notifier.crashed {
      faultInStep = nil
      faultedStep = (fault.kind, faults.disarm(), fault.logLines)
    }
    if let fault = readFaultInStep {
      readFaultInStep = nil
      let errors = harness.logs.messages(from: fault.logLines).filter { $0.hasPrefix("error:") }
      let unworded = errors.filter { $0.hasPrefix("error: cannot read what the") }
      let failed = readFaults.disarm()
      if failed > 0 && errors.isEmpty {
        fail(
          "SQLite refused \(failed) reads of the agent (\(fault.kind.rawValue)), and it logged nothing"
        )
      }
      readFaultedStep = (
        fault.kind, failed,
        errors.contains { $0.hasPrefix("error: cannot read the database") },
        unworded.contains { !$0.contains("logged before a restart") },
        unworded.contains { $0.contains("logged before a restart") }
      )
    }
    check(now: now, deadline: deadline)
    faultedStep = nil
    readFaultedStep = nil
    if !failures.isEmpty {
      finished = true
      return [.terminate]
    }
    if notifier.crashed {
      // The command line opens the file afresh while the agent is down.
      do {
        try harness.reopenStore()
      } catch {
        fail("cannot open the database after the crash: \(error)")
      }
      record(
        notifier.shownBeforeCrash == nil
          ? "the agent was killed between logging a reminder and showing it; restarted by systemd"
          : "the agent was killed between showing a popup and marking it shown; restarted by systemd"
      )
      let restart = now.adding(seconds: 5 + rng.int(0...55))
      restartAt = restart
      interruptions.append((now, restart))
      startsAfterPowerOff = false
      return [.terminate]
    }
    while true {
      let event = pending.first
      let timer = deadline ?? end
      if let event, event.at <= timer {
        guard event.at < end else { return finish() }
        pending.removeFirst()
        if event.at > clock.now() { clock.set(event.at) }
        guard let reasons = perform(event.event) else { continue }
        if reasons.contains(.terminate) { return [.terminate] }
        begin(reasons)
        return reasons
      }
      guard timer < end else { return finish() }
      if timer > clock.now() { clock.set(timer) }
      begin([.timer])
      return [.timer]
    }
  }

  private func finish() -> Set<WakeReason> {
    finished = true
    return [.terminate]
  }

  private func begin(_ reasons: Set<WakeReason>) {
    stepAt = clock.now()
    stepIsRestart = false
    if let fault = pendingFault {
      pendingFault = nil
      do {
        beforeFault = try storeCounts()
      } catch {
        fail("cannot read the store: \(error)")
      }
      faultInStep = (fault.kind, harness.logs.count)
      faults.arm(fault.kind, count: fault.count, after: fault.after)
    }
    if let fault = pendingReadFault {
      pendingReadFault = nil
      if beforeFault == nil {
        do {
          beforeFault = try storeCounts()
        } catch {
          fail("cannot read the store: \(error)")
        }
      }
      readFaultInStep = (fault.kind, harness.logs.count)
      readFaults.arm(fault.kind, count: fault.count, after: fault.after)
    }
    if stepAt == lastStepClock {
      stepsWithoutTime += 1
    } else {
      stepsWithoutTime = 0
      lastStepClock = stepAt
    }
  }

  // MARK: Events

  private func schedule(_ event: Event, at: Instant) {
    let index = pending.firstIndex { $0.at > at } ?? pending.endIndex
    pending.insert((at, event), at: index)
  }

  /// Performs an event; returns why the agent wakes, nil when it does not.
  private func perform(_ event: Event) -> Set<WakeReason>? {
    let now = clock.now()
    switch event {
    case .tick:
      // About every 100 minutes of wall-clock time, something happens.
      let gap = Int(-log(max(1e-9, Double(rng.next() >> 11) / Double(1 << 53))) * 6_000)
      schedule(.tick, at: now.adding(seconds: max(60, gap)))
      return tick()
    case .command(let habit, let action, let yesterday):
      var day = oracle.clock.day(of: now)
      if yesterday { day = day.adding(days: -1) }
      do {
        switch action {
        case .done: _ = try store.recordDone(habitID: habit, day: day, at: now)
        case .skip: _ = try store.recordSkip(habitID: habit, day: day, at: now)
        case .undo:
          try store.undo(habitID: habit, day: day)
          undoneAt[habit] = now
        }
      } catch {
        fail("habits \(action.rawValue) \(habit) failed: \(error)")
      }
      checkInsOf.insert(habit)
      record("habits \(action.rawValue) \(habit) --date \(day)")
      count("command line check-ins")
      return restartAt == nil ? [.storeChanged] : nil
    case .snooze(let habit, let seconds):
      do {
        try store.snooze(habitID: habit, until: now.adding(seconds: seconds), at: now)
      } catch {
        fail("habits snooze \(habit) failed: \(error)")
      }
      snoozesChanged = true
      record("habits snooze \(habit) \(DurationFormat.text(seconds))")
      count("command line snoozes")
      return restartAt == nil ? [.storeChanged] : nil
    case .press(let action):
      guard let popup = notifier.lastShown else { return nil }
      let notification = popup.notification
      let buttons = notification.buttons
      let button: NotificationButton?
      if notification.gathered.isEmpty {
        button = buttons.first { $0.id == action.rawValue }
      } else if action == .done {
        let dones = buttons.filter { $0.id.hasPrefix("done:") }
        button = dones.isEmpty ? nil : rng.pick(dones)
      } else {
        button = buttons.first { $0.id == NotificationAction.snooze.rawValue }
      }
      guard let button else { return nil }
      record(
        "press \(button.label) on the \(notification.habitIDs.joined(separator: ", ")) popup about \(notification.day) shown at \(stamp(popup.at))"
      )
      notifier.press(button)
      for event in button.events {
        if event.action == .snooze {
          snoozesChanged = true
        } else {
          checkInsOf.insert(event.habitID)
        }
      }
      if notification.key == SimulationPromises.gatheredKey {
        pressedOnGathered = true
        if !gatheredOnScreen.isEmpty { gatheredUpdatePending = true }
      }
      count("button presses")
      return wake.takePoke() ? [.poked] : nil
    case .editConfig(let index):
      editConfig(index)
      return restartAt == nil ? [.schedulesChanged] : nil
    }
  }

  /// Writes the seed's edit `index` into config.toml, which the agent
  /// reads on the wake that follows (or when it starts, while it is down).
  private func editConfig(_ index: Int) {
    let edits = configuration.edits
    let edit = edits[index]
    configText = configuration.text(after: Array(edits[...index]))
    harness.directory.config(configText)
    let (parsed, problems) = ScheduleLoader.loadConfig(path: harness.directory.configPath)
    guard problems.isEmpty else {
      fail("the edited config.toml is broken: \(problems)")
      return
    }
    record("config.toml edited: \(edit.setting.key) = \(edit.value ?? "none")")
    count("config edits")
    guard parsed != oracle.config else { return }
    oracle.config = parsed
    configs.append((clock.now(), parsed))
    slotCache = [:]
    // The agent reads a changed config as it reads a new zone: what came before, it did not watch.
    if restartAt == nil { startWatching() }
  }

  private enum Happening {
    case planCheckIn, planSnooze, suspend, clockStep, travel, kill, powerOff, crashWhileShowing
    case crashAfterShowing, storeFault, readFault
    case edit, reload, nothing
  }

  private func tick() -> Set<WakeReason>? {
    let now = clock.now()
    let happening = rng.weighted([
      (45, Happening.planCheckIn), (6, .planSnooze), (8, .suspend), (3, .clockStep), (1.5, .travel),
      (2, .kill), (0.8, .powerOff), (1, .crashWhileShowing), (1, .crashAfterShowing),
      (1, .storeFault), (1, .readFault), (2, .edit), (0.7, .reload),
      (10, .nothing),
    ])
    switch happening {
    case .nothing:
      return nil
    case .planCheckIn:
      guard let habit = randomRunningHabit() else { return nil }
      // Before, at or after one of its reminders.
      let slots = oracle.slots(
        of: habit, from: oracle.clock.day(of: now).adding(days: -1),
        through: oracle.clock.day(of: now).adding(days: 2), snooze: nil)
      guard
        let slot = slots.filter({ !$0.isNudge && $0.at > now.adding(seconds: -4 * 3600) }).min(by: {
          $0.at < $1.at
        })
      else { return nil }
      let at: Instant = rng.weighted([
        (3, slot.at.adding(seconds: -60 * rng.int(1...120))),
        (2, slot.at),
        (1, slot.due),
        (4, slot.at.adding(seconds: 60 * rng.int(1...240))),
      ])
      let action = rng.weighted([(6, Command.done), (2, .skip), (2, .undo)])
      schedule(
        .command(habit: habit.id, action: action, yesterday: rng.chance(0.1)), at: max(at, now))
      return nil
    case .planSnooze:
      guard let habit = randomRunningHabit() else { return nil }
      schedule(
        .snooze(habit: habit.id, seconds: rng.logUniform(300, 3 * 3600)),
        at: now.adding(seconds: rng.int(0...1800)))
      return nil
    case .suspend:
      let seconds = rng.weighted([
        (70, rng.logUniform(120, 4 * 3600)), (25, rng.logUniform(4 * 3600, 16 * 3600)),
        (5, rng.logUniform(16 * 3600, 3 * 86_400)),
      ])
      record(
        "suspend for \(DurationFormat.text(seconds)), until \(stamp(now.adding(seconds: seconds)))")
      jump(to: now.adding(seconds: seconds))
      interruptions.append((now, clock.now()))
      startWatching()
      count("suspends")
      return [.clockChanged]
    case .clockStep:
      let seconds = rng.logUniform(60, 3 * 3600) * (rng.chance(0.5) ? 1 : -1)
      record(
        "wall clock stepped \(seconds > 0 ? "forward" : "back") \(DurationFormat.text(abs(seconds))) to \(stamp(now.adding(seconds: seconds)))"
      )
      if seconds > 0 {
        jump(to: now.adding(seconds: seconds))
      } else {
        clock.set(now.adding(seconds: seconds))
      }
      interruptions.append((min(now, clock.now()), max(now, clock.now())))
      startWatching()
      count("clock steps")
      return [.clockChanged]
    case .travel:
      let current = harness.zone.value
      let choices = oracle.zone == home || rng.chance(0.3) ? Self.destinations : [home]
      let zone = rng.pick(choices.filter { $0 != current })
      harness.zone.value = zone
      oracle.zone = zone
      zones.append((now, zone))
      interruptions.append((now.adding(seconds: -86_400), now.adding(seconds: 86_400)))
      startWatching()
      record("time zone changed to \(zone): \(stamp(now))")
      count("zone changes")
      return [.zoneChanged]
    case .kill:
      keepUnmarkedForRestart()
      let restart = now.adding(seconds: 5 + rng.logUniform(1, 600))
      restartAt = restart
      interruptions.append((now, restart))
      startsAfterPowerOff = false
      record("agent killed; restarted at \(stamp(restart))")
      count("kills")
      return [.terminate]
    case .powerOff:
      keepUnmarkedForRestart()
      let restart = now.adding(seconds: rng.logUniform(600, 2 * 86_400))
      restartAt = restart
      interruptions.append((now, restart))
      startsAfterPowerOff = true
      record("power off; on again at \(stamp(restart))")
      count("power-offs")
      switch oracle.config.catchUp {
      case .off: break
      case .sameDay: count("power-offs with room to catch up")
      case .within(let seconds):
        if seconds >= 2 * 3600 { count("power-offs with room to catch up") }
      }
      return [.terminate]
    case .crashWhileShowing:
      notifier.crashOnNextDelivery = true
      record("the agent will be killed while showing its next reminder")
      return nil
    case .crashAfterShowing:
      notifier.crashAfterNextDelivery = true
      record("the agent will be killed just after showing its next popup")
      return nil
    case .storeFault:
      // After none, one or two that pass: a reminder logged, then its mark refused.
      let fault = (
        kind: rng.pick([StoreFaults.Kind.busy, .ioError]), count: rng.int(1...3),
        after: rng.int(0...2)
      )
      pendingFault = fault
      record(
        "the agent's next step: SQLite fails \(fault.count) writes after \(fault.after) (\(fault.kind.rawValue))"
      )
      return nil
    case .readFault:
      // After none, one or two that pass: the plan read, then a reminder's words refused.
      let fault = (
        kind: rng.pick([StoreFaults.Kind.busy, .ioError]), count: rng.int(1...3),
        after: rng.int(0...2)
      )
      pendingReadFault = fault
      record(
        "the agent's next step: SQLite fails \(fault.count) reads after \(fault.after) (\(fault.kind.rawValue))"
      )
      return nil
    case .edit:
      let id = rng.pick(files.keys.sorted())
      let old = files[id] ?? ""
      let text: String
      let what: String
      switch rng.weighted([(55, 0), (25, 1), (20, 2)]) {
      case 0:
        text = SimulationSchedules.habit(id, &rng, start: oracle.clock.day(of: now))
        what = "rewritten"
      case 1:
        text = SimulationSchedules.broken(old, &rng)
        what = "broken"
      default:
        if old.contains("enabled = true") {
          text = old.replacingOccurrences(of: "enabled = true", with: "enabled = false")
        } else if old.contains("enabled = false") {
          text = old.replacingOccurrences(of: "enabled = false", with: "enabled = true")
        } else {
          text = "enabled = false\n" + old
        }
        what = "switched on or off"
      }
      files[id] = text
      harness.habit(id, text)
      let before = running[id]
      adopt(id, keepingLastGood: true)
      if running[id] != before { scheduleChangedAt[id] = now }
      record(
        "\(id).toml \(what): \(text.split(separator: "\n").filter { $0.hasPrefix("when") || $0.hasPrefix("enabled") || $0.hasPrefix("repeat") || $0.hasPrefix("until") || $0.hasPrefix("target") || $0.hasPrefix("start") }.joined(separator: "; "))"
      )
      count("schedule edits")
      return [.schedulesChanged]
    case .reload:
      for id in files.keys.sorted() {
        let before = running[id]
        adopt(id, keepingLastGood: true)
        if running[id] != before { scheduleChangedAt[id] = now }
      }
      oracle.zone = harness.zone.value
      record("SIGHUP")
      return [.reload]
    }
  }

  /// From now on the agent watches: it started, woke from a suspend, or saw
  /// the clock or the zone change, and did not see what came before.
  private func startWatching() {
    watchingSince = clock.now()
    scheduleChangedAt = [:]
  }

  /// Why a catch-up of `habit` whose time was `at` comes late: it came while
  /// the agent was not watching it, or the agent saw it come while nothing
  /// was due and only a check-in undone since can have reopened it.
  private func lateReason(_ habit: String, cameAt at: Instant) -> SimulationPromises.Late {
    let since = max(watchingSince, scheduleChangedAt[habit] ?? watchingSince)
    guard at >= since else { return .away }
    if (undoneAt[habit] ?? Instant(secondsSince1970: 0)) < at {
      fail(
        "\(habit) was caught up for its time \(stamp(at)), which the agent watched since \(stamp(since)), but no check-in of it was undone since"
      )
    }
    return .undone
  }

  /// Moves the clock forward over time in which nothing happened.
  private func jump(to instant: Instant) {
    clock.set(instant)
    pending.removeAll { $0.at < instant && !isTick($0.event) && !isConfigEdit($0.event) }
    for index in pending.indices
    where (isTick(pending[index].event) || isConfigEdit(pending[index].event))
      && pending[index].at < instant
    {
      pending[index].at = instant.adding(seconds: 60)
    }
    pending.sort { $0.at < $1.at }
  }

  private func isTick(_ event: Event) -> Bool {
    if case .tick = event { return true }
    return false
  }

  private func isConfigEdit(_ event: Event) -> Bool {
    if case .editConfig = event { return true }
    return false
  }

  /// Schedule files already read, by id and text.
  private var parsed: [String: Habit?] = [:]
  /// Each habit's slots for some days ahead, kept while the habit, zone and days stay the same.
  private var slotCache:
    [String: (habit: Habit, zone: Zone, first: CivilDate, last: CivilDate, slots: [Oracle.Slot])] =
      [:]

  /// A habit's slots (without snoozes) over the days asked for, or more: a
  /// few weeks at a time (the decisions look at the days around each moment).
  private func baseSlots(_ habit: Habit, from first: CivilDate, through last: CivilDate) -> [Oracle
    .Slot]
  {
    if let cached = slotCache[habit.id], cached.first <= first, cached.last >= last,
      cached.zone == oracle.zone, cached.habit == habit
    {
      return cached.slots
    }
    let through = max(last, first.adding(days: 24))
    let slots = oracle.slots(of: habit, from: first, through: through)
    slotCache[habit.id] = (habit, oracle.zone, first, through, slots)
    return slots
  }

  private func randomRunningHabit() -> Habit? {
    let habits = running.values.filter(\.enabled).sorted { $0.id < $1.id }
    return habits.isEmpty ? nil : rng.pick(habits)
  }

  /// Takes a file's habit as the agent would: a valid file as it is; a broken
  /// one keeps its last good version, if the agent has one.
  private func adopt(_ id: String, keepingLastGood: Bool) {
    let cacheKey = id + "\n" + (files[id] ?? "")
    let habit: Habit?
    if let known = parsed[cacheKey] {
      habit = known
    } else {
      habit = ScheduleLoader.loadHabit(path: harness.directory.schedules + "/" + id + ".toml").0
      parsed[cacheKey] = .some(habit)
    }
    if let habit {
      // A habit whose file changed has the rotation of its new file, even
      // for a nudge or a snooze's end of a reminder shown before.
      if running[id] != habit { promptsShown[id] = nil }
      running[id] = habit
      if definitions[id] != habit {
        definitions[id] = habit
        definedSince[id] = clock.now()
      }
    } else if !keepingLastGood {
      running[id] = nil
    }
  }

  // MARK: At the moment a notification is shown

  private func delivered(_ shown: RecordingNotifier.Shown) {
    let cpu = Self.threadCPUSeconds()
    defer { checkingCPU += Self.threadCPUSeconds() - cpu }
    // In the middle of the agent's step: its read faults are not the checks'.
    readFaults.passing { checkDelivered(shown) }
  }

  /// Checks a notification as it is shown.
  private func checkDelivered(_ shown: RecordingNotifier.Shown) {
    deliveries.append(shown)
    deliveryLines.append(nil)
    let notification = shown.notification
    let at = shown.at
    let today = oracle.clock.day(of: at)
    if oracle.inQuietHours(at) {
      fail(
        "\(describe(shown)) was shown inside quiet hours (\(oracle.config.quietHours.map { "\($0)" } ?? ""))"
      )
    }
    if !notification.gathered.isEmpty {
      deliveredGathered(shown, today: today)
      return
    }
    guard let id = notification.habitID else {
      // One summary a week, even when travel west brings its local time round again.
      let week = oracle.clock.weekStart(of: notification.day)
      if let before = summaryWeeks[week], summaryMayRepeat.remove(week) == nil {
        fail(
          "a second summary for the week of \(week) at \(stamp(at)); the first was at \(stamp(before))"
        )
      }
      summaryWeeks[week] = at
      deliveryLines[deliveryLines.count - 1] = []
      do {
        try checkSummary(shown, checkIns: try store.checkIns(), today: today)
      } catch {
        fail("cannot read the store: \(error)")
      }
      return
    }
    guard let habit = running[id], habit.enabled else {
      fail("\(describe(shown)) was shown, but \(id) is not a running, enabled habit")
      return
    }
    do {
      let checkIns = try store.checkIns(habitID: id)
      if oracle.isSettled(habit, notification.day, checkIns: checkIns, now: at) {
        let state =
          checkIns.first { $0.day == notification.day }.map { "\($0.kind)" } ?? "its target met"
        fail("\(describe(shown)) was shown for a day already \(state)")
      }
      let body = notification.body.split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
      // The prompt (or without prompts, the description), then the streak.
      var head: [String] = []
      if SimulationPromises.prompts(
        of: habit, relationship: oracle.config.relationship, partner: oracle.config.partner
      ).isEmpty {
        if let description = habit.description { head.append(description) }
      } else if let first = body.first {
        if let complaint = try checkPrompt(
          habit, day: notification.day, shownAt: at, shows: { $0 == first })
        {
          fail("\(describe(shown)) shows the prompt '\(first)': \(complaint)")
        }
        head.append(first)
      }
      if habit.showsStreak {
        let unit = Oracle.streakUnit(of: habit)
        if let streak = oracle.streak(of: habit, checkIns: checkIns, today: today)
          ?? oracle.targetStreak(of: habit, checkIns: checkIns, today: today)
        {
          if streak > 0 { head.append(SimulationPromises.streakLine(streak, unit: unit)) }
          if habit.target != nil { count("streaks of a target checked") }
        } else if body.count > head.count, body[head.count].hasPrefix("Streak: ") {
          // A goal's streak, in its unit: only its form is checked.
          let line = body[head.count]
          let number = Int(line.dropFirst(8).prefix { $0.isNumber }) ?? 0
          if number < 1 || line != SimulationPromises.streakLine(number, unit: unit) {
            fail("\(describe(shown)) says '\(line)', not a streak in \(unit)s")
          }
          head.append(line)
        }
      }
      let expected = head.joined(separator: "\n")
      // A catch-up says why in a last line, checked with the step.
      if let lines = Self.lines(of: notification.body, after: expected) {
        deliveryLines[deliveryLines.count - 1] = lines
      } else {
        fail("\(describe(shown)) says '\(notification.body)', expected '\(expected)'")
      }
    } catch {
      fail("cannot read the store: \(error)")
    }
    // Sometimes the person answers the popup, a little or a long while later.
    if rng.chance(0.3) {
      let action = rng.weighted([(6, NotificationAction.done), (2, .snooze), (2, .skip)])
      schedule(.press(action), at: at.adding(seconds: rng.logUniform(5, 3 * 3600)))
    }
  }

  /// Checks the weekly summary's words as the README tells them: it opens
  /// with what went well, a sentence for each habit done that week (its
  /// `summary_line` with the number of days), then gives each of those
  /// habits' week on a line of its own, never with a streak of 0; a week
  /// with nothing done gets one kind sentence, and nothing more.
  private func checkSummary(
    _ shown: RecordingNotifier.Shown, checkIns: [CheckIn], today: CivilDate
  ) throws {
    let notification = shown.notification
    let first = oracle.clock.weekStart(of: notification.day)
    let last = min(first.adding(days: 6), today)
    var doneDays: [String: Set<CivilDate>] = [:]
    for checkIn in checkIns
    where checkIn.kind == .done && checkIn.day >= first && checkIn.day <= last {
      doneDays[checkIn.habitID, default: []].insert(checkIn.day)
    }
    let done = running.values.sorted { $0.id < $1.id }.compactMap { habit in
      doneDays[habit.id].map { (habit, $0.count) }
    }
    let when = today > first.adding(days: 6) ? "last week." : "this week."
    let opening = done.map {
      let sentence = SimulationPromises.wentWell($0.0, count: $0.1)
      return String(sentence.dropLast("this week.".count)) + when
    }
    let parts = notification.body.components(separatedBy: "\n\n")
    let shownOpening = parts[0].split(separator: "\n").map(String.init)
    var wrong: String?
    if opening.isEmpty {
      if parts.count != 1 || shownOpening.count != 1
        || shownOpening[0].contains(where: \.isNumber)
      {
        wrong = "one kind sentence for a week with nothing done"
      }
    } else if shownOpening.sorted() != opening.sorted() {
      wrong = "an opening of \(opening)"
    } else if parts.count != 2 {
      wrong = "the opening, a blank line, then each habit's week"
    } else {
      let details = parts[1].split(separator: "\n").map(String.init)
      for (habit, _) in done where !details.contains(where: { $0.hasPrefix(habit.title + ": ") }) {
        wrong = "a line for \(habit.id)'s week"
      }
      if let zero = details.first(where: { $0.contains("streak 0 ") }) {
        wrong = "no streak of 0, as in '\(zero)'"
      }
      for (habit, _) in done where !habit.showsStreak {
        if details.contains(where: { $0.hasPrefix(habit.title + ": ") && $0.contains("streak") }) {
          wrong = "no streak for \(habit.id), which counts none"
        }
      }
    }
    if let wrong {
      fail(
        "the summary shown at \(stamp(shown.at)) about the week of \(first) says\n\(notification.body)\nexpected \(wrong)"
      )
    }
  }

  /// The lines `body` has after `expected`, the words of its reminders; nil
  /// when it does not begin with them.
  static func lines(of body: String, after expected: String) -> [String]? {
    if body == expected { return [] }
    let head = expected.isEmpty ? "" : expected + "\n"
    guard body.hasPrefix(head) else { return nil }
    return body.dropFirst(head.count).split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
  }

  /// Checks the lines after the words of a popup's reminders: for each
  /// catch-up it names, why it came late (`late`), in the README's words.
  private func checkLateLines(
    _ item: RecordingNotifier.Shown, _ lines: [String]?, late: [String: SimulationPromises.Late]
  ) {
    guard let lines else { return }
    let notification = item.notification
    let habits =
      notification.gathered.isEmpty
      ? [notification.habitID ?? ""] : notification.gathered.map(\.habitID)
    let expected = SimulationPromises.lateLines(
      habits.map { (running[$0]?.title ?? $0, late[$0]) })
    if lines != expected {
      fail(
        "\(describe(item)) ends with \(lines), expected \(expected) (late: \(late.sorted { $0.key < $1.key }))"
      )
    }
    for habit in habits { if let reason = late[habit] { count("catch-ups: \(reason)") } }
  }

  /// Each habit's last popup of this agent: the day it was about, the due
  /// instant of the reminder it came for, its prompt, and the zone then; a
  /// new agent starts without any.
  private var promptsShown: [String: (day: CivilDate, due: Instant?, prompt: String, zone: Zone)] =
    [:]

  /// Checks the prompt of a popup about `habit` and `day` shown at `at`
  /// (`shows` tells whether the popup shows a prompt): one of the habit's
  /// prompts, and a nudge's (or a snooze's end, or a gathered popup's shown
  /// again after a press) the one its reminder showed, that is the habit's
  /// last popup of this agent when that was about the same day and no
  /// reminder of the habit has come since the one it came for. The reminder
  /// a popup comes for was logged just now, or by an agent that stopped
  /// before showing it. After a change of zone the rotation counts the
  /// habit's reminders where it is now, and after a change of the habit's
  /// file it is the new file's, so only the first holds then.
  /// Returns what is wrong, or nil.
  private func checkPrompt(
    _ habit: Habit, day: CivilDate, shownAt at: Instant, shows: (String) -> Bool
  ) throws -> String? {
    let prompts = SimulationPromises.prompts(
      of: habit, relationship: oracle.config.relationship, partner: oracle.config.partner)
    let since = at.adding(seconds: -4 * 86_400)
    let fresh =
      try store.firedReminders(since: since).last { $0.habitID == habit.id && $0.firedAt == at }
      ?? store.firedReminders(since: since, undeliveredOnly: true).last {
        $0.habitID == habit.id
      }
    var repeated: (due: Instant?, prompt: String)?
    if let last = promptsShown[habit.id], last.day == day, last.zone == oracle.zone {
      switch (fresh?.due, last.due) {
      case (nil, _):
        // Shown again after a press: for the reminder it came for.
        repeated = (last.due, last.prompt)
      case (let due?, let lastDue?):
        var iterator = habit.schedule.occurrences(
          from: lastDue.adding(seconds: 1), in: oracle.zone)
        let next = iterator.next()
        if next.map({ $0 > due }) ?? true { repeated = (lastDue, last.prompt) }
      case (_?, nil):
        break
      }
    }
    if let repeated {
      promptsShown[habit.id] = (day, repeated.due, repeated.prompt, oracle.zone)
      return shows(repeated.prompt)
        ? nil : "expected '\(repeated.prompt)', the prompt its reminder's popup showed"
    }
    guard let prompt = prompts.first(where: shows) else {
      return "not one of the habit's prompts \(prompts)"
    }
    promptsShown[habit.id] = (day, fresh?.due ?? promptsShown[habit.id]?.due, prompt, oracle.zone)
    return nil
  }

  /// Checks a gathered popup as it is shown: each habit it names running,
  /// enabled and still open on its day; its words those of the composer.
  private func deliveredGathered(_ shown: RecordingNotifier.Shown, today: CivilDate) {
    let notification = shown.notification
    let body = notification.body.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    var titles: [String] = []
    for (index, item) in notification.gathered.enumerated() {
      guard let habit = running[item.habitID], habit.enabled else {
        fail("\(describe(shown)) names \(item.habitID), not a running, enabled habit")
        return
      }
      titles.append(habit.title)
      do {
        let checkIns = try store.checkIns(habitID: item.habitID)
        if oracle.isSettled(habit, item.day, checkIns: checkIns, now: shown.at) {
          fail("\(describe(shown)) names \(item.habitID), already settled for \(item.day)")
        }
      } catch {
        fail("cannot read the store: \(error)")
      }
      // A line a habit: its title, and its prompt (or description), shortened if need be.
      let line = index < body.count ? body[index] : ""
      let prompts = SimulationPromises.prompts(
        of: habit, relationship: oracle.config.relationship, partner: oracle.config.partner)
      let prefix = habit.title + ": "
      let words = line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
      if prompts.isEmpty {
        let expected = habit.description.map { prefix + $0 } ?? habit.title
        let fits = habit.description.map { description in
          words.map { SimulationPromises.isShortened($0, from: description) } ?? false
        }
        if !(fits ?? (line == expected)) {
          fail("\(describe(shown)) says '\(line)' for \(item.habitID), expected '\(expected)'")
        }
        continue
      }
      do {
        guard let words else {
          fail("\(describe(shown)) says '\(line)' for \(item.habitID), not its title and a prompt")
          continue
        }
        if let complaint = try checkPrompt(
          habit, day: item.day, shownAt: shown.at,
          shows: { SimulationPromises.isShortened(words, from: $0) })
        {
          fail("\(describe(shown)) shows '\(words)' for \(item.habitID): \(complaint)")
        }
      } catch {
        fail("cannot read the store: \(error)")
      }
    }
    // Catch-ups say why in last lines, checked with the step.
    deliveryLines[deliveryLines.count - 1] = Array(body.dropFirst(titles.count))
    let expected = SimulationPromises.listed(titles)
    if notification.summary != expected || notification.key != SimulationPromises.gatheredKey {
      fail(
        "\(describe(shown)) is titled '\(notification.summary)' with key '\(notification.key)', expected '\(expected)' and '\(SimulationPromises.gatheredKey)'"
      )
    }
    count("shown: gathered popups")
    if rng.chance(0.3) {
      let action = rng.weighted([(6, NotificationAction.done), (2, .snooze)])
      schedule(.press(action), at: shown.at.adding(seconds: rng.logUniform(5, 3 * 3600)))
    }
  }

  // MARK: After every step

  private func check(now: Instant, deadline: Instant?) {
    count("steps")
    if stepsWithoutTime > 200 {
      fail("the agent woke \(stepsWithoutTime) times at \(stamp(now)) without time passing")
    }
    do {
      if checkInsChanged {
        try view.readCheckIns(store, at: now, clock: oracle.clock)
        checkInsChanged = false
        checkInsOf = []
      }
      for habit in checkInsOf.sorted() {
        try view.readCheckIns(store, of: habit, at: now, clock: oracle.clock)
      }
      checkInsOf = []
      if snoozesChanged {
        try view.readSnoozes(store)
        snoozesChanged = false
      }
    } catch {
      fail("cannot read the store: \(error)")
      return
    }
    let step = stepAt
    // A plan the agent could not read: it watches again from the next it reads.
    if readFaultedStep?.planUnread == true {
      planUnreadSince = planUnreadSince ?? step
      scheduleChangedAt = [:]
    } else if let since = planUnreadSince {
      planUnreadSince = nil
      interruptions.append((since, step))
      watchingSince = step
    }
    let shown = deliveries
    let shownLines = deliveryLines
    deliveries = []
    deliveryLines = []
    let lostNow = notifier.lostToCrash.dropFirst(lostSeen)
    lostSeen += lostNow.count

    // The slots around the step and until the deadline, once per habit.
    let firstDay = oracle.clock.day(of: min(step, now)).adding(days: -1)
    let horizon = min(
      deadline ?? now.adding(seconds: 8 * 86_400), now.adding(seconds: 8 * 86_400), end)
    let lastDay = max(oracle.clock.day(of: horizon), oracle.clock.day(of: now)).adding(days: 1)
    let habits = running.values.filter(\.enabled).sorted { $0.id < $1.id }
    var slots: [String: [Oracle.Slot]] = [:]
    for habit in habits {
      slots[habit.id] = oracle.snoozed(
        baseSlots(habit, from: firstDay, through: lastDay), by: view.snoozes[habit.id])
    }

    // 1. What the step fired is what the oracle says was due at the step's
    //    moment, from the store as it was before (the log is read after).
    let decisionView = view
    var expected: [String: Oracle.Decision] = [:]
    for habit in habits {
      if let decision = oracle.decide(
        habit, at: step, slots: slots[habit.id] ?? [], view: decisionView)
      {
        expected[habit.id] = decision
      }
    }
    // A popup with a habit in it brings along the reminders due within `gather`.
    var gathered = Set<SlotKey>()
    if !expected.isEmpty {
      for habit in habits where expected[habit.id] == nil {
        if let slot = oracle.gathered(
          habit, at: step, slots: slots[habit.id] ?? [], view: decisionView)
        {
          expected[habit.id] = Oracle.Decision(slot: slot, kind: .reminder)
          gathered.insert(SlotKey(habit: habit.id, due: slot.due))
        }
      }
    }
    if let decision = oracle.decideSummary(at: step, view: decisionView) { expected[""] = decision }
    // Every reminder logged is shown or lost to a crash, so when nothing was
    // and nothing was due the log is unchanged; it is read anyway now and then.
    stepsSinceLogRead += 1
    var fresh: [SlotKey: StoreView.LogRow] = [:]
    if !shown.isEmpty || !lostNow.isEmpty || !expected.isEmpty || stepsSinceLogRead >= 25 {
      stepsSinceLogRead = 0
      do {
        fresh = Dictionary(uniqueKeysWithValues: try view.readLog(store).map { ($0.key, $0) })
      } catch {
        fail("cannot read the store: \(error)")
        return
      }
    }
    let firedByHabit = Dictionary(grouping: fresh.values, by: \.key.habit)
    for id in Set(expected.keys).union(firedByHabit.keys).sorted() {
      let fired = (firedByHabit[id] ?? []).sorted { $0.key.due < $1.key.due }
      let name = id.isEmpty ? "the summary" : id
      if fired.count > 1 {
        fail(
          "\(fired.count) reminders for \(name) in one step at \(stamp(step)): \(fired.map { "\($0.kind) due \(stamp($0.key.due))" })"
        )
        continue
      }
      switch (expected[id], fired.first) {
      case (nil, nil): break
      case (_?, nil) where notifier.crashed:
        // The agent died in this step before it came to this one: the next agent decides it.
        count("reminders cut off by a crash")
      case (_?, nil) where (faultedStep?.failed ?? 0) > 0:
        // The store refused to log it: it is still due at the agent's next pass, one second on.
        count("reminders the store refused to log")
      case (_?, nil) where readFaultedStep?.planUnread == true:
        // The store refused to read the plan: still due when the agent reads again.
        count("reminders held back by a read the store refused")
      case (let decision?, nil):
        fail("at \(stamp(step)) the agent fired nothing for \(name); due: \(decision)")
      case (nil, let row?):
        fail(
          "at \(stamp(step)) the agent fired a \(row.kind) for \(name) due \(stamp(row.key.due)) that was not due"
        )
      case (let decision?, let row?):
        if row.key.due != decision.slot.due || row.kind != decision.kind.rawValue {
          fail(
            "at \(stamp(step)) the agent fired a \(row.kind) for \(name) due \(stamp(row.key.due)); due: \(decision)"
          )
        } else if row.day != decision.slot.day {
          fail(
            "at \(stamp(step)) the agent logged the \(row.kind) for \(name) due \(stamp(row.key.due)) about \(row.day?.description ?? "no day"), not \(decision.slot.day)"
          )
        }
      }
    }

    // 1b. After a button on the gathered popup: shown again for the habits
    //     still open, or taken down.
    checkGatheredUpdate(
      step: step, shown: shown, fresh: fresh, lostNow: lostNow, due: Set(expected.keys))

    // 2. Each reminder logged is shown once (or was lost to a "crash"), each
    //    shown is logged, and a new agent shows what a dead one logged but
    //    never showed, if its day lasts and it is still wanted.
    var toShow = fresh
    // A new agent shows them at once, or when quiet hours end if it starts inside them.
    var redelivering = false
    // After this agent logged reminders it could not word: at its next pass that reads its plan.
    let unworded = unwordedToShow && readFaultedStep?.planUnread != true
    if unworded { unwordedToShow = false }
    // Those it could not word again are still to show.
    let unwordedAgain = readFaultedStep?.unwordedAgain == true
    var stillLost = Set<SlotKey>()
    if !lost.isEmpty
      && (stepIsRestart || unworded || lostHeldUntil.map { step >= $0 } ?? false)
    {
      if oracle.inQuietHours(step) {
        lostHeldUntil = oracle.afterQuietHours(step)
      } else {
        lostHeldUntil = nil
        redelivering = true
      }
    }
    if redelivering {
      var expectedBack: [String: [SlotKey]] = [:]
      for key in lost.sorted() {
        guard let decided = lostDecisions[key] else {
          fail("\(key) was lost to a crash without the oracle deciding it")
          continue
        }
        if wantedAgain(key, day: decided.day, view: view, now: step) {
          expectedBack[key.habit, default: []].append(key)
        }
      }
      // A catch-up shown again by a new agent came while that agent was not watching.
      var lateBack: [Int: [String: SimulationPromises.Late]] = [:]
      // Each popup shown names some habits; those shown again are taken from them.
      var names = shown.map { Self.days(of: $0.notification) }
      for (habit, keys) in expectedBack {
        for key in keys {
          guard let index = names.firstIndex(where: { $0[habit] != nil }),
            let dayShown = names[index][habit]
          else {
            if let decided = lostDecisions[key],
              lostNow.contains(where: { Self.days(of: $0.notification)[habit] != nil })
            {
              // It died again as it showed it.
              redeliveredNow[habit] = (key, decided)
              continue
            }
            if unwordedAgain {
              stillLost.insert(key)
              continue
            }
            fail(
              "the agent did not show \(key), logged but never shown (before an agent died, or as the store would not give its words)"
            )
            continue
          }
          names[index][habit] = nil
          if lostDecisions[key]?.catchUp == true {
            lateBack[index, default: [:]][habit] = unwordedLate[key] ?? .away
            if unwordedLate[key] == .undone { count("catch-ups of a check-in undone, worded late") }
          }
          let dayLost = lostDecisions[key]?.day
          if dayShown != dayLost {
            fail(
              "\(key) was shown again about \(dayShown), not \(dayLost?.description ?? "?")")
          }
          if isShownBeforeCrash(shown[index]), let decided = lostDecisions[key] {
            crashShown.append((key, decided))
          }
          note(key, shownAt: shown[index].at, again: true)
          lastShownAt[habit] = shown[index].at
          count("shown again after a crash")
        }
      }
      var remaining: [RecordingNotifier.Shown] = []
      var remainingLines: [[String]?] = []
      for (index, item) in shown.enumerated() {
        let all = Self.days(of: item.notification).count
        if names[index].count == all {
          remaining.append(item)
          remainingLines.append(shownLines[index])
          continue
        } else if !names[index].isEmpty {
          fail("\(describe(item)) mixes reminders shown again after a crash with new ones")
          continue
        }
        let late = lateBack[index] ?? [:]
        checkLateLines(item, shownLines[index], late: late)
        if item.notification.key == SimulationPromises.gatheredKey {
          gatheredOnScreen = Self.days(of: item.notification)
          gatheredLate = late
          pressedOnGathered = false
        }
      }
      lost = stillLost
      lostDecisions = lostDecisions.filter { stillLost.contains($0.key) }
      unwordedLate = unwordedLate.filter { stillLost.contains($0.key) }
      showAgainAllowed = showAgainAllowed.intersection(stillLost)
      if !stillLost.isEmpty { unwordedToShow = true }
      match(remaining, lines: remainingLines, to: &toShow, lostNow: lostNow, decided: expected)
    } else {
      match(shown, lines: shownLines, to: &toShow, lostNow: lostNow, decided: expected)
    }
    // The popup shown just before the agent died is logged and not marked
    // shown: the next agent shows it once more, as it would one it never showed.
    for (key, decided) in crashShown {
      lost.insert(key)
      lostDecisions[key] = decided
      showAgainAllowed.insert(key)
      if key.habit.isEmpty { summaryMayRepeat.insert(oracle.clock.weekStart(of: decided.day)) }
      count("shown just before a crash, not marked shown")
    }
    crashShown = []
    redeliveredNow = [:]

    // 3. The promises, for each new reminder, from the schedule alone.
    for (key, row) in fresh.sorted(by: { $0.key < $1.key }) {
      promise(
        key, row, step: step, slots: slots, view: decisionView, decided: expected[key.habit],
        gathered: gathered.contains(key))
    }

    // 5. After SQLite refused writes: nothing recorded before is gone, each
    //    write refused is logged as an error, and by the agent's next pass
    //    what it showed is marked shown.
    checkAfterFault()

    // 4. It sleeps no later than the first moment something would fire; a
    //    minute when it could not read its plan, a second when it could not
    //    word what it logged.
    if let read = readFaultedStep {
      if read.unworded, deadline.map({ $0 > now.adding(seconds: 1) }) ?? true {
        fail(
          "the agent logged reminders it could not word at \(stamp(step)), and slept until \(deadline.map { stamp($0) } ?? "forever")"
        )
      }
      if read.planUnread {
        if deadline.map({ $0 > step.adding(seconds: 60) }) ?? true {
          fail(
            "the agent could not read its plan at \(stamp(step)), and slept until \(deadline.map { stamp($0) } ?? "forever"), not a minute"
          )
        }
        return
      }
    }
    if let deadline, deadline <= now { return }
    let until = deadline ?? horizon
    if !lost.isEmpty, let held = lostHeldUntil, held > now, held < until {
      fail(
        "the agent slept until \(deadline.map { stamp($0) } ?? "forever"), past \(stamp(held)) when quiet hours ended and it was to show \(lost.sorted())"
      )
    }
    for habit in habits {
      let list = slots[habit.id] ?? []
      let from = Oracle.firstIndex(in: list) { $0.at > now }
      let to = Oracle.firstIndex(in: list) { $0.at >= until }
      var moments = Set(from < to ? list[from..<to].map(\.at) : [])
      moments.formUnion(oracle.quietEnds(after: now, before: until))
      // A nudge waits for `gather` to pass since the last popup.
      let lastPopup = view.lastPopup(notAfter: now)
      for slot in list[max(0, from - 2)..<max(to, max(0, from - 2))] where slot.isNudge {
        if let at = oracle.nudgeTime(slot, lastPopup: lastPopup), at > now, at < until {
          moments.insert(at)
        }
      }
      for moment in moments.sorted() {
        if let decision = oracle.decide(habit, at: moment, slots: list, view: view) {
          fail(
            "after the step at \(stamp(step)) the agent slept until \(deadline.map { stamp($0) } ?? "forever"), past \(stamp(moment)) when \(habit.id) was due: \(decision)"
          )
          break
        }
      }
    }
    if let summary = oracle.config.summary {
      var iterator = summary.occurrences(from: now.adding(seconds: -86_400), in: oracle.zone)
      var moments = Set(oracle.quietEnds(after: now, before: until))
      while let due = iterator.next(), due < until { moments.insert(oracle.afterQuietHours(due)) }
      for moment in moments.sorted() where moment > now && moment < until {
        if let decision = oracle.decideSummary(at: moment, view: view) {
          fail(
            "after the step at \(stamp(step)) the agent slept until \(deadline.map { stamp($0) } ?? "forever"), past \(stamp(moment)) when the summary was due: \(decision)"
          )
          break
        }
      }
    }
  }

  /// Checks what the agent did with the gathered popup after a button on it
  /// was pressed, as the README promises: it comes back, in the same place
  /// (its key), for the habits it names still open (not done, skipped or
  /// met for the day each is about, even when that day has ended; not
  /// snoozed; still running and switched on; and not due at this moment, a
  /// reminder of its own coming instead); it is taken down when none is, or
  /// inside quiet hours. It happens at the agent's first pass after the
  /// press that can read the store: a read refused puts it off. When the
  /// agent dies as it shows it, it is lost (it was never logged), and a new
  /// agent has no popup to bring back. Also takes note of the popup being
  /// taken down, which ends what a later press can bring back.
  private func checkGatheredUpdate(
    step: Instant, shown: [RecordingNotifier.Shown], fresh: [SlotKey: StoreView.LogRow],
    lostNow: ArraySlice<RecordingNotifier.Shown>, due: Set<String>
  ) {
    let closed = notifier.closed.dropFirst(closedSeen)
    closedSeen += closed.count
    let takenDown = closed.contains { $0.key == SimulationPromises.gatheredKey }
    defer {
      // Taken down before anything else the step showed: a later press brings nothing back.
      if takenDown {
        gatheredOnScreen = [:]
        gatheredLate = [:]
        pressedOnGathered = false
      }
    }
    guard gatheredUpdatePending else { return }
    // Shown again before anything else in the step, and never logged.
    func again(_ item: RecordingNotifier.Shown?) -> RecordingNotifier.Shown? {
      guard let item, item.notification.key == SimulationPromises.gatheredKey else { return nil }
      let habits = Self.days(of: item.notification).keys
      let logged = fresh.values.contains { habits.contains($0.key.habit) && $0.firedAt == item.at }
      return logged ? nil : item
    }
    var shownAgain = again(shown.first)
    if shownAgain == nil && !takenDown {
      if (readFaultedStep?.failed ?? 0) > 0 {
        count("gathered popups brought up to date later, the store refusing a read")
        return
      }
      if notifier.crashed, let lost = again(lostNow.first) {
        shownAgain = lost
      }
    }
    gatheredUpdatePending = false
    let open: [String: CivilDate]
    do {
      open = try oracle.openAfterPress(
        gatheredOnScreen, running: running, due: due, snoozedUntil: { view.snoozes[$0]?.until },
        checkIns: { try store.checkIns(habitID: $0) }, at: step)
    } catch {
      fail("cannot read the store: \(error)")
      return
    }
    let quiet = oracle.inQuietHours(step)
    let pressed = "after a button on the gathered popup of \(gatheredOnScreen.keys.sorted())"
    if quiet || open.isEmpty {
      if let shownAgain {
        fail(
          "\(pressed), at \(stamp(step)), \(describe(shownAgain)) came back, though \(quiet ? "quiet hours had begun" : "none of them is still open")"
        )
      } else if !takenDown {
        fail(
          "\(pressed), at \(stamp(step)), it was not taken down, though \(quiet ? "quiet hours had begun" : "none of them is still open")"
        )
      } else {
        count(
          quiet
            ? "gathered popups taken down by a button in quiet hours"
            : "gathered popups taken down by the last button")
      }
      return
    }
    guard let shownAgain else {
      fail(
        "\(pressed), at \(stamp(step)), it did not come back for \(open.keys.sorted()), still open\(takenDown ? "; it was taken down" : "")"
      )
      return
    }
    let days = Self.days(of: shownAgain.notification)
    if days != open {
      fail(
        "\(pressed), at \(stamp(step)), \(describe(shownAgain)) came back for \(days.sorted { $0.key < $1.key }), expected \(open.sorted { $0.key < $1.key })"
      )
    }
    count("gathered popups required back after a button")
  }

  /// The habits a popup names ("" for the summary), with the day each is about.
  static func days(of notification: ReminderNotification) -> [String: CivilDate] {
    guard notification.gathered.isEmpty else {
      return Dictionary(
        notification.gathered.map { ($0.habitID, $0.day) }, uniquingKeysWith: { a, _ in a })
    }
    return [notification.habitID ?? "": notification.day]
  }

  /// Pairs what was shown with the reminders the step logged; a gathered
  /// popup shown again after a button on it, for the habits still open,
  /// has none.
  private func match(
    _ shown: [RecordingNotifier.Shown], lines: [[String]?],
    to fresh: inout [SlotKey: StoreView.LogRow],
    lostNow: ArraySlice<RecordingNotifier.Shown>, decided: [String: Oracle.Decision]
  ) {
    func take(_ habit: String, at: Instant) -> SlotKey? {
      guard
        let key = fresh.keys.sorted().first(where: {
          $0.habit == habit && fresh[$0]?.firedAt == at
        })
      else { return nil }
      fresh[key] = nil
      return key
    }
    for (index, item) in shown.enumerated() {
      let days = Self.days(of: item.notification)
      let habits = days.keys.sorted()
      let keys = habits.map { take($0, at: item.at) }
      if keys.allSatisfy({ $0 == nil }), item.notification.key == SimulationPromises.gatheredKey,
        pressedOnGathered, Set(habits).isSubset(of: gatheredOnScreen.keys)
      {
        // Shown again for the habits still open, each late as it was.
        gatheredOnScreen = gatheredOnScreen.filter { habits.contains($0.key) }
        gatheredLate = gatheredLate.filter { habits.contains($0.key) }
        checkLateLines(item, lines[index], late: gatheredLate)
        pressedOnGathered = false
        count("gathered popups shown again after a button")
        continue
      }
      // About the day the oracle decided, and for each catch-up, saying why it is late.
      var late: [String: SimulationPromises.Late] = [:]
      for habit in habits {
        guard let decision = decided[habit] else { continue }
        if days[habit] != decision.slot.day {
          fail(
            "\(describe(item)) is about \(days[habit]?.description ?? "?") for \(habit.isEmpty ? "the summary" : habit), not \(decision.slot.day)"
          )
        }
        if decision.kind == .catchUp {
          late[habit] = lateReason(habit, cameAt: decision.slot.at)
          if case .off = oracle.config.catchUp { count("catch-ups with catch_up off") }
          if stepIsRestart && startsAfterPowerOff { count("catch-ups as the machine came on") }
        }
      }
      checkLateLines(item, lines[index], late: late)
      for (habit, key) in zip(habits, keys) {
        if let key, isShownBeforeCrash(item), let day = days[habit] {
          crashShown.append(
            (key, (decided[habit]?.kind == .catchUp, decided[habit]?.slot.day ?? day)))
        }
        guard let key else {
          fail(
            "\(describe(item)) was shown without a new reminder for \(habit.isEmpty ? "the summary" : habit) in the log (shown twice?)"
          )
          continue
        }
        note(key, shownAt: item.at)
        count("shown: \(habit.isEmpty ? "summary" : "reminder")")
        shownPerHabit[habit, default: 0] += 1
        lastShownAt[habit] = item.at
      }
      if item.notification.key == SimulationPromises.gatheredKey {
        gatheredOnScreen = days
        gatheredLate = late
        pressedOnGathered = false
      }
    }
    for item in lostNow {
      let habits = Self.days(of: item.notification).keys.sorted()
      if item.notification.key == SimulationPromises.gatheredKey, pressedOnGathered,
        Set(habits).isSubset(of: gatheredOnScreen.keys),
        !fresh.keys.contains(where: { habits.contains($0.habit) && fresh[$0]?.firedAt == item.at })
      {
        // Shown again after a button, when the agent died: nothing was logged for it.
        pressedOnGathered = false
        count("gathered popups lost to a crash as they were shown again")
        continue
      }
      for habit in habits {
        if let (key, decided) = redeliveredNow[habit] {
          // Shown again by a new agent that died as it showed it: still logged, still not shown.
          lost.insert(key)
          lostDecisions[key] = decided
          count("lost to a crash")
          continue
        }
        guard let key = take(habit, at: item.at) else {
          fail("\(describe(item)) was lost to a crash but not logged for \(habit)")
          continue
        }
        lost.insert(key)
        let day = decided[habit]?.slot.day ?? Self.days(of: item.notification)[habit]
        if let day { lostDecisions[key] = (decided[habit]?.kind == .catchUp, day) }
        count("lost to a crash")
      }
    }
    for key in fresh.keys.sorted() {
      guard readFaultedStep?.unworded == true, let row = fresh[key] else {
        fail("\(key) was logged but neither shown nor lost to a crash")
        continue
      }
      // Logged, and then the store would not say what it should say: the next pass shows it.
      lost.insert(key)
      if let decision = decided[key.habit] {
        lostDecisions[key] = (decision.kind == .catchUp, decision.slot.day)
        if decision.kind == .catchUp {
          unwordedLate[key] = lateReason(key.habit, cameAt: decision.slot.at)
        }
      } else if let day = row.day {
        lostDecisions[key] = (row.kind == "catch-up", day)
      }
      unwordedToShow = true
      count("reminders logged and not worded, the store refusing the read")
    }
  }

  /// The checks of a step run under a fault, and of the next.
  private func checkAfterFault() {
    if let read = readFaultedStep {
      count("read faults")
      if read.failed > 0 { count("reads refused: \(read.kind.rawValue)") }
      if read.planUnread { count("plans the store refused to read") }
      if read.failed > 0 && faultedStep == nil {
        do {
          if let before = beforeFault {
            let after = try storeCounts()
            if after.checkIns < before.checkIns || after.logged < before.logged
              || after.marked < before.marked
            {
              fail(
                "after SQLite refused reads (\(read.kind.rawValue)) the store holds \(after), less than before: \(before)"
              )
            }
          }
        } catch {
          fail("cannot read the store: \(error)")
        }
      }
      if faultedStep == nil { beforeFault = nil }
    }
    do {
      if let fault = faultedStep {
        count("store faults")
        if fault.failed > 0 { count("writes refused: \(fault.kind.rawValue)") }
        let errors = harness.logs.messages(from: fault.logLines).filter { $0.hasPrefix("error:") }
        if errors.count < fault.failed {
          fail(
            "SQLite refused \(fault.failed) writes of the agent (\(fault.kind.rawValue)), and it logged \(errors.count) errors: \(errors)"
          )
        }
        if let before = beforeFault {
          let after = try storeCounts()
          if after.checkIns < before.checkIns || after.logged < before.logged
            || after.marked < before.marked
          {
            fail(
              "after SQLite refused writes (\(fault.kind.rawValue)) the store holds \(after), less than before: \(before)"
            )
          }
        }
        beforeFault = nil
        marksToCheck = fault.failed > 0
      } else if marksToCheck {
        marksToCheck = false
        let unmarked = try unmarkedShown()
        if !unmarked.isEmpty {
          fail(
            "\(unmarked) shown but still not marked shown after the agent's pass that followed the refused writes"
          )
        }
      }
    } catch {
      fail("cannot read the store: \(error)")
    }
  }

  /// Check-ins, reminders logged and reminders marked shown, as the store counts them.
  private func storeCounts() throws -> (checkIns: Int, logged: Int, marked: Int) {
    let counts = try store.fetchRawStrings(
      """
      SELECT (SELECT count(*) FROM checkin) || '|' || (SELECT count(*) FROM reminder_log)
        || '|' || (SELECT count(*) FROM reminder_log WHERE delivered_at IS NOT NULL)
      """
    ).first??.split(separator: "|").compactMap { Int($0) }
    guard let counts, counts.count == 3 else { throw HabitsError("cannot count the store's rows") }
    return (counts[0], counts[1], counts[2])
  }

  /// Reminders shown, not lost to a crash, that the store has not marked shown.
  private func unmarkedShown() throws -> [SlotKey] {
    try store.undeliveredReminders().map { SlotKey(habit: $0.habitID ?? "", due: $0.due) }
      .filter { shownOnce[$0] != nil && !lost.contains($0) }
  }

  /// As the agent is stopped: what it showed and the store refused to mark
  /// is, to the next agent, logged and never shown. It shows it once more.
  private func keepUnmarkedForRestart() {
    do {
      for key in try unmarkedShown() {
        guard let row = view.log[key], let day = row.day else { continue }
        lost.insert(key)
        lostDecisions[key] = (row.kind == "catch-up", day)
        showAgainAllowed.insert(key)
        if key.habit.isEmpty { summaryMayRepeat.insert(oracle.clock.weekStart(of: day)) }
        count("shown, not marked shown as the agent stopped")
      }
    } catch {
      fail("cannot read the store: \(error)")
    }
  }

  /// The judgement call on travel: a habit's reminder is given once for
  /// its day and its time of day (read in the zone of the moment), unless
  /// the zone changed since it was given and the new one brings that time
  /// of day round again, later (travel west): then it comes once more, as
  /// the weekly summary does not. Travel east never repeats one.
  private func checkSameDayRepeat(
    _ key: SlotKey, _ slot: Oracle.Slot, firedAt step: Instant, slots: [Oracle.Slot]
  ) {
    let local = oracle.zone.local(key.due)
    let time = String(format: "%02d:%02d", local.hour, local.minute)
    let name = "\(key.habit) \(slot.day) \(time)"
    // The step's moment, not the clock's: a zone may change the next second.
    defer { givenAt[name] = (key.due, step) }
    // Two occurrences of one time of day (an hourly rule as the clocks go back) are two reminders.
    guard let earlier = givenAt[name],
      !slots.contains(where: { $0.due == earlier.due && !$0.isNudge && !$0.isSnooze })
    else { return }
    let zoneChanged = zones.last.map { $0.from > earlier.firedAt } ?? false
    if zoneChanged && key.due > earlier.due {
      count("reminders given again on their day after travel west")
    } else {
      fail(
        "\(key.habit)'s reminder of \(slot.day) at \(time) was given again (due \(stamp(key.due)), first due \(stamp(earlier.due)))\(zoneChanged ? ", earlier, after travel east" : " without a change of zone")"
      )
    }
  }

  /// Notes that `key` was shown; `again` when a new agent shows what one
  /// that stopped logged but never marked shown.
  ///
  /// The rule: each reminder is shown once, with one exception. A popup
  /// shown in the instant before the agent died, before it could mark its
  /// reminders shown, is shown once more by the next agent if it is still
  /// wanted then (`showAgainAllowed`).
  private func note(_ key: SlotKey, shownAt: Instant, again: Bool = false) {
    if let earlier = shownOnce[key] {
      if again && showAgainAllowed.remove(key) != nil {
        count("shown twice: once before a crash, once after")
      } else {
        fail("\(key) was shown twice: at \(stamp(earlier)) and at \(stamp(shownAt))")
      }
    }
    shownOnce[key] = shownAt
  }

  /// Whether `item` is the popup the agent showed just before it died.
  private func isShownBeforeCrash(_ item: RecordingNotifier.Shown) -> Bool {
    guard let crash = notifier.shownBeforeCrash else { return false }
    return crash.at == item.at && crash.notification == item.notification
  }

  /// Whether a reminder logged before a crash should be shown by the next
  /// agent: about today (a snooze's end or the summary, which come the day
  /// after too, about yesterday), its habit still there and enabled, not
  /// done, skipped, met or snoozed.
  private func wantedAgain(_ key: SlotKey, day: CivilDate, view: StoreView, now: Instant) -> Bool {
    let today = oracle.clock.day(of: now)
    let snoozeEnd = view.snoozes[key.habit]?.until == key.due
    guard day == today || ((snoozeEnd || key.habit.isEmpty) && day == today.adding(days: -1))
    else { return false }
    guard !key.habit.isEmpty else { return true }
    guard let habit = running[key.habit], habit.enabled else { return false }
    if oracle.isSettled(habit, day, checkIns: view.checkIns[key.habit] ?? [], now: now) {
      return false
    }
    if let snooze = view.snoozes[key.habit], snooze.recordedAt <= now, now < snooze.until {
      return false
    }
    return true
  }

  /// The promises one fired reminder keeps, from its schedule and `catch_up`.
  private func promise(
    _ key: SlotKey, _ row: StoreView.LogRow, step: Instant, slots: [String: [Oracle.Slot]],
    view: StoreView, decided: Oracle.Decision?, gathered: Bool
  ) {
    let slot: Oracle.Slot?
    if key.habit.isEmpty {
      let due = oracle.config.summary?.next(from: key.due, in: oracle.zone)
      slot =
        due == key.due
        ? Oracle.Slot(
          due: key.due, at: oracle.afterQuietHours(key.due), day: oracle.clock.day(of: key.due))
        : nil
    } else {
      // The later of two slots at one instant (a nudge a snooze ends on) is the one that counts.
      slot = slots[key.habit]?.last { $0.due == key.due }
    }
    guard var slot else {
      fail("\(key) fired, but \(stamp(key.due)) is no reminder of its schedule")
      return
    }
    if !key.habit.isEmpty && !slot.isNudge && !slot.isSnooze {
      checkSameDayRepeat(key, slot, firedAt: step, slots: slots[key.habit] ?? [])
    }
    // A nudge that waited for `gather` to pass is on time at the end of that wait.
    if let decided, decided.slot.due == slot.due, slot.isNudge { slot.at = decided.slot.at }
    if gathered {
      // Brought forward into a popup: never a nudge or a snooze's end, by at most `gather`.
      let early = slot.at.secondsSince1970 - step.secondsSince1970
      if slot.isNudge || slot.isSnooze || row.kind != "reminder" || early <= 0
        || early > (oracle.config.gather ?? 0)
      {
        fail("\(key) was brought forward \(early) s into a popup at \(stamp(step)), but is \(slot)")
      }
      return
    }
    // How late the agent was when it decided (catch-ups before it in the same
    // step are a second apart, so it may be shown a few seconds later).
    let lateness = step.secondsSince1970 - slot.at.secondsSince1970
    if lateness < 0 { fail("\(key) fired at \(stamp(step)), before its time \(stamp(slot.at))") }
    if row.firedAt.secondsSince1970 - step.secondsSince1970 > 30 {
      fail("\(key) was decided at \(stamp(step)) but fired at \(stamp(row.firedAt))")
    }
    switch row.kind {
    case "reminder", "nudge":
      if lateness > SimulationPromises.onTimeSeconds {
        fail("\(key) fired as a \(row.kind) \(lateness) s late, not as a catch-up")
      }
      if (row.kind == "nudge") != slot.isNudge {
        fail("\(key) fired as a \(row.kind) but is \(slot)")
      }
    case "catch-up":
      if lateness <= SimulationPromises.onTimeSeconds || !oracle.allows(slot, shownAt: step) {
        fail(
          "\(key) was caught up at \(stamp(row.firedAt)), which catch_up \(oracle.config.catchUp) does not allow (\(slot))"
        )
      }
    case "summary":
      if lateness > SimulationPromises.onTimeSeconds
        && !oracle.allows(slot, shownAt: step, isSummary: true)
      {
        fail(
          "the summary due \(stamp(key.due)) came at \(stamp(row.firedAt)), which catch_up \(oracle.config.catchUp) does not allow"
        )
      }
    default:
      fail("\(key) has the unknown kind '\(row.kind)'")
    }
    if !key.habit.isEmpty, let habit = running[key.habit],
      oracle.isSettled(habit, slot.day, checkIns: view.checkIns[key.habit] ?? [], now: row.firedAt)
    {
      fail("\(key) fired for \(slot.day), already done, skipped or met")
    }
  }

  // MARK: At the end of the year

  /// What the year as a whole must show, from what the simulation did: a
  /// summary each week whose summary time the agent saw, catch-ups as the
  /// machine came on when `catch_up` allows them, reminders lost to a crash
  /// shown again, and every habit that ran a while with reminders to give
  /// shown at least once.
  private func checkTheYear() {
    let day = 86_400
    // Each full week's summary, in the zone and config of its time, unless
    // the agent could not see that time.
    let changes = Set(zones.map(\.from) + configs.map(\.from)).sorted()
    for (index, from) in changes.enumerated() {
      let until = index + 1 < changes.count ? changes[index + 1] : end
      guard let zone = zones.last(where: { $0.from <= from })?.zone,
        let config = configs.last(where: { $0.from <= from })?.config,
        let summary = config.summary
      else { continue }
      let local = Oracle(config: config, zone: zone)
      var iterator = summary.occurrences(from: max(from, start.adding(seconds: day)), in: zone)
      while let due = iterator.next(), due < min(until, end.adding(seconds: -day)) {
        let at = local.afterQuietHours(due)
        let week = local.clock.weekStart(of: local.clock.day(of: due))
        let unseen = interruptions.contains {
          $0.from <= at.adding(seconds: 60) && $0.to >= due.adding(seconds: -60)
        }
        // Quiet hours that held it back past a change of config: the new config decides.
        if unseen || at >= until { continue }
        if summaryWeeks[week] == nil {
          fail(
            "no summary for the week of \(week), though the agent saw its time \(DateTimeFormat.withOffset(at, in: zone)) come"
          )
        }
        count("summary times the agent saw")
      }
    }
    // Catch-ups as the machine came on, where `catch_up` gives them a chance.
    if counts["power-offs with room to catch up", default: 0] >= 10
      && counts["catch-ups as the machine came on", default: 0] == 0
    {
      fail(
        "\(counts["power-offs with room to catch up", default: 0]) power-offs with a roomy catch_up, and no catch-up as the machine came on"
      )
    }
    if counts["catch-ups with catch_up off", default: 0] > 0 {
      fail("catch-ups with catch_up = \"off\"")
    }
    // Reminders lost to a crash come back when the agent starts again.
    if counts["lost to a crash", default: 0] >= 5
      && counts["shown again after a crash", default: 0] == 0
    {
      fail("\(counts["lost to a crash", default: 0]) reminders lost to a crash, none shown again")
    }
    // Every habit that ran a while with reminders to give was shown at least once.
    for habit in running.values.sorted(by: { $0.id < $1.id }) where habit.enabled {
      // Since its definition and the config last changed, as either decides what is shown.
      let since = max(definedSince[habit.id] ?? start, configs.last?.from ?? start)
      guard end.secondsSince1970 - since.secondsSince1970 >= 14 * day else { continue }
      let reminders = oracle.slots(
        of: habit, from: oracle.clock.day(of: since).adding(days: 1),
        through: oracle.clock.day(of: end).adding(days: -1)
      ).filter { !$0.isNudge }
      guard reminders.count >= 20 else { continue }
      count("habits that had to be shown")
      if lastShownAt[habit.id].map({ $0 < since }) ?? true {
        fail(
          "\(habit.id) ran as it is from \(stamp(since)) with \(reminders.count) reminders in its schedule, and none was shown"
        )
      }
    }
  }

  // MARK: Reporting

  private func stamp(_ instant: Instant) -> String {
    DateTimeFormat.withOffset(instant, in: oracle.zone)
  }

  private func describe(_ shown: RecordingNotifier.Shown) -> String {
    let names = shown.notification.habitIDs
    return
      "the \(names.isEmpty ? "summary" : names.joined(separator: ", ")) notification about \(shown.notification.day) at \(stamp(shown.at))"
  }

  private func record(_ text: String) {
    events.append("\(events.count + 1). \(stamp(clock.now())) \(text)")
  }

  private func count(_ what: String) { counts[what, default: 0] += 1 }

  private func fail(_ message: String) {
    failures.append("\(stamp(clock.now())): \(message)")
  }

  func statistics() -> String {
    let busiest = shownPerHabit.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(4)
    return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      + "; busiest: " + busiest.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
  }

  /// The seed's config.toml and made-up habits.
  func setup() -> String {
    var lines = [
      "config.toml:", configuration.text,
      "edited: "
        + configuration.edits.map { "\($0.setting.key) = \($0.value ?? "none")" }.joined(
          separator: ", "),
      "the shipped schedules, switched on, and these (edits are events):",
    ]
    for (id, text) in madeUp { lines += ["\(id).toml:", text] }
    return lines.joined(separator: "\n")
  }

  func failureReport() -> String {
    var lines = [
      "The simulated year of seed \(seed) broke a promise.",
      "Reproduce: HABITS_SIM_SEED=\(seed) HABITS_SIM_SEEDS=1 swift test --filter YearSimulation",
      "",
    ]
    lines += failures.prefix(10).map { "FAILED \($0)" }
    lines += ["", setup()]
    lines += ["", "events (\(events.count)):"] + events
    lines += ["", "the agent's last log lines:"] + harness.logs.messages.suffix(30)
    return lines.joined(separator: "\n")
  }
}
