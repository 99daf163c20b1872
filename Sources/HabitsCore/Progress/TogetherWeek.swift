// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The week of the habits two people keep together, in words: what they did
/// together first, then how each kept what they keep each. The weekly
/// summary leads with it, and `habits week` tells it:
///
///     Together this week: quality time on three days; gratitude: you on six days, Sam on seven.
public struct TogetherWeek: Sendable {
  /// A shared habit: the couple's days.
  public struct Shared: Sendable {
    public var habit: Habit
    public var days: Int
  }

  /// An `each` habit: your days and theirs.
  public struct Each: Sendable {
    public var habit: Habit
    public var yours: Int
    public var theirs: Int
  }

  /// The partner's name; nil reads as "your partner".
  public var partner: String?
  public var shared: [Shared]
  public var each: [Each]
  /// `this week`, `last week` or `that week`.
  public var when: String

  /// `week`'s habits kept together (`kept`), with the days of the week the
  /// partner did each `each` habit (`partnerDone`, any days: those outside
  /// the week are not counted).
  public init(
    week: WeekSummary, kept: [String: Together], partnerDone: [String: Set<CivilDate>],
    partner: String?
  ) {
    let days = Set((0..<7).map { week.weekStart.adding(days: $0) })
    self.partner = partner
    when = WeekStory.when(week)
    shared = week.rows.filter { kept[$0.habit.id] == .shared }.map {
      Shared(habit: $0.habit, days: $0.done)
    }
    each = week.rows.filter { kept[$0.habit.id] == .each }.map {
      Each(
        habit: $0.habit, yours: $0.done,
        theirs: (partnerDone[$0.habit.id] ?? []).intersection(days).count)
    }
  }

  /// The sentence, or nil when neither did anything kept together that week.
  public var sentence: String? {
    let name = partner ?? "your partner"
    var parts: [String] = []
    for item in shared where item.days > 0 {
      parts.append("\(Self.lowered(item.habit.title)) on \(WeekStory.days(item.days))")
    }
    for item in each where item.yours > 0 || item.theirs > 0 {
      let title = Self.lowered(item.habit.title)
      if item.yours == item.theirs {
        parts.append("\(title): each of you on \(WeekStory.days(item.yours))")
      } else if item.theirs == 0 {
        parts.append("\(title): you on \(WeekStory.days(item.yours))")
      } else if item.yours == 0 {
        parts.append("\(title): \(name) on \(WeekStory.days(item.theirs))")
      } else {
        parts.append(
          "\(title): you on \(WeekStory.days(item.yours)), \(name) on \(WeekStory.number(item.theirs))"
        )
      }
    }
    guard !parts.isEmpty else { return nil }
    return "Together \(when): " + parts.joined(separator: "; ") + "."
  }

  /// A title as it reads inside a sentence: `Quality time` → `quality time`;
  /// one that starts with a name or an acronym (`TV-free evening`) stays.
  static func lowered(_ title: String) -> String {
    guard let first = title.first, first.isUppercase else { return title }
    let second = title.dropFirst().first
    if let second, second.isUppercase { return title }
    return first.lowercased() + title.dropFirst()
  }
}
