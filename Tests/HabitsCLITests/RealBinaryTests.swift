// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

/// The real `habits` binary, run as a script would run it: `HABITS_NOW`, `TZ`
/// and `--schedules` fix everything, and stdout, stderr and the exit status
/// are checked.
@Suite struct RealBinaryTests {
  /// What one run of the binary gave.
  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// The `habits` executable of the build these tests belong to.
  ///
  /// SwiftPM puts executables beside the test bundle in the same build
  /// directory, whatever `--scratch-path` says; `HABITS_TEST_BINARY` overrides.
  /// If it is not there, the test fails: an end-to-end test that quietly
  /// passes without a binary proves nothing.
  static func binary() throws -> URL {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["HABITS_TEST_BINARY"], !path.isEmpty {
      return URL(fileURLWithPath: path)
    }
    var candidates: [URL] = []
    // The running test executable (on Linux, habitsPackageTests.xctest itself).
    let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    candidates.append(running.deletingLastPathComponent().appendingPathComponent("habits"))
    if let bundle = Bundle.main.executableURL?.resolvingSymlinksInPath() {
      candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("habits"))
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      candidates.append(
        bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("habits"))
    }
    var seen: Set<String> = []
    candidates = candidates.filter { seen.insert($0.path).inserted }
    for candidate in candidates {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
        !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path)
      {
        return candidate
      }
    }
    throw BinaryNotFound(tried: candidates.map(\.path))
  }

  /// Thrown (and so recorded as a failure) when there is no binary to run.
  struct BinaryNotFound: Error, CustomStringConvertible {
    var tried: [String]

    var description: String {
      """
      The habits binary was not found beside the tests (tried: \(tried.joined(separator: ", "))). \
      Build it with 'swift build' using the same --scratch-path, or set HABITS_TEST_BINARY.
      """
    }
  }

  /// A temporary directory with a schedules directory in it.
  struct Sandbox {
    let root: URL
    var schedules: String { root.appendingPathComponent("schedules").path }

    init() throws {
      root = FileManager.default.temporaryDirectory
        .appendingPathComponent("habits-e2e-\(UUID().uuidString)")
      try FileManager.default.createDirectory(
        atPath: root.appendingPathComponent("schedules").path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
      let path = schedules + "/" + name
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      return path
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs the binary (or `executable`) with `arguments` and only the
    /// variables given (plus a HOME inside the sandbox), capturing output
    /// through files so that a full pipe can never block it; with
    /// `pipedOutput`, stdout is a pipe read to its end, as in `habits … | jq`,
    /// and with `output`, that file (whose output then is not read).
    func run(
      _ arguments: [String], now: String = "2026-03-07T12:00:00Z",
      zone: String = "America/New_York", extra: [String: String] = [:],
      executable: String? = nil, pipedOutput: Bool = false, output: FileHandle? = nil
    ) throws -> Run {
      let process = Process()
      process.executableURL =
        try executable.map(URL.init(fileURLWithPath:)) ?? RealBinaryTests.binary()
      process.arguments = arguments
      process.currentDirectoryURL = root
      var environment = [
        "HOME": root.path, "PATH": "/usr/bin:/bin", "HABITS_NOW": now, "TZ": zone,
        "NO_COLOR": "1",
      ]
      environment.merge(extra) { $1 }
      process.environment = environment
      let id = UUID().uuidString
      let out = root.appendingPathComponent("stdout-\(id)")
      let err = root.appendingPathComponent("stderr-\(id)")
      FileManager.default.createFile(atPath: out.path, contents: nil)
      FileManager.default.createFile(atPath: err.path, contents: nil)
      let outHandle = try FileHandle(forWritingTo: out)
      let errHandle = try FileHandle(forWritingTo: err)
      let pipe = Pipe()
      process.standardOutput = pipedOutput ? pipe : output ?? outHandle
      process.standardError = errHandle
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let piped = pipedOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
      process.waitUntilExit()
      try outHandle.close()
      try errHandle.close()
      return Run(
        status: process.terminationStatus,
        stdout: String(decoding: pipedOutput ? piped : try Data(contentsOf: out), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
  }

  @Test func nextJSON() throws {
    // Given one habit and a fixed now and zone
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    try sandbox.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    // When the binary lists the next two reminders as JSON
    let run = try sandbox.run(["next", "--schedules", sandbox.schedules, "--count", "2", "--json"])
    // Then it exits 0 with exactly the JSON of CLI.md on stdout
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(
      run.stdout
        == "["
        + #"{"at":"2026-03-07T21:00:00-05:00","habit":"gratitude","prompt":null,"#
        + #""utc":"2026-03-08T02:00:00Z"},"#
        + #"{"at":"2026-03-08T21:00:00-04:00","habit":"gratitude","prompt":null,"#
        + #""utc":"2026-03-09T01:00:00Z"}"#
        + "]\n")
    #expect(run.stderr.isEmpty)
  }

  @Test func nextExprHonoursTZ() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let run = try sandbox.run(
      ["next", "--expr", "daily at 2:30", "--count", "1", "--json"],
      now: "2026-03-08T00:00:00-05:00")
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(
      run.stdout
        == #"[{"at":"2026-03-08T03:30:00-04:00","habit":null,"prompt":null,"#
        + #""utc":"2026-03-08T07:30:00Z"}]"#
        + "\n")
  }

  @Test func nextShowsEachPromptOnceInEveryRoundOfReminders() throws {
    // Given a habit reminded three days a week from its start, with seven prompts
    // that fit a couple (the default) and two that do not
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let fitting = (1...7).map { "Idea \($0), with \"quotes\" and a / slash." }
    let others = [
      #"{ text = "For family.", for = "family" }"#, #"{ text = "Far.", for = "long-distance" }"#,
    ]
    let list =
      (fitting.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" } + others)
      .joined(separator: ",\n  ")
    try sandbox.write(
      "sharing.toml",
      "title = \"Sharing\"\nwhen = \"every mon, wed, fri at 20:00\"\nstart = 2026-03-02\n"
        + "prompts = [\n  \(list),\n]\n")
    // When the binary lists its next 3P reminders, from its very first, as JSON
    let run = try sandbox.run(
      [
        "next", "sharing", "--schedules", sandbox.schedules, "--count", "21", "--json",
        "--from", "2026-03-02T00:00",
      ])
    #expect(run.status == 0, "stderr: \(run.stderr)")
    let entries = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    let prompts = entries.compactMap { $0["prompt"] as? String }
    // Then there are 21, and each round of seven shows every fitting prompt once
    try #require(prompts.count == 21)
    for round in 0..<3 {
      #expect(
        prompts[(round * 7)..<(round * 7 + 7)].sorted() == fitting.sorted(), "round \(round)")
    }
    // and no prompt comes twice in a row, across the rounds too
    #expect(zip(prompts, prompts.dropFirst()).allSatisfy { $0 != $1 }, "\(prompts)")
    // and the rounds are not all in the same order
    #expect(Set([prompts[0..<7], prompts[7..<14], prompts[14..<21]].map { Array($0) }).count > 1)
  }

  @Test func checkExitsOneOnABrokenFile() throws {
    // Given a good file and a broken one
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    try sandbox.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let bad = try sandbox.write("tea.toml", "title = \"Tea\"\nwehn = \"daily at 10:00\"\n")
    // When they are checked
    let run = try sandbox.run(["check", "--schedules", sandbox.schedules])
    // Then the problems are on stdout, the count on stderr, and the status is 1
    #expect(run.status == 1)
    #expect(
      run.stdout == """
        \(bad):1:1: error: missing key 'when': say when to be reminded, e.g. when = "daily at 21:00"
        \(bad):2:1: error: unknown key 'wehn' — did you mean 'when'?

        """)
    #expect(run.stderr == "2 errors; 1 habit OK\n")
  }

  @Test func checkExitsZeroWhenAllIsWell() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    try sandbox.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let run = try sandbox.run(["check", "--schedules", sandbox.schedules])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "1 habit OK\n")
  }

  @Test func theShippedSchedulesPassCheck() throws {
    // Given the schedules directory of the package
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let shipped = root.appendingPathComponent("schedules").path
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    // When it is checked
    let run = try sandbox.run(["check", shipped])
    // Then there is nothing to report
    #expect(run.status == 0, "\(run.stdout)")
    #expect(run.stdout.isEmpty)
  }

  @Test func anUnknownHabitExitsOneWithAHintOnStderr() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    try sandbox.write("gratitude.toml", "when = \"daily at 21:00\"\n")
    let run = try sandbox.run(["next", "gratitud", "--schedules", sandbox.schedules])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "habits: unknown habit 'gratitud' — did you mean 'gratitude'?\n")
  }

  @Test func aUsageErrorExits64() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let run = try sandbox.run(["next", "--count", "0"])
    #expect(run.status == 64)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.hasPrefix("Error: '--count' must be from 1 to 1000000.\n"))
  }

  @Test func aBadHabitsNowIsAUsageError() throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let run = try sandbox.run(["next", "--expr", "daily at 9:00"], now: "yesterday-ish")
    #expect(run.status == 64)
    #expect(
      run.stderr
        == "habits: HABITS_NOW 'yesterday-ish' is not a date and time"
        + " — use YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM\n")
  }
}
