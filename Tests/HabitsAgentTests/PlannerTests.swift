// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The pure planner: which reminders are due at a moment, and when to look again.
@Suite("Reminder planner")
struct PlannerTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  static func planner(_ habits: [Habit], config: Config = Config()) -> ReminderPlanner {
    var config = config
    config.summary = nil
    return ReminderPlanner(habits: habits, config: config, zone: zone)
  }

  @Test("a reminder fires at its time, once logged it does not, and the next wake is the next one")
  func basics() throws {
    // Given a daily 09:00 reminder
    let planner = Self.planner([try makeHabit("tea", "daily at 9:00")])

    // When planning before, at and after it
    let before = planner.plan(now: Self.at("08:00"), snapshot: .init())
    let onTime = planner.plan(now: Self.at("09:00"), snapshot: .init())
    let logged = ReminderPlanner.Snapshot(logged: [.init(habitID: "tea", due: Self.at("09:00"))])
    let after = planner.plan(now: Self.at("09:00"), snapshot: logged)

    // Then
    #expect(before.firings.isEmpty)
    #expect(before.nextWake == Self.at("09:00"))
    #expect(onTime.firings.map(\.kind) == [.reminder])
    #expect(onTime.firings.first?.day == day("2026-01-15"))
    #expect(after.firings.isEmpty)
    #expect(after.nextWake == Self.at("09:00", "2026-01-16"))
  }

  @Test("a day done or skipped gets no reminder", arguments: [CheckIn.Kind.done, .skip])
  func doneOrSkipped(kind: CheckIn.Kind) throws {
    let planner = Self.planner([try makeHabit("tea", "daily at 9:00")])
    let checkIn = CheckIn(
      habitID: "tea", day: day("2026-01-15"), kind: kind, value: nil, note: nil,
      recordedAt: Self.at("08:00"))
    let plan = planner.plan(now: Self.at("09:00"), snapshot: .init(checkIns: ["tea": [checkIn]]))
    #expect(plan.firings.isEmpty)
  }

  @Test("a habit reminded after its slot came (as before a zone change) gets no catch-up for it")
  func remindedSinceNoCatchUp() throws {
    // Given a 09:00 reminder in London that was shown at 14:00Z (09:00 in New York)
    let planner = ReminderPlanner(
      habits: [try makeHabit("walk", "daily at 9:00")], config: Config(), zone: Zones.london)
    let snapshot = ReminderPlanner.Snapshot(
      logged: [.init(habitID: "walk", due: instant("2026-01-15T14:00Z"))],
      lastFired: ["walk": instant("2026-01-15T14:00Z")])

    // When London plans at 15:00Z, with its own 09:00 (09:00Z) passed and not logged
    let plan = planner.plan(now: instant("2026-01-15T15:00Z"), snapshot: snapshot)

    // Then it is not caught up
    #expect(plan.firings.isEmpty)
    // but without that reminder it would be
    let fresh = planner.plan(now: instant("2026-01-15T15:00Z"), snapshot: .init())
    #expect(fresh.firings.map(\.kind) == [.catchUp])
  }

  @Test("the weekly summary waits for the end of the quiet hours")
  func summaryRespectsQuietHours() throws {
    // Given a summary at 23:00 on Sundays and quiet hours from 22:30 to 23:30
    var config = Config()
    config.summary = try Schedule.parse("every sunday at 23:00", start: nil)
    config.quietHours = Config.QuietHours(
      start: TimeOfDay(hour: 22, minute: 30), end: TimeOfDay(hour: 23, minute: 30))
    let planner = ReminderPlanner(habits: [], config: config, zone: Self.zone)

    // When planning at 23:00 and 23:30 on Sunday 18 January
    let atEleven = planner.plan(now: Self.at("23:00", "2026-01-18"), snapshot: .init())
    let atHalfPast = planner.plan(now: Self.at("23:30", "2026-01-18"), snapshot: .init())

    // Then it is held at 23:00 and shown at 23:30, for the 23:00 slot
    #expect(atEleven.firings.isEmpty)
    #expect(atEleven.nextWake == Self.at("23:30", "2026-01-18"))
    #expect(atHalfPast.firings.map(\.kind) == [.summary])
    #expect(atHalfPast.firings.first?.due == Self.at("23:00", "2026-01-18"))
  }

  // MARK: Properties

  /// SplitMix64: small, seeded, the same on every run.
  struct Random: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static func time(_ random: inout Random) -> String {
    let hour = Int.random(in: 0..<24, using: &random)
    let minute = [0, 15, 30, 45, 59].randomElement(using: &random) ?? 0
    return "\(hour):\(minute < 10 ? "0" : "")\(minute)"
  }

  static func randomPlanner(_ random: inout Random) throws -> ReminderPlanner {
    var habits: [Habit] = []
    for index in 0..<Int.random(in: 1...5, using: &random) {
      let when: String
      switch Int.random(in: 0..<5, using: &random) {
      case 0: when = "daily at \(time(&random))"
      case 1: when = "daily at \(time(&random)), \(time(&random))"
      case 2: when = "weekdays at \(time(&random))"
      case 3: when = "every sunday at \(time(&random))"
      default: when = "every 2 hours from 9:00 to 17:00"
      }
      var nudge: Nudge?
      if Bool.random(using: &random) {
        nudge = Nudge(
          repeatEvery: [300, 900, 1800, 3600, 7200].randomElement(using: &random) ?? 1800,
          until: Bool.random(using: &random)
            ? TimeOfDay(hour: Int.random(in: 0..<24, using: &random), minute: 0) : nil)
      }
      let target =
        Int.random(in: 0..<4, using: &random) == 0 ? Target(count: 2, period: .week) : nil
      habits.append(
        try makeHabit(
          "h\(index)", when, nudge: nudge, target: target,
          enabled: Int.random(in: 0..<6, using: &random) != 0))
    }
    var config = Config()
    if Bool.random(using: &random) {
      config.quietHours = Config.QuietHours(
        start: TimeOfDay(hour: Int.random(in: 20..<24, using: &random), minute: 30),
        end: TimeOfDay(hour: Int.random(in: 5..<9, using: &random), minute: 0))
    }
    config.catchUp = [.sameDay, .within(7200), .off].randomElement(using: &random) ?? .sameDay
    if Bool.random(using: &random) { config.dayStartsAt = TimeOfDay(hour: 4, minute: 0) }
    if Bool.random(using: &random) { config.summary = nil }
    let zone = Bool.random(using: &random) ? Zones.newYork : Zones.london
    return ReminderPlanner(habits: habits, config: config, zone: zone)
  }

  /// Days with a daylight-saving change in either zone, and ordinary ones.
  static let days = [
    "2026-03-08", "2026-03-29", "2026-10-25", "2026-11-01", "2026-01-15", "2026-06-21",
    "2026-12-31",
  ]

  static func randomNow(_ random: inout Random, zone: Zone) -> Instant {
    let date = days.randomElement(using: &random) ?? "2026-01-15"
    let start = instant(date + "T00:00", in: zone)
    return start.adding(seconds: Int.random(in: -86_400..<(2 * 86_400), using: &random))
  }

  static func randomSnapshot(
    _ random: inout Random, planner: ReminderPlanner, now: Instant
  ) -> ReminderPlanner.Snapshot {
    var snapshot = ReminderPlanner.Snapshot()
    let clock = planner.clock
    let today = clock.day(of: now)
    for habit in planner.habits {
      for slot in planner.slots(for: habit, around: now, snapshot: snapshot)
      where slot.at <= now && Int.random(in: 0..<3, using: &random) == 0 {
        snapshot.logged.insert(.init(habitID: habit.id, due: slot.due))
      }
      for offset in -3...0 where Int.random(in: 0..<4, using: &random) == 0 {
        let kind: CheckIn.Kind = Bool.random(using: &random) ? .done : .skip
        snapshot.checkIns[habit.id, default: []].append(
          CheckIn(
            habitID: habit.id, day: today.adding(days: offset), kind: kind, value: nil, note: nil,
            recordedAt: now))
      }
      if Int.random(in: 0..<5, using: &random) == 0 {
        let made = now.adding(seconds: -Int.random(in: 0..<7200, using: &random))
        snapshot.snoozes[habit.id] = (made.adding(seconds: 900), made)
      }
    }
    return snapshot
  }

  @Test(
    "plan(now:) never fires a habit twice, never for a day that is over, and wakes later than now")
  func planProperties() throws {
    var random = Random(state: 2026)
    for _ in 0..<400 {
      // Given any habits, config, zone, moment (around daylight-saving changes) and store
      let planner = try Self.randomPlanner(&random)
      let now = Self.randomNow(&random, zone: planner.zone)
      let snapshot = Self.randomSnapshot(&random, planner: planner, now: now)

      // When planning
      let plan = planner.plan(now: now, snapshot: snapshot)

      // Then at most one firing per habit (and one summary)
      let ids = plan.firings.map { $0.habitID ?? "" }
      #expect(Set(ids).count == ids.count, "\(plan.firings) at \(now)")
      // none already logged, none for a day that is over, none a disabled habit's
      let today = planner.clock.day(of: now)
      for firing in plan.firings {
        #expect(!snapshot.logged.contains(.init(habitID: firing.habitID, due: firing.due)))
        // (but the end of a snooze, which was asked for, about the day before)
        if let id = firing.habitID {
          let snoozeEnd = snapshot.snoozes[id]?.until == firing.due
          #expect(firing.day >= today || (snoozeEnd && firing.day == today.adding(days: -1)))
        }
        #expect(planner.habits.first { $0.id == firing.habitID }?.enabled ?? true)
        if planner.config.catchUp == .off { #expect(firing.kind != .catchUp) }
      }
      // and the next wake is strictly later than now
      if let next = plan.nextWake { #expect(next > now, "\(next) is not after \(now)") }
      // and there is one while any enabled habit has an occurrence that can fire
      let canFire = planner.habits.contains { habit in
        habit.enabled && planner.firstFiring(of: habit, from: now.adding(seconds: 1)) != nil
      }
      if canFire && snapshot.checkIns.isEmpty { #expect(plan.nextWake != nil) }
    }
  }

  @Test("woken at each nextWake, the planner fires every reminder on time, each once")
  func wakingAtNextWakeIsAlwaysOnTime() throws {
    var random = Random(state: 5545)
    for _ in 0..<30 {
      // Given any habits and config, from a moment with everything before it already fired
      let planner = try Self.randomPlanner(&random)
      let start = Self.randomNow(&random, zone: planner.zone)
      var now = start
      var snapshot = ReminderPlanner.Snapshot()
      var fired: Set<ReminderPlanner.LoggedKey> = []
      var firedCount = 0
      let end = now.adding(seconds: 2 * 86_400)
      var first = true
      var wakes = 0

      // When it is woken exactly at each nextWake for two days, and everything it fires is logged
      while now < end {
        let plan = planner.plan(now: now, snapshot: snapshot)
        for firing in plan.firings {
          let key = ReminderPlanner.LoggedKey(habitID: firing.habitID, due: firing.due)
          snapshot.logged.insert(key)
          snapshot.lastFired[firing.habitID ?? ""] = now
          fired.insert(key)
          firedCount += 1
          // Then after the first look, nothing is ever late
          if !first { #expect(firing.kind != .catchUp, "\(firing) at \(now)") }
        }
        first = false
        guard let next = plan.nextWake else { break }
        #expect(next > now)
        now = next
        wakes += 1
      }

      // Then no reminder fired twice, and without quiet hours to merge slots, every
      // occurrence after the first look fired, at its own due instant
      #expect(fired.count == firedCount)
      if planner.config.quietHours == nil {
        for habit in planner.habits where habit.enabled {
          var occurrences = habit.schedule.occurrences(
            from: start.adding(seconds: 1), in: planner.zone)
          while let due = occurrences.next(), due < end {
            #expect(fired.contains(.init(habitID: habit.id, due: due)), "\(habit.id) at \(due)")
          }
        }
      }
      // and it woke no more than a few times a fired reminder
      #expect(wakes <= 3 * firedCount + 12, "\(wakes) wakes for \(firedCount) reminders")
    }
  }
}
