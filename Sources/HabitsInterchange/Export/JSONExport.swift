// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// `habits export --format json`: every habit with its schedule file's text,
/// every check-in, and `config.toml` (but the folders it names), in the one
/// document `habits import` reads back.
///
/// Written by hand in a fixed layout (keys in a fixed order, habits by id,
/// check-ins by day then habit, one check-in a line) so that two exports of
/// the same data are byte-equal and a diff of two exports reads well.
///
/// ```json
/// {
///   "format": "habits-export",
///   "version": 1,
///   "exported_at": "2026-11-20T17:00:00Z",
///   "config": "day_starts_at = \"04:00\"\n",
///   "habits": [
///     {
///       "id": "gratitude",
///       "file": "gratitude.toml",
///       "title": "Gratitude",
///       "when": "daily at 21:00",
///       "enabled": true,
///       "schedule": "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n"
///     }
///   ],
///   "checkins": [
///     {"habit": "gratitude", "day": "2026-11-19", "kind": "done", "value": null, "note": null, "recorded_at": "2026-11-19T21:04:11Z"}
///   ]
/// }
/// ```
///
/// `schedule` is what import writes to `file`; `title`, `when` and `enabled`
/// are there for people and other tools, and import ignores them. `config`
/// is null without a `config.toml`; exports from before it have none.
public enum JSONExport {
  /// The value of `format`, which import checks for.
  public static let formatName = "habits-export"
  /// The layout's version; import refuses a higher one.
  public static let version = 1

  public static func render(_ data: ExportData) throws(HabitsError) -> String {
    var out = "{\n"
    out += "  \"format\": \(JSONQuoting.quoted(formatName)),\n"
    out += "  \"version\": \(version),\n"
    out += "  \"exported_at\": \(JSONQuoting.quoted(data.now.description)),\n"
    out += "  \"config\": \(data.configText.map(JSONQuoting.quoted) ?? "null"),\n"
    let habits = data.habits.sorted { $0.id < $1.id }
    out += habits.isEmpty ? "  \"habits\": [],\n" : "  \"habits\": [\n"
    for (index, habit) in habits.enumerated() {
      guard let source = data.sources[habit.id] else {
        throw HabitsError(
          "cannot read the schedule file of '\(habit.id)' (\(habit.path))",
          hint: "check that it is still there and readable, then export again")
      }
      out += "    {\n"
      out += "      \"id\": \(JSONQuoting.quoted(habit.id)),\n"
      out += "      \"file\": \(JSONQuoting.quoted(habit.id + ".toml")),\n"
      out += "      \"title\": \(JSONQuoting.quoted(habit.title)),\n"
      out += "      \"when\": \(JSONQuoting.quoted(habit.schedule.expression)),\n"
      out += "      \"enabled\": \(habit.enabled),\n"
      out += "      \"schedule\": \(JSONQuoting.quoted(source))\n"
      out += index == habits.count - 1 ? "    }\n  ],\n" : "    },\n"
    }
    let checkIns = data.checkIns.sorted {
      $0.day != $1.day ? $0.day < $1.day : $0.habitID < $1.habitID
    }
    out += checkIns.isEmpty ? "  \"checkins\": []\n" : "  \"checkins\": [\n"
    for (index, checkIn) in checkIns.enumerated() {
      out += "    {\"habit\": \(JSONQuoting.quoted(checkIn.habitID)), \"day\": \"\(checkIn.day)\""
      out += ", \"kind\": \"\(checkIn.kind.rawValue)\""
      out += ", \"value\": \(checkIn.value.map(AmountFormat.text) ?? "null")"
      out += ", \"note\": \(checkIn.note.map(JSONQuoting.quoted) ?? "null")"
      out += ", \"recorded_at\": \(JSONQuoting.quoted(checkIn.recordedAt.description))}"
      out += index == checkIns.count - 1 ? "\n  ]\n" : ",\n"
    }
    out += "}\n"
    return out
  }

}
