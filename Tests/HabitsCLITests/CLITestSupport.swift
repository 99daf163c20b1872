// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// A subcommand that can run against a test's `Context`.
protocol RunsInContext {
  func run(_ context: Context) throws
}

extension NextCommand: RunsInContext {}
extension CheckCommand: RunsInContext {}
extension ListCommand: RunsInContext {}

/// Lines a command wrote, collected instead of printed.
final class CollectedOutput {
  var standardOutput: [String] = []
  var standardError: [String] = []

  /// Everything written to stdout, joined.
  var stdout: String { standardOutput.joined() }
  var stderr: String { standardError.joined() }
}

/// A temporary home with a schedules directory, a fixed now and zone, and a
/// way to run a command line against them. Call `remove()` when done.
struct CLIFixture {
  let root: String
  let schedules: String
  var now: Instant
  var zone: Zone

  init(now: String = "2026-03-07T12:00:00Z", zone: String = "America/New_York") throws {
    root =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-cli-\(UUID().uuidString)").path
    schedules = root + "/schedules"
    try FileManager.default.createDirectory(atPath: schedules, withIntermediateDirectories: true)
    self.zone = try Zone.named(zone)
    self.now = try #require(DateTimeFormat.instant(now, in: .utc))
  }

  /// Writes a schedule file and returns its path.
  @discardableResult
  func write(_ name: String, _ text: String) throws -> String {
    let path = schedules + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }

  /// The environment a command sees: only HOME, inside the fixture, so that
  /// nothing of the machine's leaks in.
  var environment: [String: String] { ["HOME": root] }

  /// Parses `arguments` as `habits` would and runs the subcommand with this
  /// fixture's clock, zone and directories, collecting what it writes.
  func run(_ arguments: [String]) throws -> CollectedOutput {
    let output = CollectedOutput()
    try run(arguments, into: output)
    return output
  }

  /// As `run(_:)`, for when the output matters even though the command throws.
  func run(_ arguments: [String], into output: CollectedOutput) throws {
    let parsed = try HabitsCommand.parseAsRoot(arguments)
    let command = try #require(parsed as? RunsInContext, "\(type(of: parsed)) is not runnable here")
    let context = Context(
      now: now, zone: zone, environment: environment, shippedSchedules: nil,
      write: { output.standardOutput.append($0) },
      writeError: { output.standardError.append($0) })
    try command.run(context)
  }

  /// Runs `arguments` expecting it to throw, and returns the error with the output.
  func failure(_ arguments: [String]) throws -> (any Error, CollectedOutput) {
    let output = CollectedOutput()
    do {
      try run(arguments, into: output)
    } catch {
      return (error, output)
    }
    throw DidNotFail(arguments: arguments)
  }

  /// Thrown (and so recorded as a failure) when a command that should fail did not.
  struct DidNotFail: Error, CustomStringConvertible {
    var arguments: [String]
    var description: String { "'habits \(arguments.joined(separator: " "))' did not fail" }
  }
}

/// Decodes a JSON document the commands printed.
func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
  try JSONDecoder().decode(T.self, from: Data(text.utf8))
}

/// A JSON document as plain values, to check exact keys and nulls.
func jsonObjects(_ text: String) throws -> [[String: Any]] {
  let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  return try #require(value as? [[String: Any]], "not an array of objects: \(text)")
}
