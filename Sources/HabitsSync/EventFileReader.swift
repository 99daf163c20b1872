// SPDX-License-Identifier: Apache-2.0
/// Reads the events a device's file gained since the last read.
///
/// A file another device writes is read while a sync tool may still be
/// copying it: a last line without its newline is left for the next read
/// (`consumed` stops before it), however damaged it looks. A whole line that
/// is not an event is reported with its line number and skipped; the lines
/// after it are read as usual.
public enum EventFileReader {
  /// What one read found.
  public struct Chunk: Sendable {
    public var events: [SyncEvent] = []
    /// Where the line of each of `events` is in the bytes read, when it was
    /// read as `EventLine.encode` writes it (nearly always), else nil: a
    /// merge keeps that line as it came rather than encode the event again,
    /// and takes it from those bytes rather than from a string a line.
    public var canonicalLines: [Range<Int>?] = []
    public var problems: [SyncProblem] = []
    /// Bytes of the file read, counted from its start: where the next read begins.
    public var consumed: Int
    /// Whole lines read, counted from the file's start.
    public var lines: Int
    /// The device of the last event read: the lines of a file nearly all
    /// have the same, which is then shared rather than made again a line.
    var device: DeviceID?
    /// The device whose file this is: an event that names another is not
    /// taken, as only a device writes its files.
    var owner: DeviceID?

    /// The line of `events[index]` as it came, from `bytes`, the bytes
    /// this chunk was read from; nil when it did not come as
    /// `EventLine.encode` writes it.
    public func canonicalLine(_ index: Int, in bytes: some Collection<UInt8>) -> String? {
      guard let range = canonicalLines[index] else { return nil }
      let start = bytes.index(bytes.startIndex, offsetBy: range.lowerBound)
      let end = bytes.index(start, offsetBy: range.count)
      return String(decoding: bytes[start..<end], as: UTF8.self)
    }
  }

  /// Reads `bytes`, which start `offset` bytes (and `lines` whole lines) into
  /// `file`, the file of the device `owner`: a line naming another device
  /// is reported, not taken.
  public static func read(
    _ bytes: some Collection<UInt8>, file: String, of owner: DeviceID?, offset: Int = 0,
    lines: Int = 0
  ) -> Chunk {
    // Through a buffer, in code that is not generic: called from another
    // module, generic code would run unspecialised, through a witness
    // table for every byte.
    if let chunk = bytes.withContiguousStorageIfAvailable({
      read(buffer: $0, file: file, owner: owner, offset: offset, lines: lines)
    }) {
      return chunk
    }
    return Array(bytes).withUnsafeBufferPointer {
      read(buffer: $0, file: file, owner: owner, offset: offset, lines: lines)
    }
  }

  private static func read(
    buffer: UnsafeBufferPointer<UInt8>, file: String, owner: DeviceID?, offset: Int, lines: Int
  ) -> Chunk {
    var chunk = Chunk(consumed: offset, lines: lines, owner: owner)
    var start = 0
    while let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
      let length = end - start
      chunk.lines += 1
      chunk.consumed += length + 1
      // Only the first `maximumBytes` of a line are looked at.
      let line = UnsafeBufferPointer(
        rebasing: buffer[start..<start + min(length, EventLine.maximumBytes)])
      take(
        line, at: start, overlong: length > EventLine.maximumBytes, into: &chunk, file: file)
      start = end + 1
    }
    return chunk
  }

  private static func take(
    _ bytes: UnsafeBufferPointer<UInt8>, at start: Int, overlong: Bool, into chunk: inout Chunk,
    file: String
  ) {
    if bytes.isEmpty { return }
    if !overlong, let event = EventLine.canonical(bytes, device: &chunk.device) {
      if let problem = foreign(event, in: chunk) {
        chunk.problems.append(SyncProblem(file: file, line: chunk.lines, kind: problem))
        return
      }
      chunk.events.append(event)
      chunk.canonicalLines.append(start..<start + bytes.count)
      return
    }
    if let problem = problem(bytes, overlong: overlong, into: &chunk) {
      chunk.problems.append(SyncProblem(file: file, line: chunk.lines, kind: problem))
    }
  }

  /// What is wrong with `event` in the chunk's file: another device's, or nil.
  private static func foreign(_ event: SyncEvent, in chunk: Chunk) -> SyncProblem.Kind? {
    guard let owner = chunk.owner, event.stamp.device != owner else { return nil }
    return .damaged(
      "the event says it is device \(event.stamp.device.text)'s, in the file of \(owner.text)")
  }

  /// Adds the line's event to `chunk`, or says what is wrong with the line.
  private static func problem(
    _ bytes: UnsafeBufferPointer<UInt8>, overlong: Bool, into chunk: inout Chunk
  ) -> SyncProblem.Kind? {
    guard !overlong else {
      return .damaged("the line is longer than \(EventLine.maximumBytes) bytes")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .damaged("the line is not UTF-8")
    }
    do {
      switch try EventLine.decode(text) {
      case .event(let event):
        if let problem = foreign(event, in: chunk) { return problem }
        chunk.events.append(event)
        chunk.canonicalLines.append(nil)
        return nil
      case .newer(let version): return .newerFormat(version: version)
      }
    } catch {
      return error
    }
  }
}
