// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import HabitsTestSupport
import Testing

@Suite struct DayChangeTests {
  static let states: [DayState] = [
    .open,
    .done(amount: nil, note: nil),
    .done(amount: nil, note: "walk by the river"),
    .done(amount: 2, note: nil),
    .done(amount: 5.5, note: "two sessions"),
    .done(amount: 0, note: nil),
    .skipped(note: nil),
    .skipped(note: "ill"),
    .skipped(note: "ill\nstill"),
  ]

  @Test func everyStateReachesEveryOtherByReplay() {
    for from in Self.states.map(DayChange.expressible) {
      for to in Self.states {
        let changes = DayChange.changes(from: from, to: to)
        let reached = changes.reduce(from) { DayReplay.apply($0, change: $1) }
        #expect(reached == DayChange.expressible(to), "from \(from) to \(to): \(changes)")
        #expect(changes.count <= 2)
      }
    }
  }

  @Test func anAddedAmountIsWrittenAsTheAmountAdded() {
    // So that another device's amount for the same day still counts.
    let changes = DayChange.changes(
      from: .done(amount: 3, note: nil), to: .done(amount: 5, note: nil))
    #expect(changes == [.amount(2, note: nil)])
  }

  @Test func equalStatesNeedNoEvent() {
    for state in Self.states.map(DayChange.expressible) {
      #expect(DayChange.changes(from: state, to: state).isEmpty)
    }
  }

  /// A note goes to the other devices as the database holds it: longer than
  /// the 2 KB events once took, control characters and all.
  @Test func notesGoWhole() {
    let long = String(repeating: "é", count: 3_000)
    for note in [long, "a\u{1B}[31mb\u{9B}c", "tab\tand\nline"] {
      #expect(
        DayChange.changes(from: .open, to: .done(amount: nil, note: note)) == [.done(note: note)])
      #expect(DayChange.changes(from: .open, to: .skipped(note: note)) == [.skip(note: note)])
    }
    #expect(DayChange.expressible(.done(amount: -1, note: "n")) == .done(amount: nil, note: "n"))
  }

  /// A note added to a day with an amount goes as a done with the note,
  /// which keeps the amount: an undo and the amount again would clear
  /// what another device added to the day meanwhile.
  @Test func aNoteAddedToADayWithAnAmountKeepsTheAmount() {
    for old in [nil, "two glasses"] as [String?] {
      #expect(
        DayChange.changes(
          from: .done(amount: 6, note: old), to: .done(amount: 6, note: "after the run"))
          == [.done(note: "after the run")])
    }
  }

  /// An amount of 0 goes as it is: a day of an "at most" habit kept at
  /// none is not a plain done (which counts as 1) on the other devices.
  @Test func anAmountOfZeroGoesAsItIs() throws {
    #expect(
      DayChange.changes(from: .open, to: .done(amount: 0, note: nil)) == [.amount(0, note: nil)])
    let event = SyncFixtures.event(.amount(0, note: nil), seconds: 1_764_870_000)
    #expect(try EventLine.decode(EventLine.encode(event)) == .event(event))
  }

  @Test func randomStatesAreReached() {
    var random = SplitMix64(seed: 7, index: 0)
    let notes: [String?] = [nil, "a", "b\u{7}c", "“x”"]
    func state() -> DayState {
      switch random.int(0..<3) {
      case 0: return .open
      case 1:
        return .done(
          amount: random.chance(2) ? nil : Double(random.int(0...20)) / 4, note: random.pick(notes))
      default: return .skipped(note: random.pick(notes))
      }
    }
    for _ in 0..<2000 {
      let from = DayChange.expressible(state())
      let to = state()
      let reached = DayChange.changes(from: from, to: to).reduce(from) {
        DayReplay.apply($0, change: $1)
      }
      #expect(reached == DayChange.expressible(to))
    }
  }
}
