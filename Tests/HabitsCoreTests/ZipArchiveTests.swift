import HabitsCore
import Testing

/// The pure-Swift zip reader against bytes Python's zlib and zipfile made.
@Suite struct ZipArchiveTests {
  typealias D = ZipTestData

  // MARK: CRC-32

  @Test func crc32OfTheCheckString() {
    // The standard check value of CRC-32/ISO-HDLC, as Python's zlib.crc32 gives it.
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([]) == 0)
  }

  // MARK: Inflate

  @Test func inflatesFixedHuffmanCodes() throws {
    let out = try Inflate.inflate(D.fixed, limit: 1000)
    #expect(String(decoding: out, as: UTF8.self) == "hello hello hello habits")
  }

  @Test func inflatesDynamicHuffmanCodes() throws {
    let expected = D.lines(400)
    #expect(expected.count == 10222)
    let out = try Inflate.inflate(D.dynamic, limit: 1 << 20)
    #expect(out == expected)
    // and Python's zlib.crc32 of the same text
    #expect(CRC32.checksum(out) == 2_465_987_715)
  }

  @Test func inflatesAStoredBlock() throws {
    let out = try Inflate.inflate(D.stored, limit: 1000)
    #expect(String(decoding: out, as: UTF8.self) == "stored block bytes, not compressed")
  }

  @Test func inflatesNothing() throws {
    #expect(try Inflate.inflate(D.empty, limit: 0) == [])
  }

  @Test func inflatesLongBackReferences() throws {
    let out = try Inflate.inflate(D.zeros, limit: 100_000)
    #expect(out.count == 100_000)
    #expect(out.allSatisfy { $0 == 0 })
  }

  @Test func refusesOutputPastTheLimit() {
    #expect(throws: Inflate.Failure.tooLarge) { try Inflate.inflate(D.zeros, limit: 99_999) }
  }

  @Test func refusesATruncatedStream() {
    for cut in [1, D.dynamic.count / 2, D.dynamic.count - 1] {
      #expect(throws: Inflate.Failure.truncated, "cut at \(cut)") {
        try Inflate.inflate(Array(D.dynamic.prefix(cut)), limit: 1 << 20)
      }
    }
    #expect(throws: Inflate.Failure.truncated) { try Inflate.inflate([], limit: 10) }
  }

  @Test func refusesReservedBlockTypesAndBadStoredLengths() {
    // Final block, type 3.
    #expect(throws: Inflate.Failure.self) { try Inflate.inflate([0x07], limit: 10) }
    // Final stored block whose length check is not the complement.
    #expect(throws: Inflate.Failure.corrupt("a stored block whose length check fails")) {
      try Inflate.inflate([0x01, 0x01, 0x00, 0x00, 0x00, 0x41], limit: 10)
    }
  }

  /// Empty dynamic blocks (each only an end-of-block code), made with a bit
  /// writer and checked with Python's zlib: 16, then 17 of them.
  static let sixteenEmptyBlocks: [UInt8] = [
    0x04, 0xC0, 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xFF, 0xD5, 0x24, 0x00, 0x0E, 0x04, 0x00,
    0x00, 0x00, 0x00, 0x80, 0xF8, 0xAF, 0x26, 0x01, 0x70, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC4,
    0x7F, 0x35, 0x09, 0x80, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0xFE, 0xAB, 0x49, 0x00, 0x1C,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF1, 0x5F, 0x4D, 0x02, 0xE0, 0x40, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x88, 0xFF, 0x6A, 0x12, 0x00, 0x07, 0x02, 0x00, 0x00, 0x00, 0x00, 0x40, 0xFC, 0x57, 0x93,
    0x00, 0x38, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE2, 0xBF, 0x9A, 0x04, 0xC0, 0x81, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0xFF, 0xD5, 0x24, 0x00, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x80, 0xF8,
    0xAF, 0x26, 0x01, 0x70, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC4, 0x7F, 0x35, 0x09, 0x80, 0x03,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0xFE, 0xAB, 0x49, 0x00, 0x1C, 0x08, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xF1, 0x5F, 0x4D, 0x02, 0xE0, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x88, 0xFF, 0x6A, 0x12,
    0x00, 0x07, 0x02, 0x00, 0x00, 0x00, 0x00, 0x40, 0xFC, 0x57, 0xB3, 0x00, 0x38, 0x10, 0x00, 0x00,
    0x00, 0x00, 0x00, 0xE2, 0xBF, 0x9A,
  ]
  static let seventeenEmptyBlocks: [UInt8] = [
    0x04, 0xC0, 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xFF, 0xD5, 0x24, 0x00, 0x0E, 0x04, 0x00,
    0x00, 0x00, 0x00, 0x80, 0xF8, 0xAF, 0x26, 0x01, 0x70, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC4,
    0x7F, 0x35, 0x09, 0x80, 0x03, 0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0xFE, 0xAB, 0x49, 0x00, 0x1C,
    0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF1, 0x5F, 0x4D, 0x02, 0xE0, 0x40, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x88, 0xFF, 0x6A, 0x12, 0x00, 0x07, 0x02, 0x00, 0x00, 0x00, 0x00, 0x40, 0xFC, 0x57, 0x93,
    0x00, 0x38, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE2, 0xBF, 0x9A, 0x04, 0xC0, 0x81, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10, 0xFF, 0xD5, 0x24, 0x00, 0x0E, 0x04, 0x00, 0x00, 0x00, 0x00, 0x80, 0xF8,
    0xAF, 0x26, 0x01, 0x70, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC4, 0x7F, 0x35, 0x09, 0x80, 0x03,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0xFE, 0xAB, 0x49, 0x00, 0x1C, 0x08, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xF1, 0x5F, 0x4D, 0x02, 0xE0, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x88, 0xFF, 0x6A, 0x12,
    0x00, 0x07, 0x02, 0x00, 0x00, 0x00, 0x00, 0x40, 0xFC, 0x57, 0x93, 0x00, 0x38, 0x10, 0x00, 0x00,
    0x00, 0x00, 0x00, 0xE2, 0xBF, 0x9A, 0x05, 0xC0, 0x81, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xFF,
    0xD5, 0x04,
  ]

  @Test func refusesMoreDynamicBlocksThanTheOutputCouldNeed() throws {
    // Each block costs a table build for a few bytes of input: 16 are allowed for empty output
    #expect(try Inflate.inflate(Self.sixteenEmptyBlocks, limit: 0) == [])
    // and one more is refused rather than decoded
    #expect(throws: Inflate.Failure.corrupt("more compressed blocks than 0 bytes need")) {
      try Inflate.inflate(Self.seventeenEmptyBlocks, limit: 0)
    }
  }

  @Test func neverCrashesOnDamagedStreams() {
    // Every single-byte change of a dynamic stream either inflates or is refused.
    var damaged = D.dynamic
    for index in stride(from: 0, to: damaged.count, by: 7) {
      let original = damaged[index]
      damaged[index] = original ^ 0x5A
      _ = try? Inflate.inflate(damaged, limit: 1 << 20)
      damaged[index] = original
    }
  }

  // MARK: Archives

  @Test func listsAndReadsEntries() throws {
    let archive = try ZipArchive(bytes: D.zip, label: "export.zip")
    #expect(archive.entries.map(\.name) == ["Habits.csv", "001 Meditate/Checkmarks.csv", "notes/"])
    #expect(archive.entries.map(\.method) == [8, 0, 0])
    #expect(archive.entries[2].isDirectory)
    let habits = try archive.contents(of: try #require(archive.entry(named: "Habits.csv")))
    #expect(
      String(decoding: habits, as: UTF8.self)
        == String(repeating: "Position,Name\n001,Meditate\n", count: 20))
    let checkmarks = try archive.contents(
      of: try #require(archive.entry(named: "001 Meditate/Checkmarks.csv")))
    #expect(
      String(decoding: checkmarks, as: UTF8.self) == "Date,Value,Notes\n2026-11-20,YES_MANUAL,\n")
  }

  @Test func refusesAnEntryWhoseCRCDoesNotMatch() throws {
    let archive = try ZipArchive(bytes: D.zipBadCRC, label: "export.zip")
    let entry = try #require(archive.entry(named: "001 Meditate/Checkmarks.csv"))
    let error = #expect(throws: HabitsError.self) { try archive.contents(of: entry) }
    #expect(error?.message.contains("CRC-32 does not match") == true)
    #expect(error?.message.contains("001 Meditate/Checkmarks.csv") == true)
    // The other entry is unharmed.
    #expect(throws: Never.self) {
      try archive.contents(of: try #require(archive.entry(named: "Habits.csv")))
    }
  }

  @Test func refusesATruncatedArchive() {
    let error = #expect(throws: HabitsError.self) {
      try ZipArchive(bytes: D.zipTruncated, label: "export.zip")
    }
    #expect(error?.message.contains("'export.zip' is not a readable zip file") == true)
    #expect(throws: HabitsError.self) { try ZipArchive(bytes: [], label: "empty.zip") }
    #expect(throws: HabitsError.self) {
      try ZipArchive(bytes: Array("not a zip at all, just text".utf8), label: "x.zip")
    }
  }

  @Test func refusesAnArchiveCutInsideAnEntry() throws {
    // The central directory survives but the data it points at is gone.
    var bytes = D.zip
    let archive = try ZipArchive(bytes: bytes, label: "export.zip")
    let entry = try #require(archive.entry(named: "Habits.csv"))
    bytes.replaceSubrange(40..<60, with: [UInt8](repeating: 0xFF, count: 20))
    let damaged = try ZipArchive(bytes: bytes, label: "export.zip")
    #expect(throws: HabitsError.self) { try damaged.contents(of: entry) }
  }

  @Test func refusesEncryptedEntries() {
    let error = #expect(throws: HabitsError.self) {
      try ZipArchive(bytes: D.zipEncrypted, label: "export.zip")
    }
    #expect(error?.message.contains("encrypted") == true)
  }

  @Test func refusesZip64() {
    let error = #expect(throws: HabitsError.self) {
      try ZipArchive(bytes: D.zip64, label: "export.zip")
    }
    #expect(error?.message.contains("zip64") == true)
  }

  @Test func aBombStopsAtItsDeclaredSize() throws {
    // A mebibyte of zeros that declares 10 bytes: inflating stops at 10.
    let archive = try ZipArchive(bytes: D.zipBomb, label: "bomb.zip")
    let entry = try #require(archive.entry(named: "Habits.csv"))
    #expect(entry.size == 10)
    let error = #expect(throws: HabitsError.self) { try archive.contents(of: entry) }
    #expect(error?.message.contains("inflates to more than the 10 bytes it declares") == true)
  }

  @Test func refusesEntriesOverTheSizeLimit() throws {
    let archive = try ZipArchive(bytes: D.zipHuge, label: "huge.zip")
    let entry = try #require(archive.entry(named: "Habits.csv"))
    #expect(entry.size == 100 << 20)
    let error = #expect(throws: HabitsError.self) { try archive.contents(of: entry) }
    #expect(error?.message.contains("too large") == true)
  }
}
