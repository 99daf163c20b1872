// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// One version everywhere: both binaries' `--version`, the root help, and the
/// newest released section of CHANGELOG.md (which the .deb's changelog is
/// made from; Tests/packaging/packaging_test.sh checks the package itself).
@Suite struct VersionTests {
  @Test func theVersionIsAVersion() {
    let parts = HabitsVersion.current.split(separator: ".", omittingEmptySubsequences: false)
    #expect(parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) })
  }

  @Test func habitsPrintsIt() throws {
    let sandbox = try RealBinaryTests.Sandbox()
    defer { sandbox.remove() }
    let run = try sandbox.run(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout == HabitsVersion.current + "\n")
  }

  /// `habits-agent` hands its arguments to `habits agent`; `--version` must
  /// still answer, and without starting an agent.
  @Test func habitsAgentPrintsIt() throws {
    let agent = try RealBinaryTests.binary().deletingLastPathComponent()
      .appendingPathComponent("habits-agent")
    try #require(FileManager.default.isExecutableFile(atPath: agent.path), "no \(agent.path)")
    let process = Process()
    process.executableURL = agent
    process.arguments = ["--version"]
    process.environment = ["PATH": "/usr/bin:/bin", "HOME": "/nonexistent"]
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(String(decoding: data, as: UTF8.self) == HabitsVersion.current + "\n")
  }

  @Test func theRootHelpNamesIt() {
    #expect(
      HabitsCommand.helpMessage(columns: 80).contains("\nhabits \(HabitsVersion.current)\n"))
  }

  @Test func theChangelogsNewestReleaseIsIt() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let text = try String(
      contentsOf: root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
    let released = text.split(separator: "\n").first {
      $0.hasPrefix("## [") && !$0.lowercased().hasPrefix("## [unreleased]")
    }
    #expect(released?.hasPrefix("## [\(HabitsVersion.current)] - ") == true)
  }
}
