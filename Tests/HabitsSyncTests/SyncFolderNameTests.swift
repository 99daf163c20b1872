// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Testing

/// A device's `name.txt`, replaced whole however many write it at once.
@Suite struct SyncFolderNameTests {
  static let laptop = DeviceID("1111111111111111")

  static func temporary() throws -> String {
    let path = NSTemporaryDirectory() + "sync-name-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Names of different lengths, so that two written into one file show.
  static func name(_ writer: Int, _ round: Int) -> String {
    "Laptop \(writer)" + String(repeating: "!", count: round % 7)
  }

  @Test func namesWrittenAtOnceDoNotShareATemporaryFile() async throws {
    // Given a sync folder, and a command and the agent (say) naming one device at once
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = SyncFolder(path: root)
    try folder.prepare()
    let device = try #require(Self.laptop)
    let failures = await ConcurrentWriters.failures(writers: 4, rounds: 500) { writer, round in
      try folder.writeName(Self.name(writer, round), of: device)
    }
    // Then none failed, the file is one of the names whole, and nothing else is left
    #expect(failures.count == 0, "the first: \(failures.first ?? "")")
    let text = try String(contentsOfFile: root + "/devices/\(device)/name.txt", encoding: .utf8)
    let names = Set((0..<4).flatMap { writer in (0..<7).map { Self.name(writer, $0) + "\n" } })
    #expect(names.contains(text), "\(text.debugDescription)")
    #expect(folder.name(of: device).map { $0 + "\n" } == text)
    let left = try FileManager.default.contentsOfDirectory(atPath: root + "/devices/\(device)")
    #expect(left == ["name.txt"])
  }
}
