// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// The rule that turns one habit's day of events into its state, the same on
/// every device whatever order the events arrived in and however often.
///
/// Events are replayed in stamp order (`SyncEvent.replayOrder`), each id
/// once:
/// - `done` marks the day done; its note, when it has one, replaces the note;
/// - `done --value N` adds N to the day's amount (amounts from two devices
///   both count) and marks it done;
/// - `skip` marks it skipped (an amount is cleared; a note replaces the note);
/// - `undo` clears the day: state, amount and note.
///
/// A note replaces the day's note only when it was written over that note
/// (`SyncEvent.over`), or says nothing of what it was written over. A note
/// written over another (two devices each adding a line before either had
/// the other's) gives the day's note with the lines of its own the day's
/// does not hold after it, so that no line is lost or doubled; unless that
/// would be longer than a note may be, when the later stands. Notes are
/// compared byte for byte, as their fingerprints are, so that every
/// device and every version of Swift's Unicode tables agree.
public enum DayReplay {
  /// The state after `events`, all of one habit and one day.
  public static func state(of events: some Sequence<SyncEvent>) -> DayState {
    state(of: Array(events))
  }

  /// `state(of:)` for a list, in code that is not generic: called from
  /// another module, generic code runs unspecialised, copying each event
  /// through its type's witness table.
  public static func state(of events: [SyncEvent]) -> DayState {
    unique(events).reduce(DayState.open, apply)
  }

  /// `events` in replay order, each id once. Should one id come with two
  /// different contents (a damaged or hostile file), every device keeps the
  /// same one: the first in replay order, then by its line.
  public static func unique(_ events: some Sequence<SyncEvent>) -> [SyncEvent] {
    unique(Array(events))
  }

  /// `unique(_:)` for a list, in code that is not generic.
  public static func unique(_ events: [SyncEvent]) -> [SyncEvent] {
    if isUnique(events) { return events }
    // A day has a few events: a list looked through is cheaper than a
    // dictionary, up to a few dozen.
    var kept: [SyncEvent] = []
    var byID: [EventID: Int] = [:]
    for event in events {
      let index: Int?
      if byID.isEmpty {
        index = kept.firstIndex { $0.id == event.id }
        if index == nil, kept.count == 32 {
          for (index, event) in kept.enumerated() { byID[event.id] = index }
        }
      } else {
        index = byID[event.id]
      }
      guard let index else {
        if !byID.isEmpty { byID[event.id] = kept.count }
        kept.append(event)
        continue
      }
      if kept[index] != event, precedes(event, kept[index]) { kept[index] = event }
    }
    kept.sort(by: SyncEvent.replayOrder)
    return kept
  }

  /// Whether `events` are a few in replay order with an id each: what
  /// `unique` would give, without copying them.
  private static func isUnique(_ events: [SyncEvent]) -> Bool {
    guard events.count <= 8 else { return false }
    for index in events.indices.dropFirst() {
      guard SyncEvent.replayOrder(events[index - 1], events[index]) else { return false }
      for earlier in 0..<index where events[earlier].id == events[index].id { return false }
    }
    return true
  }

  private static func precedes(_ a: SyncEvent, _ b: SyncEvent) -> Bool {
    a.stamp != b.stamp ? a.stamp < b.stamp : EventLine.encode(a) < EventLine.encode(b)
  }

  /// The state after `event`, given the state before it.
  public static func apply(_ state: DayState, _ event: SyncEvent) -> DayState {
    guard let over = event.over, let note = event.change.note, let old = state.note,
      !old.utf8.elementsEqual(note.utf8), NoteFingerprint(of: old) != over
    else { return apply(state, change: event.change) }
    return apply(state, change: event.change.with(note: joined(old, note)))
  }

  /// Two notes written apart, as one: the earlier's lines, then those of
  /// the later's it does not hold (each line as often as the later has it
  /// more).
  static func joined(_ earlier: String, _ later: String) -> String {
    func lines(_ text: String) -> [ArraySlice<UInt8>] {
      Array(text.utf8).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    }
    var held: [ArraySlice<UInt8>: Int] = [:]
    for line in lines(earlier) { held[line, default: 0] += 1 }
    var added: [UInt8] = []
    for line in lines(later) {
      if let count = held[line], count > 0 {
        held[line] = count - 1
        continue
      }
      added.append(UInt8(ascii: "\n"))
      added += line
    }
    if added.isEmpty { return earlier }
    let both = earlier + String(decoding: added, as: UTF8.self)
    return both.unicodeScalars.count <= CheckIn.maximumNote ? both : later
  }

  /// The state after `change`, given the state before it.
  public static func apply(_ state: DayState, change: SyncEvent.Change) -> DayState {
    switch change {
    case .undo:
      return .open
    case .done(let note):
      switch state {
      case .done(let amount, let old): return .done(amount: amount, note: note ?? old)
      case .skipped(let old): return .done(amount: nil, note: note ?? old)
      case .open: return .done(amount: nil, note: note)
      }
    case .amount(let value, let note):
      switch state {
      case .done(let amount, let old):
        return .done(amount: (amount ?? 0) + value, note: note ?? old)
      case .skipped(let old): return .done(amount: value, note: note ?? old)
      case .open: return .done(amount: value, note: note)
      }
    case .skip(let note):
      switch state {
      case .done(_, let old), .skipped(let old): return .skipped(note: note ?? old)
      case .open: return .skipped(note: note)
      }
    }
  }
}
