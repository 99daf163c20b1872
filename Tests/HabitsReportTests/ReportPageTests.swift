// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsReport
import HabitsTestSupport
import Testing

/// `habits report`'s page: the same numbers as `habits week` and `habits
/// stats`, a year of days, everything written by a person escaped, nothing
/// fetched from anywhere.
@Suite struct ReportPageTests {
  typealias F = HistoryFixture

  /// A daily habit and a 3/week one, with a few weeks of history to a friday.
  static func world() throws -> (habits: [Habit], checkIns: [String: [CheckIn]]) {
    let gratitude = try F.habit("gratitude")
    let quality = try F.habit("quality", "every tue, thu, sat at 19:30", target: "3/week")
    let checkIns: [String: [CheckIn]] = [
      "gratitude": F.done("gratitude", F.run(10, endingOn: "2026-11-16"))
        + F.skipped("gratitude", ["2026-11-17"])
        + F.done("gratitude", ["2026-11-19", "2026-11-20"]),
      "quality": F.done("quality", ["2026-11-03", "2026-11-05", "2026-11-07", "2026-11-17"]),
    ]
    return ([gratitude, quality], checkIns)
  }

  static func report(day: String = "2026-11-18", today: String = "2026-11-20") throws -> ReportData
  {
    let world = try world()
    return ReportData(
      habits: world.habits, checkInsByHabit: world.checkIns, day: F.day(day), today: F.day(today),
      clock: DayClock(zone: .utc))
  }

  /// The text of the first element carrying `marker` (e.g. `data-field="done"`) after `from`.
  static func text(after marker: String, in page: String, from: String) -> String? {
    guard let start = page.range(of: from) else { return nil }
    guard let field = page.range(of: marker, range: start.upperBound..<page.endIndex),
      let close = page.range(of: ">", range: field.upperBound..<page.endIndex),
      let end = page.range(of: "<", range: close.upperBound..<page.endIndex)
    else { return nil }
    return String(page[close.upperBound..<end.lowerBound])
  }

  @Test func theNumbersAreThoseOfWeekAndStats() throws {
    // Given two habits with a history, the week of 16 Nov seen on friday 20th
    let data = try Self.report()
    let world = try Self.world()
    let summary = WeekSummary(
      habits: world.habits, checkInsByHabit: world.checkIns, day: F.day("2026-11-18"),
      today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    // When the page is made
    let page = ReportPage.render(data)
    // Then each habit's row and section show `habits week`'s done/due and the streaks and
    // strength of its history
    for (habit, row) in zip(world.habits, summary.rows) {
      let history = F.history(habit, world.checkIns[habit.id] ?? [], today: "2026-11-20")
      let streaks = history.streaks()
      let strength = "\(Int((ReportData.round4(history.strength()) * 100).rounded()))%"
      let unit = history.streakUnit
      for container in [
        "<tr data-habit=\"\(habit.id)\"", "<article class=\"habit\" id=\"habit-\(habit.id)\"",
      ] {
        #expect(
          Self.text(after: "data-field=\"done\"", in: page, from: container)
            == "\(row.done)/\(row.due)")
        #expect(
          Self.text(after: "data-field=\"streak\"", in: page, from: container)
            == ReportWording.streak(streaks.current, unit: unit))
        #expect(
          Self.text(after: "data-field=\"best\"", in: page, from: container)
            == ReportWording.streak(streaks.best, unit: unit))
        #expect(Self.text(after: "data-field=\"strength\"", in: page, from: container) == strength)
      }
    }
    // And the known values: gratitude done 3 of 6 (sunday's skipped day off), 2-day streak
    #expect(
      Self.text(after: "data-field=\"done\"", in: page, from: "<tr data-habit=\"gratitude\"")
        == "3/6")
    #expect(
      Self.text(after: "data-field=\"streak\"", in: page, from: "<tr data-habit=\"gratitude\"")
        == "2 days")
    #expect(
      Self.text(after: "data-field=\"best\"", in: page, from: "<tr data-habit=\"gratitude\"")
        == "10 days")
    #expect(
      Self.text(after: "data-field=\"done\"", in: page, from: "<tr data-habit=\"quality\"") == "1/3"
    )
    // And on its Friday, the 3/week habit says what is still possible, the other nothing
    #expect(
      Self.text(after: "data-field=\"target\"", in: page, from: "<tr data-habit=\"quality\"")
        == "2 more by Sunday")
    #expect(
      Self.text(after: "data-field=\"target\"", in: page, from: "<tr data-habit=\"gratitude\"")
        == "")
    #expect(!page.contains("not met"))
  }

  @Test func theWeekOpensWithWhatWentWellAndEndsWithEachHabitsWeek() throws {
    // Given the week of 16 Nov on friday 20th
    let data = try Self.report()
    let page = ReportPage.render(data)
    // Then the week section opens with the story's opening, before the grid
    let opening = try #require(page.range(of: "<div class=\"opening\">"))
    let grid = try #require(page.range(of: "<table class=\"grid\">"))
    #expect(opening.lowerBound < grid.lowerBound)
    #expect(
      data.story.opening == [
        "You made time for Gratitude on three days this week.",
        "You made time for Quality on one day this week.",
      ])
    for sentence in data.story.opening {
      #expect(page.contains("<p>\(sentence)</p>"))
    }
    // and each habit's line follows it, the same words `habits week` prints
    #expect(data.story.details.count == 2)
    for line in data.story.details {
      let at = try #require(page.range(of: "<li>\(line)</li>"))
      #expect(at.lowerBound > grid.lowerBound)
    }
  }

  @Test func aHabitWithStreakOffShowsNoStreakAndAZeroStreakIsADash() throws {
    // Given the daily habit with streak = false, and the target one whose streak is 0
    var world = try Self.world()
    world.habits[0].showsStreak = false
    let data = ReportData(
      habits: world.habits, checkInsByHabit: world.checkIns, day: F.day("2026-11-18"),
      today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    let page = ReportPage.render(data)
    // Then its row's streak cells are empty, and its section has no streak at all
    let row = "<tr data-habit=\"gratitude\""
    #expect(Self.text(after: "data-field=\"streak\"", in: page, from: row) == "")
    #expect(Self.text(after: "data-field=\"best\"", in: page, from: row) == "")
    let section = try #require(page.range(of: "<article class=\"habit\" id=\"habit-gratitude\""))
    let end = try #require(page.range(of: "</article>", range: section.upperBound..<page.endIndex))
    let card = page[section.lowerBound..<end.lowerBound]
    #expect(!card.contains("data-field=\"streak\"") && !card.contains("data-field=\"best\""))
    #expect(card.contains("data-field=\"strength\""))
    #expect(!card.contains("data-field=\"target\""))
    #expect(!data.story.details.joined().contains("streak"))
    // and the other habit's current streak of 0 is a dash, never "0 weeks"
    #expect(data.parts[1].currentStreak == 0)
    #expect(
      Self.text(after: "data-field=\"streak\"", in: page, from: "<tr data-habit=\"quality\"")
        == "—")
    #expect(!page.contains("0 weeks"))
  }

  @Test func theWeekGridSaysEachDayInWordsAsWellAsSymbols() throws {
    // Given the week of 16 Nov on friday 20th
    let page = ReportPage.render(try Self.report())
    // Then each day's cell names its state, today and the days to come included
    #expect(page.contains("title=\"Mon 2026-11-16: done\""))
    #expect(page.contains("title=\"Tue 2026-11-17: skipped\""))
    #expect(page.contains("title=\"Wed 2026-11-18: missed\""))
    #expect(page.contains("title=\"Fri 2026-11-20: done\""))
    #expect(page.contains("title=\"Sat 2026-11-21: to come\""))
    #expect(page.contains("<span class=\"sr\">missed</span>"))
    // And the legend gives every symbol its word
    for word in ["✓</b> done", "–</b> skipped", "✗</b> missed", "○</b> today", "·</b> to come"] {
      #expect(page.contains(word), "legend lacks \(word)")
    }
    #expect(page.contains("<h1>Week of Mon 2026-11-16 to Sun 2026-11-22</h1>"))
    #expect(page.contains("<title>habits: week of 2026-11-16 to 2026-11-22</title>"))
  }

  @Test func aPastWeekIsTheWeekHoldingTheDayWithTheConfiguredStart() throws {
    // Given weeks that start on sunday, and a day in an earlier week
    let world = try Self.world()
    let clock = DayClock(zone: .utc, weekStarts: .sunday)
    let data = ReportData(
      habits: world.habits, checkInsByHabit: world.checkIns, day: F.day("2026-11-05"),
      today: F.day("2026-11-20"), clock: clock)
    // Then the report is of the sunday-to-saturday week holding it
    #expect(data.weekStart == F.day("2026-11-01"))
    let page = ReportPage.render(data)
    #expect(page.contains("<h1>Week of Sun 2026-11-01 to Sat 2026-11-07</h1>"))
    // And quality time met its 3 that week
    #expect(
      Self.text(after: "data-field=\"done\"", in: page, from: "<tr data-habit=\"quality\"") == "3/3"
    )
    #expect(
      Self.text(after: "data-field=\"target\"", in: page, from: "<tr data-habit=\"quality\"")
        == "target met")
  }

  @Test func theHeatmapHasEveryDayOfFiftyThreeWeeksUpToTodayWithATooltip() throws {
    // Given the report of the current week
    let data = try Self.report()
    // Then the heatmap starts 52 weeks before the week's monday and stops at today
    #expect(data.firstDay == F.day("2025-11-17"))
    let part = try #require(data.parts.first)
    #expect(
      part.days.count == F.day("2026-11-20").daysSinceEpoch - data.firstDay.daysSinceEpoch + 1)
    let svg = HeatmapSVG.render(
      states: part.days, first: data.firstDay, weeks: ReportData.weeks, today: data.today,
      label: "Gratitude")
    #expect(svg.components(separatedBy: "<title>").count - 1 == part.days.count)
    // And each day's tooltip says its state; days before the history are not missed
    #expect(svg.contains("<title>Mon 2025-11-17: not due</title>"))
    #expect(svg.contains("<title>Sat 2026-11-07: done</title>"))
    #expect(svg.contains("<title>Wed 2026-11-18: missed</title>"))
    #expect(svg.contains("<title>Fri 2026-11-20: done</title>"))
    #expect(!svg.contains("2026-11-21"))
    // And the shapes differ by state, not only by colour
    #expect(
      svg.contains("class=\"m\"") && svg.contains("class=\"s\"") && svg.contains("class=\"d\""))
  }

  @Test func strengthIsPlottedWeekByWeekFromTheFirstCheckIn() throws {
    // Given gratitude, first done on 2026-11-07
    let data = try Self.report()
    let part = try #require(data.parts.first)
    let history = F.history(
      try F.habit("gratitude"), try Self.world().checkIns["gratitude"] ?? [], today: "2026-11-20")
    let daily = history.strengths()
    // Then weeks before it have no point, the week of 2 Nov ends with sunday 8th's strength,
    // and the last is today's
    #expect(part.weeklyStrength.count == ReportData.weeks)
    #expect(part.weeklyStrength.dropLast(3).allSatisfy { $0 == nil })
    #expect(part.weeklyStrength[ReportData.weeks - 3] == daily[1])
    #expect(part.weeklyStrength.last == daily.last)
    #expect(part.strength == ReportData.round4(history.strength()))
    let svg = StrengthChartSVG.render(
      points: part.weeklyStrength, first: data.firstDay, today: data.today, label: "Gratitude")
    #expect(svg.contains("<title>2026-11-20: \(ReportData.percent(part.strength))%</title>"))
    #expect(svg.components(separatedBy: "<circle").count - 1 == 3)
  }

  @Test func whatAPersonWroteIsEscaped() throws {
    // Given a habit whose title and description hold markup
    var habit = try F.habit("tea")
    habit.title = "Tea & <b>talk</b> \"together\""
    habit.description = "<script>alert('x')</script>"
    let data = ReportData(
      habits: [habit], checkInsByHabit: [:], day: F.day("2026-11-20"), today: F.day("2026-11-20"),
      clock: DayClock(zone: .utc))
    // When the page is made
    let page = ReportPage.render(data)
    // Then it shows as text, in the grid, the section and the charts' labels
    #expect(!page.contains("<b>talk"))
    #expect(!page.contains("<script"))
    #expect(page.contains("Tea &amp; &lt;b&gt;talk&lt;/b&gt; &quot;together&quot;"))
    #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    #expect(HTMLEscaping.escape("a\u{0}b\u{7}c\td\ne\u{85}") == "abc\td\ne")
  }

  @Test func nothingComesFromTheNetwork() throws {
    let page = ReportPage.render(try Self.report())
    #expect(
      page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
      ))
    for banned in ["http:", "https:", "<script", "<link", "<img", "url(", "@import", " src="] {
      #expect(!page.contains(banned), "the page holds \(banned)")
    }
    #expect(page.contains("prefers-color-scheme:dark"))
    #expect(
      page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
  }

  @Test func habitsThatAreOffShowOnlyWithAHistory() throws {
    // Given one habit off with no history, another off with an old check-in
    var idle = try F.habit("idle")
    idle.enabled = false
    var old = try F.habit("old")
    old.enabled = false
    let data = ReportData(
      habits: [idle, old], checkInsByHabit: ["old": F.done("old", ["2026-10-01"])],
      day: F.day("2026-11-20"), today: F.day("2026-11-20"), clock: DayClock(zone: .utc))
    // Then, as in habits stats, only the one with a history has a section, and as in
    // habits week neither has a row this week
    #expect(data.parts.map(\.habit.id) == ["old"])
    #expect(data.summary.rows.isEmpty)
    let page = ReportPage.render(data)
    #expect(page.contains("<p>No habits this week.</p>"))
    #expect(page.contains("id=\"habit-old\""))
    #expect(!page.contains("habit-idle"))
  }
}
