// SPDX-License-Identifier: Apache-2.0
import HabitsAgent
import HabitsCore
import HabitsStore
import HabitsSystem
import Logging
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits-agent`, the resident program that sends the reminders: its
/// arguments, environment, logging, single-instance lock, event sources,
/// store, schedules and notifier, put together and run.
///
/// `habits agent` hands over to it (exec, same pid), so the commands people
/// type all day never load libnotify, and the agent never carries the CLI.
public enum AgentProgram {
  /// Exit statuses beside 0: a usage error, a failure the message explains,
  /// and another agent already running.
  static let usageStatus: Int32 = 64
  static let failureStatus: Int32 = 1
  static let alreadyRunningStatus: Int32 = 75

  /// Runs as `arguments` (argv without the program name) ask, and exits.
  public static func main(_ arguments: [String]) -> Never {
    let request: AgentArguments.Request
    do {
      request = try AgentArguments.parse(arguments)
    } catch {
      ProcessEnvironment.write(error.description, to: 2)
      exit(usageStatus)
    }
    switch request {
    case .help:
      ProcessEnvironment.write(AgentHelp.text, to: 1)
      exit(0)
    case .version:
      ProcessEnvironment.write(HabitsVersion.current + "\n", to: 1)
      exit(0)
    case .run(let options):
      do {
        try run(options)
        exit(0)
      } catch let running as AgentAlreadyRunning {
        ProcessEnvironment.write("habits: \(running)\n", to: 2)
        exit(alreadyRunningStatus)
      } catch let error as HabitsError {
        ProcessEnvironment.write("habits: \(error)\n", to: 2)
        exit(error.kind == .usage ? usageStatus : failureStatus)
      } catch {
        ProcessEnvironment.write("habits: \(error)\n", to: 2)
        exit(failureStatus)
      }
    }
  }

  /// Runs the agent until SIGTERM or SIGINT.
  static func run(_ options: AgentArguments) throws {
    // JOURNAL_STREAM only says whether stderr goes to the journal.
    let journal = getenv("JOURNAL_STREAM") != nil
    let level: Logger.Level = options.verbose ? .debug : .info
    LoggingSystem.bootstrap { _ in JournalLogHandler(level: level, journal: journal) }
    let logger = Logger(label: "habits.agent")
    let (raw, notUTF8) = ProcessEnvironment.current()
    let (environment, fixedZone) = AgentEnvironment.repaired(
      raw, notUTF8: notUTF8, warn: { logger.warning("\($0)") })
    // Before any file is touched: a HABITS_NOW that cannot be read stops it.
    let clock = SystemClock(
      offset: try AgentEnvironment.clockOffset(
        environment, notUTF8: notUTF8, zone: fixedZone, systemNow: SystemClock().now()))
    if !(environment["HABITS_NOW"] ?? "").isEmpty {
      logger.info(
        "HABITS_NOW: the clock starts at \(DateTimeFormat.withOffset(clock.now(), in: fixedZone)), the system clock plus \(clock.offset) s"
      )
    }
    // What is not UTF-8 was warned about and left out above.
    let locations = try Locations.resolve(
      schedulesFlag: options.schedules, databaseFlag: options.db, environment: environment,
      shipped: ProcessEnvironment.shippedSchedules(), exists: { access($0, F_OK) == 0 })

    let lock = try AgentLock(
      path: AgentLock.path(environment: environment, database: locations.database))
    // Signals are blocked before any other thread starts.
    let wake = try SystemWakeSource(logger: logger)
    let store = try HabitStore(path: locations.database)
    // Loaded once here: the notifier depends on config.toml.
    let schedules = ScheduleSet(directory: locations.schedules, logger: logger)
    schedules.reload()
    wake.watchFiles(of: locations, environment: environment)
    let runner = AgentRunner(
      store: store, notifier: NotifierChoice.notifier(for: schedules.config, logger: logger),
      clock: clock, wake: ShiftedWakeSource(wake, offset: clock.offset), schedules: schedules,
      zone: {
        // With TZ set the zone is fixed; otherwise follow the system's.
        if environment["TZ"] != nil { return fixedZone }
        do {
          return try Zone.current(environment: environment)
        } catch {
          logger.warning("\(error); keeping \(fixedZone)")
          return fixedZone
        }
      }, logger: logger,
      spacing: { seconds in usleep(useconds_t(seconds * 1_000_000)) },
      notifierFactory: { NotifierChoice.notifier(for: $0, logger: logger) })
    runner.run()
    withExtendedLifetime(lock) {}
  }
}
