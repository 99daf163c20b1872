// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// The simulated year's oracle is written from the README, not from the
/// planner: its rules that a year may reach only rarely are pinned here.
@Suite("The simulated year's oracle")
struct YearSimulationOracleTests {
  static let zone = Zones.newYork
  static let today = CivilDate(year: 2026, month: 1, day: 15)

  static func at(_ time: String) -> Instant {
    instant("2026-01-15T" + time, in: zone)
  }

  static func checkIn(_ habit: String, _ kind: CheckIn.Kind) -> CheckIn {
    CheckIn(
      habitID: habit, day: today, kind: kind, value: nil, note: nil, recordedAt: at("21:00"))
  }

  @Test("after a button on the gathered popup it comes back only for habits still open")
  func openAfterPress() throws {
    let oracle = Oracle(config: Config(), zone: Self.zone)
    let running = try Dictionary(
      uniqueKeysWithValues: ["open", "done", "skipped", "snoozed", "off", "due"].map { id in
        (id, try makeHabit(id, "daily at 21:00", enabled: id != "off"))
      })
    var onScreen = Dictionary(uniqueKeysWithValues: running.keys.map { ($0, Self.today) })
    onScreen["gone"] = Self.today
    let checkIns = [
      "done": [Self.checkIn("done", .done)], "skipped": [Self.checkIn("skipped", .skip)],
    ]
    let now = Self.at("21:30")
    let open = oracle.openAfterPress(
      onScreen, running: running, due: ["due"],
      snoozedUntil: { $0 == "snoozed" ? Self.at("21:45") : nil },
      checkIns: { checkIns[$0] ?? [] }, at: now)
    // Not one done or skipped, snoozed, switched off or gone; nor one whose
    // own reminder is due that very second.
    #expect(open == ["open": Self.today])
    // A snooze that has ended holds nothing back, and a habit due a second
    // later is still open when the button is pressed.
    let later = oracle.openAfterPress(
      onScreen, running: running, due: [],
      snoozedUntil: { $0 == "snoozed" ? now : nil }, checkIns: { checkIns[$0] ?? [] }, at: now)
    #expect(Set(later.keys) == ["open", "snoozed", "due"])
  }
}
