// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

@testable import HabitsCore

/// The DATETIME forms of CLI.md: `YYYY-MM-DDTHH:MM[:SS]` local, or with `Z` / `±HH:MM`.
@Suite struct DateTimeFormatTests {
  private let newYork: Zone

  init() throws {
    newYork = try Zone.named("America/New_York")
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` for an instant read from `text`.
  private func utc(_ text: String, in zone: Zone? = nil) -> String? {
    DateTimeFormat.instant(text, in: zone ?? newYork).map(DateTimeFormat.utc)
  }

  @Test func localTimeIsReadInTheZone() {
    // Winter (EST, -05:00) and summer (EDT, -04:00)
    #expect(utc("2026-01-15T09:00") == "2026-01-15T14:00:00Z")
    #expect(utc("2026-07-15T09:00") == "2026-07-15T13:00:00Z")
    #expect(utc("2026-07-15T09:00", in: .utc) == "2026-07-15T09:00:00Z")
  }

  @Test func aLocalTimeInTheSpringForwardGapTakesTheOffsetFromBefore() {
    // 02:30 does not exist on 2026-03-08 in New York: it is 03:30 EDT (RFC 5545 §3.3.5)
    #expect(utc("2026-03-08T02:30") == "2026-03-08T07:30:00Z")
  }

  @Test func aLocalTimeInTheFallBackOverlapIsTheFirst() {
    // 01:30 happens twice on 2026-11-01 in New York: the first is EDT
    #expect(utc("2026-11-01T01:30") == "2026-11-01T05:30:00Z")
  }

  @Test func zAndOffsetsNameTheirInstant() {
    #expect(utc("2026-03-08T07:30Z") == "2026-03-08T07:30:00Z")
    #expect(utc("2026-03-08T07:30z") == "2026-03-08T07:30:00Z")
    #expect(utc("2026-03-08T03:30-04:00") == "2026-03-08T07:30:00Z")
    #expect(utc("2026-03-08T13:00+05:30") == "2026-03-08T07:30:00Z")
    #expect(utc("2026-03-08T07:30+00:00") == "2026-03-08T07:30:00Z")
  }

  @Test func secondsAndASpaceForTheT() {
    #expect(utc("2026-03-08T03:30:15-04:00") == "2026-03-08T07:30:15Z")
    #expect(utc("2026-03-08 03:30:15Z") == "2026-03-08T03:30:15Z")
    #expect(utc("2026-01-15 09:00") == "2026-01-15T14:00:00Z")
    #expect(utc("  2026-01-15T09:00  ") == "2026-01-15T14:00:00Z")
  }

  @Test(arguments: [
    "2026-02-30T10:00", "2026-03-08T25:00", "garbage", "", "2026-03-08", "2026-03-08T10:60",
    "2026-03-08T10:00:60", "2026-03-08T9:00", "2026-03-08T10", "2026-03-08X10:00",
    "2026-03-08T10:00+15:00", "2026-03-08T10:00+0500", "2026-03-08T10:00:00.5Z",
    "2026-03-08T+1:00", "2026-03-08T-1:00", "2026-03-08T10:-1", "2026-03-08T10:00-",
    "2026-03-08T10:00Zulu", "26-03-08T10:00",
  ])
  func refusals(_ text: String) {
    #expect(DateTimeFormat.instant(text, in: newYork) == nil)
    #expect(DateTimeFormat.local(text, in: newYork) == nil)
  }

  @Test func localKeepsTheWallClockAndConvertsOffsets() throws {
    let plain = try #require(DateTimeFormat.local("2026-03-08T02:30", in: newYork))
    #expect(plain.description == "2026-03-08T02:30:00")
    let offset = try #require(DateTimeFormat.local("2026-03-08T12:00Z", in: newYork))
    #expect(offset.description == "2026-03-08T08:00:00")
  }

  @Test func writingWithOffsetAndInUTC() throws {
    // Given the first instant after New York's spring-forward gap
    let instant = Instant(secondsSince1970: 1_772_955_000)
    // Then it prints as CLI.md's example, with its offset and in UTC
    #expect(DateTimeFormat.withOffset(instant, in: newYork) == "2026-03-08T03:30:00-04:00")
    #expect(DateTimeFormat.utc(instant) == "2026-03-08T07:30:00Z")
    #expect(DateTimeFormat.withOffset(instant, in: .utc) == "2026-03-08T07:30:00+00:00")
    let kolkata = try Zone.named("Asia/Kolkata")
    #expect(DateTimeFormat.withOffset(instant, in: kolkata) == "2026-03-08T13:00:00+05:30")
    let stJohns = try Zone.named("America/St_Johns")
    // St. John's sprang forward 2 hours earlier, at 02:00 NST (05:30Z)
    #expect(DateTimeFormat.withOffset(instant, in: stJohns) == "2026-03-08T05:00:00-02:30")
    let winter = Instant(secondsSince1970: 1_767_225_600)
    #expect(DateTimeFormat.withOffset(winter, in: stJohns) == "2025-12-31T20:30:00-03:30")
  }

  @Test func whatIsWrittenReadsBackAsTheSameInstant() throws {
    let zones = try [newYork, .utc, Zone.named("Asia/Kolkata"), Zone.named("Australia/Lord_Howe")]
    // Every 97 minutes through 2026, across every zone's changes
    for zone in zones {
      for step in stride(from: 0, to: 366 * 24 * 60, by: 97) {
        let instant = Instant(secondsSince1970: 1_767_225_600 + step * 60)
        let text = DateTimeFormat.withOffset(instant, in: zone)
        #expect(DateTimeFormat.instant(text, in: newYork) == instant, "\(text) in \(zone)")
      }
    }
  }
}
