// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsSync
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// What the outside world gives a command: now, the zone, the environment,
/// where files are, and where output goes. Tests build one with a fixed clock.
public struct Context {
  public var now: Instant
  public var zone: Zone
  public var environment: [String: String]
  /// Variables set to something that is not UTF-8, left out of `environment`.
  public var notUTF8: Set<String>
  public var shippedSchedules: String?
  public var standardOutputIsTerminal: Bool
  public var write: (String) -> Void
  public var writeError: (String) -> Void
  /// The database this command opened, shared by its sync pass and its own work.
  let opened = OpenedStore()

  public init(
    now: Instant, zone: Zone, environment: [String: String], notUTF8: Set<String> = [],
    shippedSchedules: String?, standardOutputIsTerminal: Bool = false,
    write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
  ) {
    self.now = now
    self.zone = zone
    self.environment = environment
    self.notUTF8 = notUTF8
    self.shippedSchedules = shippedSchedules
    self.standardOutputIsTerminal = standardOutputIsTerminal
    self.write = write
    self.writeError = writeError
  }

  /// The real world: the system clock (or `HABITS_NOW`), `TZ`, stdout and stderr.
  ///
  /// A `TZ` or `HABITS_NOW` that cannot be used is refused as a usage error
  /// (exit 64) naming the variable: guessing another zone or another now
  /// would file check-ins under the wrong day without a word.
  public static func live() throws(HabitsError) -> Context {
    let (environment, notUTF8) = Environment.current()
    for name in ["TZ", "HABITS_NOW"] where notUTF8.contains(name) {
      throw HabitsError(
        "\(name) is not UTF-8 text", hint: "set it to \(expected(name)), or unset it",
        kind: .usage)
    }
    let zone: Zone
    do {
      zone = try Zone.current(environment: environment)
    } catch {
      throw HabitsError(error, kind: .usage)
    }
    var now = Instant(secondsSince1970: Int(time(nil)))
    if let fixed = environment["HABITS_NOW"], !fixed.isEmpty {
      now = try DateTimeFormat.clockStart(fixed, in: zone)
    }
    return Context(
      now: now, zone: zone, environment: environment, notUTF8: notUTF8,
      shippedSchedules: Environment.shippedSchedules(),
      standardOutputIsTerminal: isatty(1) == 1,
      write: { Environment.write($0, to: 1) }, writeError: { Environment.write($0, to: 2) })
  }

  /// Runs a command's `work` in this context, closes the database it
  /// opened, and ends the process with status 0. What the command built is
  /// left for the system to reclaim: releasing it object by object would
  /// only delay the exit (GRDB's queue even starts a thread to dispose of
  /// itself). A failure propagates as usual; so does a database SQLite
  /// would not close, which its release then closes.
  func exit(after work: (Context) throws -> Void) throws {
    try work(self)
    guard opened.close() else { return }
    Glibc.exit(0)
  }

  /// What the variable `name` should hold, for hints.
  static func expected(_ name: String) -> String {
    name == "TZ"
      ? "a zone name such as 'Europe/Berlin' or a POSIX rule such as 'CET-1CEST,M3.5.0,M10.5.0/3'"
      : DateTimeFormat.expectedForm
  }

  /// Where this command's files are.
  func locations(_ options: GlobalOptions) throws(HabitsError) -> Locations {
    try Locations.resolve(
      schedulesFlag: options.schedules, databaseFlag: options.db, environment: environment,
      notUTF8: notUTF8, shipped: shippedSchedules, exists: { access($0, F_OK) == 0 })
  }

  /// The habits and config of the schedules directory; broken files are
  /// reported on stderr (as `habits check` would) and left out. With sync
  /// on, the sync folder's news are merged first, so that what the command
  /// reads next is current. Warnings are
  /// left to `habits check`, so that everyday commands do not repeat them.
  func loadSchedules(_ options: GlobalOptions) throws(HabitsError) -> ScheduleLoader.Result {
    let result = try ScheduleLoader.load(directory: locations(options).schedules)
    for diagnostic in result.errors { writeError("\(diagnostic)\n") }
    synchronize(options, config: result.config)
    // With a file in error, its habit is missing: what was agreed stands.
    synchronizeTogether(
      options, config: result.config,
      offers: result.errors.isEmpty ? TogetherProfile.offers(of: result.habits) : nil)
    return result
  }

  /// Like `loadSchedules`, but reads only the habit `id`'s file when it can.
  func loadSchedules(
    _ options: GlobalOptions, habit id: String
  ) throws(HabitsError) -> ScheduleLoader.Result {
    let result = try ScheduleLoader.load(directory: locations(options).schedules, habit: id)
    for diagnostic in result.errors { writeError("\(diagnostic)\n") }
    synchronize(options, config: result.config)
    synchronizeTogether(options, config: result.config, offers: nil, loaded: result.habits)
    return result
  }

  /// Whether to colour output, per `--color`, `NO_COLOR`, `TERM` and the terminal.
  ///
  /// As no-color.org asks, `NO_COLOR` turns colour off when it is set to
  /// anything but the empty string.
  func useColor(_ options: GlobalOptions) -> Bool {
    switch options.color {
    case .always: return true
    case .never: return false
    case .auto:
      return standardOutputIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty
        && environment["TERM"] != "dumb"
    }
  }

  /// Writes a line to stdout.
  func print(_ line: String = "") { write(line + "\n") }

  /// Writes the line that says what `--out` wrote: to stdout, or to stderr
  /// when it went into a stream, which may be stdout itself (`--out
  /// /dev/stdout` in a pipe), so that stdout holds only what was written.
  func printWritten(_ line: String, into written: OutputFile.Written) {
    written == .stream ? writeError(line + "\n") : print(line)
  }
}
