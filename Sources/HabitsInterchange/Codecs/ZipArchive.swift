// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// A zip file read from memory: its central directory, and each file's
/// contents on request (stored, or deflated by zlib; CRC-checked).
///
/// Only what a phone's export needs: no encryption, no zip64, no
/// multi-part archives; each is refused with a message that says so.
public struct ZipArchive: Sendable {
  /// One file in the archive, as the central directory lists it.
  public struct Entry: Sendable, Equatable {
    /// The path inside the archive, `/`-separated, as stored.
    public var name: String
    public var method: Int
    public var crc: UInt32
    public var compressedSize: Int
    public var size: Int
    var localHeaderOffset: Int

    public var isDirectory: Bool { name.hasSuffix("/") }
  }

  /// Entries larger than this, uncompressed, are refused.
  public static let maximumEntrySize = 64 << 20

  /// What messages call the archive: its path.
  public let label: String
  public let entries: [Entry]
  private let bytes: [UInt8]

  /// Reads the central directory of the zip file `bytes`.
  public init(bytes: [UInt8], label: String) throws(HabitsError) {
    self.bytes = bytes
    self.label = label
    func broken(_ what: String) -> HabitsError {
      HabitsError("'\(label)' is not a readable zip file: \(what)")
    }
    guard let end = Self.endOfCentralDirectory(bytes) else {
      throw broken("no end-of-archive record (is it a zip file, and complete?)")
    }
    if end >= 20, Self.uint32(bytes, end - 20) == 0x0706_4b50 {
      throw HabitsError(
        "'\(label)' is a zip64 archive, which habits cannot read",
        hint: "unpack it and import the folder instead")
    }
    let disk = Self.uint16(bytes, end + 4)
    let directoryDisk = Self.uint16(bytes, end + 6)
    let count = Self.uint16(bytes, end + 10)
    let directorySize = Self.uint32(bytes, end + 12)
    let directoryOffset = Self.uint32(bytes, end + 16)
    if disk != 0 || directoryDisk != 0 {
      throw HabitsError(
        "'\(label)' is one part of a split zip archive", hint: "join the parts, or unpack it")
    }
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
      throw HabitsError(
        "'\(label)' is a zip64 archive, which habits cannot read",
        hint: "unpack it and import the folder instead")
    }
    let directoryEnd = Int(directoryOffset) + Int(directorySize)
    guard directoryEnd <= end else { throw broken("the central directory lies outside the file") }
    var entries: [Entry] = []
    var offset = Int(directoryOffset)
    for _ in 0..<count {
      guard offset + 46 <= directoryEnd, Self.uint32(bytes, offset) == 0x0201_4b50 else {
        throw broken("a damaged central directory")
      }
      let flags = Self.uint16(bytes, offset + 8)
      let method = Int(Self.uint16(bytes, offset + 10))
      let crc = Self.uint32(bytes, offset + 16)
      let compressed = Self.uint32(bytes, offset + 20)
      let size = Self.uint32(bytes, offset + 24)
      let nameLength = Int(Self.uint16(bytes, offset + 28))
      let extraLength = Int(Self.uint16(bytes, offset + 30))
      let commentLength = Int(Self.uint16(bytes, offset + 32))
      let local = Self.uint32(bytes, offset + 42)
      let next = offset + 46 + nameLength + extraLength + commentLength
      guard next <= directoryEnd else { throw broken("a damaged central directory") }
      let name = Self.name(Array(bytes[offset + 46..<offset + 46 + nameLength]))
      if flags & 1 != 0 {
        throw HabitsError(
          "'\(label)' is encrypted ('\(name)' needs a password), which habits cannot read",
          hint: "export again without a password")
      }
      if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
        throw HabitsError(
          "'\(label)' is a zip64 archive, which habits cannot read",
          hint: "unpack it and import the folder instead")
      }
      entries.append(
        Entry(
          name: name, method: method, crc: crc, compressedSize: Int(compressed), size: Int(size),
          localHeaderOffset: Int(local)))
      offset = next
    }
    self.entries = entries
  }

  /// The entry named `name`, if any.
  public func entry(named name: String) -> Entry? {
    entries.first { $0.name == name }
  }

  /// The uncompressed contents of `entry`, checked against its CRC-32.
  public func contents(of entry: Entry) throws(HabitsError) -> [UInt8] {
    let what = "'\(entry.name)' in '\(label)'"
    guard entry.size <= Self.maximumEntrySize else {
      throw HabitsError(
        "\(what) is too large (\(entry.size >> 20) MiB); files in an export are at most "
          + "\(Self.maximumEntrySize >> 20) MiB")
    }
    let offset = entry.localHeaderOffset
    guard offset + 30 <= bytes.count, Self.uint32(bytes, offset) == 0x0403_4b50 else {
      throw HabitsError("\(what) is damaged: its header is missing")
    }
    let start =
      offset + 30 + Int(Self.uint16(bytes, offset + 26)) + Int(Self.uint16(bytes, offset + 28))
    guard start + entry.compressedSize <= bytes.count else {
      throw HabitsError("\(what) is cut short: the file ends inside it")
    }
    let data = Array(bytes[start..<start + entry.compressedSize])
    let result: [UInt8]
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.size else {
        throw HabitsError("\(what) is damaged: its stored size does not match")
      }
      result = data
    case 8:
      do {
        result = try Inflate.inflate(data, limit: entry.size)
      } catch {
        switch error {
        case .truncated:
          throw HabitsError("\(what) is cut short: its compressed data ends early")
        case .tooLarge:
          throw HabitsError("\(what) inflates to more than the \(entry.size) bytes it declares")
        case .corrupt(let detail):
          throw HabitsError("\(what) is damaged: its compressed data is not valid (\(detail))")
        case .failed(let detail):
          throw HabitsError("\(what) could not be inflated: zlib failed (\(detail))")
        }
      }
    default:
      throw HabitsError(
        "\(what) uses compression method \(entry.method), which habits cannot read",
        hint: "only stored and deflated entries are supported")
    }
    guard result.count == entry.size else {
      throw HabitsError(
        "\(what) is damaged: it inflates to \(result.count) bytes, not \(entry.size)")
    }
    guard CRC32.checksum(result) == entry.crc else {
      throw HabitsError("\(what) is damaged: its CRC-32 does not match")
    }
    return result
  }

  // MARK: Reading

  /// The offset of the end-of-central-directory record: the last one whose
  /// comment runs exactly to the end of the file.
  private static func endOfCentralDirectory(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 22 else { return nil }
    let lowest = max(0, bytes.count - 22 - 0xFFFF)
    var offset = bytes.count - 22
    while offset >= lowest {
      if uint32(bytes, offset) == 0x0605_4b50,
        offset + 22 + Int(uint16(bytes, offset + 20)) == bytes.count
      {
        return offset
      }
      offset -= 1
    }
    return nil
  }

  /// A stored name: UTF-8 where it is valid UTF-8 (flagged or not), else
  /// each byte as Latin-1.
  private static func name(_ raw: [UInt8]) -> String {
    if let text = String(validating: raw, as: UTF8.self) { return text }
    return String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
  }

  private static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  private static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
      | UInt32(bytes[offset + 3]) << 24
  }
}
