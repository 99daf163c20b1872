// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a whole file at once: to a temporary name beside it, this run's
/// own (`ReplacedFile.temporaryPath`), then renamed over it, so a reader
/// never sees half of it and a failure leaves the old one in place.
///
/// What is written holds private history, so a new file is 0600 like the
/// database; a file already there keeps its mode. A symbolic link is written
/// through, not replaced, and one to nothing is refused, as `cp` refuses it;
/// the temporary name is never followed. A FIFO or a device (`/dev/stdout`
/// in a pipe, say) is written into as it is, never replaced by a file; so
/// is a descriptor of this process's own (`/dev/stdout`, `/dev/fd/N`,
/// `/proc/self/fd/N`), whatever it is open on: `>> log` appends to the log.
/// A descriptor habits opened itself (its database's) is refused.
enum OutputFile {
  /// The name `--out` gives standard output, as `cp`, `tar -f` and `curl -o`
  /// take it.
  static let standardOutput = "-"

  /// `given` as a summary names it: standard output in words, a path less
  /// any control characters, which a terminal would obey.
  static func shown(_ given: String) -> String {
    guard given != standardOutput else { return "standard output" }
    return given.withoutControlCharacters
  }

  /// What `write` wrote into.
  enum Written: Equatable {
    /// A regular file, replaced whole.
    case file
    /// A FIFO, a device, a socket or a descriptor of this process's own,
    /// written into as it is: perhaps its stdout, where nothing else then
    /// goes.
    case stream
  }

  /// Writes `text` to the path `given`, and says what it wrote into.
  @discardableResult
  static func write(_ text: String, to given: String) throws(HabitsError) -> Written {
    if given == standardOutput {
      guard WholeFile.write(Array(text.utf8), to: STDOUT_FILENO) else {
        throw failure(given, errno)
      }
      return .stream
    }
    if let descriptor = ownDescriptor(given) {
      // Never one habits opened itself, its database above all: it opens
      // every file close-on-exec, which no descriptor it was given can be.
      let flags = fcntl(descriptor, F_GETFD)
      guard flags >= 0 else { throw failure(given, errno) }
      guard flags & FD_CLOEXEC == 0 else {
        throw HabitsError(
          "cannot write '\(given)': it is a descriptor of habits' own, not one it was given",
          hint: "give a file, or a descriptor the shell opens for it (--out /dev/fd/3 3>FILE)",
          kind: .usage)
      }
      guard WholeFile.write(Array(text.utf8), to: descriptor) else { throw failure(given, errno) }
      return .stream
    }
    var info = stat()
    let kind = stat(given, &info) == 0 ? info.st_mode & S_IFMT : nil
    switch kind {
    case nil, S_IFREG:
      // A new file, or a regular one (through any links): replaced whole,
      // private when new, keeping its mode when not.
      try ReplacedFile.write(
        Array(text.utf8), to: ReplacedFile.target(of: given), mode: 0o600, keepingMode: true)
      return .file
    case S_IFDIR:
      throw HabitsError("cannot write '\(given)': it is a directory", kind: .usage)
    default:
      try writeInto(given, text)
      return .stream
    }
  }

  /// The descriptor of this process's that `path` names, if it names one:
  /// `/dev/stdout` is a link to `/proc/self/fd/1`, itself a link to
  /// whatever descriptor 1 is open on, so that opening it (or following it
  /// to a file) would not write where the descriptor writes. The links on
  /// the way are followed one at a time, until one lies in this process's
  /// own `/proc/PID/fd` (or a thread's, `/proc/PID/task/TID/fd`).
  private static func ownDescriptor(_ path: String) -> Int32? {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return nil }
      let slash = current.lastIndex(of: "/")
      let directory = slash.map { String(current[...$0]) } ?? "./"
      let name = slash.map { String(current[current.index(after: $0)...]) } ?? current
      if isOwnDescriptors(directory), let descriptor = Int32(name), descriptor >= 0 {
        return descriptor
      }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count > 0 else { return nil }
      let link = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : directory + link
    }
    return nil
  }

  /// Whether `directory` is this process's `/proc/PID/fd`, or one of its
  /// threads' `/proc/PID/task/TID/fd`, however it is spelt.
  private static func isOwnDescriptors(_ directory: String) -> Bool {
    guard let resolved = realpath(directory, nil) else { return false }
    let path = String(cString: resolved)
    free(resolved)
    let own = "/proc/\(getpid())"
    if path == own + "/fd" { return true }
    guard path.hasPrefix(own + "/task/"), path.hasSuffix("/fd") else { return false }
    let thread = path.dropFirst(own.count + 6).dropLast(3)
    return !thread.isEmpty && thread.allSatisfy { $0.isASCII && $0.isNumber }
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
