// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// What a catch-up's last line says: that it came while the agent was not
/// watching, or that it is back because a check-in was undone.
@Suite("Why a catch-up comes late")
struct CatchUpReasonTests {
  static let zone = Zones.newYork
  static let away = "(This came while you were away.)"

  static func at(_ time: String) -> Instant { instant("2026-01-15T" + time, in: zone) }

  /// Tea at 09:00, on Thursday 15 January, with the clock at `now`.
  static func tea(now: String, config: String = "summary = \"off\"\n") throws -> AgentHarness {
    let harness = try AgentHarness(zone: zone, now: at(now), config: config)
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    return harness
  }

  /// Records tea done (or undoes it) at `time`, as `habits done` and `habits undo` would.
  static func checkIn(_ harness: AgentHarness, undo: Bool = false, at time: String) -> ScriptedEvent
  {
    ScriptedEvent(at: at(time), [.storeChanged]) {
      do {
        if undo {
          _ = try harness.store.undo(habitID: "tea", day: day("2026-01-15"))
        } else {
          _ = try harness.store.recordDone(habitID: "tea", day: day("2026-01-15"), at: at(time))
        }
      } catch {
        Issue.record("cannot write the store: \(error)")
      }
    }
  }

  @Test("a reminder due before the agent started comes as a catch-up from away")
  func afterStart() throws {
    // Given tea at 09:00, done at 08:30 and undone at 08:45 while no agent ran
    let harness = try Self.tea(now: "08:30")
    _ = try harness.store.recordDone(habitID: "tea", day: day("2026-01-15"), at: Self.at("08:30"))
    _ = try harness.store.undo(habitID: "tea", day: day("2026-01-15"))

    // When the agent starts at 11:30
    harness.clock.set(Self.at("11:30"))
    let run = harness.run(until: Self.at("12:00"))

    // Then the catch-up says it came while you were away
    #expect(run.notifier.shown.map(\.at) == [Self.at("11:30")])
    #expect(run.notifier.shown.first?.notification.body == Self.away)
  }

  @Test(
    "after a suspend, a catch-up and a check-in undone since came while you were away",
    arguments: [Set<WakeReason>([.timer]), [.clockChanged]])
  func afterSuspend(reasons: Set<WakeReason>) throws {
    // Given tea at 09:00, done early at 08:00, and coffee at 09:30, with the agent running
    let harness = try Self.tea(now: "07:00")
    harness.habit("coffee", "title = \"Coffee\"\nwhen = \"daily at 9:30\"\n")

    // When the machine sleeps from 08:30 to 10:00 (it wakes late for coffee,
    // the clock changed or not), and tea is undone at 10:30
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        Self.checkIn(harness, at: "08:00"),
        ScriptedEvent(at: Self.at("08:30"), reasons) { harness.clock.set(Self.at("10:00")) },
        Self.checkIn(harness, undo: true, at: "10:30"),
      ])

    // Then coffee at 10:00 and tea at 10:30 each came while you were away
    #expect(run.notifier.shown.map(\.at) == [Self.at("10:00"), Self.at("10:30")])
    #expect(run.notifier.shown.map(\.notification.habitIDs) == [["coffee"], ["tea"]])
    #expect(run.notifier.shown.allSatisfy { $0.notification.body == Self.away })
  }

  @Test("a habit done early and undone after its time, the agent watching, is here again")
  func undoneWhileWatching() throws {
    // Given tea at 09:00, done early at 08:00 with the agent running since 07:00
    let harness = try Self.tea(now: "07:00")

    // When coffee is added at 09:45 with a 09:30 time, and tea is undone at 10:00
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        Self.checkIn(harness, at: "08:00"),
        ScriptedEvent(at: Self.at("09:45"), [.schedulesChanged]) {
          harness.habit("coffee", "title = \"Coffee\"\nwhen = \"daily at 9:30\"\n")
        },
        Self.checkIn(harness, undo: true, at: "10:00"),
      ])

    // Then coffee, whose time the agent never watched for, came while you were away
    #expect(run.notifier.shown.map(\.at) == [Self.at("09:45"), Self.at("10:00")])
    #expect(run.notifier.shown.first?.notification.body == Self.away)
    // and tea, seen on time when it was done, is here again because it was undone
    let tea = try #require(run.notifier.shown.last)
    #expect(tea.notification.habitIDs == ["tea"])
    #expect(tea.notification.body == "(Here again: a check-in was undone.)")
    let kinds = try harness.store.firedReminders(since: Self.at("00:00")).map(\.kind)
    #expect(kinds == [.catchUp, .catchUp])
  }

  @Test(
    "a catch-up for a check-in undone, whose words the store would not give at first, is still here again"
  )
  func undoneUnworded() throws {
    // Given tea at 09:00, done early at 08:00 with the agent running since 07:00
    let harness = try Self.tea(now: "07:00")
    let faults = StoreReadFaults(on: harness.store)

    // When tea is undone at 10:00, and SQLite refuses the read of its words then
    let undo = Self.checkIn(harness, undo: true, at: "10:00")
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        Self.checkIn(harness, at: "08:00"),
        ScriptedEvent(at: Self.at("10:00"), undo.reasons) {
          undo.action()
          faults.arm(.ioError, count: 1, after: 1)
        },
      ])
    #expect(faults.disarm() == 1)
    #expect(
      harness.logs.messages.contains {
        $0.hasPrefix("error: cannot read what the reminder for tea should say")
      })

    // Then it comes a second later, here again because it was undone, not from away
    #expect(run.notifier.shown.map(\.at) == [Self.at("10:00:01")])
    #expect(run.notifier.shown.first?.notification.body == "(Here again: a check-in was undone.)")
  }
}
