// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

/// Reading `YYYY-MM-DD`: the form the store, schedule files and the command
/// line write days in, and nothing near it.
@Suite("CivilDate")
struct CivilDateTests {
  @Test(
    "a day in ISO form reads back as itself",
    arguments: ["2026-12-04", "2024-02-29", "0001-01-01", "9999-12-31", "1970-01-01"])
  func readsISODays(text: String) throws {
    let date = try #require(CivilDate(iso: text))
    #expect(date.description == text)
    #expect(CivilDate(iso: text[...]) == date)
  }

  @Test(
    "anything else is refused",
    arguments: [
      "", "2026-12-4", "2026-1-04", "26-12-04", "2026-12-04 ", " 2026-12-04", "2026-12-04\n",
      "2026/12/04", "2026-12-041", "20261-2-04", "2026-02-30", "2025-02-29", "2026-13-01",
      "2026-00-10", "2026-12-00", "+026-12-04", "-026-12-04", "２０２６-12-04", "2026-12-0٤",
      "2026--12-04", "2026-12-04-", "abcd-ef-gh",
    ])
  func refusesOtherText(text: String) {
    #expect(CivilDate(iso: text) == nil)
  }

  @Test("a day is written with four digits of year, two of month and two of day")
  func writesISODays() {
    #expect(CivilDate(year: 5, month: 3, day: 9).description == "0005-03-09")
    #expect(CivilDate(year: 987, month: 10, day: 31).description == "0987-10-31")
    #expect(CivilDate(year: 12026, month: 1, day: 2).description == "12026-01-02")
    // Days from the year 1 to 9999 read back as themselves.
    for days in stride(from: -719_162, to: 2_932_897, by: 97) {
      let date = CivilDate(daysSinceEpoch: days)
      #expect(CivilDate(iso: date.description) == date, "\(days)")
    }
  }
}
