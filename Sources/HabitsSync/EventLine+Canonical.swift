// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension EventLine {
  /// The event of a line exactly as `encode` writes a `done`, `skip` or
  /// `undo` without a note (the keys in its order, no spaces, plain
  /// numbers), read byte by byte; nil for any other line, which the JSON
  /// parser then reads. Nearly every line is of this form, and a merge of
  /// years of history reads hundreds of thousands of them.
  ///
  /// Nil is no verdict: every check here is one `decode` makes too, so a
  /// line this reads, `decode` reads the same.
  ///
  /// `device` is the device of the line before, if any, and becomes this
  /// line's: a device's id met again is shared, not made again.
  static func canonical(
    _ bytes: UnsafeBufferPointer<UInt8>, device last: inout DeviceID?
  ) -> SyncEvent? {
    var cursor = Cursor(bytes: bytes)
    guard cursor.skip("{\"v\":1,\"id\":\""), let id = cursor.id(),
      cursor.skip("\",\"t\":"), let seconds = cursor.integer(),
      (0...253_402_300_799).contains(seconds), cursor.skip(",\"c\":"),
      let counter = cursor.integer(), (0...1_000_000_000).contains(counter),
      cursor.skip(",\"d\":\""), let device = cursor.device(last),
      cursor.skip("\",\"habit\":\""), let habitID = cursor.text(upTo: "\""),
      HabitID.isValid(habitID), cursor.skip("\",\"day\":\""), let day = cursor.date(),
      cursor.skip("\",\"op\":\"")
    else { return nil }
    let change: SyncEvent.Change
    if cursor.skip("done\"}") {
      change = .done(note: nil)
    } else if cursor.skip("skip\"}") {
      change = .skip(note: nil)
    } else if cursor.skip("undo\"}") {
      change = .undo
    } else {
      return nil
    }
    guard cursor.atEnd else { return nil }
    last = device
    return SyncEvent(
      id: id, stamp: HybridTimestamp(seconds: seconds, counter: counter, device: device),
      habitID: habitID, day: day, change: change)
  }

  /// A reading position in a line's bytes.
  private struct Cursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    /// Steps over `literal` when the bytes go on with it.
    mutating func skip(_ literal: StaticString) -> Bool {
      let count = literal.utf8CodeUnitCount
      guard bytes.count - index >= count else { return false }
      for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
        return false
      }
      index += count
      return true
    }

    /// An event id, 32 lowercase hex digits, up to the next quote.
    mutating func id() -> EventID? {
      guard bytes.count - index > 32, bytes[index + 32] == UInt8(ascii: "\"") else { return nil }
      let digits = UnsafeBufferPointer(rebasing: bytes[index..<index + 32])
      guard digits.allSatisfy(HexDigits.isLowercaseHex) else { return nil }
      index += 32
      return EventID(checked: String(decoding: digits, as: UTF8.self))
    }

    /// A date as `CivilDate(iso:)` reads it, `YYYY-MM-DD`, up to the next
    /// quote.
    mutating func date() -> CivilDate? {
      guard bytes.count - index > 10, bytes[index + 10] == UInt8(ascii: "\"") else { return nil }
      var fields = (year: 0, month: 0, day: 0)
      for offset in 0..<10 {
        let byte = bytes[index + offset]
        if offset == 4 || offset == 7 {
          guard byte == UInt8(ascii: "-") else { return nil }
          continue
        }
        let digit = byte &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        switch offset {
        case ..<4: fields.year = fields.year * 10 + Int(digit)
        case ..<7: fields.month = fields.month * 10 + Int(digit)
        default: fields.day = fields.day * 10 + Int(digit)
        }
      }
      guard CivilDate.isValid(year: fields.year, month: fields.month, day: fields.day) else {
        return nil
      }
      index += 10
      return CivilDate(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The device id up to the next quote: `last` when it is the same.
    mutating func device(_ last: DeviceID?) -> DeviceID? {
      if let last {
        let count = last.text.utf8.count
        if bytes.count - index > count, bytes[index + count] == UInt8(ascii: "\""),
          last.text.utf8.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + count]))
        {
          index += count
          return last
        }
      }
      return text(upTo: "\"").flatMap(DeviceID.init)
    }

    /// The printable ASCII up to `end` (not stepped over), without a
    /// backslash; nil when there is none or anything else.
    mutating func text(upTo end: Unicode.Scalar) -> String? {
      let start = index
      while index < bytes.count, bytes[index] != UInt8(ascii: end) {
        let byte = bytes[index]
        guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
        index += 1
      }
      guard index < bytes.count, index > start else { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A whole number in plain decimal digits (no sign, no leading zero),
    /// of at most 15 digits.
    mutating func integer() -> Int? {
      let start = index
      var value = 0
      while index < bytes.count, bytes[index] >= UInt8(ascii: "0"),
        bytes[index] <= UInt8(ascii: "9")
      {
        value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
        index += 1
        guard index - start <= 15 else { return nil }
      }
      let digits = index - start
      guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
      return value
    }
  }
}
