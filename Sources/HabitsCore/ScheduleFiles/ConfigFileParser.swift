// SPDX-License-Identifier: Apache-2.0
import Recurrence
import TOMLKit

/// Turns `config.toml` into a `Config`; a bad setting keeps its default and is reported.
struct ConfigFileParser {
  static let keys = [
    "day_starts_at", "week_starts", "relationship", "partner", "quiet_hours", "summary",
    "catch_up", "gather", "notifier", "fallback", "sync", "together",
  ]

  let path: String
  let text: String

  func parse() -> (Config, [Diagnostic]) {
    var document = TOMLDocument(path: path, text: text)
    var config = Config()
    guard let root = document.root else { return (config, document.diagnostics) }
    document.checkKeys(root, allowed: Self.keys)

    if let text = document.string(root, "day_starts_at") {
      if let time = TimeOfDay(parsing: text), time.hour < 12 {
        config.dayStartsAt = time
      } else {
        document.report(
          "day_starts_at",
          "'day_starts_at' must be a time from 00:00 to 11:59 such as \"04:00\", not '\(text)'")
      }
    }
    if let text = document.string(root, "week_starts") {
      if let day = Weekday(parsing: text) {
        config.weekStarts = day
      } else {
        let hint = Suggestion.hint(for: text, in: Weekday.allCases.map(\.name))
        document.report(
          "week_starts", "unknown weekday '\(text)'" + (hint.map { " — \($0)" } ?? ""))
      }
    }
    if let text = document.string(root, "relationship") {
      if let relationship = Relationship(parsing: text) {
        config.relationship = relationship
      } else {
        let hint =
          Suggestion.hint(for: text, in: Relationship.allCases.map(\.rawValue))
          ?? "use \(Relationship.listed)"
        document.report("relationship", "unknown relationship '\(text)' — \(hint)")
      }
    }
    if let text = document.string(root, "partner") {
      let name = text.trimmingWhitespace()
      if !name.isEmpty && name.count <= Config.maximumPartnerName
        && !name.unicodeScalars.contains(where: \.isControlCharacter)
        && !name.contains("{") && !name.contains("}")
      {
        config.partner = String(name)
      } else {
        document.report(
          "partner",
          "'partner' must be a name of 1 to \(Config.maximumPartnerName) characters such as"
            + " \"Sam\", on one line and without braces")
      }
    }
    if let text = document.string(root, "quiet_hours") {
      let parts = text.split(separator: "-")
      if parts.count == 2, let start = TimeOfDay(parsing: parts[0].trimmingWhitespace()),
        let end = TimeOfDay(parsing: parts[1].trimmingWhitespace()), start != end
      {
        config.quietHours = Config.QuietHours(start: start, end: end)
      } else {
        document.report(
          "quiet_hours", "'quiet_hours' must be a span such as \"22:30-07:30\", not '\(text)'")
      }
    }
    if let text = document.string(root, "summary") {
      if text.lowercased() == "off" {
        config.summary = nil
      } else {
        do {
          config.summary = try Schedule.parse(text, start: nil)
        } catch {
          document.report("summary", error, in: text)
        }
      }
    }
    if let text = document.string(root, "catch_up") {
      switch text.lowercased() {
      case "same-day": config.catchUp = .sameDay
      case "off": config.catchUp = .off
      default:
        if let seconds = DurationFormat.seconds(text) {
          config.catchUp = .within(seconds)
        } else {
          document.report(
            "catch_up",
            "'catch_up' must be \"same-day\", \"off\" or \(DurationFormat.expectedForm), not '\(text)'"
          )
        }
      }
    }
    if let text = document.string(root, "gather") {
      let longest = DurationFormat.text(Config.longestGather)
      if ["off", "0"].contains(text.lowercased()) {
        config.gather = nil
      } else if let seconds = DurationFormat.seconds(text) {
        if seconds <= Config.longestGather {
          config.gather = seconds
        } else {
          document.report(
            "gather",
            "'gather' can be at most \(longest), since it brings reminders forward by up to that much, not '\(text)'"
          )
        }
      } else {
        document.report(
          "gather",
          "'gather' must be \"off\" or \(DurationFormat.expectedForm) (at most \(longest)), not '\(text)'"
        )
      }
    }
    if let value = root["notifier"] {
      config.notifier =
        Self.notifier(value, key: "notifier", document: &document) ?? config.notifier
    }
    if let value = root["fallback"] {
      let fallback = Self.notifier(value, key: "fallback", document: &document)
      if fallback == .libnotify {
        document.report(
          "fallback",
          "'fallback' is for when the desktop cannot be reached: use \"stdout\" or { command = [\"prog\", \"arg\"] }"
        )
      } else if let fallback {
        config.fallback = fallback
      }
    }
    if let value = root["sync"] {
      config.syncFolder = Self.folder(value, table: "sync", document: &document)
    }
    if let value = root["together"] {
      config.togetherFolder = Self.folder(value, table: "together", document: &document)
    }
    if let sync = config.syncFolder, let together = config.togetherFolder,
      FolderOverlap.overlaps(sync, together)
    {
      // `habits sync init` and `habits together init` refuse this; an edit
      // by hand gets neither, as sync would write this device's whole
      // history where the partner's copy of the folder takes it.
      document.report(
        "together.folder",
        "'together.folder' '\(together)' is, holds or lies in the sync folder '\(sync)';"
          + " neither is used until each has a folder of its own")
      config.syncFolder = nil
      config.togetherFolder = nil
    }
    return (config, document.diagnostics)
  }

  /// The `folder` of `[sync]` or `[together]`, an absolute path (`habits
  /// sync init` and `habits together init` write them); nil, with the
  /// problem reported, for anything else.
  private static func folder(
    _ value: TOMLValueConvertible, table name: String, document: inout TOMLDocument
  ) -> String? {
    guard let table = value.table else {
      document.report(
        name, "'\(name)' must be a table with 'folder', as `habits \(name) init` writes it")
      return nil
    }
    document.checkKeys(table, prefix: name, allowed: ["folder"])
    guard let folder = document.string(table, "folder", prefix: name) else {
      if table["folder"] == nil { document.report(name, "'\(name)' needs 'folder'") }
      return nil
    }
    guard folder.hasPrefix("/"), folder.utf8.count <= Locations.maxPathBytes else {
      document.report(
        "\(name).folder", "'\(name).folder' must be an absolute path, not '\(folder)'")
      return nil
    }
    return folder
  }

  /// `"libnotify"`, `"stdout"` or `{ command = ["prog", "arg"] }` under `key`;
  /// nil, with the problem reported, for anything else.
  private static func notifier(
    _ value: TOMLValueConvertible, key: String, document: inout TOMLDocument
  ) -> Config.Notifier? {
    let forms = "\"libnotify\", \"stdout\" or { command = [\"prog\", \"arg\"] }"
    if let text = value.string {
      switch text.lowercased() {
      case "libnotify": return .libnotify
      case "stdout": return .stdout
      default:
        let hint = Suggestion.hint(for: text, in: ["libnotify", "stdout"])
        document.report(
          key, "unknown notifier '\(text)'" + (hint.map { " — \($0)" } ?? " — use \(forms)"))
        return nil
      }
    }
    guard let table = value.table else {
      document.report(key, "'\(key)' must be \(forms)")
      return nil
    }
    document.checkKeys(table, prefix: key, allowed: ["command"])
    if let argv = document.strings(table, "command", prefix: key) {
      if argv.isEmpty || argv[0].isEmpty {
        document.report(key, "'\(key).command' needs at least the program to run")
        return nil
      }
      return .command(argv)
    }
    if table["command"] == nil {
      document.report(key, "'\(key)' needs 'command', e.g. { command = [\"prog\", \"arg\"] }")
    }
    return nil
  }
}
