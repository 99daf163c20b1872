// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import HabitsCore

/// Amounts as the CLI, the CSV and the JSON export write them, and goals with them.
@Suite struct AmountFormatTests {
  @Test func wholeAmountsHaveNoDecimalPoint() {
    #expect(AmountFormat.text(30) == "30")
    #expect(AmountFormat.text(0) == "0")
    #expect(AmountFormat.text(-0.0) == "0")
    #expect(AmountFormat.text(2.5) == "2.5")
    #expect(AmountFormat.text(0.1) == "0.1")
    #expect(AmountFormat.text(999_999_999.5) == "999999999.5")
    // From 1e15 on, Swift's own form, which reads back as exactly the value.
    #expect(Double(AmountFormat.text(1e15)) == 1e15)
    #expect(AmountFormat.text(1e300) == "1e+300")
  }

  @Test func goalsWriteTheirAmountSo() throws {
    #expect(try #require(Goal(parsing: "30 minutes")).description == "30 minutes")
    #expect(try #require(Goal(parsing: "at most 2.5 hours")).description == "at most 2.5 hours")
    #expect(Goal(kind: .atLeast, amount: 1e20, unit: "").description == "1e+20")
  }
}
