// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

@testable import Recurrence

/// Daylight-saving changes, by RFC 5545 §3.3.5: a skipped wall-clock time takes the offset
/// from before the gap, and a repeated one is the first.
@Suite("Daylight saving")
struct DaylightSavingTests {
  // MARK: Spring forward

  @Test("daily 02:30 on New York's spring-forward day fires at 03:30 EDT")
  func newYorkGap() throws {
    #expect(
      try stamps("daily at 2:30", in: Zones.newYork, from: "2026-03-07T00:00", count: 3) == [
        "2026-03-07T02:30:00-05:00", "2026-03-08T03:30:00-04:00", "2026-03-09T02:30:00-04:00",
      ])
  }

  @Test("daily 01:30 on London's spring-forward day fires at 02:30 BST")
  func londonGap() throws {
    #expect(
      try stamps("daily at 1:30", in: Zones.london, from: "2026-03-28T00:00", count: 3) == [
        "2026-03-28T01:30:00+00:00", "2026-03-29T02:30:00+01:00", "2026-03-30T01:30:00+01:00",
      ])
  }

  @Test("Lord Howe's half-hour gap: 02:00 to 02:30 in early October")
  func lordHoweGap() throws {
    #expect(
      try stamps("daily at 2:15", in: Zones.lordHowe, from: "2026-10-03T00:00", count: 3) == [
        "2026-10-03T02:15:00+10:30", "2026-10-04T02:45:00+11:00", "2026-10-05T02:15:00+11:00",
      ])
    // 02:00 itself is skipped too; 02:30 is the first reading after the change.
    #expect(
      try stamps("daily at 2:00", in: Zones.lordHowe, from: "2026-10-04T00:00", count: 1) == [
        "2026-10-04T02:30:00+11:00"
      ])
    #expect(
      try stamps("daily at 2:30", in: Zones.lordHowe, from: "2026-10-04T00:00", count: 1) == [
        "2026-10-04T02:30:00+11:00"
      ])
  }

  @Test("Santiago skips midnight: 00:00 to 01:00 on the first Sunday of September")
  func santiagoMidnightGap() throws {
    #expect(
      try stamps("daily at midnight", in: Zones.santiago, from: "2026-09-05T00:00", count: 3) == [
        "2026-09-05T00:00:00-04:00", "2026-09-06T01:00:00-03:00", "2026-09-07T00:00:00-03:00",
      ])
    #expect(
      try stamps("30 0 * * *", in: Zones.santiago, from: "2026-09-06T00:00", count: 1) == [
        "2026-09-06T01:30:00-03:00"
      ])
  }

  @Test("an HOURLY rule across the gap never repeats an instant", arguments: [0, 30])
  func hourlyAcrossGap(minute: Int) throws {
    let rule = "FREQ=HOURLY;BYMINUTE=\(minute)"
    let m = minute == 0 ? "00" : "30"
    let result = try stamps(rule, in: Zones.newYork, from: "2026-03-08T00:00", count: 4)
    #expect(
      result == [
        "2026-03-08T00:\(m):00-05:00", "2026-03-08T01:\(m):00-05:00",
        "2026-03-08T03:\(m):00-04:00", "2026-03-08T04:\(m):00-04:00",
      ])
    let raw = try instants(rule, in: Zones.newYork, from: "2026-03-07T00:00", count: 200)
    #expect(zip(raw, raw.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test("half hours across London's gap: moved times merge with the real ones, in order")
  func halfHoursAcrossLondonGap() throws {
    // 01:00 and 01:30 do not exist; they become 02:00 and 02:30 BST, which also come on their own.
    #expect(
      try stamps("FREQ=HOURLY;BYMINUTE=0,30", in: Zones.london, from: "2026-03-29T00:00", count: 5)
        == [
          "2026-03-29T00:00:00+00:00", "2026-03-29T00:30:00+00:00", "2026-03-29T02:00:00+01:00",
          "2026-03-29T02:30:00+01:00", "2026-03-29T03:00:00+01:00",
        ])
    let berlin = Zones.load("Europe/Berlin")
    #expect(
      try stamps("FREQ=HOURLY;BYMINUTE=0,30", in: berlin, from: "2026-03-29T01:00", count: 5) == [
        "2026-03-29T01:00:00+01:00", "2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00",
        "2026-03-29T03:30:00+02:00", "2026-03-29T04:00:00+02:00",
      ])
  }

  @Test("every quarter hour across Lord Howe's gap: each instant once, in order")
  func quarterHoursAcrossLordHoweGap() throws {
    let rule = "FREQ=HOURLY;BYMINUTE=0,15,30,45"
    #expect(
      try stamps(rule, in: Zones.lordHowe, from: "2026-10-04T01:30", count: 6) == [
        "2026-10-04T01:30:00+10:30", "2026-10-04T01:45:00+10:30", "2026-10-04T02:30:00+11:00",
        "2026-10-04T02:45:00+11:00", "2026-10-04T03:00:00+11:00", "2026-10-04T03:15:00+11:00",
      ])
    let raw = try instants(rule, in: Zones.lordHowe, from: "2026-10-03T00:00", count: 400)
    #expect(zip(raw, raw.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test("the UTC clock runs on: the gap's instants are 15 minutes apart where they exist")
  func gapSpacing() throws {
    let raw = try instants(
      "FREQ=HOURLY;BYMINUTE=0,15,30,45", in: Zones.lordHowe, from: "2026-10-04T01:00", count: 6)
    let steps = zip(raw, raw.dropFirst()).map { $1.secondsSince1970 - $0.secondsSince1970 }
    #expect(steps == [900, 900, 900, 900, 900])
  }

  // MARK: Fall back

  @Test("01:30 on New York's fall-back day fires once, at 01:30 EDT")
  func newYorkOverlap() throws {
    let result = try stamps("daily at 1:30", in: Zones.newYork, from: "2026-10-31T00:00", count: 3)
    #expect(
      result == [
        "2026-10-31T01:30:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00",
      ])
    // From just after the first 01:30, the second 01:30 (EST) is not an instance.
    let after = Zones.newYork.instant(for: local("2026-11-01T01:30")).adding(seconds: 60)
    let schedule = try Schedule.parse("daily at 1:30", start: nil)
    let next = try #require(schedule.next(from: after, in: Zones.newYork))
    #expect(stamp(next, Zones.newYork) == "2026-11-02T01:30:00-05:00")
  }

  @Test("the repeated hour fires once in London, Lord Howe and Santiago too")
  func otherOverlaps() throws {
    #expect(
      try stamps("daily at 1:30", in: Zones.london, from: "2026-10-25T00:00", count: 2) == [
        "2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00+00:00",
      ])
    #expect(
      try stamps("daily at 1:45", in: Zones.lordHowe, from: "2026-04-05T00:00", count: 2) == [
        "2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30",
      ])
    #expect(
      try stamps("daily at 23:30", in: Zones.santiago, from: "2026-04-04T00:00", count: 2) == [
        "2026-04-04T23:30:00-03:00", "2026-04-05T23:30:00-04:00",
      ])
  }

  @Test("HOURLY over the repeated hour follows the wall clock: 01:00 once, then 02:00 EST")
  func hourlyAcrossOverlap() throws {
    #expect(
      try stamps("FREQ=HOURLY;BYMINUTE=0", in: Zones.newYork, from: "2026-11-01T00:00", count: 4)
        == [
          "2026-11-01T00:00:00-04:00", "2026-11-01T01:00:00-04:00", "2026-11-01T02:00:00-05:00",
          "2026-11-01T03:00:00-05:00",
        ])
  }

  @Test("the instant a wall-clock time means, in the gap, the overlap and neither")
  func instantForLocal() {
    let ny = Zones.newYork
    #expect("\(ny.instant(for: local("2026-03-08T02:30")))" == "2026-03-08T07:30:00Z")
    #expect("\(ny.instant(for: local("2026-03-08T03:30")))" == "2026-03-08T07:30:00Z")
    #expect("\(ny.instant(for: local("2026-03-08T01:59:59")))" == "2026-03-08T06:59:59Z")
    #expect("\(ny.instant(for: local("2026-11-01T01:30")))" == "2026-11-01T05:30:00Z")
    #expect("\(ny.instant(for: local("2026-11-01T02:00")))" == "2026-11-01T07:00:00Z")
    #expect("\(ny.instant(for: local("2026-11-01T00:59")))" == "2026-11-01T04:59:00Z")
    let lh = Zones.lordHowe
    #expect("\(lh.instant(for: local("2026-10-04T02:00")))" == "2026-10-03T15:30:00Z")
    #expect("\(lh.instant(for: local("2026-10-04T02:29")))" == "2026-10-03T15:59:00Z")
    #expect("\(lh.instant(for: local("2026-04-05T01:30")))" == "2026-04-04T14:30:00Z")
  }

  @Test("the shortcuts for readings far from a change map as the changes around them do")
  func instantForLocalInTheRulesYears() {
    let ny = Zones.newYork
    // 2100: second Sunday of March and first Sunday of November.
    #expect("\(ny.instant(for: local("2100-03-14T02:30")))" == "2100-03-14T07:30:00Z")
    #expect("\(ny.instant(for: local("2100-03-14T01:59:59")))" == "2100-03-14T06:59:59Z")
    #expect("\(ny.instant(for: local("2100-11-07T01:30")))" == "2100-11-07T05:30:00Z")
    #expect("\(ny.instant(for: local("2100-11-07T02:00")))" == "2100-11-07T07:00:00Z")
    let lh = Zones.lordHowe
    // 2100: first Sunday of October and of April.
    #expect("\(lh.instant(for: local("2100-10-03T02:15")))" == "2100-10-02T15:45:00Z")
    #expect("\(lh.instant(for: local("2100-04-04T01:45")))" == "2100-04-03T14:45:00Z")
    for zone in [ny, lh, Zones.london, Zones.santiago, Zones.sydney] {
      for year in [1990, 2026, 2037, 2040, 2100, 2143] {
        let start = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch * 86_400
        for change in zone.changes(from: start, to: start + 366 * 86_400) {
          for delta in stride(from: -7200, through: 7200, by: 900).map({ $0 }) + [
            -4 * 86_400, -3 * 86_400, -2 * 86_400 - 1, 2 * 86_400, 3 * 86_400, 4 * 86_400,
          ] {
            let local = change.at + change.offset + delta
            #expect(
              zone.utc(forLocal: local) == zone.utcByChanges(forLocal: local), "\(zone) \(local)")
          }
        }
      }
    }
  }

  @Test("searching from inside the gap finds the moved instance")
  func fromInsideGap() throws {
    let schedule = try Schedule.parse("daily at 2:30", start: nil)
    let ny = Zones.newYork
    let gapStart = try #require(
      schedule.next(from: ny.instant(for: local("2026-03-08T02:00")), in: ny))
    #expect(stamp(gapStart, ny) == "2026-03-08T03:30:00-04:00")
    let justAfter = try #require(schedule.next(from: gapStart.adding(seconds: 1), in: ny))
    #expect(stamp(justAfter, ny) == "2026-03-09T02:30:00-04:00")
  }

  @Test("a far-future change follows the zone's rule (past the TZif table)")
  func farFuture() throws {
    #expect(
      try stamps("daily at 2:30", in: Zones.newYork, from: "2099-03-08T00:00", count: 1) == [
        "2099-03-08T03:30:00-04:00"
      ])
    #expect(
      try stamps("daily at 2:15", in: Zones.lordHowe, from: "2090-10-01T00:00", count: 1) == [
        "2090-10-01T02:45:00+11:00"
      ])
  }
}
