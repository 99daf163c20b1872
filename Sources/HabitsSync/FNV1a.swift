// SPDX-License-Identifier: Apache-2.0
/// FNV-1a, 64 bits: the fingerprints of a file's last line (`FileTail`)
/// and of a note (`NoteFingerprint`), which must be the same on every
/// device and in every version, as they are stored and written to files.
enum FNV1a {
  static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }
}
