// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsTestSupport
import Testing

@testable import HabitsAgent

/// A whole day with a daylight-saving change, driven through the runner: the
/// reminder fires once, at the RFC 5545 instant.
@Suite("Daylight saving, through the runner")
struct DaylightSavingRunTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var zone: String
    var when: String
    var day: String
    var next: String
    /// The one instant it fires at.
    var expected: String
    var testDescription: String { "\(when) in \(zone) on \(day) fires at \(expected)" }
  }

  static let cases = [
    // Spring forward: 02:30 does not exist; it is read with the offset from before the gap.
    Case(
      zone: "America/New_York", when: "daily at 2:30", day: "2026-03-08", next: "2026-03-09",
      expected: "2026-03-08T07:30:00Z"),
    // Fall back: 01:30 happens twice; the first one (EDT) counts.
    Case(
      zone: "America/New_York", when: "daily at 1:30", day: "2026-11-01", next: "2026-11-02",
      expected: "2026-11-01T05:30:00Z"),
    Case(
      zone: "Europe/London", when: "daily at 1:30", day: "2026-03-29", next: "2026-03-30",
      expected: "2026-03-29T01:30:00Z"),
    Case(
      zone: "Europe/London", when: "daily at 1:30", day: "2026-10-25", next: "2026-10-26",
      expected: "2026-10-25T00:30:00Z"),
  ]

  @Test(arguments: cases)
  func firesOnceAtTheRFC5545Instant(_ c: Case) throws {
    // Given a daily reminder at a time the change skips or repeats
    let zone = Zones.load(c.zone)
    let harness = try AgentHarness(zone: zone, now: instant(c.day + "T00:00", in: zone))
    harness.habit("stretch", "title = \"Stretch\"\nwhen = \"\(c.when)\"\n")

    // When the agent runs through the whole day
    let run = harness.run(until: instant(c.next + "T00:00", in: zone))

    // Then it fired exactly once, at the expected instant, as an on-time reminder for that day
    let shown = run.notifier.shown(habit: "stretch")
    #expect(shown.map(\.at.description) == [c.expected])
    #expect(shown.first?.notification.day == day(c.day))
    let logged = try harness.store.firedReminders(since: instant(c.day + "T00:00", in: zone))
    #expect(logged.map(\.kind) == [.reminder])
    // and it slept until the reminder instead of polling
    #expect(run.wake.deadlines.count <= 4)
  }
}
