// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// A year in a minute: the real `AgentRunner`, with only the clock, the
/// zone, the notifier, the wake source and time itself simulated, lives
/// through a year of a person's life, and after every step the promises are
/// checked against an oracle that never asks the planner.
///
/// `HABITS_SIM_SEEDS=N` runs N seeds (default 4) from `HABITS_SIM_SEED`
/// (default 1); `HABITS_SIM_DAYS` shortens or lengthens the year. In CI
/// (`CI=true`), unless a seed is given, one fresh random seed runs too, so
/// each run looks at a year no run saw before; it is printed, and
/// `HABITS_SIM_FRESH=0` leaves it out (`=1` adds it outside CI).
@Suite("A simulated year")
struct YearSimulationTests {
  static let environment = ProcessInfo.processInfo.environment
  static let firstSeed = environment["HABITS_SIM_SEED"].flatMap(UInt64.init) ?? 1
  static let seedCount = environment["HABITS_SIM_SEEDS"].flatMap(Int.init) ?? 4
  static let days = environment["HABITS_SIM_DAYS"].flatMap(Int.init) ?? 365
  /// A seed no fixed run uses, drawn anew for this run, when one is wanted.
  static let freshSeed: UInt64? = {
    let wanted =
      environment["HABITS_SIM_FRESH"].map { $0 == "1" }
      ?? (environment["CI"] == "true" && environment["HABITS_SIM_SEED"] == nil)
    return wanted ? UInt64.random(in: 1_000_000...UInt64(UInt32.max)) : nil
  }()

  @Test("YearSimulation: every promise holds through a simulated year, for several seeds")
  func simulatedYear() throws {
    let fixed = (0..<UInt64(max(1, Self.seedCount))).map { Self.firstSeed + $0 }
    let seeds = fixed + (Self.freshSeed.map { fixed.contains($0) ? [] : [$0] } ?? [])
    if let fresh = Self.freshSeed, seeds.count > fixed.count {
      print(
        "seed \(fresh) is fresh this run; replay it with HABITS_SIM_SEED=\(fresh) HABITS_SIM_SEEDS=1"
      )
    }
    let reports = Locked<[UInt64: YearSimulation.Report]>([:])
    let started = ContinuousClock.now
    // Side by side, a seed per core: each runs on its own clock, store and directory.
    DispatchQueue.concurrentPerform(iterations: seeds.count) { index in
      let seed = seeds[index]
      let report = YearSimulation.run(seed: seed, days: Self.days)
      reports.mutate { $0[seed] = report }
    }
    let elapsed = ContinuousClock.now - started
    let all = reports.value
    var simulatedDays = 0
    for seed in seeds {
      guard let report = all[seed] else { continue }
      simulatedDays += report.days
      print(report.line)
      if let failure = report.failure {
        Issue.record(Comment(rawValue: failure))
      }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      "simulated \(simulatedDays) days in \(String(format: "%.1f", seconds)) s "
        + "(\(seeds.count) seeds, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
  }
}

/// The configurations the simulated year draws, without living through it.
@Suite("The simulated year's configurations")
struct YearSimulationConfigTests {
  /// What kind of value each setting a config.toml holds has.
  struct Kinds: Hashable {
    var catchUp: SimulationConfig.CatchUpKind
    var quiet: SimulationConfig.QuietKind
    var summary: SimulationConfig.SummaryKind?
  }

  /// Reads `text` as the agent would, and tells the kind of each value.
  static func kinds(of text: String) throws -> Kinds {
    let directory = ScheduleDirectory()
    directory.config(text)
    let (config, problems) = ScheduleLoader.loadConfig(path: directory.configPath)
    guard problems.isEmpty else { throw HabitsError("\(text) has problems: \(problems)") }
    let catchUp: SimulationConfig.CatchUpKind
    switch config.catchUp {
    case .off: catchUp = .off
    case .sameDay: catchUp = .sameDay
    case .within: catchUp = .duration
    }
    let quiet: SimulationConfig.QuietKind
    if let hours = config.quietHours {
      quiet =
        hours.start > hours.end
        ? .overnight : hours.start < TimeOfDay(hour: 6, minute: 0) ? .afterMidnight : .daytime
    } else {
      quiet = .off
    }
    let summary: SimulationConfig.SummaryKind? = config.summary.flatMap {
      $0.next(from: instant("2026-03-01T12:00", in: Zones.newYork), in: Zones.newYork)
    }.map { Zones.newYork.local($0).date.weekday == .sunday ? .sunday : .otherDay }
    return Kinds(catchUp: catchUp, quiet: quiet, summary: summary)
  }

  @Test("seeds 1 to 4, the ones CI runs, between them try every kind of value and edit")
  func ciSeedsTryEveryKind() throws {
    var seen = Set<Kinds>()
    var targets = Set<String>()
    var edited = Set<SimulationConfig.Setting>()
    for seed in UInt64(1)...4 {
      let drawn = SimulationConfig(seed: seed, days: YearSimulationTests.days)
      var texts = [drawn.text]
      for index in drawn.edits.indices {
        texts.append(drawn.text(after: Array(drawn.edits[...index])))
      }
      let kinds = try texts.map(Self.kinds(of:))
      seen.formUnion(kinds)
      // Each edit changes the value of its setting to one of another kind.
      for (index, edit) in drawn.edits.enumerated() {
        let (before, after) = (kinds[index], kinds[index + 1])
        switch edit.setting {
        case .quietHours: #expect(before.quiet != after.quiet, "seed \(seed): \(edit)")
        case .catchUp: #expect(before.catchUp != after.catchUp, "seed \(seed): \(edit)")
        case .summary: #expect(before.summary != after.summary, "seed \(seed): \(edit)")
        }
        #expect(edit.after > 0 && edit.after < YearSimulationTests.days * 86_400)
        edited.insert(edit.setting)
      }
      #expect(!drawn.edits.isEmpty, "seed \(seed) never edits config.toml")
      let target = try #require(Target(parsing: drawn.target), "seed \(seed): \(drawn.target)")
      switch target.period {
      case .week: targets.insert("week")
      case .month: targets.insert("month")
      case .days: targets.insert("days")
      }
    }
    #expect(Set(seen.map(\.catchUp)) == Set(SimulationConfig.CatchUpKind.allCases))
    #expect(Set(seen.map(\.quiet)) == Set(SimulationConfig.QuietKind.allCases))
    #expect(Set(seen.compactMap(\.summary)) == Set(SimulationConfig.SummaryKind.allCases))
    #expect(targets == ["week", "month", "days"])
    #expect(edited == Set(SimulationConfig.Setting.allCases))
  }

  @Test("a seed's configuration is drawn from the seed alone, so a failure replays")
  func drawnFromTheSeed() {
    for seed in [UInt64(1), 7, 4_000_000_017] {
      #expect(
        "\(SimulationConfig(seed: seed, days: 365))" == "\(SimulationConfig(seed: seed, days: 365))"
      )
    }
  }
}

/// What the simulated year found, each pinned by a small test of its own.
@Suite("Found by the simulated year")
struct YearSimulationFindingsTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  @Test("a wake inside quiet hours catches nothing up there; a day that is over stays over")
  func noCatchUpInsideQuietHours() throws {
    // Given a 21:00 reminder, quiet hours 22:30-07:30 and catch_up = "same-day"
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("20:00"),
      config: "summary = \"off\"\nquiet_hours = \"22:30-07:30\"\ncatch_up = \"same-day\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 21:00\"\n")

    // When the laptop sleeps from 20:50 to 23:00
    let run = harness.run(
      until: Self.at("12:00", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("20:50"), [.clockChanged]) { harness.clock.set(Self.at("23:00")) }
      ])

    // Then nothing is shown at 23:00, nor at 07:30 (that day is over), and it does not wake at 07:30
    #expect(run.notifier.shown.isEmpty, "\(run.notifier.shown.times(in: Self.zone))")
    #expect(!run.wake.deadlines.contains(Self.at("07:30", "2026-01-16")))
  }

  @Test(
    "a catch-up due inside daytime quiet hours comes at their end, if catch_up still allows it",
    arguments: [("2h", true), ("1h", false)])
  func catchUpWaitsForQuietHoursToEnd(catchUp: String, shown: Bool) throws {
    // Given a 12:30 reminder and quiet hours 13:00-14:00
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("12:00"),
      config: "summary = \"off\"\nquiet_hours = \"13:00-14:00\"\ncatch_up = \"\(catchUp)\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 12:30\"\n")

    // When the laptop sleeps from 12:20 to 13:30
    let run = harness.run(
      until: Self.at("18:00"),
      events: [
        ScriptedEvent(at: Self.at("12:20"), [.clockChanged]) { harness.clock.set(Self.at("13:30")) }
      ])

    // Then the catch-up comes at 14:00 when 90 minutes late is allowed, and not at all otherwise
    #expect(run.notifier.shown.map(\.at) == (shown ? [Self.at("14:00")] : []))
    #expect(
      run.notifier.shown.allSatisfy { $0.notification.body == "(This came while you were away.)" })
  }

  @Test(
    "a reminder a dead agent logged just before quiet hours is shown when they end, not in them")
  func redeliveryWaitsForQuietHoursToEnd() throws {
    // Given a 12:59 reminder and quiet hours 13:00-14:00
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("12:00"),
      config: "summary = \"off\"\nquiet_hours = \"13:00-14:00\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 12:59\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)
    notifier.crashOnNextDelivery = true

    // When the agent dies between logging it and showing it, and starts again at 13:00:30
    harness.run(until: Self.at("13:00:30"), notifier: notifier)
    #expect(notifier.lostToCrash.count == 1)
    let next = harness.run(until: Self.at("18:00"))

    // Then it is shown once, at 14:00, about today
    #expect(next.notifier.shown.map(\.at) == [Self.at("14:00")])
    #expect(next.notifier.shown.map(\.notification.day) == [day("2026-01-15")])
    #expect(try harness.store.undeliveredReminders().isEmpty)
  }

  @Test("a snooze's end about yesterday, lost to a crash, is shown again about that day")
  func redeliveredSnoozeKeepsItsDay() throws {
    // Given a 23:50 reminder snoozed from its popup at 23:55, so that it comes back at 00:10
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("23:00"))
    harness.habit("journal", "title = \"Journal\"\nwhen = \"daily at 23:50\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When the agent dies between logging the 00:10 reminder and showing it, and starts again
    harness.run(
      until: Self.at("00:11", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("23:55")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.snooze, on: popup)
          notifier.crashOnNextDelivery = true
        }
      ], notifier: notifier)
    #expect(notifier.lostToCrash.map(\.notification.day) == [day("2026-01-15")])
    let next = harness.run(until: Self.at("01:00", "2026-01-16"))

    // Then the new agent shows it once, about Thursday, as the lost popup was
    #expect(next.notifier.shown.map(\.notification.day) == [day("2026-01-15")])
    #expect(next.notifier.shown.map(\.at) == [Self.at("00:11", "2026-01-16")])
  }
}
