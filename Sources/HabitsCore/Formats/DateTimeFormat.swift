// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Reads and writes the date and time forms of the command line (CLI.md).
public enum DateTimeFormat {
  /// `2026-03-08T03:30:00-04:00`: a wall-clock time with its offset.
  public static func withOffset(_ instant: Instant, in zone: Zone) -> String {
    let offset = zone.offset(at: instant)
    let local = LocalDateTime(localSeconds: instant.secondsSince1970 + offset)
    return "\(local)\(Zone.offsetText(offset))"
  }

  /// The instants a clock may be set to (`HABITS_NOW`): the years 1970 to
  /// 9999, the times a check-in's event can carry and its day be exported.
  static let clockRange =
    Instant(secondsSince1970: 0)...Instant(secondsSince1970: 253_402_300_799)

  /// The instant `HABITS_NOW` sets a clock to (`text`, read in `zone` when
  /// it names no offset), for the CLI and the agent alike; a usage error
  /// when it is not a date and time or lies outside `clockRange`.
  public static func clockStart(_ text: String, in zone: Zone) throws(HabitsError) -> Instant {
    guard let instant = instant(text, in: zone) else {
      throw HabitsError(
        "HABITS_NOW '\(InputEcho.visible(text))' is not a date and time",
        hint: "use \(expectedForm)", kind: .usage)
    }
    guard clockRange.contains(instant) else {
      throw HabitsError(
        "HABITS_NOW '\(InputEcho.visible(text))' is outside the years 1970 to 9999",
        kind: .usage)
    }
    return instant
  }

  /// `2026-03-08T07:30:00Z`.
  public static func utc(_ instant: Instant) -> String { instant.description }

  /// Reads `YYYY-MM-DDTHH:MM[:SS]` as local time in `zone`, or with `Z` or
  /// `±HH:MM` as that instant. A space may stand for the `T`.
  public static func instant(_ text: String, in zone: Zone) -> Instant? {
    switch parse(text) {
    case .local(let local)?: return zone.instant(for: local)
    case .instant(let instant)?: return instant
    case nil: return nil
    }
  }

  /// Reads a DATETIME as a wall-clock time in `zone` (an offset, if given, is
  /// converted into `zone`).
  public static func local(_ text: String, in zone: Zone) -> LocalDateTime? {
    switch parse(text) {
    case .local(let local)?: return local
    case .instant(let instant)?: return zone.local(instant)
    case nil: return nil
    }
  }

  public static let expectedForm = "YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM"

  private enum Parsed {
    case local(LocalDateTime)
    case instant(Instant)
  }

  // Substrings rather than arrays of Characters: `String(_:)` of those is
  // generic, and its first call looks up conformances in the whole binary.
  // Every command parses HABITS_NOW when it is set.
  private static func parse(_ text: String) -> Parsed? {
    let trimmed = text.trimmingWhitespace()
    let separator = trimmed.dropFirst(10).first
    guard trimmed.count >= 16, separator == "T" || separator == "t" || separator == " ",
      let date = CivilDate(iso: String(trimmed.prefix(10)))
    else { return nil }
    var rest = trimmed.dropFirst(11)
    var offset: Int?
    if rest.last == "Z" || rest.last == "z" {
      offset = 0
      rest = rest.dropLast()
    } else if rest.count >= 6, let sign = rest.dropLast(5).last, sign == "+" || sign == "-" {
      let zoneText = String(rest.suffix(5))
      guard let time = TimeOfDay(parsing: zoneText), zoneText.count == 5, time.hour <= 14
      else { return nil }
      offset = (sign == "-" ? -1 : 1) * time.secondOfDay
      rest = rest.dropLast(6)
    }
    let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
    // Digits only: `Int` alone would also take "+1" and "-1".
    guard parts.count == 2 || parts.count == 3,
      parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let h = Int(parts[0]), let m = Int(parts[1]), h < 24, m < 60
    else { return nil }
    var s = 0
    if parts.count == 3 {
      guard let value = Int(parts[2]), value < 60 else { return nil }
      s = value
    }
    let local = LocalDateTime(date: date, hour: h, minute: m, second: s)
    if let offset {
      return .instant(Instant(secondsSince1970: local.localSeconds - offset))
    }
    return .local(local)
  }
}
