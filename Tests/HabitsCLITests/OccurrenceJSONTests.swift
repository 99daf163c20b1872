// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsCLI

/// `habits next --json` is written by hand for speed; it must be the very
/// document JSONEncoder writes for the same occurrences.
@Suite struct OccurrenceJSONTests {
  /// Prompts with what JSON must escape (quotes, backslashes, every control
  /// character), what it need not (slashes, accents, emoji, CJK), and none.
  static let prompts: [String?] = {
    var texts: [String?] = [
      nil, "Ask how the day went.", #"Say "thank you" \ mean it, 1/2 a minute."#,
      "Café, naïve, 日本語, 👋🏽 and \u{2028}.", "", "Tab\there,\nnew line\r\n.",
    ]
    texts.append(String(decoding: (0..<0x20).map { UInt8($0) } + [0x7F], as: UTF8.self))
    return texts
  }()

  @Test func matchesJSONEncoderAcrossZonesAndOffsets() throws {
    // Given occurrences in zones west, east and half an hour off UTC, with and
    // without a habit, with and without a prompt
    let zones = try ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"].map {
      try Zone.named($0)
    }
    var entries: [(habit: String?, at: Instant, prompt: String?)] = []
    var seconds = -86_400 * 400
    for index in 0..<500 {
      seconds += 86_400 * 3 + 3_541 * index % 86_400
      entries.append(
        (
          index % 3 == 0 ? nil : "habit-\(index % 7)", Instant(secondsSince1970: seconds),
          Self.prompts[index % Self.prompts.count]
        ))
    }
    for zone in zones {
      // When written both ways
      let byHand = OccurrenceJSON.write(entries, zone: zone)
      let encoded = try JSONOutput.encode(
        entries.map {
          OccurrenceOutput(habit: $0.habit, instant: $0.at, zone: zone, prompt: $0.prompt)
        })
      // Then they are the same text
      #expect(byHand == encoded, "in \(zone)")
    }
  }
}
