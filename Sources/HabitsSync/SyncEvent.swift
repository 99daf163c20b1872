// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// One change a person made to one habit's day, as devices share it: the
/// unit of the sync folder. A device never edits an event; it appends new
/// ones, and every device replays the same events to the same state
/// (`DayReplay`).
public struct SyncEvent: Hashable, Sendable {
  /// What changed.
  public enum Change: Hashable, Sendable {
    /// `habits done` on a yes/no habit; a note replaces the day's note.
    case done(note: String?)
    /// `habits done --value N`: adds N to the day's amount.
    case amount(Double, note: String?)
    /// `habits skip`.
    case skip(note: String?)
    /// `habits undo`: clears the day, amount and note included.
    case undo
  }

  /// The event format this build writes and applies.
  public static let formatVersion = 1

  public var id: EventID
  public var stamp: HybridTimestamp
  public var habitID: String
  public var day: CivilDate
  public var change: Change
  /// For a change with a note: the note the day held where it was written
  /// (`NoteFingerprint`); nil from a writer that did not say.
  public var over: NoteFingerprint?

  public init(
    id: EventID, stamp: HybridTimestamp, habitID: String, day: CivilDate, change: Change,
    over: NoteFingerprint? = nil
  ) {
    self.id = id
    self.stamp = stamp
    self.habitID = habitID
    self.day = day
    self.change = change
    self.over = over
  }

  /// The same event without its note, nor the fingerprint of the note it
  /// was written over: what goes to a partner unless both say
  /// `share_notes`.
  public var withoutNote: SyncEvent {
    var event = self
    event.change = change.withoutNote
    event.over = nil
    return event
  }

  /// The order every device replays events in: by stamp, then by id, so
  /// that even two events with one stamp (a copied device) have one order.
  public static func replayOrder(_ a: SyncEvent, _ b: SyncEvent) -> Bool {
    a.stamp != b.stamp ? a.stamp < b.stamp : a.id < b.id
  }
}

extension SyncEvent.Change {
  /// The change's note, if it has one.
  public var note: String? {
    switch self {
    case .done(let note), .amount(_, let note), .skip(let note): return note
    case .undo: return nil
    }
  }

  /// The same change without its note: what goes to a partner unless both
  /// say `share_notes`.
  public var withoutNote: SyncEvent.Change { with(note: nil) }

  /// The same change with `note` (an undo stays an undo).
  public func with(note: String?) -> SyncEvent.Change {
    switch self {
    case .done: return .done(note: note)
    case .amount(let value, _): return .amount(value, note: note)
    case .skip: return .skip(note: note)
    case .undo: return .undo
    }
  }
}
