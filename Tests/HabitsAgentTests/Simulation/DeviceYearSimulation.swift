// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsSystem
import HabitsTestSupport
import Recurrence

@testable import HabitsAgent

/// A year of one person with two or three computers that share a sync
/// folder through a slow, unreliable file-sync tool (`SimulatedFileSync`):
/// each device runs the real `AgentRunner` and store over real files, on its
/// own skewed clock, and the person uses whichever is at hand. Checked:
///
/// 1. after every healing (every byte delivered, every device through a
///    pass) all devices hold the same check-ins, and the same as a store
///    that rebuilds the history from the folder alone;
/// 2. no device shows a popup for a habit's day that the events in its own
///    copy of the folder, at that moment, say is done;
/// 3. after every pass, no popup its agent holds on screen is about a
///    habit's day those events say is settled: it was withdrawn;
/// 4. after every healing, each device's notes hold what was typed, by the
///    simulation's own account and not the replay's: a note's lines are
///    notes typed for that habit and day, none twice, and on a day never
///    undone, every note a command put into any device's database;
/// 5. and enough happened that none could pass for want of trying.
///
/// Every choice is the seed's: the store draws device and event ids at
/// random, but nothing the simulation does depends on them, and two runs of
/// a seed give the same figures.
final class DeviceYearSimulation: @unchecked Sendable {
  struct Report {
    var seed: UInt64
    var deviceDays: Int
    var line: String
    var failures: [String]
  }

  static let habits: [(String, String)] = [
    (
      "tea",
      "title = \"Tea\"\nwhen = \"daily at 8:30\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"10:00\"\n"
    ),
    (
      "water",
      "title = \"Water\"\nwhen = \"daily at 12:00\"\ngoal = \"at least 8 glasses\"\n[nudge]\nrepeat = \"1h\"\nuntil = \"15:00\"\n"
    ),
    ("walk", "title = \"Walk\"\nwhen = \"weekdays at 18:00\"\n"),
    ("stretch", "title = \"Stretch\"\nwhen = \"daily at 8:40\"\n"),
    (
      "read",
      "title = \"Read\"\nwhen = \"daily at 21:30\"\n[nudge]\nrepeat = \"20m\"\nuntil = \"23:00\"\n"
    ),
  ]
  /// The hour and minute of each habit's reminder, for the person's plans.
  static let times: [String: Int] = [
    "tea": 8 * 60 + 30, "stretch": 8 * 60 + 40, "water": 12 * 60, "walk": 18 * 60,
    "read": 21 * 60 + 30,
  ]

  enum Event {
    /// The person's plans for the next day.
    case plan
    case command(
      device: Int, SimulationCommand, habit: String, daysBack: Int, value: Double?, note: String?)
    /// Done pressed on the `shown`-th popup of the device's running agent.
    case press(device: Int, shown: Int, agent: Int)
    case heal
    case off(device: Int, days: Int)
    case on(device: Int)
    case partition(device: Int, seconds: Int)
  }

  let seed: UInt64
  private var rng: SimulationRandom
  let zone: Zone
  let start: Instant
  let end: Instant
  let root: String
  private(set) var devices: [SimulatedDevice] = []
  private(set) var transport: SimulatedFileSync!
  private var pending: [(at: Instant, order: Int, event: Event)] = []
  private var order = 0
  private var now: Instant
  /// Each device's agents started, so that a press reaches only the agent that showed the popup.
  private var agents: [Int]
  private(set) var failures: [String] = []
  private(set) var counts: [String: Int] = [:]
  /// CPU time spent checking (the folder's replays, the comparisons and rebuilds), not simulating.
  private(set) var checkingCPU = 0.0
  /// Whether a command carries a note, and the notes written on apart: a
  /// generator of their own, so that they leave the seed's other choices
  /// of plans as they were.
  private var noteRng: SimulationRandom
  /// Notes handed out to commands: the next is "n\(notesDrawn + 1)", each once in a run.
  private var notesDrawn = 0
  /// For each habit's day, the notes typed for it on any device, and which
  /// device's database each went into (the command's result said the day
  /// changed with it); and the days an undo was typed for, anywhere.
  private var notesTyped: [NoteSlot: Set<String>] = [:]
  private var notesKept: [NoteSlot: [String: Set<Int>]] = [:]
  private var undone = Set<NoteSlot>()
  /// Notes added to a note a device's day held: by which device, onto which lines.
  private var notesAdded: [NoteSlot: [(device: Int, onto: Set<String>, note: String)]] = [:]

  struct NoteSlot: Hashable {
    var habit: String
    var day: CivilDate
  }

  init(seed: UInt64, devices count: Int, days: Int) throws {
    self.seed = seed
    rng = SimulationRandom(seed: seed ^ 0xD1CE_5EED_0000_0000)
    noteRng = SimulationRandom(seed: seed ^ 0x0207_E5ED_0000_0000)
    zone = rng.pick([Zones.london, Zones.newYork, Zones.sydney])
    let first = CivilDate(year: 2026, month: 1, day: 1).adding(days: rng.int(0...300))
    start = DayClock(zone: zone).start(of: first)
    end = start.adding(seconds: days * 86_400)
    now = start
    root =
      (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NSTemporaryDirectory())
      + "/habits-devices-\(seed)-\(UUID().uuidString)"
    agents = Array(repeating: 0, count: count)
    for index in 0..<count {
      let skew = index == 0 ? 0 : rng.int(-3 * 3_600...3 * 3_600)
      let device = try SimulatedDevice(
        index: index, root: root + "/device-\(index)", zone: zone, start: start, skew: skew,
        habits: Self.habits, onShow: { [unowned self] device, shown in self.shown(device, shown) })
      devices.append(device)
    }
    transport = SimulatedFileSync(
      roots: devices.map(\.folder.path), devices: devices.map(\.device))
    schedule(.plan, at: start)
    var healAt = start
    while true {
      healAt = healAt.adding(seconds: rng.int(7...21) * 86_400 + rng.int(0...86_399))
      guard healAt < end else { break }
      schedule(.heal, at: healAt)
    }
    schedule(.heal, at: end)
    // One device is off for a week, once; each is cut off for hours to days, a few times.
    let offAt = start.adding(
      seconds: rng.int(10...max(11, days - 20)) * 86_400 + rng.int(0...86_399))
    schedule(.off(device: rng.int(0...(count - 1)), days: 7), at: offAt)
    for index in 0..<count {
      for _ in 0..<max(1, days / 60) {
        schedule(
          .partition(device: index, seconds: rng.logUniform(3_600, 4 * 86_400)),
          at: start.adding(seconds: rng.int(0...(days * 86_400 - 1))))
      }
    }
  }

  func remove() { try? FileManager.default.removeItem(atPath: root) }

  private func schedule(_ event: Event, at: Instant) {
    order += 1
    let index = pending.firstIndex { ($0.at, $0.order) > (at, order) } ?? pending.count
    pending.insert((at, order, event), at: index)
  }

  func count(_ what: String, _ by: Int = 1) { counts[what, default: 0] += by }

  func fail(_ what: String) {
    if failures.count < 20 { failures.append("\(Self.stamp(now, zone)): \(what)") }
  }

  static func stamp(_ instant: Instant, _ zone: Zone) -> String {
    DateTimeFormat.withOffset(instant, in: zone)
  }

  // MARK: The run

  /// Lives through the days: the next of the person's doings, the sync
  /// tool's arrivals and the agents' wakes, one at a time, in time order.
  func live() {
    for device in devices {
      device.startAgent()
      agents[device.index] += 1
      device.pass(at: now, [])
      transport.noticeGrowth(of: device.index, at: now, rng: &rng)
    }
    while failures.isEmpty {
      let event = pending.first?.at
      let arrival = transport.nextArrival
      let wake = devices.compactMap { device in device.nextWake.map { ($0, device.index) } }
        .min { ($0.0, $0.1) < ($1.0, $1.1) }
      let next = [event, arrival, wake?.0].compactMap { $0 }.min()
      guard let next, next <= end else { break }
      now = max(now, next)
      if let arrival, arrival == next {
        if let receiver = transport.deliverNext(now: now, rng: &rng) {
          passAndSend(receiver, [.storeChanged])
        }
      } else if let wake, wake.0 == next {
        passAndSend(wake.1, [.timer])
      } else {
        let (_, _, event) = pending.removeFirst()
        perform(event)
      }
    }
  }

  /// A pass of `device`'s agent, then what it wrote on its way.
  private func passAndSend(_ device: Int, _ reasons: Set<WakeReason>) {
    devices[device].pass(at: now, reasons)
    count("agent passes")
    checkWithdrawn(devices[device])
    transport.noticeGrowth(of: device, at: now, rng: &rng)
  }

  private func perform(_ event: Event) {
    switch event {
    case .plan:
      planDay()
      schedule(.plan, at: now.adding(seconds: 86_400))
    case .command(let index, let action, let habit, let daysBack, let value, let note):
      let device = devices[index]
      guard device.isRunning else { return }
      let day = device.today(at: now, zone: zone).adding(days: -daysBack)
      let slot = NoteSlot(habit: habit, day: day)
      if let note {
        notesTyped[slot, default: []].insert(note)
        count("notes typed")
      }
      if action == .undo { undone.insert(slot) }
      do {
        let (kept, before) = try device.command(
          action, habit: habit, day: day, value: value, note: note, at: now)
        count("commands: \(action.rawValue)")
        if let note, kept {
          notesKept[slot, default: [:]][note, default: []].insert(index)
          count("notes kept")
          if let before { added(note, onto: before, on: index, slot) }
        }
      } catch {
        fail("device \(index): habits \(action.rawValue) \(habit) failed: \(error)")
      }
      transport.noticeGrowth(of: index, at: now, rng: &rng)
      passAndSend(index, [.storeChanged])
    case .press(let index, let shown, let agent):
      let device = devices[index]
      guard device.isRunning, agents[index] == agent, shown < device.notifier.shown.count else {
        return
      }
      let popup = device.notifier.shown[shown]
      // Not on a popup the agent has closed since, nor on one shown again since.
      if device.notifier.closed.contains(where: {
        $0.key == popup.notification.key && $0.at >= popup.at
      }) {
        return
      }
      if device.notifier.shown[(shown + 1)...].contains(where: {
        $0.notification.key == popup.notification.key
      }) {
        return
      }
      if let habit = popup.notification.habitID, popup.notification.actions.contains(.done) {
        device.notifier.press(.done, on: popup.notification)
        count("Done pressed on \(habit)")
      } else if let first = popup.notification.gathered.first(where: \.offersDone) {
        device.notifier.pressDone(first.habitID, on: popup.notification)
        count("Done pressed on a gathered popup")
      } else {
        return
      }
      if rng.chance(0.5), transport.deliverSoon(to: index, now: now, within: 3_600) {
        count("presses together with an arrival")
        passAndSend(index, [.poked, .storeChanged])
      } else {
        passAndSend(index, [.poked])
      }
    case .heal:
      heal()
      // Now and then a clock is set anew, back or forwards by up to three hours.
      if rng.chance(0.3) {
        let index = rng.int(0...(devices.count - 1))
        devices[index].stepClock(skew: rng.int(-3 * 3_600...3 * 3_600), at: now)
        transport.noticeGrowth(of: index, at: now, rng: &rng)
        count("clocks stepped")
      }
    case .off(let index, let days):
      let back = now.adding(seconds: days * 86_400)
      devices[index].stopAgent()
      transport.unreachableUntil[index] = back
      count("devices off for a week")
      schedule(.on(device: index), at: back)
    case .on(let index):
      devices[index].startAgent()
      agents[index] += 1
      passAndSend(index, [])
    case .partition(let index, let seconds):
      guard devices[index].isRunning else { return }
      let until = now.adding(seconds: seconds)
      transport.unreachableUntil[index] = max(transport.unreachableUntil[index] ?? now, until)
      count("partitions")
    }
  }

  /// The person's day: each habit done on one device or another, before or
  /// after its reminder, sometimes in two amounts on two devices, sometimes
  /// skipped, undone, or done for yesterday.
  private func planDay() {
    let running = devices.filter(\.isRunning).map(\.index)
    guard !running.isEmpty else { return }
    let midnight = now
    for (habit, _) in Self.habits {
      let minute = Self.times[habit] ?? 720
      func at(_ offset: Int) -> Instant {
        midnight.adding(
          seconds: max(0, min(86_399 - 3_600, (minute + offset) * 60)) + rng.int(0...59))
      }
      let roll = rng.int(0...99)
      let device = rng.pick(running)
      let when = rng.chance(0.4) ? at(-rng.int(5...180)) : at(rng.int(0...150))
      if roll < 70 {
        let value: Double? = habit == "water" ? Double(rng.int(2...6)) : nil
        // Now and then the water's note is written on, hours later, on this
        // device and another within minutes: each adds to the note it holds,
        // before the other's has arrived.
        let apart = habit == "water" && running.count > 1 && noteRng.chance(0.1)
        schedule(
          .command(
            device: device, .done, habit: habit, daysBack: 0, value: value,
            note: apart ? newNote() : maybeNote()),
          at: when)
        if apart {
          let later = when.adding(seconds: noteRng.int(3 * 3_600...6 * 3_600))
          let other = noteRng.pick(running.filter { $0 != device })
          for (index, by) in [device, other].enumerated() {
            schedule(
              .command(
                device: by, .done, habit: habit, daysBack: 0, value: Double(noteRng.int(1...3)),
                note: newNote()),
              at: later.adding(seconds: index * noteRng.int(60...900)))
          }
        }
        if habit == "water" && rng.chance(0.5) {
          schedule(
            .command(
              device: rng.pick(running), .done, habit: habit, daysBack: 0,
              value: Double(rng.int(2...5)), note: maybeNote()),
            at: when.adding(seconds: rng.int(60...7_200)))
        }
        if rng.chance(0.08) {
          schedule(
            .command(
              device: rng.pick(running), .undo, habit: habit, daysBack: 0, value: nil, note: nil),
            at: when.adding(seconds: rng.int(60...3 * 3_600)))
        }
      } else if roll < 78 {
        schedule(
          .command(device: device, .skip, habit: habit, daysBack: 0, value: nil, note: maybeNote()),
          at: when)
      } else if roll < 83 {
        schedule(
          .command(
            device: device, .done, habit: habit, daysBack: 1, value: nil, note: maybeNote()),
          at: midnight.adding(seconds: rng.int(7 * 3_600...11 * 3_600)))
      }
    }
  }

  /// A note for one command in three that can carry one: a token no other
  /// command of the run types, so that each line of a note says which
  /// command it came from.
  private func maybeNote() -> String? {
    noteRng.chance(1.0 / 3) ? newNote() : nil
  }

  private func newNote() -> String {
    notesDrawn += 1
    return "n\(notesDrawn)"
  }

  /// Keeps a note added on `device` to the note `before` its day held,
  /// and counts those added apart onto the same line: another device added
  /// its note to a note holding a line this one holds too, and this device
  /// had not had it. A replay that joins whole notes doubles that line.
  private func added(_ note: String, onto before: String, on device: Int, _ slot: NoteSlot) {
    let onto = Set(before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    for other in notesAdded[slot] ?? []
    where other.device != device && !onto.contains(other.note) && !onto.isDisjoint(with: other.onto)
    {
      count("notes added apart onto one line")
    }
    notesAdded[slot, default: []].append((device, onto, note))
  }

  // MARK: The checks

  /// Check 2, at each popup: none for a habit's day its device's folder says is settled.
  private func shown(_ device: SimulatedDevice, _ shown: RecordingNotifier.Shown) {
    count("popups shown")
    if rng.chance(0.4) {
      schedule(
        .press(
          device: device.index, shown: device.notifier.shown.count - 1, agent: agents[device.index]),
        at: now.adding(seconds: rng.int(60...1_200)))
    }
    let cpu = YearSimulation.threadCPUSeconds()
    defer { checkingCPU += YearSimulation.threadCPUSeconds() - cpu }
    let notification = shown.notification
    var slots: [(String, CivilDate)] = notification.gathered.map { ($0.habitID, $0.day) }
    if slots.isEmpty, let habit = notification.habitID { slots = [(habit, notification.day)] }
    for (habit, day) in slots {
      count("popups checked")
      if Self.isSettled(device.folderState(habit: habit, day: day), habit: habit) {
        fail(
          "device \(device.index) showed \(habit) for \(day) at \(Self.stamp(shown.at, zone)) "
            + "(its clock), though the events it holds say that day is settled\n"
            + device.diagnosis(habit: habit, day: day))
      } else if devices.contains(where: {
        $0.index != device.index
          && Self.isSettled($0.folderState(habit: habit, day: day), habit: habit)
      }) {
        // Done on another device, its event not here yet: right to show, and the check's near miss.
        count("popups for a day settled elsewhere, not yet arrived")
      }
    }
  }

  /// Whether `state` needs no reminder: skipped, or done (for water, to its goal of 8 glasses).
  static func isSettled(_ state: DayState, habit: String) -> Bool {
    switch state {
    case .open: return false
    case .skipped: return true
    case .done(let amount, _): return habit != "water" || (amount ?? 0) >= 8
    }
  }

  /// Check 3, after each pass: what the agent holds on screen is not settled
  /// by the events its device holds (the gathered popup: not all of it).
  private func checkWithdrawn(_ device: SimulatedDevice) {
    let (popups, gathered) = device.onScreen
    guard !popups.isEmpty || !gathered.isEmpty else { return }
    let cpu = YearSimulation.threadCPUSeconds()
    defer { checkingCPU += YearSimulation.threadCPUSeconds() - cpu }
    func settled(_ slot: (habit: String, day: CivilDate)) -> Bool {
      Self.isSettled(device.folderState(habit: slot.habit, day: slot.day), habit: slot.habit)
    }
    for slot in popups where settled(slot) {
      fail(
        "device \(device.index) keeps the popup of \(slot.habit) for \(slot.day) up after a pass, "
          + "though the events it holds say that day is settled\n"
          + device.diagnosis(habit: slot.habit, day: slot.day))
    }
    if !gathered.isEmpty && gathered.allSatisfy(settled) {
      fail(
        "device \(device.index) keeps the gathered popup of "
          + "\(gathered.map(\.habit).joined(separator: ", ")) up after a pass, though the events "
          + "it holds say every habit of it is settled")
    }
  }

  /// Check 1: every byte to every device, every device through a pass,
  /// until nothing more moves; then one history everywhere, and the folder's.
  private func heal() {
    if let off = devices.indices.first(where: { !devices[$0].isRunning }) {
      // Not while a device is off: once it is back.
      schedule(.heal, at: (transport.unreachableUntil[off] ?? now).adding(seconds: 3_600))
      return
    }
    for index in devices.indices { transport.unreachableUntil[index] = nil }
    var rounds = 0
    repeat {
      transport.deliverEverything()
      for device in devices { passAndSend(device.index, [.storeChanged]) }
      rounds += 1
    } while transport.outstanding && rounds < 5
    transport.deliverEverything()
    count("healings")
    let cpu = YearSimulation.threadCPUSeconds()
    defer { checkingCPU += YearSimulation.threadCPUSeconds() - cpu }
    do {
      let histories = try devices.map { try $0.store.checkIns() }
      for (index, history) in histories.enumerated() where history != histories[0] {
        fail(
          "after healing, device \(index) holds \(history.count) check-ins and device 0 "
            + "\(histories[0].count); first difference: \(Self.difference(histories[0], history))")
      }
      count("check-ins compared", histories[0].count * devices.count)
      for (index, history) in histories.enumerated() { checkNotes(device: index, history) }
      let replayed = devices[0].replayedCheckIns()
      let stored = histories[0].sorted { ($0.habitID, $0.day) < ($1.habitID, $1.day) }
      if replayed != stored {
        fail(
          "after healing, a replay of the folder's events gives \(replayed.count) check-ins and "
            + "the devices \(histories[0].count); first difference: "
            + Self.difference(replayed, stored))
      }
      // The store's own rebuild from the folder, at every fourth healing and the last.
      let healings = counts["healings"] ?? 0
      guard healings % 4 == 1 || now >= end else { return }
      count("rebuilds compared")
      let rebuilt = try rebuild()
      if rebuilt != histories[0] {
        fail(
          "after healing, a rebuild from the folder holds \(rebuilt.count) check-ins and the "
            + "devices \(histories[0].count); first difference: \(Self.difference(rebuilt, histories[0]))"
        )
      }
    } catch {
      fail("cannot compare the devices after healing: \(error)")
    }
  }

  /// Check 4, after each healing: `device`'s notes against what the
  /// simulation saw typed and kept, without the replay's help.
  private func checkNotes(device: Int, _ history: [CheckIn]) {
    var rows: [NoteSlot: CheckIn] = [:]
    for checkIn in history { rows[NoteSlot(habit: checkIn.habitID, day: checkIn.day)] = checkIn }
    func expected(_ slot: NoteSlot) -> String {
      let kept = (notesKept[slot] ?? [:]).sorted { $0.key < $1.key }.map {
        "\($0.key) (into device \($0.value.sorted().map(String.init).joined(separator: ", ")))"
      }
      return "typed for it: \((notesTyped[slot] ?? []).sorted()); kept: \(kept)"
        + (undone.contains(slot) ? "; an undo was typed for it" : "; never undone")
    }
    for checkIn in history {
      guard let note = checkIn.note else { continue }
      let slot = NoteSlot(habit: checkIn.habitID, day: checkIn.day)
      count("notes checked")
      let lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      if lines.count > 1 { count("notes of several lines checked") }
      let typed = notesTyped[slot] ?? []
      if let stray = lines.first(where: { !typed.contains($0) }) {
        fail(
          "after healing, device \(device) holds the note \(String(reflecting: note)) for "
            + "\(slot.habit) on \(slot.day), whose line \(String(reflecting: stray)) was never typed "
            + "for that day; \(expected(slot))\n"
            + devices[device].diagnosis(habit: slot.habit, day: slot.day))
      } else if Set(lines).count != lines.count {
        fail(
          "after healing, device \(device) holds the note \(String(reflecting: note)) for "
            + "\(slot.habit) on \(slot.day), with a line twice; \(expected(slot))\n"
            + devices[device].diagnosis(habit: slot.habit, day: slot.day))
      }
    }
    for (slot, kept) in notesKept.sorted(by: {
      ($0.key.habit, $0.key.day) < ($1.key.habit, $1.key.day)
    })
    where !undone.contains(slot) {
      guard let checkIn = rows[slot] else {
        fail(
          "after healing, device \(device) holds no check-in for \(slot.habit) on \(slot.day), "
            + "never undone; \(expected(slot))\n"
            + devices[device].diagnosis(habit: slot.habit, day: slot.day))
        continue
      }
      let lines = Set(
        (checkIn.note ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(
          String.init))
      if Set(kept.keys).isSubset(of: lines) {
        if Set(kept.values.joined()).count > 1 { count("notes kept on several devices checked") }
        continue
      }
      fail(
        "after healing, device \(device) holds the note \(String(reflecting: checkIn.note)) for "
          + "\(slot.habit) on \(slot.day), never undone, without "
          + "\(kept.keys.filter { !lines.contains($0) }.sorted()); \(expected(slot))\n"
          + devices[device].diagnosis(habit: slot.habit, day: slot.day))
    }
  }

  /// The history a new device builds from the folder alone (a copy of it).
  private func rebuild() throws -> [CheckIn] {
    let copy = root + "/rebuild"
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: devices[0].folder.path, toPath: copy + "/sync")
    let store = try HabitStore(path: copy + "/habits.db")
    let folder = SyncFolder(path: copy + "/sync")
    _ = try store.joinSync(folder: folder, name: "rebuild", at: now)
    try store.rebuildFromSync(folder: folder, at: now)
    return try store.checkIns()
  }

  static func difference(_ a: [CheckIn], _ b: [CheckIn]) -> String {
    for (x, y) in zip(a, b) where x != y { return "\(x) against \(y)" }
    return a.count > b.count
      ? "\(a[b.count]) only in the first" : "\(b[a.count]) only in the second"
  }

  /// Check 5: what must have happened for the checks to mean something.
  func vacuity() -> [String] {
    var missing: [String] = []
    if transport.tornPieces == 0 { missing.append("no piece ended in a torn line") }
    if transport.outOfOrder == 0 { missing.append("no piece arrived out of order") }
    if transport.heldBack == 0 {
      missing.append("no piece waited for a partition or a device to come back")
    }
    if (counts["healings"] ?? 0) < 2 { missing.append("fewer than two healings") }
    if (counts["devices off for a week"] ?? 0) == 0 { missing.append("no device was off") }
    if (counts["popups checked"] ?? 0) < 100 { missing.append("fewer than 100 popups checked") }
    if (counts["popups for a day settled elsewhere, not yet arrived"] ?? 0) == 0 {
      missing.append("no popup came for a day settled elsewhere before its event arrived")
    }
    if (counts["check-ins compared"] ?? 0) == 0 { missing.append("no check-ins compared") }
    if (counts["notes kept"] ?? 0) < 100 { missing.append("fewer than 100 notes kept") }
    if (counts["notes of several lines checked"] ?? 0) == 0 {
      missing.append("no note of several lines was checked")
    }
    if (counts["notes kept on several devices checked"] ?? 0) == 0 {
      missing.append("no day's note held notes kept on two devices")
    }
    if (counts["notes added apart onto one line"] ?? 0) == 0 {
      missing.append("no two devices added notes apart to notes sharing a line")
    }
    if (counts["rebuilds compared"] ?? 0) < 2 { missing.append("fewer than two rebuilds compared") }
    if devices.allSatisfy({ $0.popupsWithdrawn == 0 }) { missing.append("no popup was withdrawn") }
    if (counts["presses together with an arrival"] ?? 0) == 0 {
      missing.append("no press came in the same wake as an arrival")
    }
    if (counts["Done pressed on a gathered popup"] ?? 0) == 0 {
      missing.append("no Done was pressed on a gathered popup")
    }
    return missing
  }

  func statistics() -> String {
    let transportLine =
      "\(transport.piecesDelivered) pieces (\(transport.bytesDelivered) bytes, \(transport.tornPieces) torn, "
      + "\(transport.outOfOrder) out of order, \(transport.heldBack) held back, longest delay "
      + "\(transport.longestDelay / 3_600) h)"
    let withdrawn = devices.map(\.popupsWithdrawn).reduce(0, +)
    let skews = devices.map { "\($0.skew / 60) min" }.joined(separator: ", ")
    return
      "\(devices.count) devices in \(zone), clocks off by \(skews) at the end; \(transportLine); \(withdrawn) popups closed by the agents; "
      + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
  }
}
