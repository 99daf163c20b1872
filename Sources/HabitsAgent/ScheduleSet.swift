// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Logging

/// The habits the agent runs, reloaded from disk on change. A file that an
/// edit broke keeps its last good version running, and its diagnostics are
/// logged; a valid edit takes effect at once.
public final class ScheduleSet: @unchecked Sendable {
  public let directory: String
  private let logger: Logger
  private var lastGood: [String: Habit] = [:]
  private var lastDiagnostics: Set<Diagnostic> = []
  /// Whether a load has succeeded, so that `config` is a last good version to keep.
  private var loaded = false
  /// Whether the directory has been read once, whatever came of it.
  public private(set) var wasRead = false
  public private(set) var habits: [Habit] = []
  public private(set) var config = Config()
  /// The partner's name as the together folder has it, which `{partner}`
  /// says when `config.toml` names nobody.
  public private(set) var folderPartner: String?

  public init(directory: String, logger: Logger) {
    self.directory = directory
    self.logger = logger
  }

  /// Reads the directory again; returns whether anything the agent uses changed.
  @discardableResult
  public func reload() -> Bool {
    wasRead = true
    let result: ScheduleLoader.Result
    do {
      result = try ScheduleLoader.load(directory: directory)
    } catch {
      logger.error("\(error); keeping the schedules loaded before")
      return false
    }
    let diagnostics = Set(result.diagnostics)
    for diagnostic in result.diagnostics where !lastDiagnostics.contains(diagnostic) {
      logger.error("\(diagnostic)")
    }
    lastDiagnostics = diagnostics
    var next: [String: Habit] = [:]
    for habit in result.habits { next[habit.path] = habit }
    // A file with errors keeps its last good version.
    let broken = Set(result.diagnostics.filter { $0.severity == .error }.map(\.path))
    for path in broken {
      if let previous = lastGood[path], next[path] == nil {
        next[path] = previous
        logger.warning("\(path) has errors; still running its last good version")
      }
    }
    let configBroken = broken.contains(ScheduleLoader.configPath(forSchedules: directory))
    // Kept whole: a broken setting would otherwise fall back to its default.
    let newConfig = configBroken && loaded ? config : result.config
    let newHabits = next.values.sorted { $0.id < $1.id }
    let changed = newHabits != habits || newConfig != config
    lastGood = next
    loaded = true
    habits = newHabits
    config = newConfig
    if config.partner == nil, folderPartner != nil {
      habits = habits.map { $0.offering(to: config.relationship, partner: folderPartner) }
    }
    return changed
  }

  /// Takes the partner's name from the together folder; true when the
  /// prompts now say it (`config.toml` naming nobody).
  public func usePartner(_ name: String?) -> Bool {
    guard name != folderPartner else { return false }
    folderPartner = name
    guard config.partner == nil else { return false }
    habits = habits.map { $0.offering(to: config.relationship, partner: name) }
    return true
  }
}
