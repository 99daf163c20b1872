// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Reads what `habits export --format json` wrote (see `JSONExport`) back
/// into an `ImportPlan`: the schedule files verbatim, the check-ins with
/// their recording times, so that export → import → export is exact.
///
/// A check-in without `recorded_at` (written by hand, say) is recorded `now`.
/// Every problem is `path:line: message`.
public enum JSONImport {
  public static func plan(path: String, now: Instant) throws(HabitsError) -> ImportPlan {
    try plan(text: ImportFile.read(path), path: path, now: now)
  }

  public static func plan(text: String, path: String, now: Instant) throws(HabitsError)
    -> ImportPlan
  {
    let root: JSONValue
    do {
      root = try JSONValue.parse(text)
    } catch {
      throw HabitsError("\(path):\(error.line): not valid JSON: \(error.message)")
    }
    func problem(_ value: JSONValue, _ message: String, hint: String? = nil) -> HabitsError {
      HabitsError("\(path):\(value.line): \(message)", hint: hint)
    }
    guard case .object = root.kind else {
      throw problem(root, "expected an object: this is not a habits export")
    }
    guard root["format"]?.string == JSONExport.formatName else {
      throw problem(
        root["format"] ?? root, "this is not a habits export (no \"format\": \"habits-export\")",
        hint: "habits import reads files that 'habits export --format json' wrote")
    }
    guard let versionValue = root["version"], let version = versionValue.number,
      version == version.rounded(), version >= 1
    else {
      throw problem(root["version"] ?? root, "\"version\" must be a whole number from 1")
    }
    guard version <= Double(JSONExport.version) else {
      throw problem(
        versionValue,
        "this export is version \(version < 1e15 ? String(Int(version)) : "\(version)"), written by a newer habits; this one reads up to \(JSONExport.version)",
        hint: "upgrade habits to import it")
    }
    var schedules: [ImportedSchedule] = []
    for entry in try list(root, "habits", problem) {
      guard case .object = entry.kind else { throw problem(entry, "a habit must be an object") }
      let id = try field(entry, "id", "a habit", problem)
      guard HabitID.isValid(id) else {
        throw problem(
          entry["id"] ?? entry, "'\(id)' cannot be a habit id",
          hint: "ids are letters, digits, '-' and '_', at most 64, starting with a letter or digit")
      }
      let text = try field(entry, "schedule", "the habit '\(id)'", problem)
      let schedule = ImportedSchedule(habitID: id, text: text)
      do {
        _ = try schedule.load()
      } catch {
        throw problem(entry["schedule"] ?? entry, error.message, hint: error.hint)
      }
      guard !schedules.contains(where: { $0.habitID == id }) else {
        throw problem(entry, "the habit '\(id)' comes twice")
      }
      schedules.append(schedule)
    }
    var checkIns: [CheckIn] = []
    var seen: [Key: Int] = [:]
    for entry in try list(root, "checkins", problem) {
      guard case .object = entry.kind else { throw problem(entry, "a check-in must be an object") }
      let habit = try field(entry, "habit", "a check-in", problem)
      guard HabitID.isValid(habit) else {
        throw problem(entry, "'\(habit)' cannot be a habit id")
      }
      let dayText = try field(entry, "day", "a check-in", problem)
      guard let day = CivilDate(iso: dayText) else {
        throw problem(entry, "\"day\" must be a date YYYY-MM-DD, not '\(dayText)'")
      }
      let kindText = try field(entry, "kind", "a check-in", problem)
      guard let kind = CheckIn.Kind(rawValue: kindText) else {
        throw problem(entry, "\"kind\" must be \"done\" or \"skip\", not '\(kindText)'")
      }
      var value: Double?
      if let member = entry["value"], !member.isNull {
        guard let number = member.number, number.isFinite, number >= 0,
          number < ImportPlan.maximumValue
        else { throw problem(member, "\"value\" must be null or a number from 0 up to 1e12") }
        value = number
      }
      var note: String?
      if let member = entry["note"], !member.isNull {
        guard let text = member.string else {
          throw problem(member, "\"note\" must be null or a string, not \(member.typeName)")
        }
        guard text.unicodeScalars.count <= CheckIn.maximumNote else {
          throw problem(member, "the note is longer than \(CheckIn.maximumNote) characters")
        }
        guard !text.unicodeScalars.contains("\0") else {
          throw problem(member, "the note contains a NUL character")
        }
        note = text
      }
      var recorded = now
      if entry["recorded_at"] != nil {
        let text = try field(entry, "recorded_at", "a check-in", problem)
        guard let instant = DateTimeFormat.instant(text, in: .utc) else {
          throw problem(
            entry, "\"recorded_at\" must be an instant such as 2026-11-20T21:04:11Z, not '\(text)'")
        }
        recorded = instant
      }
      let key = Key(habit: habit, day: day)
      if let line = seen[key] {
        throw problem(entry, "'\(habit)' on \(day) comes twice (also on line \(line))")
      }
      seen[key] = entry.line
      checkIns.append(
        CheckIn(
          habitID: habit, day: day, kind: kind, value: value, note: note, recordedAt: recorded))
    }
    var config: String?
    if let value = root["config"], !value.isNull {
      guard let text = value.string else {
        throw problem(value, "\"config\" must be the text of a config.toml, or null")
      }
      config = text
    }
    return ImportPlan(
      source: "habits export '\(path)'", schedules: schedules, checkIns: checkIns, config: config)
  }

  private struct Key: Hashable {
    var habit: String
    var day: CivilDate
  }

  private static func list(
    _ root: JSONValue, _ key: String, _ problem: (JSONValue, String, String?) -> HabitsError
  ) throws(HabitsError) -> [JSONValue] {
    guard let member = root[key] else {
      throw problem(root, "the export has no \"\(key)\"", nil)
    }
    guard let values = member.array else {
      throw problem(member, "\"\(key)\" must be an array, not \(member.typeName)", nil)
    }
    return values
  }

  /// The string member `key` of `entry`, which must be there.
  private static func field(
    _ entry: JSONValue, _ key: String, _ what: String,
    _ problem: (JSONValue, String, String?) -> HabitsError
  ) throws(HabitsError) -> String {
    guard let member = entry[key] else {
      throw problem(entry, "\(what) has no \"\(key)\"", nil)
    }
    guard let text = member.string else {
      throw problem(member, "\"\(key)\" must be a string, not \(member.typeName)", nil)
    }
    return text
  }
}
