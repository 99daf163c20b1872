import ArgumentParser
import HabitsAgent
import HabitsCore
import HabitsStore
import Logging
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits agent`: the background process that sends the reminders.
///
/// The agent lives in its own executable, `habits-agent`, which links
/// libnotify and GLib; `habits agent` hands over to it, so that the commands
/// people type all day never load the notification stack.
public struct AgentCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "Run the reminder agent in the foreground (what the systemd unit starts).",
    discussion: """
      Sleeps until the next reminder is due and shows it as a desktop
      notification with Done, Snooze and Skip buttons. It wakes early only
      when the answer may change: the clock or the time zone changes, a
      schedule or config.toml is edited, the CLI records a check-in or a
      snooze, or SIGHUP. SIGTERM or SIGINT stop it. Only one agent runs per
      user: a second one exits with status 75.

      Examples:
        habits agent
        habits agent --verbose
        systemctl --user enable --now habits-agent
      """
  )

  @OptionGroup var options: GlobalOptions

  @Flag(help: "Log each decision, not only what was sent.")
  var verbose = false

  public init() {}

  /// The desktop notifier, set by the `habits-agent` executable.
  nonisolated(unsafe) public static var desktopNotifier: ((Logger) -> Notifier)?

  public func run() throws {
    guard let desktopNotifier = Self.desktopNotifier else {
      try Self.handOver()
    }
    // JOURNAL_STREAM only says whether stderr goes to the journal.
    let journal = getenv("JOURNAL_STREAM") != nil
    let level: Logger.Level = verbose ? .debug : .info
    LoggingSystem.bootstrap { _ in JournalLogHandler(level: level, journal: journal) }
    let logger = Logger(label: "habits.agent")
    let context = Context.forAgent(warn: { logger.warning("\($0)") })
    let locations = try context.locations(options)

    let lock: AgentLock
    do {
      lock = try AgentLock(path: Self.lockPath(context.environment, database: locations.database))
    } catch let running as AgentAlreadyRunning {
      Environment.write("habits: \(running)\n", to: 2)
      throw ExitCode(75)
    }
    // Signals are blocked before any other thread starts.
    let wake = try SystemWakeSource(logger: logger)
    let store = try HabitStore(path: locations.database)
    let schedules = ScheduleSet(directory: locations.schedules, logger: logger)
    schedules.reload()
    Self.watch(wake, locations: locations, environment: context.environment)
    let environment = context.environment
    let fixedZone = context.zone
    let runner = AgentRunner(
      store: store,
      notifier: Self.notifier(
        for: schedules.config, desktop: desktopNotifier, logger: logger),
      clock: SystemClock(), wake: wake, schedules: schedules,
      zone: {
        // With TZ set the zone is fixed; otherwise follow the system's.
        environment["TZ"].map { _ in fixedZone }
          ?? ((try? Zone.current(environment: environment)) ?? fixedZone)
      }, logger: logger,
      spacing: { seconds in usleep(useconds_t(seconds * 1_000_000)) },
      notifierFactory: { Self.notifier(for: $0, desktop: desktopNotifier, logger: logger) })
    runner.run()
    withExtendedLifetime(lock) {}
  }

  /// Replaces this process with `habits-agent` from the same directory,
  /// passing the arguments on.
  static func handOver() throws -> Never {
    let directory = (Environment.executablePath() ?? "").split(separator: "/").dropLast().joined(
      separator: "/")
    let agent = "/" + directory + "/habits-agent"
    let arguments = [agent] + CommandLine.arguments.dropFirst(2)
    var cStrings = arguments.map { strdup($0) }
    cStrings.append(nil)
    execv(agent, &cStrings)
    throw HabitsError(
      "cannot start \(agent): \(String(cString: strerror(errno)))",
      hint: "habits-agent is installed beside habits; reinstall habits")
  }

  /// The configured notifier, behind the configured fallback.
  static func notifier(
    for config: Config, desktop: (Logger) -> Notifier, logger: Logger
  ) -> Notifier {
    let primary: Notifier
    switch config.notifier {
    case .libnotify: primary = desktop(logger)
    case .stdout: return StdoutNotifier()
    case .command(let argv): primary = CommandNotifier(argv: argv)
    }
    let fallback: Notifier
    switch config.fallback {
    case .command(let argv) where config.fallback != config.notifier:
      fallback = FallbackNotifier(
        primary: CommandNotifier(argv: argv), fallback: StdoutNotifier(), logger: logger)
    default: fallback = StdoutNotifier()
    }
    return FallbackNotifier(primary: primary, fallback: fallback, logger: logger)
  }

  /// `$XDG_RUNTIME_DIR/habits/agent.lock`, or beside the database.
  static func lockPath(_ environment: [String: String], database: String) -> String {
    if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
      return runtime + "/habits/agent.lock"
    }
    let directory = database.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    return (directory.isEmpty ? "." : directory) + "/agent.lock"
  }

  static func watch(_ wake: SystemWakeSource, locations: Locations, environment: [String: String]) {
    wake.watch(directory: locations.schedules, names: nil, reason: .schedulesChanged)
    let config = ScheduleLoader.configPath(forSchedules: locations.schedules)
    let (configDirectory, configName) = split(config)
    wake.watch(directory: configDirectory, names: [configName], reason: .schedulesChanged)
    let (dataDirectory, database) = split(locations.database)
    wake.watch(
      directory: dataDirectory, names: [database, database + "-wal"], reason: .storeChanged)
    if environment["TZ"] == nil {
      wake.watch(directory: "/etc", names: ["localtime", "timezone"], reason: .zoneChanged)
    }
  }

  private static func split(_ path: String) -> (String, String) {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false)
    let directory = parts.dropLast().joined(separator: "/")
    return (
      directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory, String(parts.last ?? "")
    )
  }
}
