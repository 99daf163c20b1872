// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// The replay rule: what each kind of event does to a day, and that every
/// device holding the same events computes the same day, whatever order they
/// came in and however often.
@Suite struct DayReplayTests {
  typealias F = SyncFixtures

  @Test func eachChangeDoesWhatItsCommandDoes() {
    let done = F.event(.done(note: "hugged"), seconds: 100)
    #expect(DayReplay.state(of: [done]) == .done(amount: nil, note: "hugged"))
    // A done without a note keeps the note; one with a note replaces it.
    let again = F.event(.done(note: nil), seconds: 200)
    #expect(DayReplay.state(of: [done, again]) == .done(amount: nil, note: "hugged"))
    let replaced = F.event(.done(note: "and thanked"), seconds: 300)
    #expect(DayReplay.state(of: [done, replaced]) == .done(amount: nil, note: "and thanked"))
    // Amounts add up, from any device.
    let walk = [
      F.event(.amount(2.5, note: nil), seconds: 100, device: 0),
      F.event(.amount(3, note: nil), seconds: 100, device: 1),
    ]
    #expect(DayReplay.state(of: walk) == .done(amount: 5.5, note: nil))
    // Undo clears state, amount and note; a later amount starts again from zero.
    let undo = F.event(.undo, seconds: 150)
    let after = F.event(.amount(1, note: nil), seconds: 160)
    #expect(DayReplay.state(of: walk + [undo]) == .open)
    #expect(DayReplay.state(of: walk + [undo, after]) == .done(amount: 1, note: nil))
    // Skip replaces a done and clears its amount; done after skip marks it done.
    let skip = F.event(.skip(note: "away"), seconds: 400)
    #expect(DayReplay.state(of: walk + [skip]) == .skipped(note: "away"))
    #expect(
      DayReplay.state(of: [skip, F.event(.done(note: nil), seconds: 500)])
        == .done(amount: nil, note: "away"))
  }

  /// A note written over the day's note replaces it; one written over
  /// another (two devices, each before it had the other's) is joined to it,
  /// the same in any order; one that does not say what it was written over
  /// replaces it, as before.
  @Test func notesWrittenApartAreJoinedAndAnEditReplaces() {
    func done(_ note: String, over: String??, seconds: Int, device: Int = 0) -> SyncEvent {
      var event = F.event(.done(note: note), seconds: seconds, device: device)
      event.over = over.map { NoteFingerprint(of: $0) }
      return event
    }
    let here = done("tea with Sam", over: .some(nil), seconds: 100, device: 0)
    let there = done("called mum", over: .some(nil), seconds: 200, device: 1)
    let joined = DayState.done(amount: nil, note: "tea with Sam\ncalled mum")
    #expect(DayReplay.state(of: [here, there]) == joined)
    #expect(DayReplay.state(of: [there, here]) == joined)
    let edit = done("tea with Sam, then called mum", over: "tea with Sam\ncalled mum", seconds: 300)
    #expect(
      DayReplay.state(of: [edit, there, here])
        == .done(amount: nil, note: "tea with Sam, then called mum"))
    // Written over the first note only: the second, unseen, stays.
    let late = done("tea with Sam!", over: "tea with Sam", seconds: 300, device: 1)
    #expect(
      DayReplay.state(of: [here, there, late])
        == .done(amount: nil, note: "tea with Sam\ncalled mum\ntea with Sam!"))
    let unsaid = done("just this", over: nil, seconds: 300)
    #expect(DayReplay.state(of: [here, there, unsaid]) == .done(amount: nil, note: "just this"))
    // Each device added a line to the note both had: both lines, the
    // first once; so too when the note is long.
    for first in ["A", String(repeating: "a", count: 5_000)] {
      let added = [
        done(first, over: .some(nil), seconds: 100),
        done(first + "\nB", over: first, seconds: 200, device: 0),
        done(first + "\nC", over: first, seconds: 300, device: 1),
      ]
      #expect(DayReplay.state(of: added) == .done(amount: nil, note: first + "\nB\nC"))
    }
    // Two too long together: the later stands.
    let long = String(repeating: "x", count: 9_000)
    let big = [
      done(long, over: .some(nil), seconds: 100), done("y" + long, over: .some(nil), seconds: 200),
    ]
    #expect(DayReplay.state(of: big) == .done(amount: nil, note: "y" + long))
    // A skip's note and an amount's join the same way.
    var skip = F.event(.skip(note: "away"), seconds: 200, device: 1)
    skip.over = NoteFingerprint(of: nil)
    #expect(DayReplay.state(of: [here, skip]) == .skipped(note: "tea with Sam\naway"))
    // Notes are told apart by their bytes, as their fingerprints are: an
    // accent written as one scalar or two is two lines, on every device.
    let composed = done("caf\u{E9}", over: .some(nil), seconds: 100)
    let decomposed = done("cafe\u{301}", over: .some(nil), seconds: 200, device: 1)
    #expect(
      DayReplay.state(of: [composed, decomposed])
        == .done(amount: nil, note: "caf\u{E9}\ncafe\u{301}"))
  }

  /// Random notes, each written over a note of the pool or over none, give
  /// the same day in any order, and every line of its note is a line of a
  /// note written.
  @Test func notesWrittenApartGiveTheSameDayInAnyOrder() {
    let notes = ["at the station", "a\nb", "called mum", "tea"]
    for seed in 0..<300 {
      var random = SplitMix64(seed: 0x0D7E, index: seed)
      let events = F.events(random.int(1...10), &random).map { event in
        var event = event
        if event.change.note != nil, random.int(0..<4) > 0 {
          event.over = NoteFingerprint(of: random.pick([nil] + notes.map(Optional.some)))
        }
        return event
      }
      let expected = DayReplay.state(of: events)
      #expect(DayReplay.state(of: events.shuffled(using: &random)) == expected, "seed \(seed)")
      // Every line was written, and none more often than one note has it.
      func counts(_ note: String) -> [Substring: Int] {
        note.split(separator: "\n", omittingEmptySubsequences: false).reduce(into: [:]) {
          $0[$1, default: 0] += 1
        }
      }
      var most: [Substring: Int] = [:]
      for note in events.compactMap(\.change.note) {
        most.merge(counts(note), uniquingKeysWith: max)
      }
      for (line, count) in counts(expected.note ?? "") where expected.note != nil {
        #expect(count <= most[line] ?? 0, "seed \(seed): '\(line)' \(count) times")
      }
    }
  }

  /// Undo racing done: whichever was stamped later wins, on every device.
  @Test func undoRacingDoneIsDecidedByTheStamp() {
    let done = F.event(.done(note: nil), seconds: 1000, device: 0)
    let undo = F.event(.undo, seconds: 1000, device: 1)
    // Same second, same counter: the device id breaks the tie, the same way everywhere.
    let expected: DayState =
      undo.stamp > done.stamp ? .open : .done(amount: nil, note: nil)
    #expect(DayReplay.state(of: [done, undo]) == expected)
    #expect(DayReplay.state(of: [undo, done]) == expected)
  }

  @Test func anyOrderDuplicationAndSplitGivesTheSameDay() {
    for seed in 0..<400 {
      var random = SplitMix64(seed: 0x5EED, index: seed)
      let events = F.events(random.int(1...12), &random)
      let expected = DayReplay.state(of: events)
      // A permutation, with some events delivered twice or three times.
      var delivered = events.shuffled(using: &random)
      for _ in 0..<random.int(0...4) { delivered.append(random.pick(events)) }
      delivered.shuffle(using: &random)
      #expect(DayReplay.state(of: delivered) == expected, "seed \(seed)")
    }
  }

  /// An id reused with other content (a damaged or hostile file) gives the
  /// same day on every device, whichever copy each saw first.
  @Test func aReusedIDIsSettledTheSameWayEverywhere() {
    let id = "0123456789abcdef0123456789abcdef"
    let a = F.event(.done(note: nil), seconds: 500, id: id)
    let b = F.event(.undo, seconds: 500, id: id)
    let later = F.event(.amount(2, note: nil), seconds: 900)
    #expect(DayReplay.state(of: [a, b, later]) == DayReplay.state(of: [later, b, a]))
    #expect(DayReplay.unique([a, b]).count == 1)
  }

  /// A day of many events (past the few a list is looked through for) is
  /// settled as a day of a few: in any order, duplicated, with an id
  /// reused on either side of the many.
  @Test func aDayOfManyEventsGivesTheSameDayInAnyOrder() {
    let id = "0123456789abcdef0123456789abcdef"
    let a = F.event(.done(note: nil), seconds: 1_764_870_500, id: id)
    let b = F.event(.undo, seconds: 1_764_870_500, id: id)
    for seed in 0..<100 {
      var random = SplitMix64(seed: 0x3A7, index: seed)
      let events = F.events(random.int(30...90), &random)
      let expected = DayReplay.unique(events + [a])
      #expect(DayReplay.unique(events + [a, b]) == expected, "seed \(seed)")
      #expect(DayReplay.unique([b] + events + [a]) == expected, "seed \(seed)")
      var delivered = events + events.prefix(random.int(0...40)) + [b, a]
      delivered.shuffle(using: &random)
      #expect(DayReplay.unique(delivered) == expected, "seed \(seed)")
      #expect(DayReplay.state(of: delivered) == DayReplay.state(of: expected), "seed \(seed)")
    }
  }
}
