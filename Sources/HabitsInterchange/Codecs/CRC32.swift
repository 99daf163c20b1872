// SPDX-License-Identifier: Apache-2.0
internal import CZlib

/// The CRC-32 of zip and gzip (IEEE 802.3, reflected polynomial 0xEDB88320),
/// as the system's zlib computes it.
public enum CRC32 {
  /// The checksum of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBufferPointer { buffer in
      // crc32_z takes a size_t length, so any array fits in one call.
      UInt32(truncatingIfNeeded: crc32_z(0, buffer.baseAddress, buffer.count))
    }
  }
}
