// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsSystem
import Recurrence

@testable import HabitsAgent

/// One computer of the simulated years with devices: its own home (schedule
/// files, `config.toml`, a database file), its own copy of the sync folder,
/// its own clock `skew` seconds off the true time, and its own agent, driven
/// a pass at a time (`pass`) as its wake source would drive it.
final class SimulatedDevice: @unchecked Sendable {
  let index: Int
  let harness: AgentHarness
  let folder: SyncFolder
  /// How far this device's clock is off the true time, in seconds.
  private(set) var skew: Int
  let device: DeviceID
  var store: HabitStore { harness.store }
  var clock: SimulatedClock { harness.clock }
  private(set) var runner: AgentRunner?
  private(set) var notifier: RecordingNotifier
  private var wake: SimulationWakeSource
  /// When the agent asked to look again, on the true clock.
  private(set) var nextWake: Instant?
  /// Each habit's days' events in this device's copy of the folder (its
  /// own and those that arrived, whole lines only), read on as the files grow.
  private var events: [String: [CivilDate: [SyncEvent]]] = [:]
  private var read: [String: (offset: Int, lines: Int)] = [:]
  /// Called with each popup as it is shown.
  let onShow: (SimulatedDevice, RecordingNotifier.Shown) -> Void

  init(
    index: Int, root: String, zone: Zone, start: Instant, skew: Int, habits: [(String, String)],
    onShow: @escaping (SimulatedDevice, RecordingNotifier.Shown) -> Void
  ) throws {
    self.index = index
    self.skew = skew
    self.onShow = onShow
    let path = root + "/sync"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    folder = SyncFolder(path: path)
    let now = start.adding(seconds: skew)
    harness = try AgentHarness(
      zone: zone, now: now, config: "summary = \"off\"\n\n[sync]\nfolder = \"\(path)\"\n",
      fileBacked: true)
    for (id, text) in habits { harness.habit(id, text) }
    device = try harness.store.joinSync(folder: folder, name: "device-\(index)", at: now).member
      .device
    notifier = RecordingNotifier(clock: harness.clock)
    wake = SimulationWakeSource { _ in [.terminate] }
  }

  /// What this device's clock reads at the true instant `now` (never back
  /// before what it read last: a catch-up's spacing moves it on by itself).
  func setClock(_ now: Instant) -> Instant {
    let local = now.adding(seconds: skew)
    if local > clock.now() { clock.set(local) }
    return clock.now()
  }

  /// The clock set to be `skew` seconds off the true `now`, forwards or
  /// back, as by hand or by a time server; the agent wakes for it.
  func stepClock(skew: Int, at now: Instant) {
    self.skew = skew
    clock.set(now.adding(seconds: skew))
    pass(at: now, [.clockChanged])
  }

  var isRunning: Bool { runner != nil }

  /// Popups the agents of this device took down, the stopped ones' included.
  var popupsWithdrawn: Int { withdrawnBefore + notifier.closed.count }
  private var withdrawnBefore = 0

  /// What the running agent holds on screen, as it withdraws them: each
  /// habit's popup, and the habits of the gathered one.
  var onScreen:
    (popups: [(habit: String, day: CivilDate)], gathered: [(habit: String, day: CivilDate)])
  {
    guard let runner else { return ([], []) }
    func slot(_ firing: ReminderPlanner.Firing) -> (habit: String, day: CivilDate)? {
      firing.habitID.map { ($0, firing.day) }
    }
    return (
      runner.openPopups.keys.sorted().compactMap { runner.openPopups[$0].flatMap(slot) },
      runner.openGathered.compactMap(slot)
    )
  }

  /// Starts an agent, as at boot: a new process with a new notifier.
  func startAgent() {
    withdrawnBefore += notifier.closed.count
    notifier = RecordingNotifier(clock: clock)
    notifier.onDeliver = { [unowned self] shown in self.onShow(self, shown) }
    wake = SimulationWakeSource { _ in [.terminate] }
    let runner = harness.makeRunner(notifier: notifier, wake: wake)
    if !runner.schedules.wasRead { _ = runner.schedules.reload() }
    self.runner = runner
    nextWake = nil
  }

  /// Switches the agent off, as with the computer.
  func stopAgent() {
    runner = nil
    nextWake = nil
  }

  /// One pass of the agent at the true instant `now`, woken for `reasons`:
  /// what `AgentRunner.run` does between two waits.
  func pass(at now: Instant, _ reasons: Set<WakeReason>) {
    guard let runner else { return }
    _ = setClock(now)
    var reasons = reasons
    if wake.takePoke() { reasons.insert(.poked) }
    runner.handle(reasons)
    let next = runner.step()
    nextWake = next.map { $0.adding(seconds: -skew) }
    if wake.takePoke() { nextWake = now }
  }

  /// What the person types on this device: `habits done|skip|undo`, with
  /// `--note` when `note` is given, which merges the folder first, records,
  /// and writes its event before it reports. Whether the note went into
  /// this device's database (the command said it changed the day), and
  /// the note the day held before.
  @discardableResult
  func command(
    _ action: SimulationCommand, habit: String, day: CivilDate, value: Double?,
    note: String? = nil, at now: Instant
  ) throws -> (kept: Bool, before: String?) {
    let local = setClock(now)
    _ = try? store.synchronize(folder: folder, at: local)
    let before = (try? store.checkIns(habitID: habit, since: day))?.first { $0.day == day }?.note
    let changed: Bool
    switch action {
    case .done:
      switch try store.recordDone(habitID: habit, day: day, value: value, note: note, at: local) {
      case .recorded, .added, .replacedSkip, .noteAdded: changed = true
      case .alreadyDone: changed = false
      }
    case .skip:
      changed = try store.recordSkip(habitID: habit, day: day, note: note, at: local) == .recorded
    case .undo:
      _ = try store.undo(habitID: habit, day: day)
      changed = false
    }
    try store.writeSyncEvents(folder: folder, at: local)
    return (changed && note != nil, before)
  }

  /// The day the person means by today on this device.
  func today(at now: Instant, zone: Zone) -> CivilDate {
    DayClock(zone: zone).day(of: now.adding(seconds: skew))
  }

  /// What a replay of the events this device's copy of the folder holds
  /// says of a habit's day.
  func folderState(habit: String, day: CivilDate) -> DayState {
    refresh()
    return DayReplay.state(of: events[habit]?[day] ?? [])
  }

  /// The check-ins a replay of every event in this device's copy of the
  /// folder gives, by the replay rule alone, in the store's order.
  func replayedCheckIns() -> [CheckIn] {
    refresh()
    var checkIns: [CheckIn] = []
    for habit in events.keys.sorted() {
      for (day, held) in (events[habit] ?? [:]).sorted(by: { $0.key < $1.key }) {
        guard let latest = held.map(\.stamp).max()?.instant else { continue }
        switch DayReplay.state(of: held) {
        case .open: continue
        case .done(let amount, let note):
          checkIns.append(
            CheckIn(
              habitID: habit, day: day, kind: .done, value: amount.map { min($0, 999_999_999_999) },
              note: note, recordedAt: latest))
        case .skipped(let note):
          checkIns.append(
            CheckIn(habitID: habit, day: day, kind: .skip, note: note, recordedAt: latest))
        }
      }
    }
    return checkIns
  }

  /// What this device holds of a habit's day, and what its agent said last: for a failure's report.
  func diagnosis(habit: String, day: CivilDate) -> String {
    let held = (events[habit]?[day] ?? []).map {
      "  event \($0.change) stamped \($0.stamp)"
    }
    let row = ((try? store.checkIns(habitID: habit)) ?? []).filter { $0.day == day }.map {
      "  check-in \($0)"
    }
    let log = harness.logs.messages.suffix(12).map { "  log: " + $0 }
    return (held + row + log).joined(separator: "\n")
  }

  private func refresh() {
    guard let listing = try? folder.list() else { return }
    for file in listing.files {
      let path = file.relativePath
      let (offset, lines) = read[path] ?? (0, 0)
      guard SimulatedFileSync.size(folder.path + "/" + path) > offset,
        let bytes = try? folder.read(file, from: offset)
      else { continue }
      let chunk = EventFileReader.read(
        bytes.bytes, file: path, of: file.device, offset: offset, lines: lines)
      read[path] = (chunk.consumed, chunk.lines)
      for event in chunk.events {
        events[event.habitID, default: [:]][event.day, default: []].append(event)
      }
    }
  }
}

/// What the person does on the command line.
enum SimulationCommand: String { case done, skip, undo }
