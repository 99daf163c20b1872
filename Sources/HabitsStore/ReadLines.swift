// SPDX-License-Identifier: Apache-2.0
/// The lines of the events a merge read, as they came: the bytes of each
/// file read, and where each event's line is in them (`EventFileReader`'s
/// `canonicalLines`). A merge of years of history keeps hundreds of
/// thousands of lines, which are then taken from the files' bytes rather
/// than from a string each.
struct ReadLines {
  private var files: [[UInt8]] = []
  /// For each event, in the order they were added: its file among `files`
  /// and the line's place in it, or nil when it did not come as written.
  private var places: [(file: Int, range: Range<Int>)?] = []

  /// Adds the lines of `chunk`'s events, read from `bytes`.
  mutating func add(_ bytes: [UInt8], _ lines: [Range<Int>?]) {
    let file = files.count
    files.append(bytes)
    for range in lines { places.append(range.map { (file, $0) }) }
  }

  /// The line of event `index`, or nil.
  func line(_ index: Int) -> String? {
    guard let (file, range) = places[index] else { return nil }
    return String(decoding: files[file][range], as: UTF8.self)
  }

  /// Runs `body` with the bytes of event `index`'s line, or with nil.
  func withLine<T>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> T) rethrows -> T {
    guard let (file, range) = places[index] else { return try body(nil) }
    return try files[file].withUnsafeBufferPointer {
      try body(UnsafeBufferPointer(rebasing: $0[range]))
    }
  }
}
