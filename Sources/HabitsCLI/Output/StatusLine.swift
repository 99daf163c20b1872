// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import Recurrence

/// Today's agenda as a status bar reads it: one line for polybar and shell
/// prompts, the JSON of waybar's custom module, i3blocks' lines.
///
/// Status bars redraw from whatever the command last printed, so every form
/// is a pure function of the agenda and the instant it is read at: the
/// watcher prints it again only when it changes.
struct StatusLine {
  /// The forms `habits today --format` prints.
  enum Format: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// The table for people.
    case text
    /// One line, as `--short`: for polybar and shell prompts.
    case plain
    /// The JSON of waybar's custom module with `"return-type": "json"`.
    case waybar
    /// i3blocks' full text, short text and colour.
    case i3blocks
  }

  /// How the day stands, one word: waybar's `alt` and CSS class, i3blocks' colour.
  enum Standing: String, Sendable {
    /// Nothing is due today.
    case none
    /// Nothing is left.
    case done
    /// Something is left, but its time has not come yet.
    case pending
    /// Something left has reached its reminder time.
    case due
  }

  let agenda: TodayAgenda
  let now: Instant
  let zone: Zone

  var standing: Standing {
    let left = agenda.left
    if agenda.entries.isEmpty { return .none }
    if left.isEmpty { return .done }
    return left.contains { $0.dueSince(now) != nil } ? .due : .pending
  }

  /// "2 left: phone-free-dinner, quality-time", "all done" or "nothing due".
  var plain: String {
    let left = agenda.left
    guard !left.isEmpty else { return short }
    return "\(left.count) left: \(left.map(\.habit.id).joined(separator: ", "))"
  }

  /// "2 left", "all done" or "nothing due".
  var short: String {
    if agenda.entries.isEmpty { return "nothing due" }
    let left = agenda.left.count
    return left == 0 ? "all done" : "\(left) left"
  }

  /// The share of today's habits no longer left, rounded down, so that 100
  /// means all done; 100 too when nothing is due.
  var percentage: Int {
    let count = agenda.entries.count
    return count == 0 ? 100 : (count - agenda.left.count) * 100 / count
  }

  /// The day and one line a habit, like the table of `habits today`.
  var tooltip: String {
    let day = agenda.today
    var lines = ["Today, \(day.weekday.shortName.capitalized) \(day)"]
    if agenda.entries.isEmpty { lines.append("Nothing is due today.") }
    for entry in agenda.entries {
      let mark: String
      switch entry.state {
      case .done: mark = "✓"
      case .skipped: mark = "–"
      default: mark = entry.targetMet ? "✓" : "·"
      }
      lines.append("\(mark) \(Self.singleLine(entry.habit.title)): \(detail(entry))")
    }
    return lines.joined(separator: "\n")
  }

  /// Where one habit stands: "done", "skipped", "due 18:45", "due since
  /// 18:45", with the period's count for a habit with a target.
  func detail(_ entry: TodayAgenda.Entry) -> String {
    var detail: String
    switch entry.state {
    case .done:
      detail = "done"
      if let value = entry.value { detail += " (\(AmountFormat.text(value)))" }
    case .skipped:
      detail = "skipped"
    default:
      if let since = entry.dueSince(now), !entry.targetMet {
        detail = "due since " + clockTime(since)
      } else if entry.reminders.isEmpty {
        detail = "pending"
      } else {
        detail = "due " + entry.reminders.map(clockTime).joined(separator: ", ")
      }
    }
    if let target = entry.habit.target {
      detail += " · \(entry.periodDone) of \(target.count) \(target.period.thisPeriod)"
    }
    return detail
  }

  /// The line waybar's custom module reads: text and tooltip are Pango
  /// markup there, so `&`, `<` and `>` are escaped.
  func waybar() throws(HabitsError) -> String {
    let standing = standing
    return try JSONOutput.encode(
      Waybar(
        text: Self.markup(short), alt: standing.rawValue, tooltip: Self.markup(tooltip),
        classes: standing == .due ? ["pending", "due"] : [standing.rawValue],
        percentage: percentage))
  }

  /// i3blocks' raw lines (full text, short text, then a colour unless the
  /// default fits), or, for a persistent block, which reads one line an
  /// update, the same as one JSON object for `format=json`.
  func i3blocks(persistent: Bool) throws(HabitsError) -> String {
    let color = Self.color(standing)
    if persistent {
      return try JSONOutput.encode(I3Block(fullText: plain, shortText: short, color: color))
    }
    return ([plain, short] + (color.map { [$0] } ?? [])).joined(separator: "\n")
  }

  /// The colour i3blocks shows for `standing`; nil keeps the bar's own.
  static func color(_ standing: Standing) -> String? {
    switch standing {
    case .none: return "#888A85"
    case .done: return "#8AE234"
    case .pending: return nil
    case .due: return "#FCAF3E"
    }
  }

  /// `text` safe inside Pango markup.
  static func markup(_ text: String) -> String {
    var escaped = ""
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// `text` with control characters (a newline in a title) turned into
  /// spaces, so that one habit stays one line.
  static func singleLine(_ text: String) -> String {
    String(
      String.UnicodeScalarView(text.unicodeScalars.map { $0.isControlCharacter ? " " : $0 }))
  }

  private func clockTime(_ instant: Instant) -> String {
    let local = zone.local(instant)
    return "\(LocalDateTime.two(local.hour)):\(LocalDateTime.two(local.minute))"
  }

  /// One line of waybar's custom module.
  struct Waybar: Encodable {
    var text: String
    var alt: String
    var tooltip: String
    var classes: [String]
    var percentage: Int

    enum CodingKeys: String, CodingKey {
      case text, alt, tooltip, percentage
      case classes = "class"
    }
  }

  /// One update of an i3blocks block with `format=json`.
  struct I3Block: Encodable {
    var fullText: String
    var shortText: String
    var color: String?

    enum CodingKeys: String, CodingKey {
      case fullText = "full_text"
      case shortText = "short_text"
      case color
    }
  }
}
