// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Where habits keeps its files, by XDG base directories, flags and `HABITS_*` variables.
public struct Locations: Sendable {
  public var schedules: String
  public var database: String
  /// Whether the schedules are the shipped defaults (nothing of the user's was found).
  public var usingShippedSchedules: Bool

  /// The longest path habits takes from a flag or a variable, in bytes: with
  /// what it appends (`/habits/habits.sqlite3`) it stays well inside Linux's
  /// PATH_MAX of 4096.
  public static let maxPathBytes = 4000

  /// Resolves the schedules directory (`--schedules`, `HABITS_SCHEDULES`,
  /// `$XDG_CONFIG_HOME/habits/schedules` if it exists, then `shipped`) and the
  /// database path (`--db`, `HABITS_DB`, `$XDG_DATA_HOME/habits/habits.sqlite3`).
  ///
  /// As the XDG Base Directory specification says, an empty or relative
  /// `XDG_*` value is ignored and the default under `HOME` is used. What
  /// cannot be used is refused as a usage error rather than replaced, so that
  /// check-ins never go somewhere the person did not mean: a variable in
  /// `notUTF8` (its value is not UTF-8, so no Swift string names the path),
  /// a path longer than `maxPathBytes`, an empty flag, and a `HOME` that is
  /// unset, empty or relative when the files would go under it.
  public static func resolve(
    schedulesFlag: String?, databaseFlag: String?, environment: [String: String],
    notUTF8: Set<String> = [], shipped: String?, exists: (String) -> Bool
  ) throws(HabitsError) -> Locations {
    let schedules = try Self.schedules(
      flag: schedulesFlag, environment: environment, notUTF8: notUTF8, shipped: shipped,
      exists: exists)
    let database = try Self.database(
      flag: databaseFlag, environment: environment, notUTF8: notUTF8)
    return Locations(
      schedules: schedules.path, database: database, usingShippedSchedules: schedules.shipped)
  }

  /// The schedules directory alone, as `resolve` finds it, and whether it is
  /// the shipped one.
  public static func schedules(
    flag: String?, environment: [String: String], notUTF8: Set<String> = [], shipped: String?,
    exists: (String) -> Bool
  ) throws(HabitsError) -> (path: String, shipped: Bool) {
    let variables = Variables(environment: environment, notUTF8: notUTF8)
    if let flag { return (try checked(flag, from: "'--schedules'"), false) }
    if let value = try variables.value("HABITS_SCHEDULES") { return (value, false) }
    let own = try variables.ownSchedules()
    if let own, exists(own) { return (own, false) }
    if let shipped { return (shipped, true) }
    if let own { return (own, false) }
    throw Variables.noPlace("XDG_CONFIG_HOME")
  }

  /// The database path alone, as `resolve` finds it.
  static func database(
    flag: String?, environment: [String: String], notUTF8: Set<String>
  ) throws(HabitsError) -> String {
    let variables = Variables(environment: environment, notUTF8: notUTF8)
    if let flag { return try checked(flag, from: "'--db'") }
    if let value = try variables.value("HABITS_DB") { return value }
    if let data = try variables.base("XDG_DATA_HOME", ".local/share") {
      return data + "/habits/habits.sqlite3"
    }
    throw Variables.noPlace("XDG_DATA_HOME")
  }

  /// The user's own schedules folder, where `habits init` and `habits
  /// import` write: `--schedules` (unless empty), `HABITS_SCHEDULES`, else
  /// `$XDG_CONFIG_HOME/habits/schedules`; never the shipped one, which is
  /// not the user's to change.
  public static func ownSchedules(
    schedulesFlag: String?, environment: [String: String], notUTF8: Set<String> = []
  ) throws(HabitsError) -> String {
    if let flag = schedulesFlag, !flag.isEmpty { return flag }
    let variables = Variables(environment: environment, notUTF8: notUTF8)
    if let value = try variables.value("HABITS_SCHEDULES") { return value }
    guard let own = try variables.ownSchedules() else {
      throw HabitsError(
        "neither XDG_CONFIG_HOME nor HOME is set", hint: "pass --schedules DIR", kind: .usage)
    }
    return own
  }

  /// Why `value` of the path variable `name` cannot be used (the agent, which
  /// must not stop, ignores such a value and says so), or nil.
  public static func problem(variable name: String, value: String) -> String? {
    if value.utf8.count > maxPathBytes {
      return "\(name) is \(value.utf8.count) bytes long; habits takes paths of at most"
        + " \(maxPathBytes) bytes"
    }
    if name == "HOME" && !value.hasPrefix("/") {
      return "HOME is '\(InputEcho.visible(value))', which is not an absolute path"
    }
    return nil
  }

  /// `path` from a flag, refused when it is empty or too long.
  static func checked(_ path: String, from flag: String) throws(HabitsError) -> String {
    guard !path.isEmpty else {
      throw HabitsError("\(flag) is empty", hint: "give it a path", kind: .usage)
    }
    guard path.utf8.count <= maxPathBytes else {
      throw HabitsError(
        "\(flag) is \(path.utf8.count) bytes long; habits takes paths of at most"
          + " \(maxPathBytes) bytes", kind: .usage)
    }
    return path
  }

  /// The environment as `resolve` reads it.
  struct Variables {
    let environment: [String: String]
    let notUTF8: Set<String>

    /// The value of `name`; nil when it is unset or empty.
    func value(_ name: String) throws(HabitsError) -> String? {
      if notUTF8.contains(name) {
        throw HabitsError(
          "\(name) is not UTF-8 text, so habits cannot use the path it holds",
          hint: "rename that directory, set \(name) to another path, or pass --schedules and --db",
          kind: .usage)
      }
      guard let value = environment[name], !value.isEmpty else { return nil }
      if let problem = Locations.problem(variable: name, value: value) {
        throw HabitsError(
          problem, hint: "set \(name) to another path, or pass --schedules and --db", kind: .usage)
      }
      return value
    }

    /// The XDG directory `variable`, or `$HOME/fallback`; nil when neither is set.
    func base(_ variable: String, _ fallback: String) throws(HabitsError) -> String? {
      // The spec: "If an implementation encounters a relative path in any of
      // these variables it should consider the path invalid and ignore it."
      if let value = try value(variable), value.hasPrefix("/") { return value }
      guard let home = try value("HOME") else { return nil }
      return home + "/" + fallback
    }

    /// `$XDG_CONFIG_HOME/habits/schedules` (or under `$HOME/.config`): the
    /// one place the user's own schedules are looked for and written; nil
    /// when neither is set.
    func ownSchedules() throws(HabitsError) -> String? {
      try base("XDG_CONFIG_HOME", ".config").map { $0 + "/habits/schedules" }
    }

    /// The error for a place that neither `variable` nor `HOME` gives.
    static func noPlace(_ variable: String) -> HabitsError {
      HabitsError(
        "neither \(variable) nor HOME is set, so there is no place for habits' files",
        hint: "set HOME, or pass --schedules and --db", kind: .usage)
    }
  }
}
