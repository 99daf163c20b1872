// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// A table of `config.toml` that names a folder: `[sync]`, through which
/// this device syncs, or `[together]`, the folder shared with a partner.
/// `habits sync init` / `habits together init` write it and `leave` takes
/// it out; the rest of the file is left as the person wrote it.
public struct FolderSetting: Sendable {
  /// The table's name.
  public let table: String

  /// `[sync] folder`.
  public static let sync = FolderSetting(table: "sync")
  /// `[together] folder`.
  public static let together = FolderSetting(table: "together")

  /// `text` with its table replaced by one naming `folder`, at the end.
  public func setting(folder: String, in text: String) -> String {
    var kept = removing(from: text)
    if !kept.isEmpty && !kept.hasSuffix("\n") { kept += "\n" }
    if !kept.isEmpty && !kept.hasSuffix("\n\n") { kept += "\n" }
    return kept + "[\(table)]\nfolder = \(TOMLQuoting.quoted(folder))\n"
  }

  /// `text` (a `config.toml`) without the tables that name this computer's
  /// folders, as it goes to another computer; nil when nothing else is left.
  public static func withoutFolders(_ text: String) -> String? {
    let kept = together.removing(from: sync.removing(from: text))
    if kept.allSatisfy(\.isWhitespace) { return nil }
    return kept.hasSuffix("\n") ? kept : kept + "\n"
  }

  /// `text` without the table: from its header to the next table's.
  public func removing(from text: String) -> String {
    var lines: [Substring] = []
    var inTable = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingWhitespace()
      if trimmed.hasPrefix("[") {
        let header = trimmed.filter { $0 != " " && $0 != "\t" }
        inTable = header.hasPrefix("[\(table)]") || header.hasPrefix("[\(table).")
        if inTable { continue }
      }
      if !inTable { lines.append(line) }
    }
    var result = lines.joined(separator: "\n")
    while result.hasSuffix("\n\n") { result.removeLast() }
    return result
  }

  /// The edit of the config file at `path` that sets `folder` as the
  /// table's folder, or takes the table out: checked, not yet written. A
  /// command makes it before its other work, so that a config it could not
  /// change (a link to nothing, the table written in a form habits does not
  /// write) stops the command before anything else is done.
  public struct Edit: Sendable {
    /// The path the command was given.
    let path: String
    /// The file written: `path`, or the file its link points to.
    let target: String
    /// The table's folder once written.
    let folder: String?
    /// The new text; nil when the file already says it.
    let text: String?
  }

  /// The edit that sets `folder` (or none) in the config file at `path`;
  /// refused as `write` would refuse it.
  public func edit(folder: String?, configPath path: String) throws(HabitsError) -> Edit {
    var text = ""
    let target = try ReplacedFile.target(of: path)
    if access(target, F_OK) == 0 {
      do {
        text = String(decoding: try WholeFile.read(target, limit: 1 << 20), as: UTF8.self)
      } catch {
        throw HabitsError("cannot read '\(path)'", hint: "check that it is a readable file")
      }
    }
    let edited = folder.map { setting(folder: $0, in: text) } ?? removing(from: text)
    if edited == text { return Edit(path: path, target: target, folder: folder, text: nil) }
    try check(ScheduleLoader.config(text: edited, path: path).0, folder: folder, path: path)
    return Edit(path: path, target: target, folder: folder, text: edited)
  }

  /// Writes `edit`: the file is replaced whole, and only when it reads back
  /// as meant. A symbolic link (a dotfile manager's) is written through,
  /// never replaced; the file keeps its mode.
  public func write(_ edit: Edit) throws(HabitsError) {
    guard let text = edit.text else { return }
    // Read back as written, before it takes the file's place.
    try ReplacedFile.write(Array(text.utf8), to: edit.target, mode: 0o644, keepingMode: true) {
      temporary throws(HabitsError) in
      try check(ScheduleLoader.loadConfig(path: temporary).0, folder: edit.folder, path: edit.path)
    }
  }

  /// Writes the config file at `path` with `folder` as the table's folder,
  /// or without one: `edit` and `write` at once.
  public func write(folder: String?, configPath path: String) throws(HabitsError) {
    try write(edit(folder: folder, configPath: path))
  }

  /// Refuses `config` unless its table names `folder`.
  private func check(_ config: Config, folder: String?, path: String) throws(HabitsError) {
    guard (table == "sync" ? config.syncFolder : config.togetherFolder) == folder else {
      throw HabitsError(
        "'\(path)' sets '\(table)' in a way habits cannot change",
        hint: "remove its '\(table)' setting and try again", kind: .usage)
    }
  }
}
