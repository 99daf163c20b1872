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
/// reminder at all. `HABITS_NOW` alone is refused, as below.
///
/// - `TZ` that names no zone, or is not UTF-8: UTC, as glibc does.
/// - `HOME` unset, empty, relative, too long or not UTF-8: the home directory
///   the password database gives, as GLib's `g_get_home_dir` falls back to.
/// - `XDG_CONFIG_HOME`, `XDG_DATA_HOME`, `XDG_RUNTIME_DIR`, `HABITS_DB` and
///   `HABITS_SCHEDULES` too long or not UTF-8: ignored, as the XDG spec has
///   a relative path ignored (which `Locations` does for the CLI too).
/// - `HABITS_NOW`: where the agent's clock starts. Its time is `HABITS_NOW`
///   at start and runs on from there with the system clock, as for
///   `habits today --watch`; it still sleeps on the real clock. Empty or
///   unset: the system clock. A value that is no date and time, or is not
///   UTF-8, is refused with the CLI's words and exit status 64 (which the
///   systemd unit does not restart): only tests and bug reports set it, and
///   an agent on a guessed clock would send every reminder at a wrong time.
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

  /// How many seconds the agent's clock is ahead of the system's, which
  /// reads `systemNow`: `HABITS_NOW` (read in `zone` when it names no
  /// offset) less `systemNow`, or 0 when it is unset or empty.
  static func clockOffset(
    _ environment: [String: String], notUTF8: Set<String>, zone: Zone, systemNow: Instant
  ) throws(HabitsError) -> Int {
    if notUTF8.contains("HABITS_NOW") {
      throw HabitsError(
        "HABITS_NOW is not UTF-8 text",
        hint: "set it to \(DateTimeFormat.expectedForm), or unset it",
        kind: .usage)
    }
    guard let fixed = environment["HABITS_NOW"], !fixed.isEmpty else { return 0 }
    let start = try DateTimeFormat.clockStart(fixed, in: zone)
    return start.secondsSince1970 - systemNow.secondsSince1970
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
