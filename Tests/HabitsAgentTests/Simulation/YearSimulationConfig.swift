// SPDX-License-Identifier: Apache-2.0
import Foundation

/// The `config.toml` of one seed's year, and its edits during the year.
///
/// Drawn from the seed alone, so that a failure replays and so that the
/// seeds CI runs (1 to 4) between them try every kind of value of the
/// settings the agent's timing hangs on: seed k takes kind k mod n of each
/// (of `catch_up`, quiet hours, the summary's day, the target of the first
/// made-up habit, the setting edited mid-year), and the value within the
/// kind, and everything else, at random.
struct SimulationConfig: CustomStringConvertible {
  /// The kinds of `catch_up`.
  enum CatchUpKind: Int, CaseIterable { case off, sameDay, duration }
  /// The kinds of quiet hours: none, across midnight, within the day, starting after midnight.
  enum QuietKind: Int, CaseIterable { case off, overnight, daytime, afterMidnight }
  /// Whether the weekly summary comes on Sunday.
  enum SummaryKind: Int, CaseIterable { case sunday, otherDay }
  /// The kinds of `target`.
  enum TargetKind: Int, CaseIterable { case week, month, days }
  /// The settings edited during the year.
  enum Setting: Int, CaseIterable {
    case quietHours, catchUp, summary

    var key: String { ["quiet_hours", "catch_up", "summary"][rawValue] }
  }

  static func catchUps(_ kind: CatchUpKind) -> [String] {
    switch kind {
    case .off: return ["off"]
    case .sameDay: return ["same-day"]
    case .duration: return ["2h", "30m", "5h", "12h"]
    }
  }

  static func quietHours(_ kind: QuietKind) -> [String?] {
    switch kind {
    case .off: return [nil]
    case .overnight: return ["22:30-07:30", "23:00-06:30", "21:00-09:00"]
    case .daytime: return ["13:00-14:00", "12:00-15:30", "09:00-17:00"]
    case .afterMidnight: return ["00:30-06:00", "01:00-05:30", "02:15-04:45"]
    }
  }

  static func summaries(_ kind: SummaryKind) -> [String] {
    switch kind {
    case .sunday: return ["every sunday at 19:00", "every sunday at 16:00"]
    case .otherDay:
      return [
        "every saturday at 23:45", "every monday at 8:00", "every friday at 18:00",
        "every wednesday at 13:30", "every thursday at 00:45",
      ]
    }
  }

  static func targets(_ kind: TargetKind) -> [String] {
    switch kind {
    case .week: return ["2/week", "3/week"]
    case .month: return ["4/month", "10/month"]
    case .days: return ["2/3 days", "3/5 days", "1/2 days", "4/10 days"]
    }
  }

  /// An edit of `config.toml`, some time after the year began.
  struct Edit {
    var after: Int
    var setting: Setting
    /// The new value (nil: the setting removed).
    var value: String?
  }

  var dayStartsAt: String
  var weekStarts: String
  var summary: String
  var catchUp: String
  var gather: String
  var quietHours: String?
  /// The target of the first made-up habit.
  var target: String
  var edits: [Edit]

  init(seed: UInt64, days: Int) {
    var rng = SimulationRandom(seed: seed ^ 0xC0FF_EE00_C0FF_EE00)
    func forced<Kind: CaseIterable & RawRepresentable>(_: Kind.Type) -> Kind
    where Kind.RawValue == Int {
      Kind(rawValue: Int(seed % UInt64(Kind.allCases.count))) ?? Array(Kind.allCases)[0]
    }
    dayStartsAt = rng.pick(["00:00", "04:00"])
    weekStarts = rng.pick(["monday", "sunday"])
    summary = rng.pick(Self.summaries(forced(SummaryKind.self)))
    catchUp = rng.pick(Self.catchUps(forced(CatchUpKind.self)))
    gather = rng.weighted([(3, "20m"), (2, "off"), (1, "5m"), (1, "1h"), (1, "2h")])
    quietHours = rng.pick(Self.quietHours(forced(QuietKind.self)))
    target = rng.pick(Self.targets(forced(TargetKind.self)))
    // One edit of the forced setting, sometimes another, each to a value of another kind.
    var settings = [forced(Setting.self)]
    if rng.chance(0.5) { settings.append(rng.pick(Setting.allCases)) }
    let span = max(1, days * 86_400)
    var times = settings.map { _ in rng.int((span / 6)...(span * 5 / 6)) }.sorted()
    if times.count == 2 && times[1] - times[0] < 86_400 { times[1] += 86_400 }
    var current = (quiet: quietHours, catchUp: catchUp, summary: summary)
    edits = []
    for (setting, after) in zip(settings, times) {
      let value: String?
      switch setting {
      case .quietHours:
        let now = Self.kind(ofQuietHours: current.quiet)
        value = rng.pick(Self.quietHours(rng.pick(QuietKind.allCases.filter { $0 != now })))
        current.quiet = value
      case .catchUp:
        let now = CatchUpKind.allCases.first { Self.catchUps($0).contains(current.catchUp) }
        value = rng.pick(Self.catchUps(rng.pick(CatchUpKind.allCases.filter { $0 != now })))
        current.catchUp = value ?? ""
      case .summary:
        let other =
          Self.summaries(.sunday).contains(current.summary) ? SummaryKind.otherDay : .sunday
        value = rng.pick(Self.summaries(other))
        current.summary = value ?? ""
      }
      edits.append(Edit(after: after, setting: setting, value: value))
    }
  }

  /// The kind of quiet hours written `text`.
  static func kind(ofQuietHours text: String?) -> QuietKind {
    QuietKind.allCases.first { quietHours($0).contains(text) } ?? .off
  }

  /// The file's text before any edit.
  var text: String { text(after: []) }

  /// The file's text once `applied` are made.
  func text(after applied: [Edit]) -> String {
    var values: [Setting: String?] = [
      .quietHours: quietHours, .catchUp: catchUp, .summary: summary,
    ]
    for edit in applied { values[edit.setting] = .some(edit.value) }
    var lines = [
      "day_starts_at = \"\(dayStartsAt)\"",
      "week_starts = \"\(weekStarts)\"",
      "gather = \"\(gather)\"",
      "notifier = \"stdout\"",
    ]
    if let summary = values[.summary] ?? nil { lines.append("summary = \"\(summary)\"") }
    if let catchUp = values[.catchUp] ?? nil { lines.append("catch_up = \"\(catchUp)\"") }
    if let quiet = values[.quietHours] ?? nil { lines.append("quiet_hours = \"\(quiet)\"") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line, to print at the start of a run.
  var description: String {
    let changes = edits.map {
      "after \(String(format: "%.1f", Double($0.after) / 86_400)) days \($0.setting.key) = \($0.value ?? "none")"
    }
    return
      "catch_up \(catchUp), quiet_hours \(quietHours ?? "none"), summary \(summary), "
      + "gather \(gather), day_starts_at \(dayStartsAt), week_starts \(weekStarts), "
      + "first made-up target \(target); edits: \(changes.joined(separator: ", "))"
  }
}
