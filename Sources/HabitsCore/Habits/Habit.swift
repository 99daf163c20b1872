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
  public var prompts: [String]
  public var nudge: Nudge?
  /// The file it was read from.
  public var path: String

  public init(
    id: String, title: String, schedule: Schedule, path: String, practice: String? = nil,
    description: String? = nil, enabled: Bool = true, start: CivilDate? = nil,
    target: Target? = nil, goal: Goal? = nil, prompts: [String] = [], nudge: Nudge? = nil
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
    self.nudge = nudge
    self.path = path
  }

  /// Whether check-ins carry amounts (`habits done --value`).
  public var isNumeric: Bool { goal != nil }
}
