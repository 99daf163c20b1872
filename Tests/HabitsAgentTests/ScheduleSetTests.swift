// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsSystem
import HabitsTestSupport
import Testing

@testable import HabitsAgent

/// Reloading schedules: a bad edit keeps the last good version running.
@Suite("Reloading schedules")
struct ScheduleSetTests {
  @Test(
    "a file edited into an invalid state keeps its last good version; a valid edit takes effect")
  func lastGoodVersion() throws {
    // Given a loaded schedule file
    let directory = ScheduleDirectory()
    let logs = LogRecorder()
    directory.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    directory.habit("walk", "title = \"Walk\"\nwhen = \"daily at 18:00\"\n")
    let set = ScheduleSet(directory: directory.schedules, logger: logs.logger)
    #expect(set.reload())
    let before = set.habits

    // When it is edited into an invalid state and reloaded
    directory.habit("tea", "title = \"Tea\"\nwhen = \"every sundy at 10:00\"\n")
    let changed = set.reload()

    // Then the habits are unchanged, and the diagnostic is logged as path:line:column
    #expect(!changed)
    #expect(set.habits == before)
    let path = directory.schedules + "/tea.toml"
    #expect(
      logs.messages.contains {
        $0.hasPrefix("error: \(path):2:") && $0.contains("unknown weekday 'sundy'")
      })
    #expect(logs.messages.contains { $0.contains("still running its last good version") })

    // When it is fixed with a new time
    directory.habit("tea", "title = \"Tea\"\nwhen = \"daily at 10:00\"\n")

    // Then the new version takes effect at once
    #expect(set.reload())
    let tea = try #require(set.habits.first { $0.id == "tea" })
    #expect(tea.schedule.expression == "daily at 10:00")
    #expect(set.habits.map(\.id) == ["tea", "walk"])
  }

  @Test("a removed file stops; a new file starts")
  func addAndRemove() throws {
    let directory = ScheduleDirectory()
    directory.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")
    let set = ScheduleSet(directory: directory.schedules, logger: LogRecorder().logger)
    set.reload()
    directory.remove("tea")
    directory.habit("walk", "title = \"Walk\"\nwhen = \"daily at 18:00\"\n")
    #expect(set.reload())
    #expect(set.habits.map(\.id) == ["walk"])
  }

  @Test(
    "a config.toml edited into an invalid state keeps its last good settings",
    arguments: [true, false])
  func lastGoodConfig(withHabits: Bool) throws {
    // Given a config with quiet hours and catch_up = "2h" (with or without any habits yet)
    let directory = ScheduleDirectory()
    if withHabits { directory.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n") }
    directory.config("quiet_hours = \"22:30-07:30\"\ncatch_up = \"2h\"\n")
    let logs = LogRecorder()
    let set = ScheduleSet(directory: directory.schedules, logger: logs.logger)
    set.reload()
    #expect(set.config.catchUp == .within(7200))

    // When catch_up is edited into a typo
    directory.config("quiet_hours = \"22:30-07:30\"\ncatch_up = \"2 hours\"\n")
    set.reload()

    // Then the last good config stays, and the error is logged
    #expect(set.config.catchUp == .within(7200))
    #expect(set.config.quietHours?.description == "22:30-07:30")
    #expect(logs.messages.contains { $0.contains("config.toml:2:") && $0.contains("catch_up") })

    // When it is fixed
    directory.config("quiet_hours = \"22:30-07:30\"\ncatch_up = \"off\"\n")
    set.reload()

    // Then the fix takes effect
    #expect(set.config.catchUp == .off)
  }

  @Test("the runner picks up a schedule edit when woken for it")
  func runnerReloads() throws {
    // Given an agent running a 09:00 reminder
    let zone = Zones.london
    let harness = try AgentHarness(zone: zone, now: instant("2026-01-15T08:00", in: zone))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 9:00\"\n")

    // When at 08:30 the file is broken, and at 08:40 moved to 08:50
    let run = harness.run(
      until: instant("2026-01-15T12:00", in: zone),
      events: [
        ScriptedEvent(at: instant("2026-01-15T08:30", in: zone), [.schedulesChanged]) {
          harness.habit("tea", "title = \"Tea\"\nwhen = \"dialy at 9:00\"\n")
        },
        ScriptedEvent(at: instant("2026-01-15T08:40", in: zone), [.schedulesChanged]) {
          harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 8:50\"\n")
        },
      ])

    // Then the broken edit changed nothing, and the valid one moved the reminder
    #expect(run.notifier.shown.map(\.at) == [instant("2026-01-15T08:50", in: zone)])
  }
}
