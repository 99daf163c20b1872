import ArgumentParser
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// What the outside world gives a command: now, the zone, the environment,
/// where files are, and where output goes. Tests build one with a fixed clock.
public struct Context {
  public var now: Instant
  public var zone: Zone
  public var environment: [String: String]
  public var shippedSchedules: String?
  public var standardOutputIsTerminal: Bool
  public var write: (String) -> Void
  public var writeError: (String) -> Void

  public init(
    now: Instant, zone: Zone, environment: [String: String], shippedSchedules: String?,
    standardOutputIsTerminal: Bool = false, write: @escaping (String) -> Void,
    writeError: @escaping (String) -> Void
  ) {
    self.now = now
    self.zone = zone
    self.environment = environment
    self.shippedSchedules = shippedSchedules
    self.standardOutputIsTerminal = standardOutputIsTerminal
    self.write = write
    self.writeError = writeError
  }

  /// The real world: the system clock (or `HABITS_NOW`), `TZ`, stdout and stderr.
  public static func live() throws(HabitsError) -> Context {
    let environment = Environment.current()
    let zone = try Zone.current(environment: environment)
    var now = Instant(secondsSince1970: Int(time(nil)))
    if let fixed = environment["HABITS_NOW"], !fixed.isEmpty {
      guard let instant = DateTimeText.instant(fixed, in: zone) else {
        throw HabitsError(
          "HABITS_NOW '\(fixed)' is not a date and time",
          hint: "use \(DateTimeText.expectedForm)", kind: .usage)
      }
      now = instant
    }
    return Context(
      now: now, zone: zone, environment: environment,
      shippedSchedules: Environment.shippedSchedules(),
      standardOutputIsTerminal: isatty(1) == 1,
      write: { Environment.write($0, to: 1) }, writeError: { Environment.write($0, to: 2) })
  }

  /// Where this command's files are.
  func locations(_ options: some CommonOptions) throws(HabitsError) -> Locations {
    try Locations.resolve(
      schedulesFlag: options.schedules, databaseFlag: options.db, environment: environment,
      shipped: shippedSchedules, exists: { access($0, F_OK) == 0 })
  }

  /// The habits and config of the schedules directory; broken files are
  /// reported on stderr (as `habits check` would) and left out. Warnings are
  /// left to `habits check`, so that everyday commands do not repeat them.
  func loadSchedules(_ options: some CommonOptions) throws(HabitsError) -> ScheduleLoader.Result {
    let result = try ScheduleLoader.load(directory: locations(options).schedules)
    for diagnostic in result.errors { writeError("\(diagnostic)\n") }
    return result
  }

  /// Like `loadSchedules`, but reads only the habit `id`'s file when it can.
  func loadSchedules(
    _ options: some CommonOptions, habit id: String
  ) throws(HabitsError) -> ScheduleLoader.Result {
    let result = try ScheduleLoader.load(directory: locations(options).schedules, habit: id)
    for diagnostic in result.errors { writeError("\(diagnostic)\n") }
    return result
  }

  /// Whether to colour output, per `--color`, `NO_COLOR`, `TERM` and the terminal.
  func useColor(_ options: some CommonOptions) -> Bool {
    switch options.color {
    case .always: return true
    case .never: return false
    case .auto:
      return standardOutputIsTerminal && environment["NO_COLOR"] == nil
        && environment["TERM"] != "dumb"
    }
  }

  /// Writes a line to stdout.
  func print(_ line: String = "") { write(line + "\n") }
}
