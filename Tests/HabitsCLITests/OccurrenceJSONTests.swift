import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// `habits next --json` is written by hand for speed; it must be the very
/// document JSONEncoder writes for the same occurrences.
@Suite struct OccurrenceJSONTests {
  @Test func matchesJSONEncoderAcrossZonesAndOffsets() throws {
    // Given occurrences in zones west, east and half an hour off UTC, with and without a habit
    let zones = try ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"].map {
      try Zone.named($0)
    }
    var entries: [(habit: String?, at: Instant)] = []
    var seconds = -86_400 * 400
    for index in 0..<500 {
      seconds += 86_400 * 3 + 3_541 * index % 86_400
      entries.append(
        (index % 3 == 0 ? nil : "habit-\(index % 7)", Instant(secondsSince1970: seconds)))
    }
    for zone in zones {
      // When written both ways
      let byHand = OccurrenceJSON.write(entries, zone: zone)
      let encoded = try JSONOutput.encode(
        entries.map { OccurrenceOutput(habit: $0.habit, instant: $0.at, zone: zone) })
      // Then they are the same text
      #expect(byHand == encoded, "in \(zone)")
    }
  }
}
