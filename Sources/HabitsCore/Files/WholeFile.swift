// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Reads a file whole, in one place for the schedule files, `config.toml` and
/// the files an import comes from; and writes bytes whole, for every file
/// habits writes. It says what went wrong and leaves the
/// wording to the caller, whose messages name its own kind of file.
///
/// (`Zone`, in Recurrence below HabitsCore, keeps its own reader: it opens
/// without blocking, takes regular files only and wants no message.)
public enum WholeFile {
  /// Why a file could not be read.
  public enum Problem: Error, Equatable, Sendable {
    /// `open` failed: there is no such file, or it cannot be read.
    case cannotOpen(errno: Int32)
    case isDirectory
    /// A FIFO, a device or a socket, where only a regular file will do.
    case notRegularFile
    /// Larger than the limit: its size, or as much of it as was read.
    case tooLarge(bytes: Int)
    /// `fstat` or a `read` failed.
    case cannotRead(errno: Int32)
  }

  /// The bytes of the file at `path`, read up to the end (a file's size may
  /// say 0, as under /proc) and refused once there are more than `limit`.
  /// With `regularOnly`, anything but a regular file is refused unread.
  public static func read(_ path: String, limit: Int, regularOnly: Bool = false) throws(Problem)
    -> [UInt8]
  {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .cannotOpen(errno: errno) }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw .cannotRead(errno: errno) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw .isDirectory
    default: if regularOnly { throw .notRegularFile }
    }
    let size = Int(info.st_size)
    guard size <= limit else { throw .tooLarge(bytes: size) }
    // One byte more than the size says, so that the end is seen in one read.
    var bytes = [UInt8](repeating: 0, count: size + 1)
    var filled = 0
    while true {
      if filled == bytes.count {
        guard filled <= limit else { throw .tooLarge(bytes: filled) }
        bytes += [UInt8](repeating: 0, count: min(max(filled, 1 << 16), limit + 1 - filled))
      }
      let count = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(descriptor, base + filled, buffer.count - filled)
      }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw .cannotRead(errno: errno) }
      if count == 0 { break }
      filled += count
    }
    guard filled <= limit else { throw .tooLarge(bytes: filled) }
    bytes.removeLast(bytes.count - filled)
    return bytes
  }

  /// Writes all of `bytes` to `descriptor`, again after an interrupted call:
  /// the one loop over `write` for every file habits writes whole. Returns
  /// false when a `write` fails (with `errno` as it left it) or writes nothing.
  public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { raw in
        Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return false }
      written += count
    }
    return true
  }
}
