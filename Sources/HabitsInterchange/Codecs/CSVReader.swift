// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// RFC 4180 CSV: comma-separated fields, records ending in CRLF or LF,
/// fields in double quotes holding commas, quotes (doubled) and line breaks.
///
/// Each record keeps the line it starts on, for messages.
public enum CSVReader {
  public struct Record: Sendable, Equatable {
    /// The 1-based line the record starts on.
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
      self.line = line
      self.fields = fields
    }
  }

  /// The records of `text`; blank lines are skipped. `name` names the file in errors.
  ///
  /// Read byte by byte in UTF-8: the commas, quotes and line ends are ASCII,
  /// which no byte of a longer character is, and a field's bytes become a
  /// String once. A Loop export holds a row for every day of every habit.
  public static func records(_ text: String, name: String) throws(HabitsError) -> [Record] {
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var quoted = false
    /// Inside quotes; `quoteLine` is where they opened.
    var inQuotes = false
    var quoteLine = 1
    /// Just after a closing quote: only a comma or a line end may follow.
    var closed = false
    let bytes = Array(text.utf8)
    let quote = UInt8(ascii: "\"")
    let comma = UInt8(ascii: ",")
    let cr = UInt8(ascii: "\r")
    let lf = UInt8(ascii: "\n")

    func endField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      quoted = false
      closed = false
    }
    func endRecord() {
      if fields.isEmpty && field.isEmpty && !quoted {
        // A blank line.
      } else {
        endField()
        records.append(Record(line: recordLine, fields: fields))
      }
      fields.removeAll()
      field.removeAll(keepingCapacity: true)
      quoted = false
      closed = false
    }

    // A byte order mark (U+FEFF) is not part of the first field.
    var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while index < bytes.count {
      let c = bytes[index]
      index += 1
      if inQuotes {
        if c == quote {
          if index < bytes.count && bytes[index] == quote {
            field.append(quote)
            index += 1
          } else {
            inQuotes = false
            closed = true
          }
        } else {
          if c == lf { line += 1 }
          field.append(c)
        }
        continue
      }
      switch c {
      case comma:
        endField()
      case cr, lf:
        if c == cr && index < bytes.count && bytes[index] == lf { index += 1 }
        endRecord()
        line += 1
        recordLine = line
      case quote:
        guard field.isEmpty && !closed && !quoted else {
          throw HabitsError(
            "\(name):\(line): a quote inside a field that does not start with one",
            hint: "quote the whole field and double the quotes inside it")
        }
        quoted = true
        inQuotes = true
        quoteLine = line
      default:
        if closed {
          throw HabitsError(
            "\(name):\(line): text after a closing quote",
            hint: "a quoted field ends at a comma or the end of the line")
        }
        field.append(c)
      }
    }
    if inQuotes {
      throw HabitsError("\(name):\(quoteLine): a quoted field is never closed")
    }
    endRecord()
    return records
  }
}
