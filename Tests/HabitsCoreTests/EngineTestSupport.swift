import HabitsCore
import Testing

/// The zones the engine tests run in, read once from the system's zone database.
enum Zones {
  static let newYork = load("America/New_York")
  static let london = load("Europe/London")
  static let lordHowe = load("Australia/Lord_Howe")
  static let santiago = load("America/Santiago")
  static let utc = Zone.utc

  static func load(_ name: String) -> Zone {
    do {
      return try Zone.named(name)
    } catch {
      Issue.record("cannot load \(name): \(error)")
      return .utc
    }
  }
}

/// `2026-03-08T02:30` or `2026-03-08T02:30:15` as a wall-clock reading.
func local(_ text: String) -> LocalDateTime {
  guard let date = CivilDate(iso: text.prefix(10)) else {
    preconditionFailure("bad date in '\(text)'")
  }
  let clock = text.dropFirst(11).split(separator: ":").compactMap { Int($0) }
  return LocalDateTime(
    date: date, hour: clock.first ?? 0, minute: clock.count > 1 ? clock[1] : 0,
    second: clock.count > 2 ? clock[2] : 0)
}

/// The wall-clock reading of `instant` with its offset, as `habits next` prints it:
/// `2026-03-08T03:30:00-04:00`.
func stamp(_ instant: Instant, _ zone: Zone) -> String {
  "\(zone.local(instant))\(Zone.offsetText(zone.offset(at: instant)))"
}

/// The first `count` instants of `expression` at or after `from` (default: the start,
/// else 2026-01-01T00:00), read in `zone`.
func instants(
  _ expression: String, start: String? = nil, in zone: Zone, from: String? = nil, count: Int
) throws(HabitsError) -> [Instant] {
  let schedule = try Schedule.parse(expression, start: start.map(local))
  let origin = zone.instant(for: local(from ?? start ?? "2026-01-01T00:00"))
  return Array(schedule.occurrences(from: origin, in: zone).prefix(count))
}

/// Like `instants`, as `stamp`s.
func stamps(
  _ expression: String, start: String? = nil, in zone: Zone, from: String? = nil, count: Int
) throws(HabitsError) -> [String] {
  try instants(expression, start: start, in: zone, from: from, count: count).map {
    stamp($0, zone)
  }
}

/// The error `Schedule.parse` throws for `text`, or nil when it parses.
func parseError(_ text: String, start: String? = nil) -> HabitsError? {
  do {
    _ = try Schedule.parse(text, start: start.map(local))
    return nil
  } catch {
    return error
  }
}

/// The offset of an error in `text`, pointing at `fragment`'s first occurrence.
func offset(of fragment: String, in text: String) -> Int? {
  guard let range = text.range(of: fragment) else { return nil }
  return text.distance(from: text.startIndex, to: range.lowerBound)
}

/// How long `body` takes, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let clock = ContinuousClock()
  let elapsed = try clock.measure(body)
  let parts = elapsed.components
  return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}
