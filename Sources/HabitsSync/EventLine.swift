// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// One event as one line of JSON in a device's event file:
///
///     {"v":1,"id":"…32 hex…","t":1764957600,"c":0,"d":"…16 hex…","habit":"gratitude","day":"2026-12-04","op":"done","note":"at the station","over":"…16 hex…"}
///
/// `op` is `done`, `amount` (with `"value"`), `skip` or `undo`; `over`,
/// beside a note, is the note it was written over (`NoteFingerprint`). Lines are
/// written in this key order and read in any; a line from a newer format
/// (`"v"` above `SyncEvent.formatVersion`) is kept but not applied.
public enum EventLine {
  /// Longer lines are refused before they are parsed, as a file another
  /// device wrote is input. The longest event fits: a note of
  /// `CheckIn.maximumNote` scalars, each at most 6 bytes as JSON writes it
  /// (`\u001b`), a habit id of 64 characters and the other fields.
  public static let maximumBytes = 64 << 10

  /// What a line read back as.
  public enum Reading: Hashable, Sendable {
    case event(SyncEvent)
    /// A well-formed line of a format newer than this build's.
    case newer(version: Int)
  }

  /// The line for `event`, without its newline.
  public static func encode(_ event: SyncEvent) -> String {
    var line =
      "{\"v\":\(SyncEvent.formatVersion),\"id\":\"\(event.id)\",\"t\":\(event.stamp.seconds)"
      + ",\"c\":\(event.stamp.counter),\"d\":\"\(event.stamp.device)\""
      + ",\"habit\":\(JSONQuoting.quoted(event.habitID)),\"day\":\"\(event.day)\""
    switch event.change {
    case .done(let note): line += ",\"op\":\"done\"" + noteField(note, over: event.over)
    case .amount(let value, let note):
      line +=
        ",\"op\":\"amount\",\"value\":\(AmountFormat.text(value))"
        + noteField(note, over: event.over)
    case .skip(let note): line += ",\"op\":\"skip\"" + noteField(note, over: event.over)
    case .undo: line += ",\"op\":\"undo\""
    }
    return line + "}"
  }

  /// Reads one line (without its newline), or says in words what is wrong with it.
  public static func decode(_ line: some StringProtocol) throws(SyncProblem.Kind) -> Reading {
    guard line.utf8.count <= maximumBytes else {
      throw .damaged("the line is longer than \(maximumBytes) bytes")
    }
    var text = String(line)
    if let event = text.withUTF8({
      var device: DeviceID?
      return canonical($0, device: &device)
    }) {
      return .event(event)
    }
    let value: JSONValue
    do {
      value = try JSONValue.parse(text)
    } catch {
      throw .damaged("not JSON: \(error.message)")
    }
    guard case .object = value.kind else { throw .damaged("not a JSON object") }
    guard let version = integer(value["v"]), version >= 1 else {
      throw .damaged("no format version \"v\"")
    }
    if version > SyncEvent.formatVersion { return .newer(version: version) }
    guard let idText = value["id"]?.string, let id = EventID(idText) else {
      throw .damaged("\"id\" is not 32 lowercase hex digits")
    }
    guard let seconds = integer(value["t"]), (0...253_402_300_799).contains(seconds) else {
      throw .damaged("\"t\" is not a time in seconds between 1970 and 9999")
    }
    guard let counter = integer(value["c"]), (0...1_000_000_000).contains(counter) else {
      throw .damaged("\"c\" is not a counter from 0 to 1000000000")
    }
    guard let deviceText = value["d"]?.string, let device = DeviceID(deviceText) else {
      throw .damaged("\"d\" is not a device id of 16 lowercase hex digits")
    }
    guard let habitID = value["habit"]?.string, HabitID.isValid(habitID) else {
      throw .damaged("\"habit\" is not a habit id (letters, digits, - and _, at most 64)")
    }
    guard let dayText = value["day"]?.string, dayText.utf8.count == 10,
      let day = CivilDate(iso: dayText)
    else { throw .damaged("\"day\" is not a date like 2026-12-04") }
    let note = try noteValue(value["note"])
    let change: SyncEvent.Change
    switch value["op"]?.string {
    case "done": change = .done(note: note)
    case "skip": change = .skip(note: note)
    case "undo": change = .undo
    case "amount":
      guard let amount = value["value"]?.number, amount.isFinite, amount >= 0, amount < 1e12
      else { throw .damaged("\"value\" is not an amount of 0 or more") }
      change = .amount(amount, note: note)
    default: throw .damaged("\"op\" is not done, amount, skip or undo")
    }
    var over: NoteFingerprint?
    if let value = value["over"], !value.isNull {
      guard let text = value.string, let fingerprint = NoteFingerprint(text) else {
        throw .damaged("\"over\" is not 16 lowercase hex digits")
      }
      // Of use only beside a note; kept as it came all the same, so that
      // the line is the event's.
      over = fingerprint
    }
    return .event(
      SyncEvent(
        id: id, stamp: HybridTimestamp(seconds: seconds, counter: counter, device: device),
        habitID: habitID, day: day, change: change, over: over))
  }

  /// The note, and what it was written over, as the line's last fields.
  private static func noteField(_ note: String?, over: NoteFingerprint?) -> String {
    guard let note else { return over.map { ",\"over\":\"\($0.text)\"" } ?? "" }
    return ",\"note\":" + JSONQuoting.quoted(note) + (over.map { ",\"over\":\"\($0.text)\"" } ?? "")
  }

  private static func noteValue(_ value: JSONValue?) throws(SyncProblem.Kind) -> String? {
    guard let value, !value.isNull else { return nil }
    guard let note = value.string else { throw .damaged("\"note\" is not a string") }
    // The note as the database holds it, control characters and all, as a
    // note typed here may hold them: `habits log` leaves them out when it
    // shows a note, and JSON and the report escape them.
    guard note.unicodeScalars.count <= CheckIn.maximumNote else {
      throw .damaged("\"note\" is longer than \(CheckIn.maximumNote) characters")
    }
    return note
  }

  /// A JSON number that is a whole number small enough to be exact.
  private static func integer(_ value: JSONValue?) -> Int? {
    guard case .number(let text)? = value?.kind, let whole = Int(text) else { return nil }
    return whole
  }
}
