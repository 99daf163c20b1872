// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import HabitsCore

/// The one reader of whole files, on real files, directories and devices.
@Suite struct WholeFileTests {
  let directory: String

  init() throws {
    directory = FileManager.default.temporaryDirectory.path + "/habits-whole-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = directory + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func problem(_ path: String, limit: Int = 1 << 20, regularOnly: Bool = false)
    -> WholeFile.Problem?
  {
    do {
      _ = try WholeFile.read(path, limit: limit, regularOnly: regularOnly)
      return nil
    } catch {
      return error
    }
  }

  @Test func aFileIsReadWhole() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    #expect(try WholeFile.read(write("a", bytes), limit: 200_000) == bytes)
    #expect(try WholeFile.read(write("empty", []), limit: 0) == [])
  }

  @Test func aFileOverTheLimitIsRefusedWithItsSize() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = try write("big", [UInt8](repeating: 1, count: 1001))
    #expect(problem(path, limit: 1000) == .tooLarge(bytes: 1001))
    #expect(try WholeFile.read(path, limit: 1001).count == 1001)
  }

  /// Files under /proc say they are empty; they are read to their end.
  @Test func aFileWhoseSizeSaysNothingIsReadToItsEnd() throws {
    let status = try WholeFile.read("/proc/self/status", limit: 1 << 20)
    #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
    // /dev/zero never ends: it is refused at the limit, not read for ever.
    #expect(problem("/dev/zero", limit: 100_000) == .tooLarge(bytes: 100_001))
  }

  @Test func whatIsNotAFileIsSaidSo() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(problem(directory) == .isDirectory)
    #expect(problem(directory + "/missing") == .cannotOpen(errno: ENOENT))
    #expect(problem("/dev/null", regularOnly: true) == .notRegularFile)
    #expect(try WholeFile.read("/dev/null", limit: 10) == [])
  }
}
