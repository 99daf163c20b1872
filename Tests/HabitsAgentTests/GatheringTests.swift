// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSystem
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// `gather`: reminders close together share one popup, and a nudge keeps its
/// distance from the popup before it.
@Suite("Gathering")
struct GatheringTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  /// A planner over `habits` with no summary, gathering over `gather` seconds (nil: off).
  static func planner(_ habits: [Habit], gather: Int? = 20 * 60) -> ReminderPlanner {
    var config = Config()
    config.summary = nil
    config.gather = gather
    return ReminderPlanner(habits: habits, config: config, zone: zone)
  }

  static func evening() throws -> [Habit] {
    [
      try makeHabit("gratitude", "daily at 21:00"),
      try makeHabit("quality-time", "daily at 21:10"),
      try makeHabit("walk", "daily at 21:20"),
    ]
  }

  // MARK: The planner

  @Test("three habits due within 20 minutes come as one popup at the first one's time")
  func threeWithinTheWindowAreOnePopup() throws {
    // Given reminders at 21:00, 21:10 and 21:20
    let planner = Self.planner(try Self.evening())

    // When the planner looks at 21:00
    let plan = planner.plan(now: Self.at("21:00"), snapshot: .init())

    // Then one popup names all three, each with its own slot, brought forward as a reminder
    #expect(plan.popups.count == 1)
    #expect(plan.popups.first?.map(\.habitID) == ["gratitude", "quality-time", "walk"])
    #expect(plan.firings.map(\.due) == [Self.at("21:00"), Self.at("21:10"), Self.at("21:20")])
    #expect(plan.firings.allSatisfy { $0.kind == .reminder && $0.day == day("2026-01-15") })
    // and it does not wake at 21:10 or 21:20 for them: next is tomorrow's
    #expect(plan.nextWake == Self.at("21:00", "2026-01-16"))
    // and once they are logged, nothing more comes at 21:10 or 21:20
    let logged = ReminderPlanner.Snapshot(
      logged: Set(plan.firings.map { .init(habitID: $0.habitID, due: $0.due) }),
      lastFired: [
        "gratitude": Self.at("21:00"), "quality-time": Self.at("21:00"),
        "walk": Self.at("21:00"),
      ])
    #expect(planner.plan(now: Self.at("21:10"), snapshot: logged).firings.isEmpty)
    #expect(planner.plan(now: Self.at("21:20"), snapshot: logged).firings.isEmpty)
  }

  @Test("a reminder 25 minutes later comes on its own, at its time")
  func outsideTheWindowComesSeparately() throws {
    // Given reminders at 21:00 and 21:25
    let planner = Self.planner([
      try makeHabit("gratitude", "daily at 21:00"), try makeHabit("walk", "daily at 21:25"),
    ])

    // When the planner looks at 21:00, and at 21:25 with the first logged
    let first = planner.plan(now: Self.at("21:00"), snapshot: .init())
    let second = planner.plan(
      now: Self.at("21:25"),
      snapshot: .init(
        logged: [.init(habitID: "gratitude", due: Self.at("21:00"))],
        lastFired: ["gratitude": Self.at("21:00")]))

    // Then each is a popup of its own, at its own time
    #expect(first.popups.map { $0.map(\.habitID) } == [["gratitude"]])
    #expect(first.nextWake == Self.at("21:25"))
    #expect(second.popups.map { $0.map(\.habitID) } == [["walk"]])
    #expect(second.firings.map(\.due) == [Self.at("21:25")])
  }

  @Test("with gather off, each reminder is a popup of its own, even at the same minute")
  func offKeepsThemApart() throws {
    // Given reminders at 21:00, 21:00 and 21:10, and gather = "off"
    let planner = Self.planner(
      [
        try makeHabit("gratitude", "daily at 21:00"), try makeHabit("tea", "daily at 21:00"),
        try makeHabit("walk", "daily at 21:10"),
      ], gather: nil)

    // When the planner looks at 21:00
    let plan = planner.plan(now: Self.at("21:00"), snapshot: .init())

    // Then two popups, and the 21:10 one waits for its time
    #expect(plan.popups.map { $0.map(\.habitID) } == [["gratitude"], ["tea"]])
    #expect(plan.nextWake == Self.at("21:10"))
  }

  @Test("a habit snoozed, done, or due tomorrow is not brought forward")
  func whatIsNotGathered() throws {
    // Given reminders at 23:45, 23:50 (snoozed), 23:55 (done) and 00:05 (tomorrow)
    let planner = Self.planner([
      try makeHabit("a", "daily at 23:45"), try makeHabit("b", "daily at 23:50"),
      try makeHabit("c", "daily at 23:55"), try makeHabit("d", "daily at 0:05"),
    ])
    let snapshot = ReminderPlanner.Snapshot(
      checkIns: [
        "c": [
          CheckIn(
            habitID: "c", day: day("2026-01-15"), kind: .done, value: nil, note: nil,
            recordedAt: Self.at("20:00"))
        ]
      ],
      snoozes: ["b": (until: Self.at("23:52"), recordedAt: Self.at("23:40"))],
      // (d's reminder of this morning was shown)
      logged: [.init(habitID: "d", due: Self.at("00:05"))], lastFired: ["d": Self.at("00:05")])

    // When the planner looks at 23:45
    let plan = planner.plan(now: Self.at("23:45"), snapshot: snapshot)

    // Then the popup names a alone
    #expect(plan.popups.map { $0.map(\.habitID) } == [["a"]])
  }

  @Test("a nudge within 20 minutes after another popup waits until they have passed")
  func nudgeWaitsForTheWindowToPass() throws {
    // Given x at 20:00 with a nudge every hour until 22:00, and y at 20:50
    let planner = Self.planner([
      try makeHabit("x", "daily at 20:00", nudge: Nudge(repeatEvery: 3600, until: nil)),
      try makeHabit("y", "daily at 20:50"),
    ])
    // x's reminder at 20:00 and y's at 20:50 were shown
    let snapshot = ReminderPlanner.Snapshot(
      logged: [
        .init(habitID: "x", due: Self.at("20:00")), .init(habitID: "y", due: Self.at("20:50")),
      ],
      lastFired: ["x": Self.at("20:00"), "y": Self.at("20:50")])

    // When the planner looks at 20:50, at 21:00 when x's nudge is due, and at 21:10
    let atY = planner.plan(now: Self.at("20:50:30"), snapshot: snapshot)
    let atNudge = planner.plan(now: Self.at("21:00"), snapshot: snapshot)
    let after = planner.plan(now: Self.at("21:10"), snapshot: snapshot)

    // Then the nudge comes at 21:10, 20 minutes after y's popup, as a nudge on time
    #expect(atY.nextWake == Self.at("21:10"))
    #expect(atNudge.firings.isEmpty)
    #expect(atNudge.nextWake == Self.at("21:10"))
    #expect(after.firings.map(\.kind) == [.nudge])
    #expect(after.firings.map(\.due) == [Self.at("21:00")])
  }

  @Test("a nudge too late to show that another popup makes wait is woken for, on time")
  func lateNudgeSpacedByAPopupIsWokenFor() throws {
    // Given x at 20:00 with a nudge every hour, y at 21:15, and catch_up = "off"
    var config = Config()
    config.summary = nil
    config.catchUp = .off
    let planner = ReminderPlanner(
      habits: [
        try makeHabit("x", "daily at 20:00", nudge: Nudge(repeatEvery: 3600, until: nil)),
        try makeHabit("y", "daily at 21:15"),
      ], config: config, zone: Self.zone)
    // x's 20:00 reminder was shown; its 21:00 nudge found the day done, undone since
    let before = ReminderPlanner.Snapshot(
      logged: [.init(habitID: "x", due: Self.at("20:00"))], lastFired: ["x": Self.at("20:00")])
    let after = ReminderPlanner.Snapshot(
      logged: [
        .init(habitID: "x", due: Self.at("20:00")), .init(habitID: "y", due: Self.at("21:15")),
      ],
      lastFired: ["x": Self.at("20:00"), "y": Self.at("21:15")])

    // When y's popup comes at 21:15, and the planner looks again 20 minutes later
    let atY = planner.plan(now: Self.at("21:15"), snapshot: before)
    let spaced = planner.plan(now: Self.at("21:35"), snapshot: after)

    // Then the nudge, waiting for y's popup, comes at 21:35 on time, and the agent wakes for it
    #expect(atY.firings.compactMap(\.habitID) == ["y"])
    #expect(spaced.firings.map(\.kind) == [.nudge])
    #expect(atY.nextWake == Self.at("21:35"))
  }

  @Test("a nudge whose wait would take it past its until is dropped; one on time is not")
  func nudgeDroppedPastItsUntil() throws {
    // Given x at 20:00 with one nudge at 21:00 (until 21:00), and y at 20:50
    let nudge = Nudge(repeatEvery: 3600, until: TimeOfDay(hour: 21, minute: 0))
    let habits = [
      try makeHabit("x", "daily at 20:00", nudge: nudge), try makeHabit("y", "daily at 20:50"),
    ]
    let snapshot = ReminderPlanner.Snapshot(
      logged: [
        .init(habitID: "x", due: Self.at("20:00")), .init(habitID: "y", due: Self.at("20:50")),
      ],
      lastFired: ["x": Self.at("20:00"), "y": Self.at("20:50")])

    // When the planner looks after y's popup, at 21:00 and at 21:10
    let planner = Self.planner(habits)
    let atY = planner.plan(now: Self.at("20:50:30"), snapshot: snapshot)
    let atNudge = planner.plan(now: Self.at("21:00"), snapshot: snapshot)
    let later = planner.plan(now: Self.at("21:10"), snapshot: snapshot)

    // Then the nudge never comes, and the agent sleeps until tomorrow's reminders
    #expect(atNudge.firings.isEmpty && later.firings.isEmpty)
    #expect(atY.nextWake == Self.at("20:00", "2026-01-16"))
    // while with gather off it comes at 21:00
    let off = Self.planner(habits, gather: nil).plan(now: Self.at("21:00"), snapshot: snapshot)
    #expect(off.firings.map(\.kind) == [.nudge])
  }

  @Test("the weekly summary counts as a popup for a nudge, and is never gathered")
  func summaryKeepsNudgesAwayAndStandsAlone() throws {
    // Given a summary on Sundays at 16:00, x at 15:30 with a nudge every 40 minutes, y at 16:10
    var config = Config()
    config.summary = try Schedule.parse("every sunday at 16:00", start: nil)
    let planner = ReminderPlanner(
      habits: [
        try makeHabit("x", "daily at 15:30", nudge: Nudge(repeatEvery: 2400, until: nil)),
        try makeHabit("y", "daily at 16:10"),
      ], config: config, zone: Self.zone)
    let sunday = "2026-01-18"
    let logged = ReminderPlanner.Snapshot(
      logged: [.init(habitID: "x", due: Self.at("15:30", sunday))],
      lastFired: ["x": Self.at("15:30", sunday)])

    // When the planner looks at 16:00
    let plan = planner.plan(now: Self.at("16:00", sunday), snapshot: logged)

    // Then the summary is a popup of its own, y is not brought forward into it
    #expect(plan.popups.map { $0.map(\.habitID) } == [[nil]])
    #expect(plan.nextWake == Self.at("16:10", sunday))
    // and, once it is shown, y comes at 16:10 while x's 16:10 nudge, 10 minutes after
    // the summary, is not in y's popup: it waits until 20 minutes after that one
    var after = logged
    after.logged.insert(.init(habitID: nil, due: Self.at("16:00", sunday)))
    after.lastFired[""] = Self.at("16:00", sunday)
    after.summaryDays = [day(sunday)]
    let y = planner.plan(now: Self.at("16:10", sunday), snapshot: after)
    #expect(y.popups.map { $0.map(\.habitID) } == [["y"]])
    #expect(y.nextWake == Self.at("16:30", sunday))
  }

  // MARK: The words

  @Test("a gathered popup names each habit with its prompt, shortened, and says what was missed")
  func words() throws {
    // Given a habit with a long prompt, one with a description and no prompt, and a numeric one
    var call = try makeHabit("call-home", "daily at 9:00")
    call.title = "Call home"
    call.prompts = [
      "Ask about the small things of their week, the ones nobody else would think to ask about,"
        + " and listen to the end."
    ]
    var walk = try makeHabit("walk", "daily at 9:10")
    walk.description = "A slow walk together."
    var reading = try makeHabit("reading", "daily at 9:15")
    reading.goal = Goal(parsing: "20 minutes")

    // When they are gathered, the first two caught up and one about yesterday
    let popup = ReminderComposer.gathered(
      [
        .init(
          habit: call, day: day("2026-01-15"), kind: .catchUp, prompt: call.prompts.first),
        .init(habit: walk, day: day("2026-01-14"), kind: .catchUp, prompt: nil),
        .init(habit: reading, day: day("2026-01-15"), kind: .reminder, prompt: nil),
      ], today: day("2026-01-15"))

    // Then
    #expect(popup.summary == "Call home, Walk and Reading")
    #expect(
      popup.body == """
        Call home: Ask about the small things of their week, the ones nobody else would think to…
        Walk: A slow walk together.
        Reading
        (Call home and Walk came while you were away.)
        """)
    #expect(
      popup.commandHint
        == "When done: habits done call-home; habits done walk --date 2026-01-14;"
        + " habits done reading --value N")
    #expect(popup.buttons.map(\.label) == ["Done: Call home", "Done: Walk", "Snooze 15 min"])
    #expect(popup.buttons.last?.events.map(\.habitID) == ["call-home", "walk", "reading"])
    #expect(popup.buttons.first?.events.map(\.day) == [day("2026-01-15")])
    #expect(popup.buttons.dropFirst().first?.events.map(\.day) == [day("2026-01-14")])
    #expect(popup.key == ReminderComposer.gatheredKey && popup.habitID == nil)
  }

  @Test("a gathered popup says which came while you were away and which are back after an undo")
  func lateLines() throws {
    let habits = try ["a", "b", "c"].map { try makeHabit($0, "daily at 9:00") }
    func popup(_ kinds: [(ReminderKind, CatchUpReason)]) -> [String] {
      let reminders = zip(habits, kinds).map { habit, kind in
        ReminderComposer.GatheredReminder(
          habit: habit, day: day("2026-01-15"), kind: kind.0, prompt: nil, late: kind.1)
      }
      let body = ReminderComposer.gathered(reminders, today: day("2026-01-15")).body
      return Array(body.split(separator: "\n").dropFirst(reminders.count).map(String.init))
    }
    #expect(
      popup([(.catchUp, .undone), (.catchUp, .undone)]) == ["(Here again: check-ins were undone.)"])
    #expect(
      popup([(.catchUp, .away), (.catchUp, .undone), (.reminder, .away)]) == [
        "(A came while you were away.)", "(Here again for B: a check-in was undone.)",
      ])
    #expect(
      popup([(.catchUp, .undone), (.nudge, .away), (.catchUp, .undone)]) == [
        "(Here again for A and C: check-ins were undone.)"
      ])
    #expect(popup([(.reminder, .away), (.nudge, .undone)]).isEmpty)
  }

  // MARK: The agent

  @Test("one popup with a Done for each; Done on one records it, and the rest come back")
  func doneOnOneOfAGatheredPopup() throws {
    // Given three habits at 21:00, 21:10 and 21:20, one of them numeric
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit(
      "gratitude",
      "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\nprompts = [\"Say thank you for one small thing.\"]\n"
    )
    harness.habit("quality-time", "title = \"Quality time\"\nwhen = \"daily at 21:10\"\n")
    harness.habit(
      "reading", "title = \"Reading\"\nwhen = \"daily at 21:20\"\ngoal = \"20 minutes\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Done is pressed for quality time at 21:05, and Snooze on what is left at 21:06
    let run = harness.run(
      until: Self.at("21:30"),
      events: [
        ScriptedEvent(at: Self.at("21:05")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.pressDone("quality-time", on: popup)
        },
        ScriptedEvent(at: Self.at("21:06")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.press(.snooze, on: popup)
        },
      ], notifier: notifier)

    // Then at 21:00 one popup names all three, with a Done for each yes/no habit and one Snooze
    let first = try #require(run.notifier.shown.first)
    #expect(first.at == Self.at("21:00"))
    #expect(first.notification.summary == "Gratitude, Quality time and Reading")
    #expect(
      first.notification.body
        == "Gratitude: Say thank you for one small thing.\nQuality time\nReading")
    #expect(
      first.notification.buttons.map(\.label) == [
        "Done: Gratitude", "Done: Quality time", "Snooze 15 min",
      ])
    #expect(
      first.notification.commandHint
        == "When done: habits done gratitude; habits done quality-time; habits done reading --value N"
    )
    // each logged on its own
    let logged = try harness.store.firedReminders(since: Self.at("00:00")).prefix(3)
    #expect(logged.map(\.habitID) == ["gratitude", "quality-time", "reading"])
    #expect(logged.allSatisfy { $0.firedAt == Self.at("21:00") && $0.kind == .reminder })
    // quality time alone is recorded done
    #expect(try harness.store.checkIns(habitID: "quality-time").map(\.kind) == [.done])
    #expect(try harness.store.checkIns(habitID: "gratitude").isEmpty)
    // and the popup came back, with the same key, for the other two
    let again = try #require(run.notifier.shown.dropFirst().first)
    #expect(again.at == Self.at("21:05"))
    #expect(again.notification.key == first.notification.key)
    #expect(again.notification.habitIDs == ["gratitude", "reading"])
    #expect(again.notification.summary == "Gratitude and Reading")
    // Snooze on it snoozed both and took it down, and they came back together at 21:21
    #expect(run.notifier.closed.map(\.key) == [first.notification.key])
    #expect(run.notifier.shown.count == 3)
    #expect(run.notifier.shown.last?.at == Self.at("21:21"))
    #expect(run.notifier.shown.last?.notification.habitIDs == ["gratitude", "reading"])
  }

  @Test("catch-ups after a wake come as one popup")
  func catchUpsGather() throws {
    // Given habits at 09:00 and 10:00, and the laptop asleep from 08:30 to 11:30
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("a", "title = \"A\"\nwhen = \"daily at 9:00\"\n")
    harness.habit("b", "title = \"B\"\nwhen = \"daily at 10:00\"\n")
    let run = harness.run(
      until: Self.at("12:00"),
      events: [
        ScriptedEvent(at: Self.at("08:30"), [.clockChanged]) { harness.clock.set(Self.at("11:30")) }
      ])

    // Then one popup at 11:30 names both, come while you were away, with no wait between them
    #expect(run.notifier.shown.map(\.at) == [Self.at("11:30")])
    #expect(run.notifier.shown.first?.notification.habitIDs == ["a", "b"])
    #expect(
      run.notifier.shown.first?.notification.body.hasSuffix("\n(These came while you were away.)")
        == true)
    #expect(harness.spacings.value.isEmpty)
  }

  @Test("a gathered popup lost to a crash comes back as one popup")
  func redeliveryGathers() throws {
    // Given habits at 21:00 and 21:10, and an agent that dies while showing their popup
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"), fileBacked: true)
    harness.habit("a", "title = \"A\"\nwhen = \"daily at 21:00\"\n")
    harness.habit("b", "title = \"B\"\nwhen = \"daily at 21:10\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)
    notifier.crashOnNextDelivery = true
    harness.run(until: Self.at("21:01"), notifier: notifier)
    #expect(notifier.lostToCrash.map(\.notification.habitIDs) == [["a", "b"]])

    // When a new agent starts at 21:02
    harness.clock.set(Self.at("21:02"))
    let next = harness.run(until: Self.at("22:00"))

    // Then it shows them once, together, and nothing at 21:10
    #expect(next.notifier.shown.map(\.notification.habitIDs) == [["a", "b"]])
    #expect(next.notifier.shown.map(\.at) == [Self.at("21:02")])
  }

  @Test("a habit switched off since the gathered popup came is left out when it comes back")
  func switchedOffLeftOutOfTheGatheredPopup() throws {
    // Given Tea, Walk and Read at 21:00, in one popup
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 21:00\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 21:00\"\n")
    harness.habit("read", "title = \"Read\"\nwhen = \"daily at 21:00\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Walk is switched off at 21:05 and Done is pressed for Tea at 21:10
    let run = harness.run(
      until: Self.at("21:30"),
      events: [
        ScriptedEvent(at: Self.at("21:05"), [.schedulesChanged]) {
          harness.habit(
            "walk", "title = \"Walk\"\nwhen = \"daily at 21:00\"\nenabled = false\n")
        },
        ScriptedEvent(at: Self.at("21:10")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.pressDone("tea", on: popup)
        },
      ], notifier: notifier)

    // Then the popup comes back for Read alone
    #expect(run.notifier.shown.map(\.at) == [Self.at("21:00"), Self.at("21:10")])
    #expect(run.notifier.shown.last?.notification.habitIDs == ["read"])
  }

  @Test("a habit whose nudge is due as Done is pressed for another comes once, in its own popup")
  func aNudgeDueAsTheGatheredPopupComesBackIsShownOnce() throws {
    // Given Tea at 21:00 with a nudge every 30 minutes, and Walk at 21:10, in one popup at 21:00
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("20:00"))
    harness.habit(
      "tea",
      "title = \"Tea\"\nwhen = \"daily at 21:00\"\n[nudge]\nrepeat = \"30m\"\nuntil = \"23:00\"\n")
    harness.habit("walk", "title = \"Walk\"\nwhen = \"daily at 21:10\"\n")
    let notifier = RecordingNotifier(clock: harness.clock)

    // When Done is pressed for Walk at 21:30, the very second Tea's nudge is due
    let run = harness.run(
      until: Self.at("21:45"),
      events: [
        ScriptedEvent(at: Self.at("21:30")) {
          guard let popup = notifier.shown.last?.notification else { return }
          notifier.pressDone("walk", on: popup)
        }
      ], notifier: notifier)

    // Then Tea is shown once at 21:30, as its nudge, and the gathered popup is taken down
    let first = try #require(run.notifier.shown.first)
    #expect(first.notification.habitIDs == ["tea", "walk"])
    let atHalfPast = run.notifier.shown.filter { $0.at == Self.at("21:30") }
    #expect(atHalfPast.count == 1, "\(atHalfPast.map(\.notification.habitIDs))")
    #expect(atHalfPast.first?.notification.habitIDs == ["tea"])
    #expect(atHalfPast.first?.notification.key != first.notification.key)
    #expect(run.notifier.closed.map(\.key).contains(first.notification.key))
  }
}
