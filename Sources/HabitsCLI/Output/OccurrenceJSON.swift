// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Writes `habits next --json` by hand: the same document `JSONOutput` would
/// write for `[OccurrenceOutput]` (keys sorted, no spaces), without
/// JSONEncoder, which took most of the time of `--count 10000`.
///
/// Habit ids (letters, digits, `-` and `_`) and times (digits and
/// punctuation) need no escaping; prompts are escaped as JSONEncoder does.
enum OccurrenceJSON {
  static func write(
    _ entries: [(habit: String?, at: Instant, prompt: String?)], zone: Zone
  ) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(entries.count * 200 + 2)
    out.append(UInt8(ascii: "["))
    for (index, entry) in entries.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      let offset = zone.offset(at: entry.at)
      append(#"{"at":""#, to: &out)
      appendDateTime(entry.at.secondsSince1970 + offset, to: &out)
      let minutes = abs(offset) / 60
      out.append(UInt8(ascii: offset < 0 ? "-" : "+"))
      appendDigits(minutes / 60, 2, to: &out)
      out.append(UInt8(ascii: ":"))
      appendDigits(minutes % 60, 2, to: &out)
      append(#"","habit":"#, to: &out)
      if let habit = entry.habit {
        out.append(UInt8(ascii: "\""))
        append(habit, to: &out)
        out.append(UInt8(ascii: "\""))
      } else {
        append("null", to: &out)
      }
      append(#","prompt":"#, to: &out)
      if let prompt = entry.prompt {
        appendQuoted(prompt, to: &out)
      } else {
        append("null", to: &out)
      }
      append(#","utc":""#, to: &out)
      appendDateTime(entry.at.secondsSince1970, to: &out)
      append(#"Z"}"#, to: &out)
    }
    out.append(UInt8(ascii: "]"))
    return String(decoding: out, as: UTF8.self)
  }

  private static func append(_ text: String, to out: inout [UInt8]) {
    out.append(contentsOf: text.utf8)
  }

  /// `text` as a JSON string: quotes, backslashes and control characters
  /// escaped, the rest as UTF-8, as JSONEncoder writes it (with slashes left alone).
  private static func appendQuoted(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): append(#"\""#, to: &out)
      case UInt8(ascii: "\\"): append(#"\\"#, to: &out)
      case 0x0A: append(#"\n"#, to: &out)
      case 0x0D: append(#"\r"#, to: &out)
      case 0x09: append(#"\t"#, to: &out)
      case 0x08: append(#"\b"#, to: &out)
      case 0x0C: append(#"\f"#, to: &out)
      case 0x00..<0x20:
        append(#"\u00"#, to: &out)
        let digits = Array("0123456789abcdef".utf8)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }

  /// `YYYY-MM-DDTHH:MM:SS` of a wall-clock reading in seconds since 1970.
  private static func appendDateTime(_ seconds: Int, to out: inout [UInt8]) {
    let local = LocalDateTime(localSeconds: seconds)
    appendDigits(local.date.year, 4, to: &out)
    out.append(UInt8(ascii: "-"))
    appendDigits(local.date.month, 2, to: &out)
    out.append(UInt8(ascii: "-"))
    appendDigits(local.date.day, 2, to: &out)
    out.append(UInt8(ascii: "T"))
    appendDigits(local.hour, 2, to: &out)
    out.append(UInt8(ascii: ":"))
    appendDigits(local.minute, 2, to: &out)
    out.append(UInt8(ascii: ":"))
    appendDigits(local.second, 2, to: &out)
  }

  /// `value` in `width` decimal digits, zero-padded, appended without allocating.
  private static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    while divisor > 0 {
      out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: (value / divisor) % 10))
      divisor /= 10
    }
  }

}
