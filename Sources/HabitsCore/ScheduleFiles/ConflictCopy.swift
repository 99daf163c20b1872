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
    if name.contains(".sync-conflict-") { return true }
    if name.contains(" (") && name.contains("conflicted copy") { return true }
    return followedByDate(name.utf8, marker: Array("_conflict-".utf8))
  }

  /// Whether `marker` occurs in `name` followed by eight digits (a date), so
  /// that a habit called `no_conflict-talk` is not taken for a copy.
  private static func followedByDate(_ name: String.UTF8View, marker: [UInt8]) -> Bool {
    let bytes = Array(name)
    guard bytes.count >= marker.count + 8 else { return false }
    for start in 0...(bytes.count - marker.count - 8)
    where bytes[start..<start + marker.count].elementsEqual(marker) {
      let date = bytes[start + marker.count..<start + marker.count + 8]
      if date.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
    }
    return false
  }
}
