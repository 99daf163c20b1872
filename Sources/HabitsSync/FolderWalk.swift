// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Opens what is under a sync or together folder one name at a time, each
/// directory by its name in the one above it, so that no directory on the
/// way can be a link when it is opened.
///
/// Another device, or a partner's computer, writes into the folder. A path
/// checked with `lstat` and then opened whole follows any link a directory
/// on it became in between: a device's directory replaced by a link would
/// have a month's file created, appended to or read wherever the link
/// points. Here each directory under the folder is opened with
/// `O_NOFOLLOW` from the descriptor of the one above it (and made there
/// first when asked), and a file is then opened, stated or listed through
/// the descriptor of its directory. The folder itself is opened by its
/// path, a link followed: the person chose it, and `~/Sync` may well be
/// one.
///
/// Every descriptor returned is its caller's to close.
enum FolderWalk {
  /// Why a directory under the folder could not be opened.
  struct Failure: Error {
    /// The directory, relative to the folder. The folder itself failing to
    /// open is told as the first directory under it, as opening that by
    /// its path would have failed.
    var relative: String
    /// What `mkdir` or `open` said: `ENOENT` for one that is not there,
    /// `ENOTDIR` for one that is no directory, a link included.
    var code: Int32
    /// Whether the name is a symbolic link, never followed.
    var isLink = false
    /// Whether making the directory failed, rather than opening it.
    var making = false

    /// Why, after a colon: the link named, or what `code` means.
    var reason: String {
      isLink ? "'\(relative)' is a symbolic link; not followed" : SyncFolder.reason(code)
    }

    /// The error of listing the directory `relative` in `folder`.
    func listing(in folder: String) -> HabitsError {
      HabitsError("cannot read the folder '\(folder)/\(relative)': \(reason)")
    }

    /// The error of making the directory, as it always read: a link or a
    /// file where the directory goes is no directory.
    func made(in folder: String) -> HabitsError {
      let full = folder + "/" + relative
      if making { return HabitsError("cannot create '\(full)': \(SyncFolder.reason(code))") }
      if code == ENOTDIR { return HabitsError("'\(full)' is not a directory") }
      return HabitsError("cannot open '\(full)': \(SyncFolder.reason(code))")
    }
  }

  /// The directory `relative` (names joined by `/`) under `folder`, opened
  /// from the folder down; with `making`, each directory missing is made
  /// (`0o700`) as the walk reaches it.
  static func open(_ relative: String, under folder: String, making: Bool = false)
    throws(Failure) -> Int32
  {
    let names = relative.split(separator: "/").map(String.init)
    var current = Glibc.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard current >= 0 else {
      throw Failure(relative: names.first ?? "", code: errno, making: making)
    }
    var done = ""
    for name in names {
      done += done.isEmpty ? name : "/" + name
      let parent = current
      defer { close(parent) }
      current = try open(name, in: parent, relative: done, making: making)
    }
    return current
  }

  /// The directory `name` in the directory open at `parent`, never through
  /// a link; with `making`, made first when it is missing. `relative` is
  /// its path in the folder, for the failure.
  static func open(_ name: String, in parent: Int32, relative: String, making: Bool = false)
    throws(Failure) -> Int32
  {
    if making, mkdirat(parent, name, 0o700) != 0, errno != EEXIST {
      throw Failure(relative: relative, code: errno, making: true)
    }
    let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else {
      // A link opened with O_NOFOLLOW and O_DIRECTORY fails as any other
      // name that is no directory does.
      let code = errno
      var info = stat()
      let isLink =
        code == ENOTDIR && fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0
        && info.st_mode & S_IFMT == S_IFLNK
      throw Failure(relative: relative, code: code, isLink: isLink)
    }
    return descriptor
  }

  /// The names in the open `directory`, sorted, at most
  /// `SyncFolder.maximumFiles`, without `.` and `..`; nil, with `errno`
  /// set, when it cannot be listed. `directory` stays open.
  static func names(in directory: Int32) -> [String]? {
    let copy = dup(directory)
    guard copy >= 0 else { return nil }
    guard let stream = fdopendir(copy) else {
      let code = errno
      close(copy)
      errno = code
      return nil
    }
    defer { closedir(stream) }
    // A copy shares its position with the original: from the start, however
    // far the directory was read through another.
    rewinddir(stream)
    var names: [String] = []
    while names.count < SyncFolder.maximumFiles, let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The directory part and the last name of `relative`.
  static func split(_ relative: String) -> (directory: String, name: String) {
    guard let slash = relative.lastIndex(of: "/") else { return ("", relative) }
    return (String(relative[..<slash]), String(relative[relative.index(after: slash)...]))
  }
}
