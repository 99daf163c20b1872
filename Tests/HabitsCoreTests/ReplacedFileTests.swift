// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// A file replaced whole, and what writers killed before their rename left.
@Suite struct ReplacedFileTests {
  /// Writing a file removes its temporary files a day old or more, which a
  /// killed writer left; a younger one (a writer at work), another file's
  /// and a name of another shape stay.
  @Test func aWriteRemovesTheTemporaryFilesKilledWritersLeft() throws {
    let root = NSTemporaryDirectory() + "replaced-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let stale = [".name.txt.123-9f3a.tmp", ".name.txt.4194304-0.tmp"]
    let kept = [
      ".name.txt.77-abc.tmp", ".other.txt.123-9f3a.tmp", ".name.txt.mine.tmp",
      ".name.txt.12-xyz.tmp", "name.txt.123-9f3a.tmp",
    ]
    let dayAndMinuteAgo = Date(timeIntervalSinceNow: -Double(ReplacedFile.leftOverSeconds + 60))
    for name in stale + kept {
      let path = root + "/" + name
      try Data("half".utf8).write(to: URL(fileURLWithPath: path))
      if name != ".name.txt.77-abc.tmp" {
        try FileManager.default.setAttributes(
          [.modificationDate: dayAndMinuteAgo], ofItemAtPath: path)
      }
    }
    try ReplacedFile.write(Array("whole\n".utf8), to: root + "/name.txt", mode: 0o644)
    let left = Set(try FileManager.default.contentsOfDirectory(atPath: root))
    #expect(left == Set(kept + ["name.txt"]))
    #expect(try String(contentsOfFile: root + "/name.txt", encoding: .utf8) == "whole\n")
    // Through a directory's descriptor, as the sync folder writes.
    try Data("half".utf8).write(to: URL(fileURLWithPath: root + "/" + stale[0]))
    try FileManager.default.setAttributes(
      [.modificationDate: dayAndMinuteAgo], ofItemAtPath: root + "/" + stale[0])
    let directory = open(root, O_RDONLY | O_DIRECTORY)
    defer { close(directory) }
    try ReplacedFile.write(
      Array("again\n".utf8), to: "name.txt", in: directory, shownAs: "name.txt", mode: 0o644)
    #expect(!FileManager.default.fileExists(atPath: root + "/" + stale[0]))
  }
}
