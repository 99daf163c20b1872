// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Testing

@testable import HabitsAgent

/// The system's time zone changing under the agent (travel, a settings change).
@Suite("Time zone changes")
struct ZoneChangeTests {
  @Test("after a zone change the next reminder fires at the new zone's local time")
  func nextReminderAtNewLocalTime() throws {
    // Given a 09:00 and a 20:00 reminder, in New York, on Thursday 15 January
    let newYork = Zones.newYork
    let london = Zones.london
    let harness = try AgentHarness(zone: newYork, now: instant("2026-01-15T08:00", in: newYork))
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("read", "title = \"Read\"\nwhen = \"daily at 20:00\"\n")

    // When the 09:00 reminder has fired (14:00Z) and at 15:00Z the zone becomes London
    let run = harness.run(
      until: instant("2026-01-16T12:00Z"),
      events: [
        ScriptedEvent(at: instant("2026-01-15T15:00Z"), [.zoneChanged]) {
          harness.zone.value = london
        }
      ])

    // Then 20:00 comes at 20:00 London (20:00Z), not 20:00 New York (01:00Z)
    #expect(run.notifier.shown(habit: "read").map(\.at) == [instant("2026-01-15T20:00Z")])
    // and the walk, already reminded today, is not caught up for London's 09:00 that has
    // passed; tomorrow it comes at 09:00 London
    #expect(
      run.notifier.shown(habit: "walk").map(\.at) == [
        instant("2026-01-15T14:00Z"), instant("2026-01-16T09:00Z"),
      ])
    #expect(run.runner.zone == london)
    #expect(harness.logs.messages.contains { $0.contains("time zone changed") })
  }

  @Test("a zone change that has not been announced yet changes nothing")
  func zoneIsReadOnlyWhenAnnounced() throws {
    // Given a 20:00 reminder in New York
    let newYork = Zones.newYork
    let harness = try AgentHarness(zone: newYork, now: instant("2026-01-15T08:00", in: newYork))
    harness.habit("read", "title = \"Read\"\nwhen = \"daily at 20:00\"\n")

    // When the zone provider answers London but nothing says the zone changed
    let run = harness.run(
      until: instant("2026-01-16T03:00Z"),
      events: [
        ScriptedEvent(at: instant("2026-01-15T15:00Z"), [.storeChanged]) {
          harness.zone.value = Zones.london
        }
      ])

    // Then the agent keeps New York's 20:00 (no polling of the zone)
    #expect(run.notifier.shown(habit: "read").map(\.at) == [instant("2026-01-16T01:00Z")])
  }

  @Test("travel west after the weekly summary does not bring a second one that week")
  func oneSummaryAWeekAcrossTravel() throws {
    // Given the summary on Sundays at 19:00, in London, on Sunday 18 January
    let harness = try AgentHarness(
      zone: Zones.london, now: instant("2026-01-18T12:00Z"),
      config: "summary = \"every sunday at 19:00\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 9:00\"\n")

    // When it has gone out (19:00Z) and at 20:00Z the laptop lands in New York,
    // where Sunday 19:00 (00:00Z) is still to come
    let run = harness.run(
      until: instant("2026-01-26T12:00Z"),
      events: [
        ScriptedEvent(at: instant("2026-01-18T20:00Z"), [.zoneChanged]) {
          harness.zone.value = Zones.newYork
        }
      ])

    // Then that week had one summary, and the next week's comes at 19:00 New York
    #expect(
      run.notifier.shown(habit: nil).map(\.at) == [
        instant("2026-01-18T19:00Z"), instant("2026-01-26T00:00Z"),
      ])
  }

  @Test("a reminder brought forward is not brought forward again by a popup after travel east")
  func broughtForwardThenEastThenGathered() throws {
    // Given Tea at 12:30, Dinner at 13:30 and Walk at 13:40, in Sydney,
    // gathered within an hour
    let sydney = Zones.sydney
    let harness = try AgentHarness(
      zone: sydney, now: instant("2026-08-23T12:00", in: sydney),
      config: "summary = \"off\"\ngather = \"1h\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 12:30\"\n")
    harness.habit("dinner", "title = \"Dinner\"\nwhen = \"daily at 13:30\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 13:40\"\n")

    // When Tea's popup at 12:30 brings Dinner along, Walk is snoozed until
    // 12:50, and at 12:45 the zone becomes Lord Howe, half an hour east
    // (13:15 there), where Walk's snooze ends at 13:20 with Dinner's 13:30
    // (13:00 in Sydney) within the hour
    let run = harness.run(
      until: instant("2026-08-23T18:00", in: sydney),
      events: [
        ScriptedEvent(at: instant("2026-08-23T12:31", in: sydney), [.storeChanged]) {
          _ = try? harness.store.snooze(
            habitID: "walk", until: instant("2026-08-23T12:50", in: sydney),
            at: instant("2026-08-23T12:31", in: sydney))
        },
        ScriptedEvent(at: instant("2026-08-23T12:45", in: sydney), [.zoneChanged]) {
          harness.zone.value = Zones.lordHowe
        },
      ])

    // Then Dinner was given once, in Tea's popup
    #expect(run.notifier.shown(habit: "walk").count >= 2)
    #expect(
      run.notifier.shown(habit: "dinner").map(\.at) == [instant("2026-08-23T12:30", in: sydney)])
  }

  @Test("travel east, then the clock set back within the day, gives no reminder again")
  func eastThenClockBack() throws {
    // Given Shared load at 13:45, in London, on Sunday 14 March 2027
    let harness = try AgentHarness(
      zone: Zones.london, now: instant("2027-03-14T12:00Z"), config: "summary = \"off\"\n")
    harness.habit("load", "title = \"Shared load\"\nwhen = \"daily at 13:45\"\n")

    // When it has come at 13:45 London, at 15:00Z the laptop is in Berlin
    // (16:00 there), and then the clock is set back two hours, to 14:18
    // Berlin: 13:45 Berlin has passed, and the reminder given at 13:45Z
    // lies ahead of the clock now
    let run = harness.run(
      until: instant("2027-03-15T18:00Z"),
      events: [
        ScriptedEvent(at: instant("2027-03-14T15:00Z"), [.zoneChanged]) {
          harness.zone.value = Zones.berlin
        },
        ScriptedEvent(at: instant("2027-03-14T15:19:21Z"), [.clockChanged]) {
          harness.clock.set(instant("2027-03-14T13:18:25Z"))
        },
      ])

    // Then that day's reminder was given once; the next comes at 13:45 Berlin
    #expect(
      run.notifier.shown(habit: "load").map(\.at) == [
        instant("2027-03-14T13:45Z"), instant("2027-03-15T12:45Z"),
      ])
  }

  @Test("a reminder brought forward into an earlier popup is not given again after travel east")
  func broughtForwardThenEast() throws {
    // Given Tea at 12:30 and Dinner at 13:30 in Sydney, gathered within an hour
    let sydney = Zones.sydney
    let harness = try AgentHarness(
      zone: sydney, now: instant("2026-08-23T12:00", in: sydney),
      config: "summary = \"off\"\ngather = \"1h\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 12:30\"\n")
    harness.habit("dinner", "title = \"Dinner\"\nwhen = \"daily at 13:30\"\n")

    // When Tea's popup at 12:30 brings Dinner along, and at 13:00 the zone
    // becomes Lord Howe, half an hour east, where it is 13:30 already
    let run = harness.run(
      until: instant("2026-08-23T18:00", in: sydney),
      events: [
        ScriptedEvent(at: instant("2026-08-23T13:00", in: sydney), [.zoneChanged]) {
          harness.zone.value = Zones.lordHowe
        }
      ])

    // Then Dinner was given once, in Tea's popup
    #expect(
      run.notifier.shown(habit: "dinner").map(\.at) == [instant("2026-08-23T12:30", in: sydney)])
  }

  @Test(
    "a reminder brought forward is not brought forward again into a popup after travel east"
  )
  func broughtForwardThenEastIntoPopup() throws {
    // Given Piano at 10:00 and 11:40 and Walk at 12:00 in London, gathered within two hours
    let london = Zones.london
    let berlin = Zones.load("Europe/Berlin")
    let harness = try AgentHarness(
      zone: london, now: instant("2026-04-30T09:00", in: london),
      config: "summary = \"off\"\ngather = \"2h\"\n")
    harness.habit("piano", "title = \"Piano\"\nwhen = \"daily at 10:00, 11:40\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 12:00\"\n")

    // When Piano's popup at 10:00 brings Walk along, and at 10:35 the zone
    // becomes Berlin, an hour east, where Piano's 11:40 comes 25 minutes later
    let run = harness.run(
      until: instant("2026-04-30T18:00", in: berlin),
      events: [
        ScriptedEvent(at: instant("2026-04-30T10:35", in: london), [.zoneChanged]) {
          harness.zone.value = berlin
        }
      ])

    // Then Piano came twice, and Walk once, in its 10:00 popup
    #expect(
      run.notifier.shown(habit: "piano").map(\.at) == [
        instant("2026-04-30T10:00", in: london), instant("2026-04-30T11:40", in: berlin),
      ])
    #expect(
      run.notifier.shown(habit: "walk").map(\.at) == [instant("2026-04-30T10:00", in: london)])
  }
}
