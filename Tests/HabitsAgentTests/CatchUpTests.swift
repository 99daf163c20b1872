// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The wall clock jumping: suspend and resume, an NTP step, a manual change.
@Suite("Clock jumps and catch-up")
struct CatchUpTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  /// Four habits at 09:00, 10:00, 10:30 (already done) and 13:00, on Thursday
  /// 15 January, each a popup of its own (`gather = "off"`).
  static func fourHabits(catchUp: String) throws -> AgentHarness {
    let harness = try AgentHarness(
      zone: zone, now: at("08:00"),
      config: "summary = \"off\"\ncatch_up = \"\(catchUp)\"\ngather = \"off\"\n")
    harness.habit("a", "title = \"A\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("b", "title = \"B\"\nwhen = \"daily at 10:00\"\n")
    harness.habit("c", "title = \"C\"\nwhen = \"daily at 10:30\"\n")
    harness.habit("d", "title = \"D\"\nwhen = \"daily at 13:00\"\n")
    _ = try harness.store.recordDone(habitID: "c", day: day("2026-01-15"), at: at("07:00"))
    return harness
  }

  @Test(
    "a 3-hour jump forward, gather off: one spaced catch-up per undone habit, as catch_up allows",
    arguments: [("same-day", ["a", "b"]), ("2h", ["b"]), ("off", [])])
  func jumpForward(catchUp: String, expected: [String]) throws {
    // Given habits at 09:00, 10:00, 10:30 (done) and 13:00, and the agent asleep at 08:30
    let harness = try Self.fourHabits(catchUp: catchUp)

    // When the clock jumps from 08:30 to 11:30 and the agent runs on to 14:00
    let run = harness.run(
      until: Self.at("14:00"),
      events: [
        ScriptedEvent(at: Self.at("08:30"), [.clockChanged]) { harness.clock.set(Self.at("11:30")) }
      ])

    // Then each habit still undone and allowed gets one catch-up at 11:30, a second apart
    let catchUps = run.notifier.shown.filter { $0.at < Self.at("12:00") }
    #expect(catchUps.map { $0.notification.habitID } == expected)
    #expect(
      catchUps.map(\.at) == expected.indices.map { Self.at("11:30").adding(seconds: $0) })
    #expect(catchUps.allSatisfy { $0.notification.body == "(This came while you were away.)" })
    #expect(harness.spacings.value == Array(repeating: 1, count: max(0, expected.count - 1)))
    let kinds = try harness.store.firedReminders(since: Self.at("00:00"))
      .filter { expected.contains($0.habitID ?? "") }.map(\.kind)
    #expect(kinds == Array(repeating: .catchUp, count: expected.count))
    // none for the habit already done
    #expect(run.notifier.shown(habit: "c").isEmpty)
    // and the reminder after the jump comes on time
    #expect(run.notifier.shown(habit: "d").map(\.at) == [Self.at("13:00")])
  }

  @Test("no catch-up for a day that is over", arguments: ["same-day", "6h"])
  func noCatchUpForADayThatIsOver(catchUp: String) throws {
    // Given a 21:00 reminder, and the agent asleep at 20:30
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("20:00"),
      config: "summary = \"off\"\ncatch_up = \"\(catchUp)\"\n")
    harness.habit("e", "title = \"E\"\nwhen = \"daily at 21:00\"\n")

    // When the clock jumps past midnight, to 00:30 on the next day
    let run = harness.run(
      until: Self.at("08:00", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("20:30"), [.clockChanged]) {
          harness.clock.set(Self.at("00:30", "2026-01-16"))
        }
      ])

    // Then yesterday's reminder is not caught up (even within 6 h of it)
    #expect(run.notifier.shown.isEmpty)
  }

  @Test("one catch-up per habit, never one per missed nudge")
  func oneCatchUpNotOnePerNudge() throws {
    // Given a 09:00 reminder with a nudge every 30 minutes until 12:00
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit(
      "n", "title = \"N\"\nwhen = \"daily at 9:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"12:00\"\n"
    )

    // When the clock jumps from 08:30 to 11:40, past the reminder and five nudges
    let run = harness.run(
      until: Self.at("13:00"),
      events: [
        ScriptedEvent(at: Self.at("08:30"), [.clockChanged]) { harness.clock.set(Self.at("11:40")) }
      ])

    // Then one catch-up at 11:40 (for the 11:30 nudge), then the 12:00 nudge on time
    #expect(run.notifier.shown.map(\.at) == [Self.at("11:40"), Self.at("12:00")])
    let logged = try harness.store.firedReminders(since: Self.at("00:00"))
    #expect(logged.map(\.kind) == [.catchUp, .nudge])
    #expect(logged.first?.due == Self.at("11:30"))
    #expect(harness.spacings.value.isEmpty)
  }

  @Test("a 1-hour jump back after a reminder fired brings no duplicate")
  func jumpBack() throws {
    // Given a 09:00 reminder with nudges every 30 minutes until 10:00, and one at 09:00 alone
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit(
      "n", "title = \"N\"\nwhen = \"daily at 9:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"10:00\"\n"
    )
    harness.habit("p", "title = \"P\"\nwhen = \"daily at 9:00\"\n")

    // When the reminder and the 09:30 nudge have fired and the clock goes back from 09:40 to 08:40
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        ScriptedEvent(at: Self.at("09:40"), [.clockChanged]) { harness.clock.set(Self.at("08:40")) }
      ])

    // Then 09:00 and 09:30 are not shown again; the 10:00 nudge comes once
    let dues = try harness.store.firedReminders(since: Self.at("00:00")).filter {
      $0.habitID == "n"
    }
    .map(\.due)
    #expect(dues == [Self.at("09:00"), Self.at("09:30"), Self.at("10:00")])
    #expect(run.notifier.shown(habit: "n").count == 3)
    #expect(run.notifier.shown(habit: "p").map(\.at) == [Self.at("09:00")])
  }
}
