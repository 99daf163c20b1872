// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// A device's file as it stood when it was last read: how far, and which
/// file it was. A pass that finds every file in the state it recorded has
/// nothing to read, and need not take the database's write lock to learn so.
///
/// The size alone would not do: a sync tool that copies a file in place, or
/// replaces it by renaming a copy over it, can leave it at the size it had
/// with other bytes in it (a preallocated copy whose torn last line is now
/// whole). So the state also holds the file system and inode, which a
/// rename changes, and the modification and change times, to the
/// nanosecond, which a write in place changes (once the clock they are
/// stamped from has moved on: see `init(settled:size:now:)`).
public struct FileState: Hashable, Sendable {
  /// Bytes read, from the file's start.
  public var size: Int
  /// File system, inode, modification and change times, as one text.
  public var identity: String

  public init(size: Int, identity: String) {
    self.size = size
    self.identity = identity
  }

  /// The state `info` describes, for a file read up to `size`; nil while
  /// the file was changed less than `settlingSeconds` before `now` (or after
  /// it). A file system stamps times from a coarse clock, a few
  /// milliseconds on Linux and two seconds on FAT, so a second write in
  /// place within that tick of the first leaves every field as it was: a
  /// state taken then could not be told from the file after that write.
  init?(settled info: stat, size: Int, now: timespec) {
    let changed = max(Self.nanoseconds(info.st_mtim), Self.nanoseconds(info.st_ctim))
    guard Self.nanoseconds(now) - changed >= Int64(Self.settlingSeconds) * 1_000_000_000 else {
      return nil
    }
    self.init(info, size: size)
  }

  /// The state `info` describes, for a file of `size` bytes.
  init(_ info: stat, size: Int) {
    self.size = size
    // "dev:ino:mtime.ns:ctime.ns", written digit by digit: a pass takes the
    // state of every file in the folder, hundreds after a few years, and
    // string interpolation would cost several times what the stat does.
    let fields: [(negative: Bool, magnitude: UInt64, then: UInt8)] = [
      (false, UInt64(info.st_dev), UInt8(ascii: ":")),
      (false, UInt64(info.st_ino), UInt8(ascii: ":")),
      (info.st_mtim.tv_sec < 0, UInt64(info.st_mtim.tv_sec.magnitude), UInt8(ascii: ".")),
      (info.st_mtim.tv_nsec < 0, UInt64(info.st_mtim.tv_nsec.magnitude), UInt8(ascii: ":")),
      (info.st_ctim.tv_sec < 0, UInt64(info.st_ctim.tv_sec.magnitude), UInt8(ascii: ".")),
      (info.st_ctim.tv_nsec < 0, UInt64(info.st_ctim.tv_nsec.magnitude), 0),
    ]
    identity = String(unsafeUninitializedCapacity: 128) { buffer in
      var end = 0
      for field in fields {
        if field.negative {
          buffer[end] = UInt8(ascii: "-")
          end += 1
        }
        let first = end
        var rest = field.magnitude
        repeat {
          buffer[end] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
          end += 1
        } while rest > 0
        buffer[first..<end].reverse()
        if field.then != 0 {
          buffer[end] = field.then
          end += 1
        }
      }
      return end
    }
  }

  /// How long after its last change a file's state is trusted.
  public static let settlingSeconds = 2

  private static func nanoseconds(_ time: timespec) -> Int64 {
    Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
  }
}
