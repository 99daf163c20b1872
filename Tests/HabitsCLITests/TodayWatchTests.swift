// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSystem
import Recurrence
import Testing

@testable import HabitsCLI

/// The watch's loop against a scripted wake source and a clock the test
/// moves: which instants it sleeps until, and which lines it prints.
@Suite struct TodayWatchTests {
  /// Answers each `wait` with the next step of a script, noting the deadline.
  final class ScriptedWake: WakeSource {
    var steps: [() -> Set<WakeReason>]
    var deadlines: [Instant?] = []

    init(_ steps: [() -> Set<WakeReason>]) { self.steps = steps }

    func wait(until deadline: Instant?) -> Set<WakeReason> {
      deadlines.append(deadline)
      return steps.isEmpty ? [.terminate] : steps.removeFirst()()
    }

    func poke() {}
  }

  /// A London saturday (GMT) whose day starts at 04:00, with gratitude at
  /// 21:00, dinner at 18:45 and quality time at 19:30.
  struct World {
    let fixture: CLIFixture
    var database: String { fixture.root + "/data/habits.sqlite3" }

    init() throws {
      fixture = try CLIFixture(now: "2026-11-21T17:05:00Z", zone: "Europe/London")
      try fixture.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
      try fixture.write("dinner.toml", "title = \"Dinner\"\nwhen = \"daily at 18:45\"\n")
      try fixture.write(
        "quality-time.toml", "title = \"Quality time\"\nwhen = \"every tue, thu, sat at 19:30\"\n")
      try Data("day_starts_at = \"04:00\"\n".utf8).write(
        to: URL(fileURLWithPath: fixture.root + "/config.toml"))
    }

    func locations() throws -> Locations {
      try Locations.resolve(
        schedulesFlag: fixture.schedules, databaseFlag: database, environment: [:], shipped: nil,
        exists: { FileManager.default.fileExists(atPath: $0) })
    }

    /// Records a check-in as `habits done` would, in its own connection.
    func done(_ habit: String, at now: Instant) throws {
      let command = try DoneCommand.parse([
        habit, "--schedules", fixture.schedules, "--db", database,
      ])
      let context = Context(
        now: now, zone: fixture.zone, environment: [:], shippedSchedules: nil, write: { _ in },
        writeError: { _ in })
      try command.run(context)
    }
  }

  static func instant(_ text: String) throws -> Instant {
    try #require(DateTimeFormat.instant(text, in: .utc))
  }

  /// The clock the test moves.
  final class TestClock {
    var now: Instant

    init(_ text: String) throws { now = try TodayWatchTests.instant(text) }

    /// A script step: the clock reaches `text` and the timer fires.
    func timer(at text: String) throws -> () -> Set<WakeReason> {
      let instant = try TodayWatchTests.instant(text)
      return {
        self.now = instant
        return [.timer]
      }
    }
  }

  @Test func itSleepsUntilEachReminderAndTheDaysEndAndPrintsOnlyChanges() throws {
    let world = try World()
    defer { world.fixture.remove() }
    let clock = try TestClock("2026-11-21T17:05:00Z")
    var lines: [String] = []
    var failure: (any Error)?
    let wake = ScriptedWake([
      // 18:45: dinner falls due
      try clock.timer(at: "2026-11-21T18:45:00Z"),
      // dinner is done in another process
      {
        do { try world.done("dinner", at: clock.now) } catch { failure = error }
        return [.storeChanged]
      },
      // a schedule event that changes nothing prints nothing
      { [.schedulesChanged] },
      // 19:30: quality time falls due
      try clock.timer(at: "2026-11-21T19:30:00Z"),
      // 21:00: gratitude falls due (the tooltip changes)
      try clock.timer(at: "2026-11-21T21:00:00Z"),
      // 04:00 on sunday: a new day
      try clock.timer(at: "2026-11-22T04:00:00Z"),
    ])
    let watch = TodayWatch(
      format: .plain, json: false, locations: try world.locations(), zone: world.fixture.zone,
      currentZone: nil, clock: { clock.now }, offset: 0, wake: wake,
      emit: {
        lines.append($0)
        return true
      }, writeError: { Issue.record("stderr: \($0)") })
    try watch.run()
    if let failure { throw failure }
    #expect(
      lines == [
        "3 left: dinner, gratitude, quality-time\n",
        "2 left: gratitude, quality-time\n",
        "2 left: dinner, gratitude\n",
      ])
    #expect(
      wake.deadlines.map { $0?.description }
        == [
          "2026-11-21T18:45:00Z", "2026-11-21T19:30:00Z", "2026-11-21T19:30:00Z",
          "2026-11-21T19:30:00Z", "2026-11-21T21:00:00Z", "2026-11-22T04:00:00Z",
          "2026-11-22T18:45:00Z",
        ])
  }

  @Test func waybarLinesFollowWhatFallsDue() throws {
    let world = try World()
    defer { world.fixture.remove() }
    let clock = try TestClock("2026-11-21T18:44:00Z")
    var alts: [String] = []
    let wake = ScriptedWake([
      try clock.timer(at: "2026-11-21T18:45:00Z"),
      try clock.timer(at: "2026-11-21T19:30:00Z"),
    ])
    let watch = TodayWatch(
      format: .waybar, json: false, locations: try world.locations(), zone: world.fixture.zone,
      currentZone: nil, clock: { clock.now }, offset: 0, wake: wake,
      emit: { line in
        let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        alts.append(object?["alt"] as? String ?? line)
        return true
      }, writeError: { Issue.record("stderr: \($0)") })
    try watch.run()
    // The tooltip changes at 19:30 ("due since"), so a line comes though alt stays "due"
    #expect(alts == ["pending", "due", "due"])
  }

  @Test func anOffsetShiftsTheStartButSleepsOnTheRealClock() throws {
    // Given HABITS_NOW 17:05 while the real clock says 1000 seconds after the epoch
    let world = try World()
    defer { world.fixture.remove() }
    let start = try Self.instant("2026-11-21T17:05:00Z")
    let wake = ScriptedWake([])
    var lines: [String] = []
    let watch = TodayWatch(
      format: .plain, json: false, locations: try world.locations(), zone: world.fixture.zone,
      currentZone: nil, clock: { Instant(secondsSince1970: 1000) },
      offset: start.secondsSince1970 - 1000, wake: wake,
      emit: {
        lines.append($0)
        return true
      }, writeError: { _ in })
    try watch.run()
    // Then it reads 17:05 and arms the real timer for 18:45 less the offset
    #expect(lines == ["3 left: dinner, gratitude, quality-time\n"])
    let dinner = try Self.instant("2026-11-21T18:45:00Z")
    let real = 1000 + dinner.secondsSince1970 - start.secondsSince1970
    #expect(wake.deadlines == [Instant(secondsSince1970: real)])
  }

  @Test func itStopsWhenNobodyReadsAndFailsBeforeTheFirstLine() throws {
    let world = try World()
    defer { world.fixture.remove() }
    let now = try Self.instant("2026-11-21T17:05:00Z")
    // A reader that has gone: one attempt, no sleeping
    let wake = ScriptedWake([])
    let closed = TodayWatch(
      format: .plain, json: false, locations: try world.locations(), zone: world.fixture.zone,
      currentZone: nil, clock: { now }, offset: 0, wake: wake, emit: { _ in false },
      writeError: { _ in })
    try closed.run()
    #expect(wake.deadlines.isEmpty)
    // No schedules directory: the error comes out before any line
    var locations = try world.locations()
    locations.schedules = world.fixture.root + "/missing"
    let broken = TodayWatch(
      format: .plain, json: false, locations: locations, zone: world.fixture.zone,
      currentZone: nil, clock: { now }, offset: 0, wake: ScriptedWake([]),
      emit: { _ in true }, writeError: { _ in })
    #expect(throws: HabitsError.self) { try broken.run() }
  }
}
