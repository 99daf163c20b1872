// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Replaces a file whole: a device's `name.txt` and profile in the sync and
/// together folders, `config.toml` when a command sets a folder in it. The
/// new bytes go to a temporary file beside it, renamed over it once on disk,
/// so that a reader (or a sync tool) never sees half of it.
///
/// The temporary name is this writer's own: a command and the agent may
/// write the same file at once, and with one shared name either could
/// rename the other's half-written file into place, or remove it, and the
/// other's rename then fail. It is opened only when nothing has that name,
/// never through a link, and removed whatever fails. `--out` names its
/// temporary files the same way.
public enum ReplacedFile {
  /// Writes `bytes` as the file at `path`, a new file with `mode` (less the
  /// umask); with `keepingMode`, a file already there keeps its permission
  /// bits. `check`, given the temporary file's path once it is on disk,
  /// may refuse it; the file at `path` is then left as it was.
  public static func write(
    _ bytes: [UInt8], to path: String, mode: mode_t, keepingMode: Bool = false,
    check: (String) throws(HabitsError) -> Void = { _ in }
  ) throws(HabitsError) {
    try write(
      bytes, to: path, in: AT_FDCWD, shownAs: path, mode: mode, keepingMode: keepingMode,
      check: check)
  }

  /// Writes `bytes` as the file `name` in the open `directory` (or, with
  /// `AT_FDCWD`, at the path `name`), as `write(_:to:mode:keepingMode:check:)`
  /// does: the temporary file beside it and the rename are made through
  /// the directory's descriptor, whatever its path has become since it was
  /// opened. Errors name the file `shown`; `check` is given the temporary
  /// file's name in `directory`.
  package static func write(
    _ bytes: [UInt8], to name: String, in directory: Int32, shownAs shown: String, mode: mode_t,
    keepingMode: Bool = false, check: (String) throws(HabitsError) -> Void = { _ in }
  ) throws(HabitsError) {
    let temporary = temporaryPath(for: name)
    var kept: mode_t?
    var old = stat()
    if keepingMode, fstatat(directory, name, &old, 0) == 0 { kept = old.st_mode & 0o7777 }
    // A mode kept is given once the bytes are in: until then the file is
    // its writer's alone, however open the mode.
    let descriptor = openat(
      directory, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
      kept == nil ? mode : 0o600)
    guard descriptor >= 0 else { throw failure(shown, errno) }
    guard WholeFile.write(bytes, to: descriptor), kept.map({ fchmod(descriptor, $0) == 0 }) ?? true
    else {
      let reason = errno
      close(descriptor)
      unlinkat(directory, temporary, 0)
      throw failure(shown, reason)
    }
    guard fsync(descriptor) == 0 else {
      let reason = errno
      close(descriptor)
      unlinkat(directory, temporary, 0)
      throw HabitsError("cannot write '\(shown)' to disk: \(String(cString: strerror(reason)))")
    }
    guard close(descriptor) == 0 else {
      let reason = errno
      unlinkat(directory, temporary, 0)
      throw failure(shown, reason)
    }
    do {
      try check(temporary)
    } catch {
      unlinkat(directory, temporary, 0)
      throw error
    }
    guard renameat(directory, temporary, directory, name) == 0 else {
      let reason = errno
      unlinkat(directory, temporary, 0)
      throw failure(shown, reason)
    }
    removeLeftOvers(of: name, in: directory)
  }

  /// How old a temporary file must be to be taken for one a killed writer
  /// left: a write takes a moment, so no file this old is being written.
  static let leftOverSeconds = 24 * 3600

  /// Removes the temporary files of `name` (`temporaryPath`) in
  /// `directory` that writers killed before their rename left there, a
  /// day old or more: in a sync folder, a sync tool would otherwise copy
  /// them to every computer, for good.
  static func removeLeftOvers(of name: String, in directory: Int32) {
    let slash = name.lastIndex(of: "/")
    let base = slash.map { String(name[name.index(after: $0)...]) } ?? name
    let parent = slash.map { String(name[...$0]) } ?? "."
    let listed =
      directory == AT_FDCWD
      ? open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : dup(directory)
    guard listed >= 0 else { return }
    guard let stream = fdopendir(listed) else {
      close(listed)
      return
    }
    defer { closedir(stream) }
    let prefix = "." + base + "."
    let oldest = time(nil) - leftOverSeconds
    while let entry = readdir(stream) {
      let entryName = withUnsafeBytes(of: entry.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard entryName.hasPrefix(prefix), entryName.hasSuffix(".tmp"),
        isWriterMark(entryName.dropFirst(prefix.count).dropLast(4))
      else { continue }
      var info = stat()
      guard fstatat(dirfd(stream), entryName, &info, AT_SYMLINK_NOFOLLOW) == 0,
        info.st_mode & S_IFMT == S_IFREG, info.st_mtim.tv_sec <= oldest
      else { continue }
      unlinkat(dirfd(stream), entryName, 0)
    }
  }

  /// Whether `mark` is what `temporaryPath` puts between the name and
  /// `.tmp`: a process id, a dash, hex digits.
  private static func isWriterMark(_ mark: Substring) -> Bool {
    guard let dash = mark.firstIndex(of: "-") else { return false }
    let (pid, random) = (mark[..<dash], mark[mark.index(after: dash)...])
    return !pid.isEmpty && pid.allSatisfy { $0 >= "0" && $0 <= "9" } && !random.isEmpty
      && random.allSatisfy { ($0 >= "0" && $0 <= "9") || ($0 >= "a" && $0 <= "f") }
  }

  /// The file to replace when `path` is written: the file a symbolic link
  /// leads to (the link stays), or `path` itself when nothing is there. A
  /// link to nothing is refused, as `cp` refuses it.
  public static func target(of path: String) throws(HabitsError) -> String {
    if let resolved = realpath(path, nil) {
      defer { free(resolved) }
      return String(cString: resolved)
    }
    let reason = errno
    var link = stat()
    guard reason == ENOENT else { throw failure(path, reason) }
    if lstat(path, &link) == 0 {
      throw HabitsError(
        "cannot write '\(path)': it is a symbolic link to a file that does not exist",
        hint: "remove the link, or create the file it points to")
    }
    return path
  }

  /// A path beside `path` for a file being written in its place, unique
  /// to this writer: its process and a random part, as threads of one
  /// process write too, and a process id comes again (a file left by a
  /// killed writer never stands in the way of a later one). Hidden, so
  /// that neither a folder's listing (which takes only the names it knows)
  /// nor the agent's watch of a folder takes it for a file of the folder.
  public static func temporaryPath(for path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let random = String(UInt64.random(in: .min ... .max), radix: 16)
    return directory + ".\(name).\(getpid())-\(random).tmp"
  }

  private static func failure(_ path: String, _ reason: Int32) -> HabitsError {
    HabitsError("cannot write '\(path)': \(String(cString: strerror(reason)))")
  }
}
