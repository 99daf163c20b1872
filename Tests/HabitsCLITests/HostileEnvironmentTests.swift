// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Every value the environment or a flag can carry is input. Each hostile
/// value, given to the real binary (in the sandbox of `BadInputTests`):
///
/// - the CLI refuses it with exit status 64 and a one-line message naming
///   it, never a signal, and changes no file; or, where a standard says so
///   (an empty or relative `XDG_*` path) or habits does not read it (`LANG`,
///   `LC_*`), it works as without it;
/// - the agent, which systemd would only restart to fail again, warns in its
///   log and keeps running; only a `HABITS_NOW` it cannot read, which no
///   unit sets, it refuses as the CLI does.
///
/// A value that is not UTF-8 cannot pass through `Process`, whose
/// environment is a `[String: String]`: such a variable is set by `/bin/sh`
/// from a printf(1) format just before it runs the binary.
@Suite("Hostile environment") struct HostileEnvironmentTests {
  /// One hostile input to the CLI.
  struct Row: Sendable, CustomTestStringConvertible {
    var name: String
    /// argv after the program name; `{db}`, `{schedules}` and `{root}` as in `BadInputTests`.
    var arguments: [String] = ["done", "gratitude"] + BadInputTests.paths
    /// A value sets a variable, nil removes it.
    var environment: [String: String?] = [:]
    /// Variables set to the bytes a printf(1) format gives.
    var bytes: [String: String] = [:]
    /// What stderr must start with: the whole message is one line.
    var message: String

    var testDescription: String { name }
  }

  static let huge = String(repeating: "A", count: 100_000)
  static let hugePath = "/" + String(repeating: "a", count: 100_000)
  static let paths = BadInputTests.paths
  static let today = ["today", "--schedules", "{schedules}", "--db", "{db}"]

  static let rows: [Row] = [
    // MARK: TZ and --tz
    Row(
      name: "TZ whose offset overflows", arguments: today,
      environment: ["TZ": "AAA99999999999999999999"],
      message:
        "habits: TZ is 'AAA99999999999999999999', which is neither a time zone nor a POSIX TZ rule — set TZ to a zone name"
    ),
    Row(
      name: "TZ whose offset overflows, done",
      environment: ["TZ": "AAA99999999999999999999"],
      message: "habits: TZ is 'AAA99999999999999999999', which is neither"),
    Row(
      name: "TZ whose switch time overflows", arguments: today,
      environment: ["TZ": "EST5EDT,M3.2.0/99999999999999999999,M11.1.0"],
      message: "habits: TZ is 'EST5EDT,M3.2.0/99999999999999999999,M11.1.0', which is neither"),
    Row(
      name: "TZ with an offset of 25 hours", arguments: today, environment: ["TZ": "AAA25"],
      message: "habits: TZ is 'AAA25', which is neither"),
    Row(
      name: "TZ with trailing junk", arguments: today,
      environment: ["TZ": "EST5EDT,M3.2.0,M11.1.0,"],
      message: "habits: TZ is 'EST5EDT,M3.2.0,M11.1.0,', which is neither"),
    Row(
      name: "TZ with a line break", arguments: today, environment: ["TZ": "Europe/Paris\nx"],
      message: "habits: TZ is 'Europe/Paris\\u{A}x', which is neither"),
    Row(
      name: "TZ of 100,000 characters", arguments: today, environment: ["TZ": huge],
      message: "habits: TZ is '\(String(repeating: "A", count: 80))…', which is neither"),
    Row(
      name: "TZ that is not UTF-8", arguments: today, bytes: ["TZ": "Europe/Par\\351s"],
      message: "habits: TZ is not UTF-8 text — set it to a zone name such as 'Europe/Berlin'"),
    Row(
      name: "TZ naming an endless file", arguments: today, environment: ["TZ": ":/dev/zero"],
      message: "habits: TZ is ':/dev/zero', which is neither"),
    Row(
      name: "TZ naming a directory", arguments: today, environment: ["TZ": "Europe"],
      message: "habits: TZ is 'Europe', which is neither"),
    Row(
      name: "--tz whose offset overflows",
      arguments: ["next", "--expr", "daily at 9:00", "--tz", "AAA99999999999999999999"],
      message: "habits: '--tz': unknown time zone 'AAA99999999999999999999' — use a name"),
    Row(
      name: "--tz of 100,000 characters",
      arguments: ["next", "--expr", "daily at 9:00", "--tz", huge],
      message: "habits: '--tz': unknown time zone '\(String(repeating: "A", count: 80))…'"),
    Row(
      name: "--tz that is a path",
      arguments: ["next", "--expr", "daily at 9:00", "--tz", "/dev/zero"],
      message: "habits: '--tz': unknown time zone '/dev/zero'"),

    // MARK: HABITS_NOW
    Row(
      name: "HABITS_NOW that is not a date", arguments: today,
      environment: ["HABITS_NOW": "yesterday"],
      message: "habits: HABITS_NOW 'yesterday' is not a date and time — use YYYY-MM-DD"),
    Row(
      name: "HABITS_NOW with a five-digit year", arguments: today,
      environment: ["HABITS_NOW": "99999-01-01T00:00Z"],
      message: "habits: HABITS_NOW '99999-01-01T00:00Z' is not a date and time"),
    Row(
      name: "HABITS_NOW in the year 0", arguments: today,
      environment: ["HABITS_NOW": "0000-01-01T00:00Z"],
      message: "habits: HABITS_NOW '0000-01-01T00:00Z' is outside the years 1970 to 9999"),
    Row(
      name: "HABITS_NOW in the year 0, agent", arguments: ["agent"] + paths,
      environment: ["HABITS_NOW": "0000-01-01T00:00Z"],
      message: "habits: HABITS_NOW '0000-01-01T00:00Z' is outside the years 1970 to 9999"),
    Row(
      name: "HABITS_NOW with a line break", arguments: today,
      environment: ["HABITS_NOW": "2026-03-07T12:00:00Z\nx"],
      message: "habits: HABITS_NOW '2026-03-07T12:00:00Z\\u{A}x' is not a date and time"),
    Row(
      name: "HABITS_NOW of 100,000 characters", arguments: today,
      environment: ["HABITS_NOW": huge],
      message: "habits: HABITS_NOW '\(String(repeating: "A", count: 80))' is not a date and time"),
    Row(
      name: "HABITS_NOW that is not UTF-8", arguments: today,
      bytes: ["HABITS_NOW": "2026-03-07T12:00:00\\377"],
      message: "habits: HABITS_NOW is not UTF-8 text — set it to YYYY-MM-DD"),
    // The agent starts its clock at HABITS_NOW: it refuses one it cannot
    // read in the same words, before touching any file.
    Row(
      name: "HABITS_NOW that is not a date, agent", arguments: ["agent"] + paths,
      environment: ["HABITS_NOW": "yesterday"],
      message: "habits: HABITS_NOW 'yesterday' is not a date and time — use YYYY-MM-DD"),
    Row(
      name: "HABITS_NOW with a line break, agent", arguments: ["agent"] + paths,
      environment: ["HABITS_NOW": "2026-03-07T12:00:00Z\nx"],
      message: "habits: HABITS_NOW '2026-03-07T12:00:00Z\\u{A}x' is not a date and time"),
    Row(
      name: "HABITS_NOW of 100,000 characters, agent", arguments: ["agent"] + paths,
      environment: ["HABITS_NOW": huge],
      message: "habits: HABITS_NOW '\(String(repeating: "A", count: 80))' is not a date and time"),
    Row(
      name: "HABITS_NOW that is not UTF-8, agent", arguments: ["agent"] + paths,
      bytes: ["HABITS_NOW": "2026-03-07T12:00:00\\377"],
      message: "habits: HABITS_NOW is not UTF-8 text — set it to YYYY-MM-DD"),

    // MARK: XDG directories, HOME, HABITS_DB and HABITS_SCHEDULES
    Row(
      name: "XDG_DATA_HOME that is not UTF-8",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      bytes: ["XDG_DATA_HOME": "{root}/caf\\351"],
      message: "habits: XDG_DATA_HOME is not UTF-8 text, so habits cannot use the path it holds"),
    Row(
      name: "XDG_DATA_HOME of 100,000 bytes",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["XDG_DATA_HOME": hugePath],
      message:
        "habits: XDG_DATA_HOME is 100001 bytes long; habits takes paths of at most 4000 bytes"),
    Row(
      name: "XDG_CONFIG_HOME that is not UTF-8", arguments: ["today", "--db", "{db}"],
      bytes: ["XDG_CONFIG_HOME": "{root}/caf\\351"],
      message: "habits: XDG_CONFIG_HOME is not UTF-8 text"),
    Row(
      name: "XDG_CONFIG_HOME of 100,000 bytes", arguments: ["today", "--db", "{db}"],
      environment: ["XDG_CONFIG_HOME": hugePath],
      message: "habits: XDG_CONFIG_HOME is 100001 bytes long"),
    Row(
      name: "HOME relative", arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["HOME": "home"],
      message: "habits: HOME is 'home', which is not an absolute path — set HOME to another path"),
    Row(
      name: "HOME that is not UTF-8",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      bytes: ["HOME": "{root}/caf\\351"], message: "habits: HOME is not UTF-8 text"),
    Row(
      name: "HOME of 100,000 bytes",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["HOME": hugePath], message: "habits: HOME is 100001 bytes long"),
    Row(
      name: "HABITS_DB that is not UTF-8",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      bytes: ["HABITS_DB": "{root}/db/caf\\351.sqlite3"],
      message: "habits: HABITS_DB is not UTF-8 text"
    ),
    Row(
      name: "HABITS_DB of 100,000 bytes",
      arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["HABITS_DB": hugePath], message: "habits: HABITS_DB is 100001 bytes long"),
    Row(
      name: "HABITS_SCHEDULES that is not UTF-8", arguments: ["done", "gratitude", "--db", "{db}"],
      bytes: ["HABITS_SCHEDULES": "{root}/caf\\351"],
      message: "habits: HABITS_SCHEDULES is not UTF-8 text"),

    // MARK: Flags
    Row(
      name: "--db empty",
      arguments: ["done", "gratitude", "--schedules", "{schedules}", "--db", ""],
      message: "habits: '--db' is empty — give it a path"),
    Row(
      name: "--db empty, today", arguments: ["today", "--schedules", "{schedules}", "--db="],
      message: "habits: '--db' is empty"),
    Row(
      name: "--schedules empty",
      arguments: ["done", "gratitude", "--schedules", "", "--db", "{db}"],
      message: "habits: '--schedules' is empty"),
    Row(
      name: "--db of 5,000 bytes",
      arguments: [
        "done", "gratitude", "--schedules", "{schedules}", "--db",
        "/" + String(repeating: "d", count: 4999),
      ], message: "habits: '--db' is 5000 bytes long; habits takes paths of at most 4000 bytes"),
  ]

  @Test(arguments: rows)
  func refused(_ row: Row) throws {
    let sandbox = try BadInputTests.Sandbox()
    defer { sandbox.remove() }
    let databaseBefore = try sandbox.databaseBytes()
    let filesBefore = try sandbox.files()
    let run = try Self.run(
      row.arguments, in: sandbox, environment: row.environment, bytes: row.bytes)
    let context =
      "\(row.name): status \(run.status), stderr: \(run.stderr.prefix(1000).debugDescription)"
    #expect(!run.timedOut, "hung. \(context)")
    #expect(!run.signalled && run.status < 128, "crashed. \(context)")
    #expect(!run.stderr.contains("Fatal error"), "crashed. \(context)")
    #expect(run.status == 64, "\(context)")
    #expect(
      run.stderr.hasPrefix(row.message), "expected \(row.message.debugDescription). \(context)")
    #expect(
      run.stderr.hasSuffix("\n") && run.stderr.filter { $0 == "\n" }.count == 1,
      "not one line. \(context)")
    #expect(run.stderr.count < 500, "too long a message. \(context)")
    #expect(run.stdout.isEmpty, "\(context)")
    #expect(try sandbox.databaseBytes() == databaseBefore, "the database changed. \(context)")
    #expect(try sandbox.files() == filesBefore, "files changed. \(context)")
  }

  // MARK: Accepted

  /// What must work as well as without it: the same stdout, exit status 0,
  /// nothing on stderr.
  @Test(
    arguments: [
      ("an empty XDG_DATA_HOME", ["XDG_DATA_HOME": ""], [:]),
      ("LANG that is no locale", ["LANG": "xx_YY.NONSENSE@junk"], [:]),
      ("LC_ALL with Turkish rules for i", ["LC_ALL": "tr_TR.UTF-8"], [:]),
      ("LC_ALL of 100,000 characters", ["LC_ALL": huge], [:]),
      ("LC_TIME empty", ["LC_TIME": ""], [:]),
      ("LANG that is not UTF-8", [:], ["LANG": "fr_FR.\\351"]),
      ("LC_ALL with control characters", [:], ["LC_ALL": "C\\033[31m\\n"]),
      ("XDG_RUNTIME_DIR that is not UTF-8", [:], ["XDG_RUNTIME_DIR": "/run/\\377"]),
      ("XDG_RUNTIME_DIR relative", ["XDG_RUNTIME_DIR": "run"], [:]),
      ("NO_COLOR empty", ["NO_COLOR": ""], [:]),
      ("TERM that is no terminal", ["TERM": huge], [:]),
      ("TZ with a leading colon", ["TZ": ":America/New_York"], [:]),
      ("TZ as the path of a zone file", ["TZ": "/usr/share/zoneinfo/America/New_York"], [:]),
      ("TZ as New York's POSIX rule", ["TZ": "EST5EDT,M3.2.0,M11.1.0"], [:]),
      ("TZ as New York's POSIX rule with times", ["TZ": "EST5EDT4,M3.2.0/2:00:00,M11.1.0/2"], [:]),
    ] as [(String, [String: String?], [String: String])])
  func accepted(name: String, environment: [String: String?], bytes: [String: String]) throws {
    let sandbox = try BadInputTests.Sandbox()
    defer { sandbox.remove() }
    let arguments = ["today", "--json"] + Self.paths
    let expected = try Self.run(arguments, in: sandbox)
    try #require(expected.status == 0, "\(expected.stderr)")
    let run = try Self.run(arguments, in: sandbox, environment: environment, bytes: bytes)
    let context =
      "\(name): status \(run.status), stderr: \(run.stderr.prefix(1000).debugDescription)"
    #expect(!run.signalled && run.status == 0, "\(context)")
    #expect(run.stderr.isEmpty, "\(context)")
    #expect(run.stdout == expected.stdout, "\(context)")
  }

  /// The XDG spec: "If an implementation encounters a relative path in any
  /// of these variables it should consider the path invalid and ignore it."
  @Test func aRelativeXDGDataHomeIsIgnored() throws {
    let sandbox = try BadInputTests.Sandbox()
    defer { sandbox.remove() }
    let run = try Self.run(
      ["done", "gratitude", "--schedules", "{schedules}"], in: sandbox,
      environment: ["XDG_DATA_HOME": "data"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(access(sandbox.root + "/.local/share/habits/habits.sqlite3", F_OK) == 0)
    #expect(access(sandbox.root + "/data", F_OK) != 0, "a relative XDG_DATA_HOME was used")
  }

  // MARK: The agent

  /// `habits agent` with a value the CLI would refuse: it logs `warning`
  /// and keeps running (until SIGTERM, which it answers with status 0).
  @Test(
    arguments: [
      (
        "TZ whose offset overflows", ["TZ": "AAA99999999999999999999"], [:],
        "TZ is 'AAA99999999999999999999', which is neither a time zone nor a POSIX TZ rule; using UTC"
      ),
      ("TZ that is not UTF-8", [:], ["TZ": "Europe/Par\\351s"], "TZ is not UTF-8 text; using UTC"),
      (
        "HOME relative", ["HOME": "home"], [:],
        "HOME is 'home', which is not an absolute path; using "
      ),
      ("HOME unset", ["HOME": nil], [:], "HOME is not set; using "),
      (
        "XDG_RUNTIME_DIR that is not UTF-8", [:], ["XDG_RUNTIME_DIR": "/run/\\377"],
        "XDG_RUNTIME_DIR is not UTF-8 text; ignoring it"
      ),
      (
        "XDG_DATA_HOME of 100,000 bytes", ["XDG_DATA_HOME": hugePath], [:],
        "XDG_DATA_HOME is 100001 bytes long; habits takes paths of at most 4000 bytes; ignoring it"
      ),
      ("LC_ALL that is not UTF-8", [:], ["LC_ALL": "\\377"], nil),
    ] as [(String, [String: String?], [String: String], String?)])
  func agentCarriesOn(
    name: String, environment: [String: String?], bytes: [String: String], warning: String?
  ) throws {
    let sandbox = try BadInputTests.Sandbox()
    defer { sandbox.remove() }
    try Data("notifier = \"stdout\"\n".utf8).write(
      to: URL(fileURLWithPath: sandbox.root + "/config.toml"))
    try FileManager.default.createDirectory(
      atPath: sandbox.root + "/run", withIntermediateDirectories: false,
      attributes: [.posixPermissions: 0o700])
    var environment = environment
    // The agent's own files stay in the sandbox whatever HOME says.
    for (key, value) in [
      "XDG_CONFIG_HOME": sandbox.root + "/config", "XDG_DATA_HOME": sandbox.root + "/data",
      "XDG_RUNTIME_DIR": sandbox.root + "/run",
    ] where environment[key] == nil && bytes[key] == nil {
      environment[key] = value
    }
    let process = try Self.process(
      ["agent"] + Self.paths, in: sandbox, environment: environment, bytes: bytes)
    let logPath = sandbox.io + "/agent-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: logPath) }
    let logHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    process.standardError = logHandle
    try process.run()
    func log() -> String {
      String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self)
    }
    // The agent warns as it starts; give it time to, and to stop if it would.
    let deadline = ContinuousClock.now + (warning == nil ? .seconds(2) : .seconds(10))
    while ContinuousClock.now < deadline && process.isRunning {
      if let warning, log().contains(warning) { break }
      usleep(50_000)
    }
    usleep(500_000)
    let running = process.isRunning
    if running { kill(process.processIdentifier, SIGTERM) }
    process.waitUntilExit()
    try logHandle.close()
    let text = log()
    let context = "\(name): status \(process.terminationStatus), log: \(text.prefix(2000))"
    #expect(running, "the agent stopped. \(context)")
    #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(context)")
    if let warning {
      #expect(
        text.contains("warning: \(warning)"), "no warning \(warning.debugDescription). \(context)")
    }
    #expect(!text.contains("Fatal error"), "\(context)")
  }

  // MARK: Running the binary

  static func run(
    _ arguments: [String], in sandbox: BadInputTests.Sandbox,
    environment: [String: String?] = [:], bytes: [String: String] = [:]
  ) throws -> BadInputTests.Run {
    let (executable, argv, environment) = try command(
      arguments, in: sandbox, environment: environment, bytes: bytes)
    return try BadInputTests.Sandbox.execute(
      executable, argv, environment: environment, directory: sandbox.root, io: sandbox.io)
  }

  static func process(
    _ arguments: [String], in sandbox: BadInputTests.Sandbox,
    environment: [String: String?], bytes: [String: String]
  ) throws -> Process {
    let (executable, argv, environment) = try command(
      arguments, in: sandbox, environment: environment, bytes: bytes)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = argv
    process.environment = environment
    process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    return process
  }

  /// The executable, argv and environment that run habits as
  /// `BadInputTests.Sandbox.run` does, with `environment` changed and the
  /// variables of `bytes` set by `/bin/sh`.
  static func command(
    _ arguments: [String], in sandbox: BadInputTests.Sandbox,
    environment tweaks: [String: String?], bytes: [String: String]
  ) throws -> (String, [String], [String: String]) {
    func substituted(_ text: String) -> String {
      text.replacingOccurrences(of: "{schedules}", with: sandbox.schedules)
        .replacingOccurrences(of: "{db}", with: sandbox.database)
        .replacingOccurrences(of: "{root}", with: sandbox.root)
    }
    var environment = [
      "HOME": sandbox.root, "PATH": "/usr/bin:/bin", "HABITS_NOW": BadInputTests.now,
      "TZ": BadInputTests.zone, "NO_COLOR": "1",
    ]
    for (key, value) in tweaks { environment[key] = value.map(substituted) }
    let binary = try RealBinaryTests.binary().path
    let argv = arguments.map(substituted)
    guard !bytes.isEmpty else { return (binary, argv, environment) }
    var script = ""
    for (key, format) in bytes.sorted(by: { $0.key < $1.key }) {
      script += "\(key)=\"$(printf '\(substituted(format))')\"; export \(key); "
    }
    return ("/bin/sh", ["-c", script + "exec \"$0\" \"$@\"", binary] + argv, environment)
  }
}
