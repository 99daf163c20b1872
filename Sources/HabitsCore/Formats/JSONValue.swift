// SPDX-License-Identifier: Apache-2.0
/// A JSON document read by hand, each value with the line it starts on, so
/// that an import can say `path:line` of whatever is wrong in it.
///
/// Numbers keep their text until asked for: `Double(text)` reads the shortest
/// form `JSONExport` writes back to the very same value.
public struct JSONValue: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in the order they were written.
    case object([(key: String, value: JSONValue)])

    public static func == (a: Kind, b: Kind) -> Bool {
      switch (a, b) {
      case (.null, .null): return true
      case (.bool(let x), .bool(let y)): return x == y
      case (.number(let x), .number(let y)): return x == y
      case (.string(let x), .string(let y)): return x == y
      case (.array(let x), .array(let y)): return x == y
      case (.object(let x), .object(let y)):
        return x.count == y.count
          && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
      default: return false
      }
    }
  }

  public var kind: Kind
  /// The 1-based line the value starts on.
  public var line: Int

  public init(_ kind: Kind, line: Int) {
    self.kind = kind
    self.line = line
  }

  /// The member `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = kind else { return nil }
    return members.first { $0.key == key }?.value
  }

  public var string: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  public var number: Double? {
    if case .number(let text) = kind { return Double(text) }
    return nil
  }

  public var array: [JSONValue]? {
    if case .array(let values) = kind { return values }
    return nil
  }

  public var isNull: Bool { kind == .null }

  /// What the value is, for messages: `a string`, `null`.
  public var typeName: String {
    switch kind {
    case .null: return "null"
    case .bool: return "true or false"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// Nesting deeper than this is refused rather than followed.
  public static let maximumDepth = 64

  /// Parses `text` as one JSON value, or throws what is wrong and on which line.
  public static func parse(_ text: String) throws(JSONValue.SyntaxError) -> JSONValue {
    var parser = Parser(bytes: Array(text.utf8))
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.index == parser.bytes.count else {
      throw parser.error("unexpected text after the end of the document")
    }
    return value
  }

  /// Malformed JSON: what and on which line.
  public struct SyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var line: Int
  }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1

    init(bytes: [UInt8]) {
      self.bytes = bytes
      // A byte order mark some editors put first.
      if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    func error(_ message: String) -> SyntaxError { SyntaxError(message: message, line: line) }

    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipSpace() {
      while let byte = current {
        switch byte {
        case 0x0A: line += 1
        case 0x20, 0x09, 0x0D: break
        default: return
        }
        index += 1
      }
    }

    mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
      guard depth < JSONValue.maximumDepth else {
        throw error("nested more than \(JSONValue.maximumDepth) levels deep")
      }
      let start = line
      guard let byte = current else { throw error("the document ends where a value should be") }
      switch byte {
      case UInt8(ascii: "{"): return JSONValue(try object(depth: depth), line: start)
      case UInt8(ascii: "["): return JSONValue(try array(depth: depth), line: start)
      case UInt8(ascii: "\""): return JSONValue(.string(try string()), line: start)
      case UInt8(ascii: "t"):
        try word("true")
        return JSONValue(.bool(true), line: start)
      case UInt8(ascii: "f"):
        try word("false")
        return JSONValue(.bool(false), line: start)
      case UInt8(ascii: "n"):
        try word("null")
        return JSONValue(.null, line: start)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        return JSONValue(.number(try number()), line: start)
      default:
        throw error("unexpected character '\(Self.show(byte))' where a value should be")
      }
    }

    mutating func word(_ text: String) throws(SyntaxError) {
      let expected = Array(text.utf8)
      guard bytes.count - index >= expected.count,
        bytes[index..<index + expected.count].elementsEqual(expected)
      else { throw error("unexpected text where '\(text)' or another value should be") }
      index += expected.count
    }

    mutating func object(depth: Int) throws(SyntaxError) -> Kind {
      index += 1
      var members: [(key: String, value: JSONValue)] = []
      var keys: Set<String> = []
      skipSpace()
      if current == UInt8(ascii: "}") {
        index += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard current == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        let key = try string()
        guard keys.insert(key).inserted else { throw error("the key '\(key)' appears twice") }
        skipSpace()
        guard current == UInt8(ascii: ":") else { throw error("expected ':' after '\(key)'") }
        index += 1
        skipSpace()
        members.append((key, try value(depth: depth + 1)))
        skipSpace()
        switch current {
        case UInt8(ascii: ",")?: index += 1
        case UInt8(ascii: "}")?:
          index += 1
          return .object(members)
        default: throw error("expected ',' or '}' after the value of '\(key)'")
        }
      }
    }

    mutating func array(depth: Int) throws(SyntaxError) -> Kind {
      index += 1
      var values: [JSONValue] = []
      skipSpace()
      if current == UInt8(ascii: "]") {
        index += 1
        return .array(values)
      }
      while true {
        skipSpace()
        values.append(try value(depth: depth + 1))
        skipSpace()
        switch current {
        case UInt8(ascii: ",")?: index += 1
        case UInt8(ascii: "]")?:
          index += 1
          return .array(values)
        default: throw error("expected ',' or ']' after an array element")
        }
      }
    }

    mutating func string() throws(SyntaxError) -> String {
      index += 1
      var out: [UInt8] = []
      while true {
        guard let byte = current else { throw error("a string is not closed") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""):
          guard let text = String(validating: out, as: UTF8.self) else {
            throw error("a string is not valid UTF-8")
          }
          return text
        case UInt8(ascii: "\\"):
          guard let escaped = current else { throw error("a string is not closed") }
          index += 1
          switch escaped {
          case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
          case UInt8(ascii: "b"): out.append(0x08)
          case UInt8(ascii: "f"): out.append(0x0C)
          case UInt8(ascii: "n"): out.append(0x0A)
          case UInt8(ascii: "r"): out.append(0x0D)
          case UInt8(ascii: "t"): out.append(0x09)
          case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
              guard current == UInt8(ascii: "\\"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "u")
              else { throw error("a \\u escape is half of a surrogate pair") }
              index += 2
              let low = try hex4()
              guard (0xDC00..<0xE000).contains(low) else {
                throw error("a \\u escape is half of a surrogate pair")
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else {
              throw error("a \\u escape is half of a surrogate pair")
            }
            out.append(contentsOf: String(Character(unicode)).utf8)
          default:
            throw error("unknown escape '\\\(Self.show(escaped))' in a string")
          }
        case 0x00..<0x20:
          throw error("a control character in a string must be escaped (\\n, \\t, \\u0001)")
        default:
          out.append(byte)
        }
      }
    }

    mutating func hex4() throws(SyntaxError) -> UInt32 {
      guard bytes.count - index >= 4 else { throw error("a \\u escape needs four hex digits") }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[index]
        let digit: UInt8
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: throw error("a \\u escape needs four hex digits")
        }
        value = value << 4 | UInt32(digit)
        index += 1
      }
      return value
    }

    /// RFC 8259's number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func number() throws(SyntaxError) -> String {
      let start = index
      func digits(_ parser: inout Parser) -> Int {
        var count = 0
        while let byte = parser.current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
          parser.index += 1
          count += 1
        }
        return count
      }
      if current == UInt8(ascii: "-") { index += 1 }
      if current == UInt8(ascii: "0") {
        index += 1
      } else if digits(&self) == 0 {
        throw error("a number needs digits")
      }
      if current == UInt8(ascii: ".") {
        index += 1
        guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
      }
      if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
        index += 1
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
        guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
      }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func show(_ byte: UInt8) -> String {
      byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }
  }
}
