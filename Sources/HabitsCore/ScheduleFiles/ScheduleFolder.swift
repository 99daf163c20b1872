// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Writing into a schedules folder, carefully: a new file never replaces one
/// that is there (nor one that appears meanwhile), and what is written is
/// flushed to disk before anyone is told it is there.
public enum ScheduleFolder {
  /// What `copyNew(from:to:)` did: the file names copied, and those left as
  /// they were because a file of that name was there already.
  public struct Copied: Equatable, Sendable {
    public var copied: [String] = []
    public var kept: [String] = []
  }

  /// Copies each schedule file of `source` that `destination` lacks into it,
  /// making `destination` first.
  public static func copyNew(from source: String, to destination: String) throws(HabitsError)
    -> Copied
  {
    try makeDirectories(destination)
    guard let files = ScheduleLoader.scheduleFiles(in: source) else {
      throw HabitsError("cannot read '\(source)'")
    }
    var result = Copied()
    for habit in ScheduleLoader.load(files: files).habits {
      let name = String(habit.path.split(separator: "/").last ?? "")
      let target = destination + "/" + name
      if access(target, F_OK) == 0 {
        result.kept.append(name)
        continue
      }
      try copy(habit.path, to: target)
      result.copied.append(name)
    }
    return result
  }

  /// `mkdir -p`.
  public static func makeDirectories(_ path: String) throws(HabitsError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if access(current, F_OK) != 0 && mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw HabitsError("cannot create '\(current)': \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Copies a file, refusing to replace one that appeared meanwhile.
  static func copy(_ source: String, to destination: String) throws(HabitsError) {
    guard let input = fopen(source, "rb") else {
      throw HabitsError("cannot read '\(source)'")
    }
    defer { fclose(input) }
    let descriptor = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw HabitsError("cannot create '\(destination)': \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = fread(&buffer, 1, buffer.count, input)
      if count == 0 { break }
      if write(descriptor, buffer, count) != count {
        throw HabitsError("cannot write '\(destination)': \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Writes a new file (never an existing one) and flushes it to disk.
  public static func writeNew(_ text: String, to path: String) throws(HabitsError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw HabitsError("cannot create '\(path)': \(String(cString: strerror(errno)))")
    }
    let complete = WholeFile.write(Array(text.utf8), to: descriptor) && fsync(descriptor) == 0
    let reason = String(cString: strerror(errno))
    close(descriptor)
    guard complete else {
      unlink(path)
      throw HabitsError("cannot write '\(path)': \(reason)")
    }
  }

  /// Flushes a directory's entries, so that new names survive a crash.
  public static func sync(directory: String) {
    let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}
