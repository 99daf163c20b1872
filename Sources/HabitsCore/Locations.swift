/// Where habits keeps its files, by XDG base directories, flags and `HABITS_*` variables.
public struct Locations: Sendable {
  public var schedules: String
  public var database: String
  /// Whether the schedules are the shipped defaults (nothing of the user's was found).
  public var usingShippedSchedules: Bool

  /// Resolves the schedules directory (`--schedules`, `HABITS_SCHEDULES`,
  /// `$XDG_CONFIG_HOME/habits/schedules` if it exists, then `shipped`) and the
  /// database path (`--db`, `HABITS_DB`, `$XDG_DATA_HOME/habits/habits.sqlite3`).
  public static func resolve(
    schedulesFlag: String?, databaseFlag: String?, environment: [String: String],
    shipped: String?, exists: (String) -> Bool
  ) throws(HabitsError) -> Locations {
    func nonEmpty(_ key: String) -> String? {
      guard let value = environment[key], !value.isEmpty else { return nil }
      return value
    }
    func base(_ variable: String, _ fallback: String) throws(HabitsError) -> String {
      if let value = nonEmpty(variable), value.hasPrefix("/") { return value }
      guard let home = nonEmpty("HOME") else {
        throw HabitsError(
          "neither \(variable) nor HOME is set, so there is no place for habits' files",
          hint: "set HOME, or pass --schedules and --db")
      }
      return home + "/" + fallback
    }
    var schedules = schedulesFlag ?? nonEmpty("HABITS_SCHEDULES")
    var shippedUsed = false
    if schedules == nil {
      let config = try? base("XDG_CONFIG_HOME", ".config")
      if let config, exists(config + "/habits/schedules") {
        schedules = config + "/habits/schedules"
      } else if let shipped {
        schedules = shipped
        shippedUsed = true
      } else if let config {
        schedules = config + "/habits/schedules"
      } else {
        _ = try base("XDG_CONFIG_HOME", ".config")
      }
    }
    var database = databaseFlag ?? nonEmpty("HABITS_DB")
    if database == nil {
      database = try base("XDG_DATA_HOME", ".local/share") + "/habits/habits.sqlite3"
    }
    return Locations(
      schedules: schedules ?? "", database: database ?? "", usingShippedSchedules: shippedUsed)
  }
}
