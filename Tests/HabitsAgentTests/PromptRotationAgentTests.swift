// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The prompt a popup shows: its reminder's in the habit's rotation, the same
/// in each nudge, and the next one each time Another idea is pressed.
@Suite("Prompts in popups")
struct PromptRotationAgentTests {
  static let zone = Zones.newYork

  static func at(_ time: String, _ date: String = "2026-01-15") -> Instant {
    instant(date + "T" + time, in: zone)
  }

  static let prompts = (1...6).map { "Idea \($0)." }
  static let promptList = prompts.map { "\"\($0)\"" }.joined(separator: ", ")

  /// The first line of a popup's body: its prompt.
  static func prompt(_ shown: RecordingNotifier.Shown) -> String {
    String(shown.notification.body.split(separator: "\n").first ?? "")
  }

  @Test("each nudge shows its own reminder's prompt, as the rotation gives it")
  func nudgesRepeatTheirReminder() throws {
    // Given a habit reminded twice a day, each reminder nudged every 30 minutes for an hour
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    let text = """
      title = "Tea"
      when = "daily at 9:00, 13:00"
      prompts = [\(Self.promptList)]
      [nudge]
      repeat = "30m"
      until = "14:00"
      """
    harness.habit("tea", text)
    // When the agent runs for two days
    let run = harness.run(until: Self.at("23:00", "2026-01-16"))
    let shown = run.notifier.shown(habit: "tea")
    // Then each reminder comes with two nudges (three at 13:00, up to 14:00) …
    #expect(
      shown.times(in: Self.zone).map { String($0.dropFirst(11).prefix(5)) } == [
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
        "13:00", "13:30", "14:00",
        "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30",
        "13:00", "13:30", "14:00",
      ])
    // … every nudge shows what the reminder before it showed, which is the rotation's prompt
    let habit = try #require(harness.loadedHabit("tea"))
    let rotation = PromptRotation(habit: habit)
    var reminderPrompts: [String] = []
    for popup in shown {
      let local = Self.zone.local(popup.at)
      let isReminder = local.minute == 0 && (local.hour == 9 || local.hour == 13)
      if isReminder {
        #expect(Self.prompt(popup) == rotation.prompt(at: popup.at, in: Self.zone))
        reminderPrompts.append(Self.prompt(popup))
      } else {
        #expect(Self.prompt(popup) == reminderPrompts.last, "the nudge at \(local)")
      }
    }
    // and the four reminders show four different prompts
    #expect(Set(reminderPrompts).count == 4, "\(reminderPrompts)")
  }

  @Test("Another idea swaps the popup's prompt for the next, and again; its nudge keeps it")
  func anotherIdea() throws {
    // Given a 9:00 reminder nudged at 9:30, whose popup offers Another idea
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit(
      "tea",
      """
      title = "Tea"
      when = "daily at 9:00"
      prompts = [\(Self.promptList)]
      [nudge]
      repeat = "30m"
      until = "9:30"
      """)
    let notifier = RecordingNotifier(clock: harness.clock)
    func press() {
      guard let popup = notifier.shown.last?.notification else { return }
      notifier.press(.another, on: popup)
    }
    // When Another idea is pressed at 9:05 and at 9:06
    let run = harness.run(
      until: Self.at("12:00", "2026-01-16"),
      events: [
        ScriptedEvent(at: Self.at("09:05")) { press() },
        ScriptedEvent(at: Self.at("09:06")) { press() },
      ], notifier: notifier)
    let shown = run.notifier.shown(habit: "tea")
    let habit = try #require(harness.loadedHabit("tea"))
    let rotation = PromptRotation(habit: habit)
    let number = rotation.number(at: Self.at("09:00"), in: Self.zone)
    // Then the popup is shown again in place (same key) with the next prompt, then the one after
    #expect(
      shown.map { Self.zone.local($0.at).description.suffix(8) } == [
        "09:00:00", "09:05:00", "09:06:00", "09:30:00", "09:00:00", "09:30:00",
      ])
    #expect(shown.allSatisfy { $0.notification.key == "tea" })
    #expect(
      shown.map(Self.prompt)
        == [
          rotation.prompt(number: number), rotation.prompt(number: number + 1),
          rotation.prompt(number: number + 2), rotation.prompt(number: number + 2),
          rotation.prompt(number: number + 1), rotation.prompt(number: number + 1),
        ].map { $0 ?? "" })
    #expect(shown.first?.notification.actions == [.done, .snooze, .skip, .another])
    // and nothing was recorded for the day, and the reminder log holds only reminders and nudges
    #expect(try harness.store.checkIns(habitID: "tea").isEmpty)
    #expect(harness.logs.messages.contains("info: tea: another idea shown via test"))
  }

  @Test("a snooze's end before its reminder's time, shown early in a gathered popup, repeats it")
  func snoozeEndRepeatsAGatheredReminder() throws {
    // Given tea at 8:00 and a walk at 8:50, gathered into one popup at 8:00 (gather = 1h)
    let harness = try AgentHarness(
      zone: Self.zone, now: Self.at("07:00"), config: "summary = \"off\"\ngather = \"1h\"\n")
    harness.habit("tea", "title = \"Tea\"\nwhen = \"daily at 8:00\"\n")
    harness.habit(
      "walk", "title = \"Walk\"\nwhen = \"daily at 8:50\"\nprompts = [\(Self.promptList)]\n")
    // When the walk alone is snoozed at 8:01 until 8:16, before its own time
    let run = harness.run(
      until: Self.at("08:40"),
      events: [
        ScriptedEvent(at: Self.at("08:01"), [.storeChanged]) {
          try? harness.store.snooze(habitID: "walk", until: Self.at("08:16"), at: Self.at("08:01"))
        }
      ])
    let shown = run.notifier.shown
    let habit = try #require(harness.loadedHabit("walk"))
    let expected = try #require(
      PromptRotation(habit: habit).prompt(at: Self.at("08:50"), in: Self.zone))
    // Then the gathered popup shows the 8:50 reminder's prompt, and so does the snooze's end
    try #require(shown.count == 2, "\(shown.map(\.notification.body))")
    #expect(shown[0].notification.body.contains("Walk: \(expected)"))
    #expect(shown[1].notification.habitID == "walk")
    #expect(Self.prompt(shown[1]) == expected)
  }

  @Test("a habit with one prompt, or none, offers no Another idea")
  func noOtherIdea() throws {
    let harness = try AgentHarness(zone: Self.zone, now: Self.at("08:00"))
    harness.habit("one", "title = \"One\"\nwhen = \"daily at 9:00\"\nprompts = [\"Only.\"]\n")
    // Half an hour apart, so that they are not gathered into one popup.
    harness.habit("none", "title = \"None\"\nwhen = \"daily at 9:30\"\n")
    let run = harness.run(until: Self.at("10:00"))
    #expect(
      run.notifier.shown.map(\.notification.actions) == [
        [.done, .snooze, .skip], [.done, .snooze, .skip],
      ])
  }
}

extension AgentHarness {
  /// The habit as the agent reads it from its schedules.
  func loadedHabit(_ id: String) -> Habit? {
    let set = ScheduleSet(directory: directory.schedules, logger: logs.logger)
    _ = set.reload()
    return set.habits.first { $0.id == id }
  }
}
