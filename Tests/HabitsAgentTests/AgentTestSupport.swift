// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSystem
import Logging
import Recurrence
import Synchronization
import Testing

@testable import HabitsAgent
@testable import HabitsStore

// MARK: Zones and times

/// `2026-03-08T07:30Z`, `2026-03-08T03:30-04:00`, or a wall-clock reading in `zone`.
func instant(_ text: String, in zone: Zone = .utc) -> Instant {
  guard let value = DateTimeFormat.instant(text, in: zone) else {
    preconditionFailure("bad date and time '\(text)'")
  }
  return value
}

func day(_ text: String) -> CivilDate {
  guard let value = CivilDate(iso: text) else { preconditionFailure("bad date '\(text)'") }
  return value
}

/// `2026-03-08T03:30:00-04:00`, to read failures at a glance.
func stamp(_ instant: Instant, _ zone: Zone) -> String {
  DateTimeFormat.withOffset(instant, in: zone)
}

// MARK: Test doubles

/// A value shared between the test and the agent's closures.
final class Locked<Value: Sendable>: Sendable {
  private let mutex: Mutex<Value>

  init(_ value: Value) { mutex = Mutex(value) }

  var value: Value {
    get { mutex.withLock { $0 } }
    set { mutex.withLock { $0 = newValue } }
  }

  func mutate<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}

/// A wall clock the test sets; the agent reads it through `AgentClock`.
final class SimulatedClock: AgentClock {
  private let current: Mutex<Instant>

  init(_ start: Instant) { current = Mutex(start) }

  func now() -> Instant { current.withLock { $0 } }

  func set(_ instant: Instant) { current.withLock { $0 = instant } }

  func advance(seconds: Int) { current.withLock { $0 = $0.adding(seconds: seconds) } }
}

/// Collects what the agent shows, with the simulated time it was shown; can
/// fail on demand, and presses buttons the way a notification server would.
final class RecordingNotifier: Notifier {
  struct Shown: Sendable {
    var notification: ReminderNotification
    var at: Instant
  }

  private struct State {
    var shown: [Shown] = []
    var failedAttempts = 0
    var failing = false
    var handler: (@Sendable (ActionEvent) -> Void)?
    var onDeliver: (@Sendable (Shown) -> Void)?
    var crashOnNextDelivery = false
    var crashAfterNextDelivery = false
    var crashed = false
    var lostToCrash: [Shown] = []
    var shownBeforeCrash: Shown?
    var onCrash: (@Sendable () -> Void)?
    var closed: [(key: String, at: Instant)] = []
  }

  private let clock: SimulatedClock
  private let state = Mutex(State())

  init(clock: SimulatedClock) { self.clock = clock }

  var shown: [Shown] { state.withLock { $0.shown } }
  var failedAttempts: Int { state.withLock { $0.failedAttempts } }

  /// While true, every delivery fails (a missing notification server).
  var failing: Bool {
    get { state.withLock { $0.failing } }
    set { state.withLock { $0.failing = newValue } }
  }

  /// What was shown for one habit, alone or gathered with others (nil: the weekly summary).
  func shown(habit id: String?) -> [Shown] {
    guard let id else { return shown.filter { $0.notification.habitIDs.isEmpty } }
    return shown.filter { $0.notification.habitIDs.contains(id) }
  }

  /// Each popup taken down, by key, with when.
  var closed: [(key: String, at: Instant)] { state.withLock { $0.closed } }

  /// The latest popup, without copying the whole list (a simulated year shows thousands).
  var lastShown: Shown? { state.withLock { $0.shown.last } }

  /// Called with each notification as it is shown, at the moment it is shown
  /// (outside the notifier's lock, so the hook may read the store or the notifier).
  var onDeliver: (@Sendable (Shown) -> Void)? {
    get { state.withLock { $0.onDeliver } }
    set { state.withLock { $0.onDeliver = newValue } }
  }

  /// When set, the next delivery "kills the agent" between logging a reminder
  /// and showing it: nothing is shown, then or after (the process is gone),
  /// until the test starts a new agent with a new notifier.
  var crashOnNextDelivery: Bool {
    get { state.withLock { $0.crashOnNextDelivery } }
    set { state.withLock { $0.crashOnNextDelivery = newValue } }
  }

  /// When set, the next delivery shows its popup and then "kills the
  /// agent" before it can mark the reminders shown: the popup is on screen,
  /// nothing is shown after it.
  var crashAfterNextDelivery: Bool {
    get { state.withLock { $0.crashAfterNextDelivery } }
    set { state.withLock { $0.crashAfterNextDelivery = newValue } }
  }

  /// Called once, at the moment of a simulated crash (after the popup of a
  /// crash after showing is shown and `onDeliver` has seen it): what else
  /// dies with the process, such as its database connection.
  var onCrash: (@Sendable () -> Void)? {
    get { state.withLock { $0.onCrash } }
    set { state.withLock { $0.onCrash = newValue } }
  }

  /// Whether a simulated crash happened.
  var crashed: Bool { state.withLock { $0.crashed } }

  /// The popup shown just before the crash, when the agent died after showing it.
  var shownBeforeCrash: Shown? { state.withLock { $0.shownBeforeCrash } }

  /// What the agent tried to show after it "crashed": logged, never shown.
  var lostToCrash: [Shown] { state.withLock { $0.lostToCrash } }

  func deliver(_ notification: ReminderNotification) -> Delivery {
    let now = clock.now()
    let shown = Shown(notification: notification, at: now)
    let (result, hook, crash): (Delivery, (@Sendable (Shown) -> Void)?, (@Sendable () -> Void)?) =
      state.withLock {
        state in
        if state.crashOnNextDelivery || state.crashed {
          let dies = !state.crashed
          state.crashOnNextDelivery = false
          state.crashed = true
          state.lostToCrash.append(shown)
          return (
            .failed("simulated: the agent was killed before showing this"), nil,
            dies ? state.onCrash : nil
          )
        }
        if state.failing {
          state.failedAttempts += 1
          return (.failed("simulated: no notification server"), nil, nil)
        }
        state.shown.append(shown)
        guard state.crashAfterNextDelivery else {
          return (.shown(via: "test"), state.onDeliver, nil)
        }
        state.crashAfterNextDelivery = false
        state.crashed = true
        state.shownBeforeCrash = shown
        return (.shown(via: "test"), state.onDeliver, state.onCrash)
      }
    hook?(shown)
    crash?()
    return result
  }

  func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void) {
    state.withLock { $0.handler = handler }
  }

  var supportsActions: Bool { true }

  func close(key: String) {
    let now = clock.now()
    state.withLock { $0.closed.append((key, now)) }
  }

  /// Presses `action` on `notification`, as the server's callback would.
  func press(_ action: NotificationAction, on notification: ReminderNotification) {
    guard let button = notification.buttons.first(where: { $0.id == action.rawValue }) else {
      Issue.record("the popup has no \(action.rawValue) button")
      return
    }
    press(button)
  }

  /// Presses the Done of `habit` on a gathered popup.
  func pressDone(_ habit: String, on notification: ReminderNotification) {
    guard let button = notification.buttons.first(where: { $0.id == "done:" + habit }) else {
      Issue.record("the popup has no Done for \(habit)")
      return
    }
    press(button)
  }

  /// Presses `button`, as the server's callback would.
  func press(_ button: NotificationButton) {
    let handler = state.withLock { $0.handler }
    for event in button.events { handler?(event) }
  }
}

/// Something that happens while the agent sleeps: at `at` (on the simulated
/// clock), `action` runs (it may move the clock, change the zone or write
/// the store) and the agent wakes with `reasons`.
struct ScriptedEvent {
  var at: Instant
  var reasons: Set<WakeReason>
  var action: () -> Void

  init(at: Instant, _ reasons: Set<WakeReason> = [], action: @escaping () -> Void = {}) {
    self.at = at
    self.reasons = reasons
    self.action = action
  }
}

/// Sleeps in no time: `wait(until:)` moves the simulated clock to the
/// deadline, or to the next scripted event if that comes first, and says why
/// it woke. Past `stopAt` it answers `.terminate`, so `run()` returns.
final class ScriptedWakeSource: WakeSource {
  let clock: SimulatedClock
  let stopAt: Instant
  private var events: [ScriptedEvent]
  private let poked = Mutex(false)
  /// Every deadline the agent asked to sleep until, in order.
  var deadlines: [Instant?] { waits.map(\.deadline) }
  /// Every wait: when the agent asked, and until when.
  private(set) var waits: [(asked: Instant, deadline: Instant?)] = []
  /// A guard against a loop that never sleeps: after this many waits, terminate.
  let maximumWaits: Int
  private(set) var overran = false

  init(
    clock: SimulatedClock, stopAt: Instant, events: [ScriptedEvent] = [], maximumWaits: Int = 5_000
  ) {
    self.clock = clock
    self.stopAt = stopAt
    self.events = events.sorted { $0.at < $1.at }
    self.maximumWaits = maximumWaits
  }

  func poke() { poked.withLock { $0 = true } }

  private func takePoke() -> Bool {
    poked.withLock { value in
      defer { value = false }
      return value
    }
  }

  func wait(until deadline: Instant?) -> Set<WakeReason> {
    waits.append((clock.now(), deadline))
    if waits.count > maximumWaits {
      overran = true
      return [.terminate]
    }
    if takePoke() { return [.poked] }
    let now = clock.now()
    if let event = events.first, event.at <= stopAt, deadline.map({ event.at <= $0 }) ?? true {
      events.removeFirst()
      if event.at > now { clock.set(event.at) }
      event.action()
      var reasons = event.reasons
      if takePoke() { reasons.insert(.poked) }
      return reasons
    }
    guard let deadline, deadline <= stopAt else {
      if stopAt > now { clock.set(stopAt) }
      return [.terminate]
    }
    if deadline > now { clock.set(deadline) }
    return [.timer]
  }
}

/// Log lines, for tests that check what the agent said.
final class LogRecorder: Sendable {
  private let lines = Mutex<[String]>([])

  var messages: [String] { lines.withLock { $0 } }

  /// How many lines were logged so far.
  var count: Int { lines.withLock { $0.count } }

  /// The lines logged since the first `from`.
  func messages(from start: Int) -> [String] {
    lines.withLock { Array($0[min(start, $0.count)...]) }
  }

  func append(_ line: String) { lines.withLock { $0.append(line) } }

  var logger: Logger {
    Logger(label: "habits.agent.tests") { _ in Handler(recorder: self) }
  }

  struct Handler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
      recorder.append("\(event.level): \(event.message)")
    }
  }
}

// MARK: A directory of schedules

/// A temporary directory holding `config.toml` and `schedules/*.toml`.
final class ScheduleDirectory {
  let root: String
  var schedules: String { root + "/schedules" }
  var configPath: String { root + "/config.toml" }

  /// In the system's temporary directory, or in `base`.
  init(base: String? = nil) {
    let base = base ?? FileManager.default.temporaryDirectory.path
    root = base + "/habits-agent-tests-" + UUID().uuidString
    do {
      try FileManager.default.createDirectory(
        atPath: root + "/schedules", withIntermediateDirectories: true)
    } catch {
      Issue.record("cannot create \(root): \(error)")
    }
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  /// Writes `schedules/<id>.toml`.
  func habit(_ id: String, _ text: String) {
    write(schedules + "/" + id + ".toml", text)
  }

  func config(_ text: String) { write(configPath, text) }

  func remove(_ id: String) {
    try? FileManager.default.removeItem(atPath: schedules + "/" + id + ".toml")
  }

  private func write(_ path: String, _ text: String) {
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      Issue.record("cannot write \(path): \(error)")
    }
  }
}

// MARK: The agent under test

/// One agent over an in-memory (or file-backed) store, a simulated clock and
/// zone, a recording notifier and a scripted wake source.
final class AgentHarness {
  let directory: ScheduleDirectory
  /// The store the next runner is given; `reopenStore` replaces it.
  private(set) var store: HabitStore
  let clock: SimulatedClock
  let logs = LogRecorder()
  /// The zone the runner's zone provider answers with.
  let zone: Locked<Zone>
  /// Each wait the runner asked for between catch-ups, in seconds.
  let spacings = Locked<[Double]>([])

  /// With `fileBacked`, the store is a database file beside the schedules
  /// (`root/data/habits.db`), so a new runner over it keeps exactly what a
  /// restarted agent would; otherwise it lives in memory.
  init(
    zone: Zone, now: Instant, config: String = "summary = \"off\"\n", fileBacked: Bool = false
  ) throws {
    // A file-backed store syncs every write; on /dev/shm (memory) that costs nothing.
    let memory = "/dev/shm"
    let directory = ScheduleDirectory(
      base: fileBacked && access(memory, W_OK) == 0 ? memory : nil)
    self.directory = directory
    store = fileBacked ? try HabitStore(path: directory.root + "/data/habits.db") : try HabitStore()
    clock = SimulatedClock(now)
    self.zone = Locked(zone)
    directory.config(config)
  }

  func habit(_ id: String, _ text: String) { directory.habit(id, text) }

  /// Opens the database file afresh, as a restarted agent does: what a
  /// runner kept in memory is gone, and only what reached the file is read.
  /// The earlier store's connection is closed, so that a runner still
  /// holding it can no longer reach the file (a process that died).
  func reopenStore() throws {
    guard let path = store.path else { throw HabitsError("an in-memory store cannot be reopened") }
    try store.writer.close()
    store = try HabitStore(path: path)
  }

  /// A runner as `habits agent` builds one, with the doubles in place of the world.
  func makeRunner(notifier: RecordingNotifier, wake: any WakeSource) -> AgentRunner {
    let (clock, zone, spacings) = (self.clock, self.zone, self.spacings)
    return AgentRunner(
      store: store, notifier: notifier, clock: clock, wake: wake,
      schedules: ScheduleSet(directory: directory.schedules, logger: logs.logger),
      zone: { zone.value }, logger: logs.logger,
      spacing: { seconds in
        spacings.mutate { $0.append(seconds) }
        // The wait passes on the simulated clock too.
        clock.advance(seconds: Int(seconds.rounded(.up)))
      })
  }

  /// A run of the agent from now until `end`, with `events` on the way.
  struct Run {
    let runner: AgentRunner
    let notifier: RecordingNotifier
    let wake: ScriptedWakeSource
  }

  /// Runs a new agent from the clock's now until `end`; `events` happen on the way.
  @discardableResult
  func run(
    until end: Instant, events: [ScriptedEvent] = [], notifier: RecordingNotifier? = nil
  ) -> Run {
    let notifier = notifier ?? RecordingNotifier(clock: clock)
    let wake = ScriptedWakeSource(clock: clock, stopAt: end, events: events)
    let runner = makeRunner(notifier: notifier, wake: wake)
    runner.run()
    #expect(!wake.overran, "the agent kept waking without sleeping")
    return Run(runner: runner, notifier: notifier, wake: wake)
  }
}

extension Array where Element == RecordingNotifier.Shown {
  /// When each was shown, as wall-clock readings in `zone`.
  func times(in zone: Zone) -> [String] { map { stamp($0.at, zone) } }
}

// MARK: Habits for the planner

/// A habit as a schedule file would give it.
func makeHabit(
  _ id: String, _ when: String, nudge: Nudge? = nil, target: Target? = nil, enabled: Bool = true
) throws -> Habit {
  Habit(
    id: id, title: id.capitalized, schedule: try Schedule.parse(when, start: nil),
    path: "/schedules/\(id).toml", enabled: enabled, target: target, nudge: nudge)
}
