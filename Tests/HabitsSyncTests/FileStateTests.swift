// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Testing

@testable import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

/// A file's state as the table of read positions keeps it.
@Suite struct FileStateTests {
  /// The identity is the text every earlier version wrote, so that a state
  /// kept before still matches the file it describes and the file is not
  /// read again for nothing.
  @Test func writesTheIdentityAsItWasAlwaysWritten() {
    let values: [Int] = [0, 1, 9, 10, 999_999_999, 1_764_000_000, -1, -86_400, Int(Int32.max)]
    for (index, seconds) in values.enumerated() {
      var info = stat()
      info.st_dev = UInt(index * 2_049 + 2_049)
      info.st_ino = index == 0 ? UInt.max : UInt(index * 7_654_321)
      info.st_mtim = timespec(tv_sec: seconds, tv_nsec: index * 111_111_111 % 1_000_000_000)
      info.st_ctim = timespec(tv_sec: seconds &+ 5, tv_nsec: 999_999_999 - index)
      let expected =
        "\(info.st_dev):\(info.st_ino):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        + ":\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
      #expect(FileState(info, size: 12).identity == expected)
      #expect(FileState(info, size: 12) == FileState(size: 12, identity: expected))
    }
  }

  /// The states a look at the folder takes from each device's directory
  /// are the states each file's own path gives (for a file, a link, a
  /// FIFO), but that a device's directory that is a link is never followed:
  /// the look leaves such a device out.
  @Test func statesFromTheDevicesDirectoryAreEachFilesOwn() throws {
    let root = NSTemporaryDirectory() + "filestate-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (one, two, linked) = (
      SyncFixtures.devices[0], SyncFixtures.devices[1], SyncFixtures.devices[2]
    )
    for device in [one, two] {
      try FileManager.default.createDirectory(
        atPath: root + "/devices/\(device)", withIntermediateDirectories: true)
    }
    try "a\n".write(
      toFile: root + "/devices/\(one)/2026-10.jsonl", atomically: false, encoding: .utf8)
    try "bb\n".write(
      toFile: root + "/devices/\(one)/2026-11.jsonl", atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/devices/\(two)/2026-10.jsonl",
      withDestinationPath: root + "/devices/\(one)/2026-10.jsonl")
    #expect(mkfifo(root + "/devices/\(two)/2026-11.jsonl", 0o600) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/devices/\(linked)", withDestinationPath: root + "/devices/\(one)")
    let folder = SyncFolder(path: root)
    let look = try FolderLook(folder: folder, known: nil)
    let files = [one, two].flatMap { device in
      ["2026-10.jsonl", "2026-11.jsonl"].map { SyncFolder.EventFile(device: device, name: $0) }
    }
    #expect(look.files == files)
    #expect(look.states == files.map { folder.state(ofRelative: $0.relativePath) })
    #expect(look.states.compactMap { $0 }.map(\.size) == [2, 3])
    #expect(look.directories.map(\.device) == [one, two])
    #expect(look.changed.allSatisfy { $0 } && look.news)
  }
}
