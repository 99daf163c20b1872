// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Whether two folders are one or one lies in the other, as the file system
/// resolves them. The sync folder holds all of one person's history and the
/// together folder is copied to the partner: a sync folder in, around or at
/// the together folder would hand the partner that history, and the
/// partner's files would mix with this person's devices'. Paths are
/// compared as the kernel would walk them (`..` after a symbolic link goes
/// up from where the link points), not as they are spelt, so that neither
/// a `..` nor a link hides that they meet.
public enum FolderOverlap {
  /// Whether the absolute paths `first` and `second` name the same folder or
  /// one inside the other.
  public static func overlaps(_ first: String, _ second: String) -> Bool {
    let (a, b) = (canonical(first), canonical(second))
    return within(a, b) || within(b, a)
  }

  /// Whether the absolute path `outer` names the same folder as `inner`,
  /// or one that holds it.
  public static func holds(_ outer: String, _ inner: String) -> Bool {
    within(canonical(inner), canonical(outer))
  }

  /// Whether the canonical path `inner` is `outer` or lies in it.
  private static func within(_ inner: String, _ outer: String) -> Bool {
    inner == outer || inner.hasPrefix(outer == "/" ? outer : outer + "/")
  }

  /// `path` (absolute) with its links followed, `.` and `..` resolved and
  /// repeated or trailing slashes gone: `realpath` of the longest part that
  /// exists, and the rest, which does not exist yet, taken as spelt.
  public static func canonical(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
      defer { free(resolved) }
      return String(cString: resolved)
    }
    var parts = path.split(separator: "/").map(String.init)
    guard let last = parts.popLast() else { return "/" }
    let parent = canonical("/" + parts.joined(separator: "/"))
    switch last {
    case ".": return parent
    case "..":
      guard let slash = parent.lastIndex(of: "/"), parent != "/" else { return "/" }
      return slash == parent.startIndex ? "/" : String(parent[..<slash])
    default: return parent == "/" ? "/" + last : parent + "/" + last
    }
  }
}
