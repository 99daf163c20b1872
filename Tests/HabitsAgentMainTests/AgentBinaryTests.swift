// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

/// The real `habits-agent`, built beside `habits`: it answers `--version`
/// and `--help` as `habits` does, refuses what it cannot read with status
/// 64, and runs on the files its options name.
@Suite struct AgentBinaryTests {
  /// `habits` or `habits-agent` of this build (`HABITS_TEST_BINARY` names `habits`).
  static func binary(_ name: String) throws -> String {
    let environment = ProcessInfo.processInfo.environment
    var directories: [URL] = []
    if let path = environment["HABITS_TEST_BINARY"], !path.isEmpty {
      directories.append(URL(fileURLWithPath: path).deletingLastPathComponent())
    }
    directories.append(
      URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      directories.append(bundle.bundleURL.deletingLastPathComponent())
    }
    for directory in directories {
      let path = directory.appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw HabitsError("no \(name) beside the tests in \(directories.map(\.path))")
  }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `executable` to its end with `arguments`, in a clean environment.
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:]
  ) throws -> Run {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "TZ": "UTC"]
      .merging(environment) { $1 }
    // Files, not pipes: nothing stalls on a pipe nobody reads.
    let base =
      FileManager.default.temporaryDirectory.path + "/habits-agent-run-" + UUID().uuidString
    defer {
      for name in [".out", ".err"] { try? FileManager.default.removeItem(atPath: base + name) }
    }
    var handles: [FileHandle] = []
    for name in [".out", ".err"] {
      _ = FileManager.default.createFile(atPath: base + name, contents: nil)
      handles.append(try FileHandle(forWritingTo: URL(fileURLWithPath: base + name)))
    }
    process.standardOutput = handles[0]
    process.standardError = handles[1]
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    for handle in handles { try handle.close() }
    func read(_ name: String) -> String {
      String(decoding: FileManager.default.contents(atPath: base + name) ?? Data(), as: UTF8.self)
    }
    return Run(status: process.terminationStatus, stdout: read(".out"), stderr: read(".err"))
  }

  @Test func versionIsWhatHabitsPrints() throws {
    let agent = try Self.run(Self.binary("habits-agent"), ["--version"])
    let habits = try Self.run(Self.binary("habits"), ["--version"])
    #expect(agent.status == 0 && habits.status == 0)
    #expect(agent.stdout == HabitsVersion.current + "\n")
    #expect(agent.stdout == habits.stdout)
  }

  @Test func helpIsWhatHabitsAgentHelpPrints() throws {
    let agent = try Self.run(Self.binary("habits-agent"), ["--help"])
    let habits = try Self.run(Self.binary("habits"), ["agent", "--help"])
    #expect(agent.status == 0 && habits.status == 0)
    #expect(agent.stdout.contains("USAGE: habits agent [--schedules <dir>]"))
    #expect(agent.stdout == habits.stdout)
    #expect(try Self.run(Self.binary("habits-agent"), ["-h"]).stdout == habits.stdout)
  }

  @Test(arguments: [["--bogus"], ["--db"], ["--color", "blue"], ["now"], ["--verbose=yes"]])
  func whatItCannotReadIsAUsageError(arguments: [String]) throws {
    let agent = try Self.run(Self.binary("habits-agent"), arguments)
    #expect(agent.status == 64)
    #expect(agent.stdout.isEmpty)
    #expect(agent.stderr.contains("Usage: habits agent ["), "\(agent.stderr)")
    // `habits agent` refuses it with the same words before handing over.
    let habits = try Self.run(Self.binary("habits"), ["agent"] + arguments)
    #expect(habits.status == 64)
    #expect(agent.stderr == habits.stderr)
  }

  /// With `HABITS_NOW` the agent's clock starts there and runs on: a habit
  /// due two seconds after it is reminded of once those two seconds have
  /// passed, as on time, and not at once.
  @Test func itsClockStartsAtHabitsNow() throws {
    let root =
      FileManager.default.temporaryDirectory.path + "/habits-agent-now-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    for directory in [root + "/schedules", root + "/run"] {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
    }
    try Data("notifier = \"stdout\"\nsummary = \"off\"\n".utf8).write(
      to: URL(fileURLWithPath: root + "/config.toml"))
    try Data("title = \"Tea\"\nwhen = \"0 9 * * *\"\n".utf8).write(
      to: URL(fileURLWithPath: root + "/schedules/tea.toml"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.binary("habits-agent"))
    process.arguments = ["--schedules", root + "/schedules", "--db", root + "/habits.sqlite3"]
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": root, "TZ": "Europe/Berlin",
      "XDG_RUNTIME_DIR": root + "/run",
      "HABITS_NOW": "2026-03-10T08:59:58",
    ]
    var handles: [FileHandle] = []
    for name in ["/agent.out", "/agent.log"] {
      _ = FileManager.default.createFile(atPath: root + name, contents: nil)
      handles.append(try FileHandle(forWritingTo: URL(fileURLWithPath: root + name)))
    }
    process.standardOutput = handles[0]
    process.standardError = handles[1]
    process.standardInput = FileHandle.nullDevice
    func text(_ name: String) -> String {
      String(decoding: FileManager.default.contents(atPath: root + name) ?? Data(), as: UTF8.self)
    }
    try process.run()
    let started = ContinuousClock.now
    while ContinuousClock.now < started + .seconds(20) && process.isRunning
      && !text("/agent.out").contains("reminder: Tea")
    {
      usleep(20_000)
    }
    let waited = ContinuousClock.now - started
    let running = process.isRunning
    if running { kill(process.processIdentifier, SIGTERM) }
    process.waitUntilExit()
    for handle in handles { try handle.close() }
    let log = text("/agent.log")
    #expect(running, "\(log)")
    #expect(text("/agent.out").hasPrefix("reminder: Tea"), "\(log)")
    #expect(
      log.contains(
        "HABITS_NOW: the clock starts at 2026-03-10T08:59:58+01:00, the system clock plus "),
      "\(log)")
    #expect(
      log.contains("reminder for tea (due 2026-03-10T09:00:00+01:00) shown via stdout"), "\(log)")
    #expect(!log.contains("catch-up"), "\(log)")
    // It slept until 09:00 on its clock: one to two seconds of the real one.
    #expect(waited >= .milliseconds(900) && waited < .seconds(10), "after \(waited): \(log)")
  }

  /// The schedules and the database are where `--schedules` and `--db` say,
  /// in either spelling, whatever the environment says.
  @Test(arguments: [true, false])
  func schedulesAndDatabaseComeFromTheOptions(joined: Bool) throws {
    let root =
      FileManager.default.temporaryDirectory.path + "/habits-agent-main-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    let schedules = root + "/mine/schedules"
    let database = root + "/elsewhere/habits.sqlite3"
    for directory in [schedules, root + "/elsewhere", root + "/run", root + "/xdg"] {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
      )
    }
    try Data("notifier = \"stdout\"\nsummary = \"off\"\n".utf8).write(
      to: URL(fileURLWithPath: root + "/mine/config.toml"))
    try Data("title = \"Tea\"\nwhen = \"0 9 * * *\"\n".utf8).write(
      to: URL(fileURLWithPath: schedules + "/tea.toml"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.binary("habits-agent"))
    process.arguments =
      joined
      ? ["--schedules=\(schedules)", "--db=\(database)"]
      : ["--schedules", schedules, "--db", database]
    process.environment = [
      "PATH": "/usr/bin:/bin", "HOME": root, "TZ": "UTC", "XDG_RUNTIME_DIR": root + "/run",
      "XDG_CONFIG_HOME": root + "/xdg", "XDG_DATA_HOME": root + "/xdg",
      "HABITS_SCHEDULES": root + "/xdg", "HABITS_DB": root + "/xdg/other.sqlite3",
    ]
    let log = root + "/agent.log"
    _ = FileManager.default.createFile(atPath: log, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    process.standardError = handle
    process.standardOutput = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let started = "running 1 habits from \(schedules)"
    let deadline = ContinuousClock.now + .seconds(20)
    func text() -> String {
      String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
    }
    while ContinuousClock.now < deadline && process.isRunning && !text().contains(started) {
      usleep(50_000)
    }
    let running = process.isRunning
    if running { kill(process.processIdentifier, SIGTERM) }
    process.waitUntilExit()
    try handle.close()
    #expect(running, "\(text())")
    #expect(text().contains(started), "\(text())")
    #expect(process.terminationStatus == 0, "\(text())")
    #expect(FileManager.default.fileExists(atPath: database))
    #expect(!FileManager.default.fileExists(atPath: root + "/xdg/other.sqlite3"))
  }
}
