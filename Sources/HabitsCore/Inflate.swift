/// A decoder for raw DEFLATE data (RFC 1951), as zip entries hold it.
///
/// Output is bounded: data that would inflate past `limit` bytes is refused
/// as soon as it does, so a small bomb costs no more than the limit.
public enum Inflate {
  public enum Failure: Error, Equatable, Sendable {
    /// The data ended before its last block did.
    case truncated
    /// The data is not valid DEFLATE; the text says where it went wrong.
    case corrupt(String)
    /// The output would pass the limit.
    case tooLarge
  }

  /// The inflated bytes of `data`, at most `limit` of them.
  public static func inflate(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    var decoder = Decoder(data: data, limit: limit)
    try decoder.run()
    return decoder.output
  }

  // Lengths 257…285 and distances 0…29: base values and extra bits (RFC 1951 §3.2.5).
  private static let lengthBase: [Int] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258,
  ]
  private static let lengthExtra: [Int] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  private static let distanceBase: [Int] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  private static let distanceExtra: [Int] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]
  /// The order code-length code lengths come in (RFC 1951 §3.2.7).
  private static let codeLengthOrder: [Int] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
  ]

  /// A canonical Huffman code as a lookup table indexed by the next `bits`
  /// input bits (least significant first): each entry is `length << 16 | symbol`,
  /// or 0 where no code matches.
  fileprivate struct Huffman {
    var table: [UInt32]
    var bits: Int
  }

  private struct Decoder {
    let data: [UInt8]
    let limit: Int
    var output: [UInt8] = []
    var position = 0
    var buffer: UInt64 = 0
    var count = 0

    init(data: [UInt8], limit: Int) {
      self.data = data
      self.limit = limit
    }

    /// Tops the bit buffer up to at least 57 bits, with zeros past the end;
    /// `checkEnd` tells whether any of those zeros were used.
    mutating func refill() {
      while count <= 56 {
        let byte = position < data.count ? data[position] : 0
        buffer |= UInt64(byte) << UInt64(count)
        position += 1
        count += 8
      }
    }

    func checkEnd() throws(Failure) {
      if position * 8 - count > data.count * 8 { throw .truncated }
    }

    mutating func bits(_ n: Int) throws(Failure) -> Int {
      if n == 0 { return 0 }
      if count < n { refill() }
      let value = Int(buffer & ((1 << UInt64(n)) - 1))
      buffer >>= UInt64(n)
      count -= n
      try checkEnd()
      return value
    }

    mutating func decode(_ code: Huffman) throws(Failure) -> Int {
      if count < code.bits { refill() }
      let entry = code.table[Int(buffer & ((1 << UInt64(code.bits)) - 1))]
      guard entry != 0 else {
        try checkEnd()
        throw .corrupt("a code that is not in the block's Huffman table")
      }
      let length = Int(entry >> 16)
      buffer >>= UInt64(length)
      count -= length
      try checkEnd()
      return Int(entry & 0xFFFF)
    }

    mutating func run() throws(Failure) {
      var last = false
      // Each dynamic block builds tables of up to 2^15 entries from a few
      // bytes of input; far more of them than any encoder writes for this
      // much output is a stream made to burn time, and refused.
      let dynamicBlocks = limit / 256 + 16
      var dynamic = 0
      while !last {
        last = try bits(1) == 1
        switch try bits(2) {
        case 0: try stored()
        case 1: try compressed(Self.fixedLiterals, Self.fixedDistances)
        case 2:
          dynamic += 1
          guard dynamic <= dynamicBlocks else {
            throw .corrupt("more compressed blocks than \(limit) bytes need")
          }
          let (literals, distances) = try dynamicCodes()
          try compressed(literals, distances)
        default: throw .corrupt("a block of reserved type 3")
        }
      }
    }

    mutating func stored() throws(Failure) {
      // Drop to a byte boundary; the buffer only ever holds whole bytes beyond it.
      _ = try bits(count % 8)
      let length = try bits(16)
      let complement = try bits(16)
      guard length == ~complement & 0xFFFF else {
        throw .corrupt("a stored block whose length check fails")
      }
      guard output.count + length <= limit else { throw .tooLarge }
      for _ in 0..<length { output.append(UInt8(try bits(8))) }
    }

    static let fixedLiterals: Huffman = {
      var lengths = [Int](repeating: 8, count: 288)
      for i in 144..<256 { lengths[i] = 9 }
      for i in 256..<280 { lengths[i] = 7 }
      return Huffman(lengths: lengths) ?? Huffman(table: [0, 0], bits: 1)
    }()

    static let fixedDistances: Huffman =
      Huffman(lengths: [Int](repeating: 5, count: 30)) ?? Huffman(table: [0, 0], bits: 1)

    mutating func dynamicCodes() throws(Failure) -> (Huffman, Huffman) {
      let literalCount = try bits(5) + 257
      let distanceCount = try bits(5) + 1
      let codeLengthCount = try bits(4) + 4
      guard literalCount <= 286, distanceCount <= 30 else {
        throw .corrupt("too many literal or distance codes")
      }
      var codeLengths = [Int](repeating: 0, count: 19)
      for i in 0..<codeLengthCount { codeLengths[Inflate.codeLengthOrder[i]] = try bits(3) }
      let codeLengthCode = try Huffman.build(codeLengths)
      var lengths: [Int] = []
      let total = literalCount + distanceCount
      while lengths.count < total {
        let symbol = try decode(codeLengthCode)
        var repeatCount: Int
        var value = 0
        switch symbol {
        case 0...15:
          lengths.append(symbol)
          continue
        case 16:
          guard let previous = lengths.last else {
            throw .corrupt("a repeated code length with none before it")
          }
          value = previous
          repeatCount = 3 + (try bits(2))
        case 17: repeatCount = 3 + (try bits(3))
        default: repeatCount = 11 + (try bits(7))
        }
        guard lengths.count + repeatCount <= total else {
          throw .corrupt("code lengths that run past the codes")
        }
        lengths += [Int](repeating: value, count: repeatCount)
      }
      guard lengths[256] > 0 else { throw .corrupt("a block with no end-of-block code") }
      let literals = try Huffman.build(Array(lengths[0..<literalCount]))
      let distances = try Huffman.build(Array(lengths[literalCount...]))
      return (literals, distances)
    }

    mutating func compressed(_ literals: Huffman, _ distances: Huffman) throws(Failure) {
      while true {
        let symbol = try decode(literals)
        if symbol < 256 {
          guard output.count < limit else { throw .tooLarge }
          output.append(UInt8(symbol))
          continue
        }
        if symbol == 256 { return }
        let index = symbol - 257
        guard index < Inflate.lengthBase.count else {
          throw .corrupt("an invalid length code \(symbol)")
        }
        let length = Inflate.lengthBase[index] + (try bits(Inflate.lengthExtra[index]))
        let distanceCode = try decode(distances)
        guard distanceCode < Inflate.distanceBase.count else {
          throw .corrupt("an invalid distance code \(distanceCode)")
        }
        let distance =
          Inflate.distanceBase[distanceCode] + (try bits(Inflate.distanceExtra[distanceCode]))
        guard distance <= output.count else {
          throw .corrupt("a back-reference before the start of the data")
        }
        guard output.count + length <= limit else { throw .tooLarge }
        let start = output.count - distance
        for i in 0..<length { output.append(output[start + i]) }
      }
    }
  }
}

extension Inflate.Huffman {
  /// The code with these lengths by symbol, or nil if it is over-subscribed.
  ///
  /// Incomplete codes are allowed (a distance code with one symbol); their
  /// gaps decode as errors.
  fileprivate init?(lengths: [Int]) {
    let longest = lengths.max() ?? 0
    var count = [Int](repeating: 0, count: 16)
    for length in lengths where length > 0 { count[length] += 1 }
    var left = 1
    for length in 1...15 {
      left = left * 2 - count[length]
      if left < 0 { return nil }
    }
    var starts = [Int](repeating: 0, count: 16)
    var code = 0
    for length in 1...15 {
      starts[length] = code
      code = (code + count[length]) << 1
    }
    var table = [UInt32](repeating: 0, count: 1 << max(1, longest))
    for (symbol, length) in lengths.enumerated() where length > 0 {
      let canonical = starts[length]
      starts[length] += 1
      // The stream sends a code's bits most significant first, and the
      // table is indexed by bits in arrival order: reverse them.
      var reversed = 0
      for bit in 0..<length where canonical & (1 << (length - 1 - bit)) != 0 {
        reversed |= 1 << bit
      }
      let entry = UInt32(length) << 16 | UInt32(symbol)
      var index = reversed
      while index < table.count {
        table[index] = entry
        index += 1 << length
      }
    }
    self.init(table: table, bits: max(1, longest))
  }

  fileprivate static func build(_ lengths: [Int]) throws(Inflate.Failure) -> Inflate.Huffman {
    guard let code = Inflate.Huffman(lengths: lengths) else {
      throw .corrupt("an over-subscribed Huffman code")
    }
    return code
  }
}
