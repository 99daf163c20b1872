// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// `habits week` in words around its grid, and `streak = false` in `habits
/// done`, `habits stats` and `habits week`, run as the real binary.
@Suite struct WeekWordsTests {
  static let repair = """
    title = "Repair"
    when = "daily at 16:00"
    streak = false
    summary_line = "You made room for repair on {count} days"
    """

  /// A world with `repair.toml` beside the everyday habits, done Monday to Friday.
  static func world() throws -> EverydayWorld {
    let world = try EverydayWorld()
    try Data((repair + "\n").utf8).write(
      to: URL(fileURLWithPath: world.schedules + "/repair.toml"))
    return world
  }

  /// The cells of the first line of `table` that starts with `habit`.
  static func row(_ habit: String, in table: String) throws -> [String] {
    let line = try #require(
      table.split(separator: "\n").first { $0.hasPrefix(habit + " ") }, "no row for \(habit)")
    return line.split(separator: " ").map(String.init)
  }

  @Test func streakFalseShowsNoStreakInDoneStatsOrWeek() throws {
    // Given a habit with streak = false, done Monday to Thursday
    let world = try Self.world()
    defer { world.remove() }
    for day in ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19"] {
      try world.ok(["done", "repair", "--date", day])
    }

    // When it is done today, and gratitude (streaks on) too
    let repair = try world.ok(["done", "repair"])
    try world.ok(["done", "gratitude", "--date", "2026-11-19"])
    let gratitude = try world.ok(["done", "gratitude"])

    // Then done's line has no streak for it, and still has gratitude's
    #expect(repair.out == "✓ Repair: done for today.\n")
    #expect(gratitude.out == "✓ Gratitude: done for today. Streak: 2 days.\n")

    // and stats shows a dash for its streak and best, null in JSON
    let stats = try world.ok(["stats"]).out
    #expect(Array(try Self.row("repair", in: stats).prefix(3)) == ["repair", "—", "—"])
    #expect(Array(try Self.row("gratitude", in: stats).prefix(3)) == ["gratitude", "2d", "2d"])
    let items = try #require(try world.json(["stats"]) as? [[String: Any]])
    let repairStats = try #require(items.first { $0["habit"] as? String == "repair" })
    #expect(repairStats["current_streak"] is NSNull)
    #expect(repairStats["best_streak"] is NSNull)
    #expect(repairStats["done_total"] as? Int == 5)
    #expect(items.first { $0["habit"] as? String == "gratitude" }?["current_streak"] as? Int == 2)

    // and week's STREAK column shows a dash, its JSON null, its words no streak
    let week = try world.ok(["week"]).out
    #expect(try Self.row("repair", in: week).last == "—")
    #expect(try Self.row("gratitude", in: week).last == "2d")
    let json = try #require(try world.json(["week"]) as? [String: Any])
    let rows = try #require(json["habits"] as? [[String: Any]])
    let repairWeek = try #require(rows.first { $0["habit"] as? String == "repair" })
    #expect(repairWeek["current_streak"] is NSNull)
    #expect(
      repairWeek["went_well"] as? String == "You made room for repair on five days this week.")
    let strength = try #require(repairWeek["strength"] as? Double)
    let line =
      "Repair: 5 of 7, every one so far, 2 more to come. Strength \(Int((strength * 100).rounded()))%."
    #expect((json["lines"] as? [String])?.contains(line) == true)
    #expect(week.contains("\n" + line + "\n"))
  }

  @Test func weekKeepsItsGridWithWordsAboveAndBelow() throws {
    // Given gratitude done Monday, Tuesday and today, and quality time on Tuesday
    let world = try Self.world()
    defer { world.remove() }
    for day in ["2026-11-16", "2026-11-17", "2026-11-20"] {
      try world.ok(["done", "gratitude", "--date", day])
    }
    try world.ok(["done", "quality-time", "--date", "2026-11-17"])

    // When the week is shown as text and as JSON
    let text = try world.ok(["week"]).out
    let json = try #require(try world.json(["week"]) as? [String: Any])
    let opening = try #require(json["opening"] as? [String])
    let lines = try #require(json["lines"] as? [String])

    // Then what went well comes first, in words
    #expect(
      opening == [
        "You made time for Gratitude on three days this week.",
        "You made time for Quality time on one day this week.",
      ])
    #expect(
      text.hasPrefix(
        "Week of 2026-11-16 to 2026-11-22\n" + opening.joined(separator: "\n") + "\n\nHABIT "))
    // then the grid, as before, with no streak of 0 in it
    #expect(text.contains("\nHABIT  "))
    #expect(try Self.row("gratitude", in: text).dropFirst().prefix(5) == ["✓", "✓", "✗", "✗", "✓"])
    #expect(try Self.row("phone-free-dinner", in: text).last == "—")
    #expect(!text.contains(" 0d") && !text.contains(" 0w"))
    // then each habit's week in words: the target says what is still possible
    #expect(text.hasSuffix("\n\n" + lines.joined(separator: "\n") + "\n"))
    #expect(
      lines.contains {
        $0.hasPrefix("Quality time: 1 of 3, 2 more by Sunday. Strength ") && !$0.contains("streak")
      })
    let quality = try #require(
      (json["habits"] as? [[String: Any]])?.first { $0["habit"] as? String == "quality-time" })
    #expect(quality["target_note"] as? String == "2 more by Sunday")
    #expect(quality["verdict"] as? String == "2 more by Sunday")
    #expect(quality["target_met"] as? Bool == false)
    #expect(quality["current_streak"] as? Int == 0)
  }

  @Test func aWeekWithNothingDoneSaysSoKindly() throws {
    // Given nothing done at all
    let world = try Self.world()
    defer { world.remove() }
    // When the week is shown on its Friday
    let text = try world.ok(["week"]).out
    // Then one kind sentence opens it, and no line of each habit's zeros follows the grid
    #expect(
      text.hasPrefix(
        "Week of 2026-11-16 to 2026-11-22\n"
          + "Nothing checked off yet this week, and there is still time: one small moment is enough.\n\nHABIT "
      ))
    #expect(!text.contains("Strength"))
    let json = try #require(try world.json(["week"]) as? [String: Any])
    #expect((json["lines"] as? [String]) == [])
  }
}
