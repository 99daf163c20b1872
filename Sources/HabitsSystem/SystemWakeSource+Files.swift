// SPDX-License-Identifier: Apache-2.0
import HabitsCore

extension SystemWakeSource {
  /// Watches what habits reads: the schedules and `config.toml` wake with
  /// `.schedulesChanged`, the database and its WAL (a check-in or a snooze
  /// from any process) with `.storeChanged`, and, unless `TZ` fixes the
  /// zone, `/etc/localtime` and `/etc/timezone` with `.zoneChanged`. The
  /// agent and `habits today --watch` sleep on the same files.
  public func watchFiles(of locations: Locations, environment: [String: String]) {
    watch(directory: locations.schedules, names: nil, reason: .schedulesChanged)
    let config = ScheduleLoader.configPath(forSchedules: locations.schedules)
    let (configDirectory, configName) = Self.split(config)
    watch(directory: configDirectory, names: [configName], reason: .schedulesChanged)
    let (dataDirectory, database) = Self.split(locations.database)
    watch(directory: dataDirectory, names: [database, database + "-wal"], reason: .storeChanged)
    if environment["TZ"] == nil {
      watch(directory: "/etc", names: ["localtime", "timezone"], reason: .zoneChanged)
    }
  }

  /// The directory `path` is in, and its last component.
  private static func split(_ path: String) -> (String, String) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    let directory = parts.dropLast().joined(separator: "/")
    return (
      directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory, String(parts.last ?? "")
    )
  }
}
