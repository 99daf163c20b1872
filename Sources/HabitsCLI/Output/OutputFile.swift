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
/// through, not replaced, and the temporary name is never followed.
enum OutputFile {
  static func write(_ text: String, to given: String) throws(HabitsError) {
    var path = given
    var mode: mode_t = 0o600
    var existing = stat()
    if lstat(given, &existing) == 0 {
      if existing.st_mode & S_IFMT == S_IFLNK, let resolved = realpath(given, nil) {
        path = String(cString: resolved)
        free(resolved)
        if stat(path, &existing) == 0 { mode = existing.st_mode & 0o7777 }
      } else {
        mode = existing.st_mode & 0o7777
      }
    }
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw HabitsError("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    guard WholeFile.write(Array(text.utf8), to: descriptor) else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      unlink(temporary)
      throw HabitsError("cannot write '\(path)': \(reason)")
    }
    guard fchmod(descriptor, mode) == 0, fsync(descriptor) == 0, close(descriptor) == 0,
      rename(temporary, path) == 0
    else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw HabitsError("cannot write '\(path)': \(reason)")
    }
  }
}
