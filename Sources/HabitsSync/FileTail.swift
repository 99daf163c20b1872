// SPDX-License-Identifier: Apache-2.0
/// The last bytes read of a device's file, as a fingerprint: the next read
/// first checks that the file still holds them where it stopped, and reads
/// the file again from its start when it does not.
///
/// Without it, a file cut short and grown again past where it was read (a
/// copy from a backup put back, then appended to; the device writing the
/// events it lost again after a change it made meanwhile) would be read on
/// from the old offset: from the middle of a line, past events never read.
/// Every line holds an event id of 32 random digits, so the bytes before a
/// line's end tell one file from another.
public struct FileTail: Hashable, Sendable {
  /// How many bytes before the offset the fingerprint covers (fewer near
  /// the file's start): a whole line of nearly every event, its id too.
  public static let length = 256

  /// FNV-1a (64 bits) of those bytes, as SQLite stores an integer.
  public var hash: Int64

  public init(hash: Int64) {
    self.hash = hash
  }

  /// The fingerprint of `bytes`, the last of them at most `length`.
  init(of bytes: some Collection<UInt8>) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes.suffix(Self.length) {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    self.hash = Int64(bitPattern: hash)
  }
}
