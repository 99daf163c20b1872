// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Recurrence
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The wall-clock reading of `instant` with its offset, as `habits next` prints it:
/// `2026-03-08T03:30:00-04:00`.
func stamp(_ instant: Instant, _ zone: Zone) -> String {
  "\(zone.local(instant))\(Zone.offsetText(zone.offset(at: instant)))"
}

/// The first `count` instants of `expression` at or after `from` (default: the start,
/// else 2026-01-01T00:00), read in `zone`.
func instants(
  _ expression: String, start: String? = nil, in zone: Zone, from: String? = nil, count: Int
) throws(RecurrenceError) -> [Instant] {
  let schedule = try Schedule.parse(expression, start: start.map(local))
  let origin = zone.instant(for: local(from ?? start ?? "2026-01-01T00:00"))
  return Array(schedule.occurrences(from: origin, in: zone).prefix(count))
}

/// Like `instants`, as `stamp`s.
func stamps(
  _ expression: String, start: String? = nil, in zone: Zone, from: String? = nil, count: Int
) throws(RecurrenceError) -> [String] {
  try instants(expression, start: start, in: zone, from: from, count: count).map {
    stamp($0, zone)
  }
}

/// The error `Schedule.parse` throws for `text`, or nil when it parses.
func parseError(_ text: String, start: String? = nil) -> RecurrenceError? {
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

/// How long `body` takes, in seconds of this thread's CPU time: what the
/// engine costs, whatever else the machine (or the other tests running in
/// parallel) is doing meanwhile.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = threadCPUTime()
  try body()
  return threadCPUTime() - start
}

private func threadCPUTime() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
