// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Testing

@testable import HabitsSync

/// The fingerprint of where a file was read to, taken across reads that
/// stop at any line's end, and checked at the next read.
@Suite struct FileTailTests {
  /// Lines of one length that differ only near their start, as a device's
  /// lines of one long note, day after day.
  static func lines(_ count: Int, _ random: inout SplitMix64) -> [String] {
    (0..<count).map { _ in
      "{\"id\":\"\(HexDigits.random(count: 32, using: &random))\",\"note\":\""
        + String(repeating: "a long note ", count: 30) + "\"}"
    }
  }

  static func write(_ lines: [String], to path: String) throws {
    try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
  }

  /// Read a few lines at a time, the tail at each stop is the tail of the
  /// file up to there, and the next read finds the file as it was.
  @Test func theTailAtEveryStopIsTheFiles() throws {
    let root = NSTemporaryDirectory() + "filetail-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    var random = SplitMix64(seed: 42, index: 0)
    // Blank and short lines too: a tail is at least `shortest` bytes.
    let lines = Self.lines(12, &random) + ["", "{}", ""] + Self.lines(3, &random)
    try Self.write(lines, to: root + "/file")
    let folder = SyncFolder(path: root)
    var (offset, read) = (0, 0)
    var tail: FileTail?
    while read < lines.count {
      let bytes = try folder.read(relative: "file", from: offset, after: tail)
      #expect(!bytes.shrunk)
      let step = min(random.int(1...3), lines.count - read)
      let count = lines[read..<read + step].reduce(0) { $0 + $1.utf8.count + 1 }
      tail = bytes.tail(afterReading: count)
      (offset, read) = (offset + count, read + step)
      let whole = Array(lines[..<read].map { $0 + "\n" }.joined().utf8)
      #expect(whole.withUnsafeBufferPointer { FileTail(ending: $0) } == tail)
      #expect(try #require(tail).length >= FileTail.shortest)
    }
    #expect(bytesOfFile(root + "/file") == offset)
    // Nothing read: no tail; a read stopping inside a line: none either.
    let first = try folder.read(relative: "file", from: 0)
    #expect(first.tail(afterReading: 0) == nil && first.tail(afterReading: 10) == nil)
    #expect(FileTail(stored: try #require(tail).stored) == tail)
  }

  /// A file of same-length lines, read to line 8, then cut to line 5 and
  /// grown again with a new line first: the line before the old offset is
  /// another, of the same length, and is told apart. The same file grown
  /// with its own lines again is not.
  @Test func anotherLineOfTheSameLengthBeforeTheOffsetIsCaught() throws {
    let root = NSTemporaryDirectory() + "filetail-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    var random = SplitMix64(seed: 7, index: 0)
    let lines = Self.lines(10, &random)
    let path = root + "/file"
    try Self.write(lines, to: path)
    let folder = SyncFolder(path: root)
    let offset = lines[..<8].reduce(0) { $0 + $1.utf8.count + 1 }
    let tail = try folder.read(relative: "file", from: 0).tail(afterReading: offset)
    #expect(try !folder.read(relative: "file", from: offset, after: tail).shrunk)
    try Self.write(Array(lines[..<5]) + Self.lines(1, &random) + lines[5...], to: path)
    #expect(try folder.read(relative: "file", from: offset, after: tail).shrunk)
    try Self.write(lines + Self.lines(1, &random), to: path)
    #expect(try !folder.read(relative: "file", from: offset, after: tail).shrunk)
    // The line break before the line is part of it.
    var joined = Array(lines.map { $0 + "\n" }.joined().utf8)
    joined[offset - lines[7].utf8.count - 2] = UInt8(ascii: "x")
    try Data(joined).write(to: URL(fileURLWithPath: path))
    #expect(try folder.read(relative: "file", from: offset, after: tail).shrunk)
    // A file now shorter than the tail.
    try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(try folder.read(relative: "file", from: 2, after: tail).shrunk)
  }

  private func bytesOfFile(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
  }
}
