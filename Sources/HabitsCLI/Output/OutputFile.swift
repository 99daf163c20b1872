// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a whole file at once: to a temporary name beside it, then renamed
/// over it, so a reader never sees half of it and a failure leaves the old
/// one in place.
///
/// What is written holds private history, so a new file is 0600 like the
/// database; a file already there keeps its mode. A symbolic link is written
/// through, not replaced, and one to nothing is refused, as `cp` refuses it;
/// the temporary name is never followed. A FIFO or a device (`/dev/stdout`
/// in a pipe, say) is written into as it is, never replaced by a file.
enum OutputFile {
  /// What `write` wrote into.
  enum Written: Equatable {
    /// A regular file, replaced whole.
    case file
    /// A FIFO, a device or a socket, written into as it is: perhaps this
    /// process's own stdout, which then holds nothing else.
    case stream
  }

  /// Writes `text` to the path `given`, and says what it wrote into.
  @discardableResult
  static func write(_ text: String, to given: String) throws(HabitsError) -> Written {
    var target = stat()
    guard stat(given, &target) == 0 else {
      let reason = errno
      var link = stat()
      if reason == ENOENT, lstat(given, &link) == 0 {
        throw HabitsError(
          "cannot write '\(given)': it is a symbolic link to a file that does not exist",
          hint: "remove the link, or give the path it should point to")
      }
      guard reason == ENOENT else { throw failure(given, reason) }
      try replace(given, with: text, mode: 0o600)
      return .file
    }
    switch target.st_mode & S_IFMT {
    case S_IFREG:
      var path = given
      if let resolved = realpath(given, nil) {
        path = String(cString: resolved)
        free(resolved)
      }
      try replace(path, with: text, mode: target.st_mode & 0o7777)
      return .file
    case S_IFDIR:
      throw HabitsError("cannot write '\(given)': it is a directory", kind: .usage)
    default:
      try writeInto(given, text)
      return .stream
    }
  }

  /// Writes `text` to a temporary file beside `path` and renames it over.
  private static func replace(_ path: String, with text: String, mode: mode_t) throws(HabitsError) {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw failure(path, errno) }
    guard WholeFile.write(Array(text.utf8), to: descriptor) else {
      let reason = errno
      close(descriptor)
      unlink(temporary)
      throw failure(path, reason)
    }
    guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0, close(descriptor) == 0,
      rename(temporary, path) == 0
    else {
      let reason = errno
      unlink(temporary)
      throw failure(path, reason)
    }
  }

  /// Writes `text` into a FIFO, a device or a socket's path as it is.
  private static func writeInto(_ path: String, _ text: String) throws(HabitsError) {
    let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    guard descriptor >= 0 else { throw failure(path, errno) }
    guard WholeFile.write(Array(text.utf8), to: descriptor) else {
      let reason = errno
      close(descriptor)
      throw failure(path, reason)
    }
    guard close(descriptor) == 0 else { throw failure(path, errno) }
  }

  private static func failure(_ path: String, _ reason: Int32) -> HabitsError {
    HabitsError("cannot write '\(path)': \(String(cString: strerror(reason)))")
  }
}
