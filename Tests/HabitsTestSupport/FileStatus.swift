// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// What tests ask of a path on disk without opening it.
public enum FileStatus {
  /// The kind of what `path` names (`S_IFREG`, `S_IFLNK`, …), a last link
  /// not followed; 0 when nothing is there.
  public static func kind(_ path: String) -> mode_t {
    var info = stat()
    return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
  }

  /// The permission bits of the file `path` leads to; 0 when there is none.
  public static func mode(_ path: String) -> mode_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
  }

  /// The inode of the file `path` leads to, which a file replaced whole
  /// changes; 0 when there is none.
  public static func inode(_ path: String) -> ino_t {
    var info = stat()
    return stat(path, &info) == 0 ? info.st_ino : 0
  }
}
