// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Everything `habits export` writes: the habits as their schedule files
/// define them, the text of those files, and every check-in in the store.
public struct ExportData: Sendable {
  public var habits: [Habit]
  /// Each habit's schedule file as written, by habit id.
  public var sources: [String: String]
  /// Every check-in, of habits with and without a schedule file, oldest first.
  public var checkIns: [CheckIn]
  public var config: Config
  /// `config.toml` as written, without the tables that name this
  /// computer's folders (`[sync]`, `[together]`); nil without one.
  public var configText: String?
  /// The zone that schedules without their own `zone` are read in.
  public var zone: Zone
  public var now: Instant

  public init(
    habits: [Habit], sources: [String: String], checkIns: [CheckIn], config: Config,
    configText: String? = nil, zone: Zone, now: Instant
  ) {
    self.habits = habits
    self.sources = sources
    self.checkIns = checkIns
    self.config = config
    self.configText = configText
    self.zone = zone
    self.now = now
  }
}
