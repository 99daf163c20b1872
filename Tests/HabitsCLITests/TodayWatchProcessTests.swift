// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `habits today --watch` as a status bar runs it: the real binary writing
/// into a pipe, other `habits` processes and editors changing its world.
@Suite(.serialized) struct TodayWatchProcessTests {
  /// A temporary home with two habits, a database path and the variables
  /// that fix the zone and the start instant.
  struct World {
    let root: String
    var schedules: String { root + "/config/schedules" }
    var database: String { root + "/data/habits.sqlite3" }

    init() throws {
      root =
        FileManager.default.temporaryDirectory
        .appendingPathComponent("habits-watch-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(
        atPath: root + "/config/schedules", withIntermediateDirectories: true)
      try write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
      try write(
        "phone-free-dinner.toml", "title = \"Phone-free dinner\"\nwhen = \"daily at 18:45\"\n")
    }

    func write(_ name: String, _ text: String) throws {
      try Data(text.utf8).write(
        to: URL(fileURLWithPath: schedules + "/" + name), options: .atomic)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    func environment(now: String) -> [String: String] {
      [
        "HABITS_NOW": now, "TZ": "Europe/London", "HOME": root, "NO_COLOR": "1",
        "PATH": "/usr/bin:/bin",
      ]
    }

    func process(_ arguments: [String], now: String) throws -> Process {
      let process = Process()
      process.executableURL = try RealBinaryTests.binary()
      process.arguments = arguments + ["--db", database, "--schedules", schedules]
      process.environment = environment(now: now)
      process.standardInput = FileHandle.nullDevice
      return process
    }

    /// Runs a `habits` command to its end; fails the test unless it succeeds.
    func run(_ arguments: [String], now: String) throws {
      let process = try process(arguments, now: now)
      process.standardOutput = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "habits \(arguments.joined(separator: " "))")
    }
  }

  /// Lines from a pipe, each waited for with a deadline.
  final class Lines {
    let descriptor: Int32
    var buffer: [UInt8] = []

    init(_ handle: FileHandle) { descriptor = handle.fileDescriptor }

    /// The next whole line, or nil if none arrives within `seconds`.
    func next(within seconds: Double) -> String? {
      let deadline = Date().addingTimeInterval(seconds)
      while true {
        if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
          let line = String(decoding: buffer[..<newline], as: UTF8.self)
          buffer.removeSubrange(...newline)
          return line
        }
        let left = deadline.timeIntervalSinceNow
        guard left > 0 else { return nil }
        var fd = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&fd, 1, Int32(left * 1000) + 1) > 0 else { continue }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &chunk, chunk.count)
        guard count > 0 else { return nil }
        buffer += chunk[..<count]
      }
    }
  }

  /// The JSON object of one waybar line.
  static func object(_ line: String?) throws -> [String: Any] {
    let line = try #require(line, "no line arrived in time")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
  }

  /// Waits up to `seconds` for `process` to end.
  static func ended(_ process: Process, within seconds: Double) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    return !process.isRunning
  }

  @Test func aCheckInAndAScheduleEditArriveWithinASecondAndSIGTERMEndsIt() throws {
    // Given a watch in waybar's form at 17:05, before anything is due
    let world = try World()
    defer { world.remove() }
    let now = "2026-11-21T17:05:00Z"
    let watch = try world.process(["today", "--format", "waybar", "--watch"], now: now)
    let pipe = Pipe()
    watch.standardOutput = pipe
    try watch.run()
    defer { if watch.isRunning { watch.terminate() } }
    let lines = Lines(pipe.fileHandleForReading)
    let first = try Self.object(lines.next(within: 10))
    #expect(first["text"] as? String == "2 left")
    #expect(first["alt"] as? String == "pending")

    // When another process records a check-in
    try world.run(["done", "gratitude"], now: now)
    let afterCheckIn = Date()
    // Then a line saying so arrives within a second
    let checkedIn = try Self.object(lines.next(within: 1))
    #expect(Date().timeIntervalSince(afterCheckIn) < 1)
    #expect(checkedIn["text"] as? String == "1 left")
    #expect((checkedIn["tooltip"] as? String)?.contains("✓ Gratitude: done") == true)
    #expect(checkedIn["percentage"] as? Int == 50)

    // When a schedule is added (as an editor saves: a new file renamed into place)
    try world.write("call.toml", "title = \"Call mum & dad\"\nwhen = \"daily at 20:00\"\n")
    let afterEdit = Date()
    // Then a line with it arrives within a second
    let edited = try Self.object(lines.next(within: 1))
    #expect(Date().timeIntervalSince(afterEdit) < 1)
    #expect(edited["text"] as? String == "2 left")
    #expect((edited["tooltip"] as? String)?.contains("· Call mum &amp; dad: due 20:00") == true)

    // And nothing is printed again while nothing changes
    #expect(lines.next(within: 0.3) == nil)

    // When it gets SIGTERM, it ends with status 0
    watch.terminate()
    try #require(Self.ended(watch, within: 5))
    #expect(watch.terminationReason == .exit)
    #expect(watch.terminationStatus == 0)
  }

  @Test func aReminderTimePassingPrintsALineAndAClosedPipeEndsIt() throws {
    // Given a watch starting two seconds before dinner's 18:45 (HABITS_NOW
    // fixes the start; time runs on from there)
    let world = try World()
    defer { world.remove() }
    let watch = try world.process(
      ["today", "--format", "i3blocks", "--watch"], now: "2026-11-21T18:44:58Z")
    let pipe = Pipe()
    watch.standardOutput = pipe
    try watch.run()
    defer { if watch.isRunning { watch.terminate() } }
    let lines = Lines(pipe.fileHandleForReading)
    // Then the first line is i3blocks' JSON with the bar's own colour
    #expect(
      lines.next(within: 10)
        == #"{"full_text":"2 left: gratitude, phone-free-dinner","short_text":"2 left"}"#)
    // And when 18:45 comes, a line in the colour of something due
    #expect(
      lines.next(within: 5)
        == ##"{"color":"#FCAF3E","full_text":"2 left: gratitude, phone-free-dinner","##
        + #""short_text":"2 left"}"#)

    // When the bar goes away (its end of the pipe closed), the watch ends with status 0
    try pipe.fileHandleForReading.close()
    try #require(Self.ended(watch, within: 5))
    #expect(watch.terminationReason == .exit)
    #expect(watch.terminationStatus == 0)
  }

  @Test func jsonWatchPrintsOneObjectALine() throws {
    let world = try World()
    defer { world.remove() }
    let now = "2026-11-21T17:05:00Z"
    let watch = try world.process(["today", "--json", "--watch"], now: now)
    let pipe = Pipe()
    watch.standardOutput = pipe
    try watch.run()
    defer { if watch.isRunning { watch.terminate() } }
    let lines = Lines(pipe.fileHandleForReading)
    let first = try Self.object(lines.next(within: 10))
    #expect(first["left"] as? [String] == ["gratitude", "phone-free-dinner"])
    try world.run(["skip", "phone-free-dinner"], now: now)
    let skipped = try Self.object(lines.next(within: 1))
    #expect(skipped["left"] as? [String] == ["gratitude"])
    // SIGINT, as Ctrl-C in a terminal, ends it too
    watch.interrupt()
    try #require(Self.ended(watch, within: 5))
    #expect(watch.terminationReason == .exit)
    #expect(watch.terminationStatus == 0)
  }

  @Test func aBarGoneBeforeTheFirstLineEndsItWithStatusZeroNotSIGPIPE() throws {
    // Given a watch whose reader closes the pipe before anything is written
    let world = try World()
    defer { world.remove() }
    let watch = try world.process(
      ["today", "--format", "plain", "--watch"], now: "2026-11-21T17:05:00Z")
    let pipe = Pipe()
    watch.standardOutput = pipe
    try watch.run()
    defer { if watch.isRunning { watch.terminate() } }
    try pipe.fileHandleForReading.close()
    // Then its write fails with EPIPE and it ends with status 0, not killed by SIGPIPE
    try #require(Self.ended(watch, within: 5))
    #expect(watch.terminationReason == .exit)
    #expect(watch.terminationStatus == 0)
  }
}
