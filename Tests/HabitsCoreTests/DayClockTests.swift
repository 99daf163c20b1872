// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// Which day a check-in counts for, which week holds a day, and the DATE forms.
@Suite struct DayClockTests {
  typealias F = HistoryFixture

  @Test func withTheDayStartingAtFourACheckInAtHalfPastOneCountsForYesterday() throws {
    // Given a day that starts at 04:00 in Berlin
    let zone = try F.zone("Europe/Berlin")
    let clock = DayClock(zone: zone, dayStartsAt: TimeOfDay(hour: 4, minute: 0))
    // When a check-in is made at 01:30 on the 21st
    let at = zone.instant(for: LocalDateTime(date: F.day("2026-11-21"), hour: 1, minute: 30))
    // Then it counts for the 20th; from 04:00 on, for the 21st
    #expect(clock.day(of: at) == F.day("2026-11-20"))
    #expect(clock.day(of: at.adding(seconds: 2 * 3600 + 29 * 60 + 59)) == F.day("2026-11-20"))
    #expect(clock.day(of: at.adding(seconds: 2 * 3600 + 30 * 60)) == F.day("2026-11-21"))
  }

  @Test func withTheDayStartingAtMidnightTheCalendarDayCounts() throws {
    let zone = try F.zone("America/New_York")
    let clock = DayClock(zone: zone)
    let at = zone.instant(for: LocalDateTime(date: F.day("2026-11-21"), hour: 0, minute: 0))
    #expect(clock.day(of: at) == F.day("2026-11-21"))
    #expect(clock.day(of: at.adding(seconds: -1)) == F.day("2026-11-20"))
    // The UTC date there is already the 21st at 19:00 local on the 20th; the local day counts
    let evening = zone.instant(for: LocalDateTime(date: F.day("2026-11-20"), hour: 19))
    #expect(clock.day(of: evening) == F.day("2026-11-20"))
  }

  @Test func theDayStartsAtDayStartsAtEvenOnADaylightSavingDay() throws {
    // Given London, whose clocks go forward at 01:00 on 2026-03-29, and a day from 04:00
    let zone = try F.zone("Europe/London")
    let clock = DayClock(zone: zone, dayStartsAt: TimeOfDay(hour: 4, minute: 0))
    // Then that day starts at 04:00 BST = 03:00Z and lasts 24 hours on the wall clock (23 real)
    let start = clock.start(of: F.day("2026-03-29"))
    #expect(start.description == "2026-03-29T03:00:00Z")
    #expect(
      clock.start(of: F.day("2026-03-30")).secondsSince1970 - start.secondsSince1970 == 24 * 3600)
    #expect(
      start.secondsSince1970 - clock.start(of: F.day("2026-03-28")).secondsSince1970 == 23 * 3600)
  }

  static func at(_ text: String) -> Instant {
    DateTimeFormat.instant(text, in: .utc) ?? Instant(secondsSince1970: 0)
  }

  @Test func whereClocksGoBackOverTheDaysStartTheDayDoesNotGoBack() throws {
    // Given London, whose clocks go back from 02:00 BST to 01:00 GMT on 2026-10-25, and a day from 01:30
    let zone = try F.zone("Europe/London")
    let clock = DayClock(zone: zone, dayStartsAt: TimeOfDay(hour: 1, minute: 30))
    // The 25th starts at the first 01:30 (00:30Z); 01:20 BST is still the 24th
    #expect(clock.start(of: F.day("2026-10-25")).description == "2026-10-25T00:30:00Z")
    #expect(clock.day(of: Self.at("2026-10-25T00:20:00Z")) == F.day("2026-10-24"))
    #expect(clock.day(of: Self.at("2026-10-25T00:40:00Z")) == F.day("2026-10-25"))
    // And 01:20 GMT, forty minutes later, is the 25th too, not the 24th again
    #expect(clock.day(of: Self.at("2026-10-25T01:20:00Z")) == F.day("2026-10-25"))
  }

  /// Around every change of offset in a year of several zones, for days
  /// starting at several times: each instant's day has started and the next
  /// has not, and days never go back.
  @Test(arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia"])
  func everyInstantFallsInTheDayWhoseStartHasPassed(zoneName: String) throws {
    let zone = try F.zone(zoneName)
    for (hour, minute) in [(0, 0), (1, 30), (2, 15), (4, 0)] {
      let clock = DayClock(zone: zone, dayStartsAt: TimeOfDay(hour: hour, minute: minute))
      var previous = clock.day(of: Self.at("2011-01-01T00:00:00Z"))
      // Every ten minutes through 2011 (Apia skipped the 30th of December) and 2026
      for start in [Self.at("2011-01-01T00:00:00Z"), Self.at("2026-01-01T00:00:00Z")] {
        for step in 0..<(366 * 144) {
          let instant = start.adding(seconds: step * 600)
          let day = clock.day(of: instant)
          guard clock.start(of: day) <= instant, instant < clock.start(of: day.adding(days: 1)),
            day >= previous || step == 0
          else {
            Issue.record(
              "\(zoneName) from \(hour):\(minute): \(instant) gives \(day), after \(previous)")
            return
          }
          previous = day
        }
      }
    }
  }

  @Test func weeksStartOnWeekStarts() {
    // 2026-11-20 is a Friday
    let friday = F.day("2026-11-20")
    #expect(DayClock(zone: .utc).weekStart(of: friday) == F.day("2026-11-16"))
    #expect(DayClock(zone: .utc, weekStarts: .sunday).weekStart(of: friday) == F.day("2026-11-15"))
    #expect(
      DayClock(zone: .utc, weekStarts: .saturday).weekStart(of: friday) == F.day("2026-11-14"))
    // A sunday starts its own week when weeks start on sunday, and ends it otherwise
    let sunday = F.day("2026-11-22")
    #expect(DayClock(zone: .utc, weekStarts: .sunday).weekStart(of: sunday) == sunday)
    #expect(DayClock(zone: .utc).weekStart(of: sunday) == F.day("2026-11-16"))
  }

  @Test func dayClockReadsDayStartsAtAndWeekStartsFromConfig() {
    var config = Config()
    config.dayStartsAt = TimeOfDay(hour: 3, minute: 30)
    config.weekStarts = .sunday
    let clock = DayClock(zone: .utc, config: config)
    #expect(clock.dayStartsAt == TimeOfDay(hour: 3, minute: 30))
    #expect(clock.weekStarts == .sunday)
  }

  // MARK: DayFormat

  static let friday = HistoryFixture.day("2026-11-20")

  @Test(arguments: [
    ("today", "2026-11-20"), ("TODAY", "2026-11-20"), (" yesterday ", "2026-11-19"),
    ("2026-02-28", "2026-02-28"), ("2024-02-29", "2024-02-29"),
    ("fri", "2026-11-20"), ("friday", "2026-11-20"),  // today included
    ("thu", "2026-11-19"), ("mon", "2026-11-16"), ("sat", "2026-11-14"),
    ("sun", "2026-11-15"), ("Sunday", "2026-11-15"),
  ])
  func dayTextReadsTheDateForms(_ text: String, _ expected: String) {
    #expect(DayFormat.parse(text, today: Self.friday) == F.day(expected))
  }

  @Test(arguments: [
    "", "tomorrow", "2026-02-30", "2026-13-01", "2026-1-5", "20261120", "fr", "mo",
    "2026-11-20T10:00",
    "freitag",
  ])
  func dayTextRefusesOtherText(_ text: String) {
    #expect(DayFormat.parse(text, today: Self.friday) == nil)
  }
}
