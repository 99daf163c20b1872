// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// `habits report`'s page: one self-contained HTML document with the week
/// grid, and for each habit its numbers, a year's heatmap and its strength
/// over the year, as inline SVG.
///
/// Nothing loads from anywhere: the style is inline, there is no script, and
/// the Content-Security-Policy forbids every other source. Everything a
/// person wrote (titles, descriptions) is escaped.
public enum ReportPage {
  public static let contentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

  public static func render(_ data: ReportData) -> String {
    let end = data.weekStart.adding(days: 6)
    let span = "\(data.weekStart) to \(end)"
    var out = ""
    out.reserveCapacity(4096 + data.parts.count * 30_000)
    out += """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="\(contentSecurityPolicy)">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="color-scheme" content="light dark">
      <title>habits: week of \(span)</title>
      <style>
      \(ReportStyle.css)
      </style>
      </head>
      <body>
      <header>
      <h1>Week of \(ReportWording.weekdayName(data.weekStart.weekday)) \(data.weekStart) \
      to \(ReportWording.weekdayName(end.weekday)) \(end)</h1>
      <p class="sub">habits report, made \(ReportWording.weekdayName(data.today.weekday)) \
      \(data.today)</p>
      </header>
      <main>

      """
    out += weekSection(data)
    out += "<section class=\"habits\">\n<h2>Habit by habit</h2>\n"
    out += HeatmapSVG.legend() + "\n"
    for part in data.parts { out += habitSection(part, data) }
    out += "</section>\n</main>\n</body>\n</html>\n"
    return out
  }

  private static func weekSection(_ data: ReportData) -> String {
    var out = "<section class=\"week\">\n<h2>The week</h2>\n<div class=\"opening\">"
    for sentence in data.story.opening { out += "<p>\(HTMLEscaping.escape(sentence))</p>" }
    out += "</div>\n"
    guard !data.summary.rows.isEmpty else { return out + "</section>\n" }
    out += "<div class=\"scroll\"><table class=\"grid\">\n<thead><tr><th scope=\"col\">Habit</th>"
    for offset in 0..<7 {
      let day = data.weekStart.adding(days: offset)
      let name = ReportWording.weekdayName(day.weekday)
      out += "<th scope=\"col\"><abbr title=\"\(name) \(day)\">\(name.prefix(2))</abbr>"
      out += "<small>\(day.day)</small></th>"
    }
    out += "<th scope=\"col\">Done</th><th scope=\"col\" class=\"wide\">Target</th>"
    out += "<th scope=\"col\" class=\"wide\">Streak</th><th scope=\"col\" class=\"wide\">Best</th>"
    out += "<th scope=\"col\" class=\"wide\">Strength</th></tr></thead>\n<tbody>\n"
    var partsByID: [String: ReportData.Part] = [:]
    for part in data.parts { partsByID[part.habit.id] = part }
    for row in data.summary.rows {
      let id = HTMLEscaping.escape(row.habit.id)
      out +=
        "<tr data-habit=\"\(id)\"><th scope=\"row\">\(HTMLEscaping.escape(row.habit.title))</th>"
      for (day, state) in row.days {
        let isToday = day == data.today
        let word = ReportWording.word(state, isToday: isToday)
        let kind = cellClass(state) + (isToday ? " t" : "")
        out += "<td class=\"c \(kind)\" title=\"\(ReportWording.weekdayName(day.weekday)) \(day): "
        out +=
          "\(word)\"><span aria-hidden=\"true\">\(ReportWording.symbol(state, isToday: isToday))"
        out += "</span><span class=\"sr\">\(word)</span></td>"
      }
      out += "<td data-field=\"done\">\(row.doneDue)/\(row.due)</td>"
      let note = data.story.line(for: row.habit.id)?.targetNote ?? ""
      out += "<td class=\"wide\" data-field=\"target\">\(HTMLEscaping.escape(note))</td>"
      if let part = partsByID[row.habit.id] {
        let shown = part.habit.showsStreak
        out += "<td class=\"wide\" data-field=\"streak\">"
        out += shown ? ReportWording.streak(part.currentStreak, unit: part.streakUnit) : ""
        out += "</td><td class=\"wide\" data-field=\"best\">"
        out += shown ? ReportWording.streak(part.bestStreak, unit: part.streakUnit) : ""
        out += "</td>"
        out += "<td class=\"wide\" data-field=\"strength\">"
        out += "\(ReportData.percent(part.strength))%</td>"
      } else {
        out += "<td class=\"wide\"></td><td class=\"wide\"></td><td class=\"wide\"></td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody></table></div>\n<p class=\"legend\">"
    let key: [(HabitHistory.DayState, Bool)] = [
      (.done, false), (.skipped, false), (.missed, false), (.pending, true), (.pending, false),
    ]
    for (state, isToday) in key {
      out += "<span><b aria-hidden=\"true\">\(ReportWording.symbol(state, isToday: isToday))</b> "
      out += "\(ReportWording.word(state, isToday: isToday))</span>"
    }
    out += "<span>blank: not due</span></p>\n"
    if !data.story.details.isEmpty {
      out += "<ul class=\"lines\">"
      for line in data.story.details { out += "<li>\(HTMLEscaping.escape(line))</li>" }
      out += "</ul>\n"
    }
    return out + "</section>\n"
  }

  private static func habitSection(_ part: ReportData.Part, _ data: ReportData) -> String {
    let habit = part.habit
    let id = HTMLEscaping.escape(habit.id)
    let title = HTMLEscaping.escape(habit.title)
    var out = "<article class=\"habit\" id=\"habit-\(id)\" data-habit=\"\(id)\">\n"
    out += "<h3>\(title) <small>\(id)\(habit.enabled ? "" : ", off")</small></h3>\n"
    if let description = habit.description ?? habit.practice {
      out += "<p class=\"desc\">\(HTMLEscaping.escape(description))</p>\n"
    }
    var stats: [(String, String, String)] = [
      ("This week", "done", part.week.map { "\($0.doneDue)/\($0.due)" } ?? "–")
    ]
    // Only a habit with a target has something to say of it.
    if habit.target != nil {
      stats.append(("Target", "target", data.story.line(for: habit.id)?.targetNote ?? "–"))
    }
    // A habit with `streak = false` keeps its record of days and counts no runs.
    if habit.showsStreak {
      stats.append(
        ("Streak", "streak", ReportWording.streak(part.currentStreak, unit: part.streakUnit)))
      stats.append(("Best", "best", ReportWording.streak(part.bestStreak, unit: part.streakUnit)))
    }
    stats.append(("Strength", "strength", "\(ReportData.percent(part.strength))%"))
    out += "<dl class=\"stats\">"
    for (name, field, value) in stats {
      out +=
        "<div><dt>\(name)</dt><dd data-field=\"\(field)\">\(HTMLEscaping.escape(value))</dd></div>"
    }
    out += "</dl>\n<div class=\"charts\">\n<figure><figcaption>The last \(ReportData.weeks) "
    out += "weeks</figcaption><div class=\"years\">"
    out += HeatmapSVG.render(
      states: part.days, first: data.firstDay, weeks: ReportData.weeks, today: data.today,
      label: "\(habit.title): each day of the last \(ReportData.weeks) weeks")
    out += "</div></figure>\n<figure><figcaption>Strength, week by week</figcaption>"
    out += StrengthChartSVG.render(
      points: part.weeklyStrength, first: data.firstDay, today: data.today,
      label: "\(habit.title): strength at the end of each week")
    out += "</figure>\n</div>\n</article>\n"
    return out
  }

  private static func cellClass(_ state: HabitHistory.DayState) -> String {
    switch state {
    case .done: return "d"
    case .missed: return "m"
    case .skipped: return "s"
    case .pending: return "p"
    case .notDue: return "n"
    }
  }
}
