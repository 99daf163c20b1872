// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Testing

@testable import HabitsSync

/// The fingerprint of where a file was read to, taken across reads that
/// stop anywhere, and checked at the next read.
@Suite struct FileTailTests {
  /// Read in pieces of any size, the tail at each stop is the tail of the
  /// file's bytes up to there, as read whole; the next read from there
  /// finds the file as it was, and one with any byte before the stop
  /// changed is `shrunk`.
  @Test func theTailAtEveryStopIsTheFilesAndCatchesAnyByteChanged() throws {
    let root = NSTemporaryDirectory() + "filetail-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    var random = SplitMix64(seed: 42, index: 0)
    let content = (0..<900).map { _ in UInt8(random.int(32..<127)) }
    try Data(content).write(to: URL(fileURLWithPath: root + "/file"))
    let folder = SyncFolder(path: root)
    var offset = 0
    var tail: FileTail?
    while offset < content.count {
      let bytes = try folder.read(relative: "file", from: offset, after: tail)
      #expect(!bytes.shrunk)
      #expect(bytes.bytes == Array(content[offset...]))
      let step = min(random.int(0..<300), bytes.bytes.count)
      tail = bytes.tail(afterReading: step)
      offset += step
      let whole = Array(content[..<offset].suffix(FileTail.length))
      #expect(tail == (offset == 0 ? nil : FileTail(of: whole)))
    }
    // A byte changed within the fingerprint's reach, and one beyond it.
    for (place, caught) in [(content.count - 1, true), (content.count - 256, true), (0, false)] {
      var changed = content
      changed[place] ^= 1
      try Data(changed).write(to: URL(fileURLWithPath: root + "/file"))
      #expect(try folder.read(relative: "file", from: offset, after: tail).shrunk == caught)
    }
  }
}
