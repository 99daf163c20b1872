// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One habit, as its schedule file describes it.
public struct Habit: Hashable, Sendable, Identifiable {
  /// Stable id: the file's stem, or its `id` key. History is keyed by it.
  public var id: String
  public var title: String
  public var practice: String?
  public var description: String?
  public var schedule: Schedule
  public var enabled: Bool
  public var start: CivilDate?
  public var target: Target?
  public var goal: Goal?
  /// The prompts a reminder may show: those that suit the relationship in
  /// `config.toml`, in the file's order, with the partner's name filled in.
  public var prompts: [String]
  /// Every prompt the file offers, with the relationships each suits.
  public var allPrompts: [Prompt]
  public var nudge: Nudge?
  /// Whether its streaks are shown. `streak = false` in its file turns them
  /// off for a practice where counting would turn care into a game: the
  /// record of days stays, and nothing counts runs of them.
  public var showsStreak: Bool
  /// The weekly summary's sentence for what went well (`summary_line`), with
  /// `{count}` where the number of days goes; nil for one made from the title.
  public var summaryLine: String?
  /// Whether it is kept with a partner (`together`), and how; nil when it
  /// is private, as every habit is unless its file says otherwise.
  public var together: Together?
  /// Whether its notes go to the partner too (`share_notes`); never without
  /// `together`.
  public var sharesNotes: Bool
  /// The file it was read from.
  public var path: String

  public init(
    id: String, title: String, schedule: Schedule, path: String, practice: String? = nil,
    description: String? = nil, enabled: Bool = true, start: CivilDate? = nil,
    target: Target? = nil, goal: Goal? = nil, prompts: [String] = [],
    allPrompts: [Prompt]? = nil, nudge: Nudge? = nil, showsStreak: Bool = true,
    summaryLine: String? = nil, together: Together? = nil, sharesNotes: Bool = false
  ) {
    self.id = id
    self.title = title
    self.practice = practice
    self.description = description
    self.schedule = schedule
    self.enabled = enabled
    self.start = start
    self.target = target
    self.goal = goal
    self.prompts = prompts
    self.allPrompts = allPrompts ?? prompts.map { Prompt($0) }
    self.nudge = nudge
    self.showsStreak = showsStreak
    self.summaryLine = summaryLine
    self.together = together
    self.sharesNotes = together != nil && sharesNotes
    self.path = path
  }

  /// Whether check-ins carry amounts (`habits done --value`).
  public var isNumeric: Bool { goal != nil }

  /// The same habit, offering the prompts that suit `relationship`, with
  /// `{partner}` filled with `partner` (`PartnerPlaceholder`).
  public func offering(to relationship: Relationship, partner: String? = nil) -> Habit {
    var habit = self
    habit.prompts = allPrompts.filter { $0.fits(relationship) }.map {
      PartnerPlaceholder.fill($0.text, name: partner)
    }
    return habit
  }
}
