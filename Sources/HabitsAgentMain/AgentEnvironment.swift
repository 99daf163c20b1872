// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// How the agent reads its environment. Where the CLI refuses a variable
/// with exit status 64, the agent logs a warning and goes on with a
/// fallback: an agent that exits is started again by systemd
/// (`Restart=on-failure`) only to exit again, every few seconds, and sends no
/// reminder at all.
///
/// - `TZ` that names no zone, or is not UTF-8: UTC, as glibc does.
/// - `HOME` unset, empty, relative, too long or not UTF-8: the home directory
///   the password database gives, as GLib's `g_get_home_dir` falls back to.
/// - `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_RUNTIME_DIR`, `HABITS_DB` and
///   `HABITS_SCHEDULES` too long or not UTF-8: ignored, as the XDG spec has
///   a relative path ignored (which `Locations` does for the CLI too).
/// - `HABITS_NOW`: never read; the agent follows the system clock.
/// - `LANG` and `LC_*`: never read by habits, which speaks English and
///   formats dates itself, so any value works.
enum AgentEnvironment {
  /// The path variables the agent ignores when they cannot be used.
  static let paths = [
    "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "HABITS_DB", "HABITS_SCHEDULES",
  ]

  /// `environment` with what cannot be used replaced or left out, and the
  /// zone; `warn` is told about each replacement.
  static func repaired(
    _ environment: [String: String], notUTF8: Set<String>, warn: (String) -> Void
  ) -> (environment: [String: String], zone: Zone) {
    var environment = environment
    for name in paths {
      if notUTF8.contains(name) {
        warn("\(name) is not UTF-8 text; ignoring it")
      } else if let value = environment[name],
        let problem = Locations.problem(variable: name, value: value)
      {
        warn("\(problem); ignoring it")
        environment[name] = nil
      }
    }
    if let problem = homeProblem(environment["HOME"], notUTF8: notUTF8.contains("HOME")) {
      if let home = passwordDatabaseHome() {
        warn("\(problem); using \(home), the home directory in the password database")
        environment["HOME"] = home
      } else {
        warn("\(problem), and the password database gives no home directory")
        environment["HOME"] = nil
      }
    }
    // An empty TZ reads as unset (Zone.current); so the agent follows the
    // system's zone as it changes, as it does without TZ.
    if environment["TZ"] == "" || environment["TZ"] == ":" { environment["TZ"] = nil }
    var zone = Zone.utc
    if notUTF8.contains("TZ") {
      warn("TZ is not UTF-8 text; using UTC")
      environment["TZ"] = "UTC"
    } else {
      do {
        zone = try Zone.current(environment: environment)
      } catch {
        warn("\(error.message); using UTC")
        // Set, so that the agent keeps to UTC rather than following /etc/localtime.
        environment["TZ"] = "UTC"
      }
    }
    return (environment, zone)
  }

  /// Why `home` cannot be used, or nil.
  static func homeProblem(_ home: String?, notUTF8: Bool) -> String? {
    if notUTF8 { return "HOME is not UTF-8 text" }
    guard let home else { return "HOME is not set" }
    if home.isEmpty { return "HOME is empty" }
    return Locations.problem(variable: "HOME", value: home)
  }

  /// This user's home directory in the password database, if it is an
  /// absolute UTF-8 path.
  static func passwordDatabaseHome() -> String? {
    var entry = passwd()
    var result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 16_384)
    guard getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result) == 0, result != nil,
      let directory = entry.pw_dir, let home = String(validatingCString: directory),
      home.hasPrefix("/"), Locations.problem(variable: "HOME", value: home) == nil
    else { return nil }
    return home
  }
}
