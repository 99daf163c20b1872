// SPDX-License-Identifier: Apache-2.0
/// The last line read of a device's file, as a fingerprint: the next read
/// first checks that the file still holds it just before where it stopped,
/// and reads the file again from its start when it does not.
///
/// Without it, a file cut short and grown again past where it was read (a
/// copy from a backup put back, then appended to; the device writing the
/// events it lost again after a change it made meanwhile) would be read on
/// from the old offset: from the middle of a line, past events never read.
/// The line is taken whole, from the line break before it: every event's
/// line holds an id of 32 random digits near its start, and lines of the
/// same note, day after day, differ there only.
public struct FileTail: Hashable, Sendable {
  /// How many bytes before the offset the fingerprint covers: the last
  /// line with its line break, and the lines before it while they are
  /// shorter together than `shortest` (a blank line is no fingerprint).
  public let length: Int
  /// FNV-1a of those bytes, its low `hashBits` bits.
  public let hash: Int64

  /// Fewer bytes than the shortest event line.
  static let shortest = 48
  static let hashBits = 46

  /// The tail as stored: the length in the high bits, the hash below.
  public var stored: Int64 { Int64(length) << Self.hashBits | hash }

  public init?(stored: Int64) {
    length = Int(stored >> Self.hashBits)
    hash = stored & (1 << Self.hashBits - 1)
    guard length > 0, length <= EventLine.maximumBytes + 1 else { return nil }
  }

  /// The fingerprint of the lines that end `bytes`, which end with a line
  /// break; nil when they do not, or are longer than an event line may be.
  init?(ending bytes: UnsafeBufferPointer<UInt8>) {
    guard let last = bytes.last, last == UInt8(ascii: "\n") else { return nil }
    var start = bytes.count - 1
    repeat {
      while start > 0 && bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
      if bytes.count - start >= Self.shortest || start == 0 { break }
      start -= 1
    } while true
    guard bytes.count - start <= EventLine.maximumBytes + 1 else { return nil }
    self.init(covering: UnsafeBufferPointer(rebasing: bytes[start...]))
  }

  /// The fingerprint of a file that ends with `lines` (each without its
  /// line break), as just appended; nil for none.
  public init?(appended lines: [String]) {
    guard let last = lines.last else { return nil }
    var bytes = Array(last.utf8)
    bytes.append(UInt8(ascii: "\n"))
    guard let tail = bytes.withUnsafeBufferPointer({ FileTail(ending: $0) }) else { return nil }
    self = tail
  }

  /// The fingerprint of exactly `bytes`.
  init(covering bytes: UnsafeBufferPointer<UInt8>) {
    length = bytes.count
    hash = Int64(bitPattern: FNV1a.hash(bytes)) & (1 << Self.hashBits - 1)
  }

  /// Whether `bytes`, the `length` bytes before the offset and the one
  /// before them (when the file has one), are the ones fingerprinted: the
  /// same bytes, from a line's start.
  func matches(_ bytes: [UInt8], atFileStart: Bool) -> Bool {
    guard bytes.count == length + (atFileStart ? 0 : 1) else { return false }
    if !atFileStart && bytes[0] != UInt8(ascii: "\n") { return false }
    return bytes.withUnsafeBufferPointer {
      FileTail(covering: UnsafeBufferPointer(rebasing: $0[(atFileStart ? 0 : 1)...])) == self
    }
  }
}
