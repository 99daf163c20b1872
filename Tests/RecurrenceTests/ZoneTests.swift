// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Recurrence
import Testing

/// The TZif reader and POSIX rules, against known offsets and against Foundation's own
/// time-zone data.
@Suite("Zone")
struct ZoneTests {
  static func utc(_ text: String) -> Instant {
    Instant(secondsSince1970: local(text).localSeconds)
  }

  @Test("offsets either side of known changes")
  func knownOffsets() {
    let ny = Zones.newYork
    #expect(ny.offset(at: Self.utc("2026-03-08T06:59:59")) == -5 * 3600)
    #expect(ny.offset(at: Self.utc("2026-03-08T07:00:00")) == -4 * 3600)
    #expect(ny.offset(at: Self.utc("2026-11-01T05:59:59")) == -4 * 3600)
    #expect(ny.offset(at: Self.utc("2026-11-01T06:00:00")) == -5 * 3600)
    let london = Zones.london
    #expect(london.offset(at: Self.utc("2026-03-29T00:59:59")) == 0)
    #expect(london.offset(at: Self.utc("2026-03-29T01:00:00")) == 3600)
    #expect(london.offset(at: Self.utc("2026-10-25T01:00:00")) == 0)
    let lh = Zones.lordHowe
    #expect(lh.offset(at: Self.utc("2026-10-03T15:29:59")) == 37_800)
    #expect(lh.offset(at: Self.utc("2026-10-03T15:30:00")) == 39_600)
    #expect(lh.offset(at: Self.utc("2026-04-04T14:59:59")) == 39_600)
    #expect(lh.offset(at: Self.utc("2026-04-04T15:00:00")) == 37_800)
    #expect(Zones.utc.offset(at: Self.utc("2026-06-01T00:00:00")) == 0)
    // History: New York's rules before 2007 (last Sunday of October).
    #expect(ny.offset(at: Self.utc("1997-10-26T05:59:59")) == -4 * 3600)
    #expect(ny.offset(at: Self.utc("1997-10-26T06:00:00")) == -5 * 3600)
  }

  @Test("the wall clock at an instant")
  func localReading() {
    #expect(
      "\(Zones.lordHowe.local(Self.utc("2026-10-03T15:30:00")))" == "2026-10-04T02:30:00")
    #expect("\(Zones.newYork.local(Self.utc("2026-11-01T06:30:00")))" == "2026-11-01T01:30:00")
    #expect("\(Zones.newYork.local(Self.utc("2026-11-01T05:30:00")))" == "2026-11-01T01:30:00")
  }

  static let comparedZones = [
    "America/New_York", "Europe/London", "Australia/Lord_Howe", "Europe/Berlin",
    "Australia/Adelaide", "America/St_Johns", "Pacific/Chatham", "Asia/Kolkata",
    "Asia/Kathmandu", "America/Los_Angeles", "Pacific/Auckland", "Africa/Johannesburg",
  ]

  @Test("offsets agree with Foundation's time zones, 1990 to 2037", arguments: comparedZones)
  func agreesWithFoundation(name: String) throws {
    let zone = try Zone.named(name)
    let reference = try #require(TimeZone(identifier: name))
    var generator = SystemRandomNumberGenerator()
    let low = Self.utc("1990-01-01T00:00:00").secondsSince1970
    let high = Self.utc("2037-12-31T00:00:00").secondsSince1970
    var mismatches: [String] = []
    for _ in 0..<3000 {
      let t = Int.random(in: low...high, using: &generator)
      let expected = reference.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))
      let actual = zone.offset(at: Instant(secondsSince1970: t))
      if expected != actual {
        mismatches.append("\(Instant(secondsSince1970: t)): \(actual) vs \(expected)")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
  }

  @Test("every change of the year, to the second, agrees with Foundation", arguments: comparedZones)
  func changesAgreeWithFoundation(name: String) throws {
    let zone = try Zone.named(name)
    let reference = try #require(TimeZone(identifier: name))
    for year in [2000, 2026, 2036] {
      var t = Self.utc("\(year)-01-01T00:00:00").secondsSince1970
      let end = Self.utc("\(year + 1)-01-01T00:00:00").secondsSince1970
      var previous = zone.offset(at: Instant(secondsSince1970: t))
      while t < end {
        // Hour steps find each change; the second before it must still have the old offset.
        let next = t + 1800
        let offset = zone.offset(at: Instant(secondsSince1970: next))
        if offset != previous {
          var low = t
          var high = next
          while high - low > 1 {
            let mid = (low + high) / 2
            if zone.offset(at: Instant(secondsSince1970: mid)) == previous {
              low = mid
            } else {
              high = mid
            }
          }
          let at = Date(timeIntervalSince1970: Double(high))
          #expect(reference.secondsFromGMT(for: at) == offset, "\(name) \(high)")
          #expect(
            reference.secondsFromGMT(for: at.addingTimeInterval(-1)) == previous, "\(name) \(high)")
        }
        previous = offset
        t = next
      }
    }
  }

  @Test("a POSIX rule behaves like the zone it describes")
  func posixRule() throws {
    let rule = try Zone.named("EST5EDT,M3.2.0,M11.1.0")
    let ny = Zones.newYork
    let lhRule = try Zone.named("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
    let lh = Zones.lordHowe
    var t = Self.utc("2010-01-01T00:00:00").secondsSince1970
    let end = Self.utc("2040-01-01T00:00:00").secondsSince1970
    while t < end {
      let instant = Instant(secondsSince1970: t)
      #expect(rule.offset(at: instant) == ny.offset(at: instant), "\(instant)")
      #expect(lhRule.offset(at: instant) == lh.offset(at: instant), "\(instant)")
      t += 86_400 / 4 + 7
    }
    #expect(
      try stamps("daily at 2:30", in: rule, from: "2026-03-07T00:00", count: 2) == [
        "2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00",
      ])
  }

  @Test("POSIX rules: names in angle brackets, switch times, and what is not a rule")
  func posixParsing() throws {
    let rule = try #require(PosixTimeZoneRule("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1"))
    #expect(rule.standardOffset == -3 * 3600)
    #expect(rule.daylightOffset == -2 * 3600)
    #expect(rule.start?.time == -7200)
    let fixed = try #require(PosixTimeZoneRule("IST-5:30"))
    #expect(fixed.standardOffset == 19_800)
    #expect(fixed.daylightOffset == nil)
    #expect(PosixTimeZoneRule("Europe/Nowhere") == nil)
    #expect(PosixTimeZoneRule("EST5EDT,M13.1.0,M11.1.0") == nil)
    #expect(PosixTimeZoneRule("EST5EDT,M3.2.0") == nil)
  }

  @Test("POSIX switch days: Jn never counts February 29th, a bare n does")
  func posixJulianDays() throws {
    let julian = try Zone.named("EST5EDT,J60/2,J300/2")
    let zeroBased = try Zone.named("EST5EDT,59/2,299/2")
    // 02:00 EST is 07:00Z. In 2024 (a leap year) J60 is March 1st, day 59 is February 29th.
    #expect(julian.offset(at: Self.utc("2024-03-01T06:59:59")) == -5 * 3600)
    #expect(julian.offset(at: Self.utc("2024-03-01T07:00:00")) == -4 * 3600)
    #expect(zeroBased.offset(at: Self.utc("2024-02-29T06:59:59")) == -5 * 3600)
    #expect(zeroBased.offset(at: Self.utc("2024-02-29T07:00:00")) == -4 * 3600)
    // In 2023 both are March 1st.
    #expect(julian.offset(at: Self.utc("2023-03-01T07:00:00")) == -4 * 3600)
    #expect(zeroBased.offset(at: Self.utc("2023-03-01T07:00:00")) == -4 * 3600)
    #expect(zeroBased.offset(at: Self.utc("2023-02-28T07:00:00")) == -5 * 3600)
    // M10.5.0: the last Sunday of October (the 27th in 2024), at 02:00 EDT = 06:00Z.
    let last = try Zone.named("EST5EDT,M3.2.0,M10.5.0")
    #expect(last.offset(at: Self.utc("2024-10-27T05:59:59")) == -4 * 3600)
    #expect(last.offset(at: Self.utc("2024-10-27T06:00:00")) == -5 * 3600)
  }

  @Test("unknown zones are refused with a hint, and paths are not followed")
  func unknownZones() {
    for name in ["Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "zone.tab", ""] {
      do {
        _ = try Zone.named(name)
        Issue.record("'\(name)' was accepted")
      } catch {
        #expect(error.message == "unknown time zone '\(name)'")
        #expect(error.hint?.contains("Europe/Berlin") == true)
      }
    }
  }

  @Test("TZ picks the zone: a name, with a leading colon, UTC, or a POSIX rule")
  func current() throws {
    #expect(try Zone.current(environment: ["TZ": "Europe/London"]).identifier == "Europe/London")
    #expect(try Zone.current(environment: ["TZ": ":Europe/London"]).identifier == "Europe/London")
    #expect(
      try Zone.current(environment: ["TZ": "UTC"]).offset(at: Instant(secondsSince1970: 0)) == 0)
    let posix = try Zone.current(environment: ["TZ": "JST-9"])
    #expect(posix.offset(at: Instant(secondsSince1970: 0)) == 9 * 3600)
    #expect(throws: RecurrenceError.self) { try Zone.current(environment: ["TZ": "Nowhere/Land"]) }
  }

  @Test("fixed offsets and their text")
  func fixedOffsets() {
    let zone = Zone(fixedOffset: -12_600)
    #expect(zone.identifier == "-03:30")
    #expect(zone.offset(at: Instant(secondsSince1970: 1_000_000_000)) == -12_600)
    #expect(Zone.offsetText(20_700) == "+05:45")
    #expect(Zone.offsetText(0) == "+00:00")
    #expect("\(zone.instant(for: local("2026-01-01T00:00")))" == "2026-01-01T03:30:00Z")
  }

  @Test("reading an instant's wall clock back gives the instant, except in the repeated hour")
  func roundTrip() {
    for zone in [Zones.newYork, Zones.london, Zones.lordHowe, Zones.santiago] {
      var t = Self.utc("2026-01-01T00:00:00").secondsSince1970
      let end = Self.utc("2027-01-01T00:00:00").secondsSince1970
      while t < end {
        let instant = Instant(secondsSince1970: t)
        let back = zone.instant(for: zone.local(instant))
        if back != instant {
          // Only the second pass of a repeated hour maps to the first.
          #expect(back < instant, "\(zone) \(instant)")
          #expect(zone.local(back) == zone.local(instant), "\(zone) \(instant)")
          #expect(zone.offset(at: back) > zone.offset(at: instant), "\(zone) \(instant)")
        }
        t += 900
      }
    }
  }
}
