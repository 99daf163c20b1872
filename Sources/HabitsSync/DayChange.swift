// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The events that take a habit's day from what its events say to what this
/// device's database says: how a change made here (a command, a button in a
/// notification, an import, history from before the device joined) becomes
/// events for the others.
///
/// It prefers one event that says what happened (`done --value 2` on a day
/// at 3 becomes "add 2", so that another device's amount for the same day
/// still counts), and falls back to `undo` followed by the whole new state.
/// Every answer is checked by replaying it (`DayReplay`).
public enum DayChange {
  /// The changes that take `from` to `to` (as `expressible` has it); none
  /// when they are equal.
  public static func changes(from: DayState, to wanted: DayState) -> [SyncEvent.Change] {
    let to = expressible(wanted)
    if from == to { return [] }
    for change in single(from: from, to: to) where DayReplay.apply(from, change: change) == to {
      return [change]
    }
    if to == .open { return [.undo] }
    return from == .open ? setting(to) : [.undo] + setting(to)
  }

  /// `state` as events can carry it: an amount below 0 (which no command
  /// records) as none. An amount of 0 goes as it is (at most 3 sweets, and
  /// none today), and so do notes.
  public static func expressible(_ state: DayState) -> DayState {
    guard case .done(let amount?, let note) = state, amount < 0 else { return state }
    return .done(amount: nil, note: note)
  }

  /// One event that may take `from` to `to`.
  private static func single(from: DayState, to: DayState) -> [SyncEvent.Change] {
    switch to {
    case .open: return [.undo]
    case .skipped(let note): return [.skip(note: nil), .skip(note: note)]
    case .done(nil, let note): return [.done(note: nil), .done(note: note)]
    case .done(let amount?, let note):
      var changes: [SyncEvent.Change] = []
      if case .done(let before?, _) = from, amount > before {
        changes += [.amount(amount - before, note: nil), .amount(amount - before, note: note)]
      }
      // The same amount with another note (a note added to a day already
      // done): a done with the note, which keeps the amount; not an undo
      // and the amount again, which would clear what another device added
      // meanwhile.
      return changes + [.amount(amount, note: nil), .amount(amount, note: note), .done(note: note)]
    }
  }

  /// The change that makes an open day `state`.
  private static func setting(_ state: DayState) -> [SyncEvent.Change] {
    switch state {
    case .open: return []
    case .skipped(let note): return [.skip(note: note)]
    case .done(nil, let note): return [.done(note: note)]
    case .done(let amount?, let note): return [.amount(amount, note: note)]
    }
  }
}
