// SPDX-License-Identifier: Apache-2.0
/// The names folder-sync tools give the copy they keep when one file was
/// changed in two places: Syncthing's `name.sync-conflict-20261204-081500-ABCDEFG.ext`,
/// Dropbox's `name (Sam's conflicted copy 2026-12-04).ext`, Nextcloud's
/// `name (conflicted copy 2026-12-04 081500).ext` and ownCloud's
/// `name_conflict-20261204-081500.ext`. habits never loads such a copy; it
/// names it, so that the person can keep what they want in the original and
/// delete the copy.
public enum ConflictCopy {
  /// Whether the file name `name` is a conflict copy.
  public static func matches(_ name: String) -> Bool {
    // Byte by byte: every name in the sync folder is looked at on every pass.
    let bytes = Array(name.utf8)
    if find(".sync-conflict-", in: bytes) != nil { return true }
    if find(" (", in: bytes) != nil && find("conflicted copy", in: bytes) != nil { return true }
    // ownCloud's marker followed by a date, so that a habit called
    // `no_conflict-talk` is not taken for a copy.
    var from = 0
    while let start = find("_conflict-", in: bytes, from: from) {
      let date = start + 10
      if date + 8 <= bytes.count && bytes[date..<date + 8].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
      {
        return true
      }
      from = start + 1
    }
    return false
  }

  /// Where `part` first occurs in `bytes` at or after `from`.
  private static func find(_ part: StaticString, in bytes: [UInt8], from: Int = 0) -> Int? {
    let count = part.utf8CodeUnitCount
    guard bytes.count - from >= count else { return nil }
    return part.withUTF8Buffer { needle in
      for start in from...(bytes.count - count) where bytes[start] == needle[0] {
        var index = 1
        while index < count && bytes[start + index] == needle[index] { index += 1 }
        if index == count { return start }
      }
      return nil
    }
  }
}
