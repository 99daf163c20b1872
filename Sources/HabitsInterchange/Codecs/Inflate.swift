// SPDX-License-Identifier: Apache-2.0
internal import CZlib

/// Raw DEFLATE data (RFC 1951), as zip entries hold it, inflated by the
/// system's zlib: the most exercised inflate there is, so that a hostile
/// export meets code that has been fuzzed for years.
///
/// Output is bounded while inflating: zlib is never given room for more than
/// one byte past `limit`, and that byte stops it, so a small bomb costs no
/// more than the limit, in time and memory alike.
public enum Inflate {
  public enum Failure: Error, Equatable, Sendable {
    /// The data ended before its last block did.
    case truncated
    /// The data is not valid DEFLATE; the text is zlib's account of where.
    case corrupt(String)
    /// The output would pass the limit.
    case tooLarge
    /// zlib could not run at all (out of memory); the text is zlib's.
    case failed(String)
  }

  /// The most output one byte of DEFLATE data can give (a 258-byte match
  /// in two bits), which bounds what is worth reserving for the output.
  private static let largestRatio = 1032

  /// The inflated bytes of `data`, at most `limit` of them.
  ///
  /// Bytes after the end of the stream are ignored, as zip readers do.
  public static func inflate(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
    guard limit >= 0 else { throw .tooLarge }
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    // zlib keeps a pointer back to its stream and checks it on each call, so
    // the stream lives at one address throughout, not in an inout temporary.
    stream.initialize(to: z_stream())
    defer {
      stream.deinitialize(count: 1)
      stream.deallocate()
    }
    let status = habits_inflate_init_raw(stream)
    guard status == Z_OK else { throw .failed(message(stream, status)) }
    defer { inflateEnd(stream) }
    let piece = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
    defer { piece.deallocate() }

    var output: [UInt8] = []
    let (most, overflow) = data.count.multipliedReportingOverflow(by: largestRatio)
    output.reserveCapacity(overflow ? limit : min(limit, most))
    let outcome = data.withUnsafeBufferPointer { input in
      run(stream, input: input, piece: piece, into: &output, limit: limit)
    }
    try outcome.get()
    return output
  }

  /// Feeds `input` to zlib, in pieces of its 32-bit counts, and appends what
  /// it writes into `piece` to `output`, until the stream ends or fails.
  private static func run(
    _ stream: UnsafeMutablePointer<z_stream>, input: UnsafeBufferPointer<UInt8>,
    piece: UnsafeMutableBufferPointer<UInt8>, into output: inout [UInt8], limit: Int
  ) -> Result<Void, Failure> {
    var read = 0
    while true {
      if stream.pointee.avail_in == 0, read < input.count, let base = input.baseAddress {
        let count = min(Int(UInt32.max), input.count - read)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base + read)
        stream.pointee.avail_in = UInt32(count)
        read += count
      }
      // Room for what the limit still allows, and one byte more to see it passed.
      let room = min(piece.count - 1, limit - output.count) + 1
      stream.pointee.next_out = piece.baseAddress
      stream.pointee.avail_out = UInt32(room)
      let status = CZlib.inflate(stream, Z_NO_FLUSH)
      output.append(contentsOf: piece[0..<room - Int(stream.pointee.avail_out)])
      if output.count > limit { return .failure(.tooLarge) }
      switch status {
      case Z_STREAM_END:
        return .success(())
      case Z_OK:
        continue
      case Z_BUF_ERROR:
        // No progress was possible with room left to write: the input is spent.
        return .failure(.truncated)
      case Z_DATA_ERROR:
        return .failure(.corrupt(message(stream, status)))
      default:
        return .failure(.failed(message(stream, status)))
      }
    }
  }

  /// zlib's message for the stream's last failure, or a plain one.
  private static func message(_ stream: UnsafeMutablePointer<z_stream>, _ status: Int32) -> String {
    if let text = stream.pointee.msg { return String(cString: text) }
    switch status {
    case Z_MEM_ERROR: return "out of memory"
    case Z_VERSION_ERROR: return "the zlib library is of an incompatible version"
    default: return "zlib error \(status)"
    }
  }
}
