import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Writes a whole file at once: to a temporary name beside it, then renamed
/// over it, so a reader never sees half of it and a failure leaves the old
/// one in place.
enum OutputFile {
  static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(HabitsError) {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else {
      throw HabitsError("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    var bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { raw in
        Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        unlink(temporary)
        throw HabitsError("cannot write '\(path)': \(reason)")
      }
      written += count
    }
    bytes.removeAll()
    guard fsync(descriptor) == 0, close(descriptor) == 0, rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw HabitsError("cannot write '\(path)': \(reason)")
    }
  }
}
