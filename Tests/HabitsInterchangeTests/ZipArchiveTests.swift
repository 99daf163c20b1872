// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsInterchange
import Testing

/// The zip reader, and the system zlib it inflates with, against bytes
/// Python's zlib and zipfile made.
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
    #expect(throws: Inflate.Failure.corrupt("invalid block type")) {
      try Inflate.inflate([0x07], limit: 10)
    }
    // Final stored block whose length check is not the complement.
    #expect(throws: Inflate.Failure.corrupt("invalid stored block lengths")) {
      try Inflate.inflate([0x01, 0x01, 0x00, 0x00, 0x00, 0x41], limit: 10)
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

  // MARK: Damaged entries, through zlib

  /// `D.zip` with the 32-bit field at `field` of `name`'s central directory
  /// record (16 the CRC-32, 20 the compressed size, 24 the size) set to `value`.
  static func zip(_ name: String, field: Int, set value: UInt32) throws -> [UInt8] {
    var bytes = D.zip
    let marker = [0x50, 0x4B, 0x01, 0x02] as [UInt8]
    let record = try #require(
      (0..<bytes.count - 46).first { offset in
        bytes[offset..<offset + 4].elementsEqual(marker)
          && bytes[(offset + 46)...].starts(with: Array(name.utf8))
      })
    for index in 0..<4 {
      bytes[record + field + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
    }
    return bytes
  }

  /// Where `Habits.csv`'s deflated data starts in `D.zip`: after the first local header.
  static var habitsData: Int { 30 + Int(D.zip[26]) + Int(D.zip[28]) }

  /// The message reading `name` from `bytes` is refused with.
  static func refusal(_ bytes: [UInt8], _ name: String) throws -> String {
    let archive = try ZipArchive(bytes: bytes, label: "export.zip")
    let entry = try #require(archive.entry(named: name))
    let error = #expect(throws: HabitsError.self) { try archive.contents(of: entry) }
    return error?.message ?? ""
  }

  @Test func refusesACorruptDeflateStream() throws {
    // The first block claims the reserved type 3.
    var bytes = D.zip
    bytes[Self.habitsData] = 0x07
    #expect(
      try Self.refusal(bytes, "Habits.csv")
        == "'Habits.csv' in 'export.zip' is damaged: its compressed data is not valid "
        + "(invalid block type)")
  }

  @Test func refusesATruncatedDeflateStream() throws {
    // The central directory gives the deflated data as shorter than it is.
    for cut: UInt32 in [0, 1, 17, 33] {
      #expect(
        try Self.refusal(Self.zip("Habits.csv", field: 20, set: cut), "Habits.csv")
          == "'Habits.csv' in 'export.zip' is cut short: its compressed data ends early",
        "cut to \(cut) bytes")
    }
  }

  @Test func stopsInflatingAtTheDeclaredSize() throws {
    // Habits.csv inflates to 540 bytes; declared as one fewer, inflating stops there.
    #expect(
      try Self.refusal(Self.zip("Habits.csv", field: 24, set: 539), "Habits.csv")
        == "'Habits.csv' in 'export.zip' inflates to more than the 539 bytes it declares")
    #expect(
      try Self.refusal(Self.zip("Habits.csv", field: 24, set: 0), "Habits.csv")
        == "'Habits.csv' in 'export.zip' inflates to more than the 0 bytes it declares")
    // Declared as one more, it ends short of it.
    #expect(
      try Self.refusal(Self.zip("Habits.csv", field: 24, set: 541), "Habits.csv")
        == "'Habits.csv' in 'export.zip' is damaged: it inflates to 540 bytes, not 541")
  }

  @Test func refusesADeflatedEntryWhoseCRCDoesNotMatch() throws {
    let archive = try ZipArchive(bytes: D.zip, label: "export.zip")
    let crc = try #require(archive.entry(named: "Habits.csv")).crc
    #expect(
      try Self.refusal(Self.zip("Habits.csv", field: 16, set: crc ^ 1), "Habits.csv")
        == "'Habits.csv' in 'export.zip' is damaged: its CRC-32 does not match")
  }

  @Test func refusesAStoredEntryWhoseSizesDisagree() throws {
    // A stored entry's data is its contents: the two sizes must agree.
    let name = "001 Meditate/Checkmarks.csv"
    #expect(
      try Self.refusal(Self.zip(name, field: 20, set: 39), name)
        == "'\(name)' in 'export.zip' is damaged: its stored size does not match")
  }

  @Test func damagedEntriesAreRefusedNamingThemNeverACrash() throws {
    // Every byte of Habits.csv's deflated data, inverted in turn: each copy
    // either still reads as the original or is refused naming the entry.
    let original = try ZipArchive(bytes: D.zip, label: "export.zip")
    let entry = try #require(original.entry(named: "Habits.csv"))
    let expected = try original.contents(of: entry)
    for index in Self.habitsData..<Self.habitsData + entry.compressedSize {
      var bytes = D.zip
      bytes[index] ^= 0xFF
      let archive = try ZipArchive(bytes: bytes, label: "export.zip")
      do {
        #expect(try archive.contents(of: entry) == expected, "byte \(index)")
      } catch {
        #expect(error.message.hasPrefix("'Habits.csv' in 'export.zip' "), "byte \(index)")
      }
    }
  }
}
