// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// A week told in words: what went well first, then each habit's week in a
/// way that asks for consistency, not perfection.
///
/// The weekly notification, `habits week` (text and JSON) and `habits report`
/// all take their words from here, so that they never tell one week two ways.
/// Six days of seven is a good week and is called one; a week still under way
/// says what is still possible; a missed target is met with something gentle;
/// a streak of 0 is never told, nor any streak of a habit with
/// `streak = false`; and strength, which forgives a miss, is told beside the
/// streak. A week with nothing done says so kindly instead of in zeros.
public struct WeekStory: Sendable {
  /// Where a `summary_line` puts the number of days.
  public static let countPlaceholder = "{count}"

  /// One habit's week.
  public struct Line: Sendable {
    public var habit: Habit
    /// What went well, as a sentence: `You said thank you on six days this
    /// week.`; nil when nothing was done.
    public var wentWell: String?
    /// The count: `6 of 7`, `2 of 3`, `4 of 10 this month`; nil when it would be 0.
    public var tally: String?
    /// How the week went: `a good week`, `2 more by Sunday`, `a quiet week`.
    public var verdict: String
    /// The percentage of strength at the week's end.
    public var strength: Int
    /// The current streak, `12 days`; nil when it is 0 or not shown.
    public var streak: String?

    /// For a habit with a target, what the week means for it (the verdict):
    /// `target met`, `1 more by Sunday`; nil without a target.
    public var targetNote: String? { habit.target == nil ? nil : verdict }

    /// `Gratitude: 6 of 7, a good week. Strength 86%, streak 12 days.`
    public var text: String {
      let week = [tally, verdict].compactMap { $0 }.joined(separator: ", ")
      let streakText = streak.map { ", streak \($0)" } ?? ""
      return "\(habit.title): \(week). Strength \(strength)%\(streakText)."
    }
  }

  /// The first words: a sentence for each habit done at least once, or one
  /// kind sentence for a week with nothing done.
  public var opening: [String]
  /// Each habit's week, for those that had something due or done.
  public var lines: [Line]
  /// Whether nothing at all was done: the opening then says all there is to say.
  public var isQuiet: Bool

  public init(_ summary: WeekSummary) {
    let today = summary.today
    let weekEnd = summary.weekStart.adding(days: 6)
    let when = Self.when(summary)
    lines = summary.rows.compactMap { Self.line($0, today: today, when: when) }
    isQuiet = summary.rows.allSatisfy { $0.done == 0 }
    if summary.rows.isEmpty {
      opening = ["No habits this week."]
    } else if !isQuiet {
      opening = lines.compactMap(\.wentWell)
    } else if today < summary.weekStart {
      opening = ["This week has not begun yet."]
    } else if today > weekEnd {
      opening = [
        "A quiet week: nothing was checked off, and that is all right."
          + " One small moment is enough to begin again."
      ]
    } else {
      opening = [
        "Nothing checked off yet this week, and there is still time:"
          + " one small moment is enough."
      ]
    }
  }

  /// What the notification and `habits week` tell after the opening: each
  /// habit's line, or nothing after a quiet week's.
  public var details: [String] { isQuiet ? [] : lines.map(\.text) }

  /// The line of the habit with this id, if its week had something to tell.
  public func line(for habitID: String) -> Line? {
    lines.first { $0.habit.id == habitID }
  }

  // MARK: Words

  private static func line(_ row: WeekSummary.Row, today: CivilDate, when: String) -> Line? {
    let habit = row.habit
    guard row.due > 0 || row.done > 0 else { return nil }
    let tally: String?
    let verdict: String
    if let target = habit.target {
      (tally, verdict) = targetWeek(row, target, today: today)
    } else if row.due == 0 {
      tally = nil
      verdict = "done on \(days(row.done)), with none due"
    } else {
      tally = row.doneDue > 0 ? "\(row.doneDue) of \(row.due)" : nil
      verdict = dueDaysWeek(row, today: today)
    }
    var streak: String?
    if habit.showsStreak && row.currentStreak > 0 {
      streak = "\(row.currentStreak) \(row.streakUnit)\(row.currentStreak == 1 ? "" : "s")"
    }
    return Line(
      habit: habit, wentWell: row.done > 0 ? wentWell(habit, count: row.done, when: when) : nil,
      tally: tally, verdict: verdict, strength: Int((row.strength * 100).rounded()),
      streak: streak)
  }

  /// A habit without a target: its due days, judged by those already
  /// behind; days done that were not due are told, and make up for none.
  private static func dueDaysWeek(_ row: WeekSummary.Row, today: CivilDate) -> String {
    let verdict = dueDaysVerdict(row, today: today)
    let other = row.done - row.doneDue
    guard other > 0 else { return verdict }
    if row.doneDue == 0 && row.daysOpen == 0 { return "done on \(days(other)) not due" }
    return verdict + ", and done on \(days(other)) not due"
  }

  private static func dueDaysVerdict(_ row: WeekSummary.Row, today: CivilDate) -> String {
    let done = row.doneDue
    let missed = row.days.filter { $0.state == .missed }.count
    let open = row.daysOpen
    let onlyToday = open == 1 && row.days.contains { $0.day == today && $0.state == .pending }
    let toCome = onlyToday ? "today still to come" : "\(open) more to come"
    if done == 0 {
      if open == 0 { return "a quiet week" }
      return missed == 0 ? "\(open) to come" : "there is still time"
    }
    if missed == 0 {
      if open > 0 { return "every one so far, \(toCome)" }
      return row.due == 1 ? "done" : "a full week"
    }
    // Two of every three days behind is a good week: six of seven is one.
    let good = done * 3 >= (done + missed) * 2
    if open == 0 { return good ? "a good week" : "each one counts" }
    return (good ? "a good week so far" : "each one counts") + ", \(toCome)"
  }

  /// A habit with a target: what is still possible while its period runs,
  /// and something gentle when it is over and was missed.
  private static func targetWeek(
    _ row: WeekSummary.Row, _ target: Target, today: CivilDate
  ) -> (tally: String?, verdict: String) {
    let running = today <= row.periodEnd
    var tally: String?
    if target.period == .week {
      tally = row.done > 0 ? "\(row.done) of \(target.count)" : nil
    } else if row.periodDone > 0 {
      tally =
        "\(row.periodDone) of \(target.count) \(running ? target.period.thisPeriod : "in that period")"
    }
    if row.periodDone >= target.count { return (tally, "target met") }
    if running && row.daysOpen > 0 {
      let need = target.count - row.periodDone
      if need <= row.daysOpen {
        return (tally, "\(need) more \(deadline(row.periodEnd, target, today: today))")
      }
      return (tally, row.periodDone > 0 ? "each one counts" : "there is still time")
    }
    if row.periodDone > 0 { return (tally, "fewer than planned, and each one counted") }
    switch target.period {
    case .week: return (tally, "a quiet week")
    case .month: return (tally, "a quiet month")
    case .days: return (tally, "a quiet spell")
    }
  }

  /// `today`, `by Sunday`, `by the end of the month`, `by 2027-01-04`.
  private static func deadline(_ end: CivilDate, _ target: Target, today: CivilDate) -> String {
    if end == today { return "today" }
    if end.daysSinceEpoch - today.daysSinceEpoch < 7 {
      let name = end.weekday.name
      return "by " + name.prefix(1).uppercased() + name.dropFirst()
    }
    if target.period == .month { return "by the end of the month" }
    return "by \(end)"
  }

  /// The habit's `summary_line` with the count in words, or a sentence from its title.
  static func wentWell(_ habit: Habit, count: Int, when: String) -> String {
    var template = habit.summaryLine ?? "You made time for \(habit.title) on {count} days"
    while let last = template.last, last == "." || last == "!" || last.isWhitespace {
      template.removeLast()
    }
    var text = fill(template, count: count) + " \(when)."
    if let first = text.first, first.isLowercase {
      text = first.uppercased() + text.dropFirst()
    }
    return text
  }

  /// `template` with `{count}` as a word (`one` to `ten`, digits beyond), and
  /// for one, the word after it singular: `evenings` → `evening`.
  static func fill(_ template: String, count: Int) -> String {
    guard let range = template.firstRange(of: countPlaceholder) else { return template }
    var rest = template[range.upperBound...]
    var noun = ""
    if count == 1, rest.first == " " {
      let word = rest.dropFirst().prefix { $0.isLetter }
      noun = " " + singular(String(word))
      rest = rest.dropFirst(1 + word.count)
    }
    return String(template[..<range.lowerBound]) + number(count) + noun + String(rest)
  }

  /// An English plural made singular: `days` → `day`, `lunches` → `lunch`,
  /// `parties` → `party`; a word that is not plural stays as it is.
  static func singular(_ word: String) -> String {
    let lower = word.lowercased()
    if lower.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
    for ending in ["ches", "shes", "sses", "xes", "zes"] where lower.hasSuffix(ending) {
      return String(word.dropLast(2))
    }
    if lower.hasSuffix("s") && !lower.hasSuffix("ss") && word.count > 1 {
      return String(word.dropLast())
    }
    return word
  }

  /// `one` … `ten`, then digits.
  static func number(_ count: Int) -> String {
    let words = [
      "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    return words.indices.contains(count) ? words[count] : "\(count)"
  }

  /// `this week`, `last week` or `that week`, as seen from the summary's today.
  static func when(_ summary: WeekSummary) -> String {
    let weekEnd = summary.weekStart.adding(days: 6)
    if summary.today <= weekEnd { return "this week" }
    if summary.today.daysSinceEpoch - weekEnd.daysSinceEpoch <= 7 { return "last week" }
    return "that week"
  }

  /// `one day`, `three days`.
  static func days(_ count: Int) -> String {
    "\(number(count)) day\(count == 1 ? "" : "s")"
  }
}
