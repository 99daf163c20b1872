// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsAgent

/// The agent of one person who keeps habits with a partner: the partner's
/// done of a shared habit takes its popup down and no nudge follows, an
/// `each` habit's popup stays, and prompts say the partner's name.
@Suite("The agent with a partner")
struct TogetherAgentTests {
  static func at(_ time: String) -> Instant { SyncAgentTests.at(time) }
  static let today = CivilDate(year: 2026, month: 1, day: 15)

  /// Alex's agent (the harness) and Sam's database, one together folder;
  /// tea (09:00) is shared and walk (09:30) each, both nudged every 10
  /// minutes until 10:00.
  struct Couple {
    let harness: AgentHarness
    let sam: HabitStore
    let folder: TogetherFolder
    let root: String
    let offers: [TogetherProfile.Offer] = [
      .init(habitID: "tea", together: .shared), .init(habitID: "walk", together: .each),
    ]

    init(summary: String = "off") throws {
      root = NSTemporaryDirectory() + "habits-together-agent-\(UUID().uuidString)"
      let folderPath = root + "/us"
      try FileManager.default.createDirectory(atPath: folderPath, withIntermediateDirectories: true)
      folder = TogetherFolder(path: folderPath)
      harness = try AgentHarness(
        zone: SyncAgentTests.zone, now: TogetherAgentTests.at("08:00"),
        config: "summary = \"\(summary)\"\n\n[together]\nfolder = \"\(folderPath)\"\n",
        fileBacked: true)
      let nudge = "[nudge]\nrepeat = \"10m\"\nuntil = \"10:00\"\n"
      harness.habit(
        "tea",
        "title = \"Tea\"\nwhen = \"daily at 9:00\"\ntogether = \"shared\"\n"
          + "prompts = [\"Make {partner} a cup.\"]\n" + nudge)
      harness.habit(
        "walk", "title = \"Walk\"\nwhen = \"daily at 9:30\"\ntogether = \"each\"\n" + nudge)
      _ = try harness.store.joinTogether(
        folder: folder, name: "Alex", offers: offers, at: TogetherAgentTests.at("08:00"))
      sam = try HabitStore(path: root + "/sam.sqlite3")
      _ = try sam.joinTogether(
        folder: folder, name: "Sam", offers: offers, at: TogetherAgentTests.at("08:00"))
    }

    /// At `time`, Sam does `habit` and their pass sends it; Alex's agent
    /// wakes as inotify would wake it.
    func samDoes(_ habit: String, at time: String) -> ScriptedEvent {
      ScriptedEvent(at: TogetherAgentTests.at(time), [.storeChanged]) {
        do {
          _ = try sam.recordDone(
            habitID: habit, day: TogetherAgentTests.today, at: TogetherAgentTests.at(time))
          try sam.synchronizeTogether(
            folder: folder, offers: offers, at: TogetherAgentTests.at(time))
        } catch {
          Issue.record("Sam could not record \(habit): \(error)")
        }
      }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
  }

  @Test("Sam's done of a shared habit takes Alex's popup down; an each habit's stays")
  func partnersDoneTakesTheSharedPopupDown() throws {
    let couple = try Couple()
    defer { couple.remove() }

    // When Sam does tea at 09:05 and walk at 09:35
    let run = couple.harness.run(
      until: Self.at("10:00"),
      events: [couple.samDoes("tea", at: "09:05"), couple.samDoes("walk", at: "09:35")])

    // Then tea's popup is closed at 09:05 and tea never shown again
    #expect(run.notifier.closed.map(\.key) == ["tea"])
    #expect(run.notifier.closed.map(\.at) == [Self.at("09:05")])
    #expect(run.notifier.shown(habit: "tea").map(\.at) == [Self.at("09:00")])
    #expect(try couple.harness.store.checkIns(habitID: "tea").map(\.kind) == [.done])
    // and walk, Alex's own, is still reminded and nudged after Sam's walk
    #expect(run.notifier.shown(habit: "walk").contains { $0.at > Self.at("09:35") })
    #expect(try couple.harness.store.checkIns(habitID: "walk").isEmpty)
  }

  @Test("a prompt says the partner's name from the together folder")
  func promptsSayThePartnersName() throws {
    let couple = try Couple()
    defer { couple.remove() }
    let run = couple.harness.run(until: Self.at("09:01"))
    let popup = try #require(run.notifier.shown.first?.notification)
    #expect(popup.body.contains("Make Sam a cup."), "\(popup.body)")
  }

  @Test("the weekly summary leads with the week together")
  func theSummaryLeadsWithTheWeekTogether() throws {
    // Given the summary on Thursday 15 January at 09:50
    let couple = try Couple(summary: "every thursday at 9:50")
    defer { couple.remove() }

    // When Sam does tea and walk at 09:05, and Alex presses nothing
    let run = couple.harness.run(
      until: Self.at("09:51"),
      events: [couple.samDoes("tea", at: "09:05"), couple.samDoes("walk", at: "09:05")])

    // Then the summary's first line is what was done together, and Sam's walk
    let summary = try #require(run.notifier.shown.first { $0.notification.key == "summary" })
    #expect(
      summary.notification.body.split(separator: "\n").first
        == "Together this week: tea on one day; walk: Sam on one day.",
      "\(summary.notification.body)")
  }

  @Test("a reminder of a habit each keeps says when the partner did theirs")
  func anEachReminderSaysThePartnerDidTheirs() throws {
    let couple = try Couple()
    defer { couple.remove() }
    // Sam walks at 09:05 (and makes the tea, which leaves Alex's walk a popup of its own)
    let run = couple.harness.run(
      until: Self.at("09:31"),
      events: [couple.samDoes("walk", at: "09:05"), couple.samDoes("tea", at: "09:05")])
    let walk = try #require(run.notifier.shown(habit: "walk").first?.notification)
    #expect(walk.body.split(separator: "\n").contains("Sam did theirs today."), "\(walk.body)")
    // and the shared tea's popup, shown before, says nothing of the kind
    let tea = try #require(run.notifier.shown(habit: "tea").first?.notification)
    #expect(!tea.body.contains("did theirs"))
  }
}
