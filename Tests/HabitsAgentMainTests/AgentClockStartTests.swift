// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsAgentMain

/// `HABITS_NOW` is where the agent's clock starts; one it cannot read is a
/// usage error in the words the CLI uses.
@Suite struct AgentClockStartTests {
  /// What the system clock reads at start: 2027-01-15T08:00:00Z.
  let systemNow = Instant(secondsSince1970: 1_800_000_000)

  func offset(_ value: String?, zone: Zone = .utc, notUTF8: Set<String> = []) throws(HabitsError)
    -> Int
  {
    try AgentEnvironment.clockOffset(
      value.map { ["HABITS_NOW": $0] } ?? [:], notUTF8: notUTF8, zone: zone,
      systemNow: systemNow)
  }

  @Test func theClockStartsAtHabitsNow() throws {
    // 2026-03-10T12:00:57Z is 1,773,144,057 s after the epoch.
    #expect(try offset("2026-03-10T12:00:57Z") == 1_773_144_057 - 1_800_000_000)
    #expect(try offset("2026-03-10T13:00:57+01:00") == 1_773_144_057 - 1_800_000_000)
  }

  @Test func aLocalTimeIsReadInTheAgentsZone() throws {
    let berlin = try Zone.named("Europe/Berlin")
    #expect(try offset("2026-03-10T13:00:57", zone: berlin) == 1_773_144_057 - 1_800_000_000)
  }

  @Test(arguments: [nil, ""] as [String?])
  func unsetOrEmptyIsTheSystemClock(value: String?) throws {
    #expect(try offset(value) == 0)
  }

  @Test(
    arguments: [
      (
        "yesterday",
        "HABITS_NOW 'yesterday' is not a date and time — use YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM"
      ),
      ("99999-01-01T00:00Z", "HABITS_NOW '99999-01-01T00:00Z' is not a date and time — use "),
      (
        "2026-03-07T12:00:00Z\nx", "HABITS_NOW '2026-03-07T12:00:00Z\\u{A}x' is not a date and time"
      ),
      ("2026-03-10T25:00", "HABITS_NOW '2026-03-10T25:00' is not a date and time — use "),
      ("0000-01-01T00:00Z", "HABITS_NOW '0000-01-01T00:00Z' is outside the years 1970 to 9999"),
      ("1969-12-31T23:59:59Z", "HABITS_NOW '1969-12-31T23:59:59Z' is outside the years 1970"),
    ])
  func whatItCannotReadIsAUsageError(value: String, message: String) {
    #expect {
      _ = try offset(value)
    } throws: { error in
      guard let error = error as? HabitsError else { return false }
      return error.kind == .usage && error.description.hasPrefix(message)
    }
  }

  @Test func notUTF8IsAUsageError() {
    #expect {
      _ = try offset(nil, notUTF8: ["HABITS_NOW"])
    } throws: { error in
      guard let error = error as? HabitsError else { return false }
      return error.kind == .usage
        && error.description
          == "HABITS_NOW is not UTF-8 text — set it to YYYY-MM-DDTHH:MM[:SS], optionally with Z or ±HH:MM, or unset it"
    }
  }
}
