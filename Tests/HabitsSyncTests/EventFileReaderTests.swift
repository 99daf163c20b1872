// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// Reading another device's file while a sync tool may still be copying it.
@Suite struct EventFileReaderTests {
  typealias F = SyncFixtures

  static func bytes(_ lines: [String], trailingNewline: Bool = true) -> [UInt8] {
    Array((lines.joined(separator: "\n") + (trailingNewline ? "\n" : "")).utf8)
  }

  @Test func aTornLastLineWaitsForTheRest() {
    var random = SplitMix64(seed: 7, index: 0)
    let events = F.events(3, &random)
    let whole = Self.bytes(events.map(EventLine.encode))
    // The file cut anywhere inside its last line: the first two events, and
    // the third line left for later, whatever it looks like so far.
    let lastLineStart = whole.count - EventLine.encode(events[2]).utf8.count - 1
    for cut in lastLineStart..<whole.count {
      let first = EventFileReader.read(whole[..<cut], file: "f", of: nil)
      #expect(first.events == Array(events[..<2]), "cut at \(cut)")
      #expect(first.problems.isEmpty, "cut at \(cut): \(first.problems)")
      #expect(first.consumed == lastLineStart && first.lines == 2)
      // The next read starts where the first stopped and finds the rest.
      let rest = EventFileReader.read(
        whole[first.consumed...], file: "f", of: nil, offset: first.consumed, lines: first.lines)
      #expect(rest.events == [events[2]])
      #expect(rest.consumed == whole.count && rest.lines == 3)
    }
  }

  @Test func aDamagedLineIsReportedAndTheRestIsRead() {
    var random = SplitMix64(seed: 8, index: 0)
    let events = F.events(2, &random)
    let lines = [
      EventLine.encode(events[0]), "{\"v\":1,\"id\":", "",
      String(repeating: "x", count: EventLine.maximumBytes + 1), EventLine.encode(events[1]),
    ]
    var bytes = Self.bytes(lines)
    bytes.insert(contentsOf: [0xFF, 0xFE, 0x0A], at: 0)  // not UTF-8
    let chunk = EventFileReader.read(bytes, file: "devices/a/2026-12.jsonl", of: nil)
    #expect(chunk.events == events)
    #expect(chunk.problems.map(\.line) == [1, 3, 5])
    #expect(
      chunk.problems.map(\.description).allSatisfy { $0.hasPrefix("devices/a/2026-12.jsonl:") })
    #expect(chunk.problems[0].description.contains("not UTF-8"))
    #expect(chunk.problems[2].description.contains("longer than \(EventLine.maximumBytes) bytes"))
    #expect(chunk.consumed == bytes.count && chunk.lines == 6)
  }

  /// Read in any number of pieces, a file gives what one read of it gives.
  @Test func piecesGiveWhatOneReadGives() {
    for seed in 0..<100 {
      var random = SplitMix64(seed: 9, index: seed)
      let events = F.events(random.int(1...8), &random)
      var lines = events.map(EventLine.encode)
      lines.insert("damaged", at: random.int(0...lines.count))
      let bytes = Self.bytes(lines)
      let whole = EventFileReader.read(bytes, file: "f", of: nil)
      var pieces: [SyncEvent] = []
      var problems: [SyncProblem] = []
      var offset = 0
      var count = 0
      while offset < bytes.count {
        let end = min(bytes.count, offset + random.int(1...300))
        let chunk = EventFileReader.read(
          bytes[offset..<end], file: "f", of: nil, offset: offset, lines: count)
        pieces += chunk.events
        problems += chunk.problems
        // A piece that ends inside a line leaves that line for the next.
        if chunk.consumed == offset && end < bytes.count {
          let longer = EventFileReader.read(
            bytes[offset...], file: "f", of: nil, offset: offset, lines: count)
          pieces += longer.events
          problems += longer.problems
          offset = longer.consumed
          count = longer.lines
          continue
        }
        offset = chunk.consumed
        count = chunk.lines
      }
      #expect(pieces == whole.events, "seed \(seed)")
      #expect(problems == whole.problems, "seed \(seed)")
    }
  }

  /// A line read as written comes with its text, which a merge keeps
  /// rather than encode the event again: exactly the line `encode` writes.
  /// Any other form (a note, an amount, a space) comes without.
  /// Only a device writes its files: a line there naming another device
  /// (put there by hand, or by a tool gone wrong) is reported, not taken,
  /// as written and spelt otherwise, so it never passes for that device's.
  @Test func aLineNamingAnotherDeviceIsReportedNotTaken() {
    var random = SplitMix64(seed: 11, index: 0)
    let owner = F.devices[0]
    var events = F.events(4, &random)
    for index in events.indices { events[index].stamp.device = owner }
    events[1].stamp.device = F.devices[1]
    events[3].stamp.device = F.devices[1]
    var lines = events.map(EventLine.encode)
    // spelt otherwise than `EventLine.encode` writes it: read the long way
    lines[3] = #"{"v": 1,"# + lines[3].dropFirst(7)
    let chunk = EventFileReader.read(Self.bytes(lines), file: "devices/x/2026-12.jsonl", of: owner)
    #expect(chunk.events == [events[0], events[2]])
    #expect(chunk.problems.map(\.line) == [2, 4])
    #expect(
      chunk.problems.allSatisfy {
        $0.description.contains(
          "says it is device \(F.devices[1].text)'s, in the file of \(owner.text)")
      })
    // Without an owner (a file read for its ids alone), every event is taken.
    #expect(EventFileReader.read(Self.bytes(lines), file: "f", of: nil).events == events)
  }

  @Test func aLineAsWrittenIsKeptAsItCame() {
    for seed in 0..<100 {
      var random = SplitMix64(seed: 10, index: seed)
      let events = F.events(random.int(1...8), &random)
      var lines = events.map(EventLine.encode)
      let spaced = random.int(0..<lines.count)
      lines[spaced] = #"{"v": 1,"# + lines[spaced].dropFirst(7)
      lines.insert("damaged", at: random.int(0...lines.count))
      let bytes = Self.bytes(lines)
      let chunk = EventFileReader.read(bytes, file: "f", of: nil)
      #expect(chunk.events == events, "seed \(seed)")
      #expect(chunk.canonicalLines.count == events.count, "seed \(seed)")
      for (index, event) in events.enumerated() {
        let plain: Bool
        switch event.change {
        case .done(nil), .skip(nil), .undo: plain = index != spaced
        default: plain = false
        }
        #expect(
          chunk.canonicalLine(index, in: bytes) == (plain ? EventLine.encode(event) : nil),
          "seed \(seed), event \(index)")
      }
    }
  }
}
