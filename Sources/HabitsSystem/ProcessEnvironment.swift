// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// The process's surroundings: variables, the executable's place, raw output.
/// The CLI and the agent read them alike.
public enum ProcessEnvironment {
  /// The variables, and the names of those whose value is not UTF-8.
  ///
  /// Such a value is left out rather than repaired: a path with U+FFFD in
  /// place of a byte would name another file, and a zone with it another
  /// zone. Whoever reads one of these names refuses it, or warns.
  public static func current() -> (values: [String: String], notUTF8: Set<String>) {
    var values: [String: String] = [:]
    var notUTF8: Set<String> = []
    var pointer = environ
    while let entry = pointer.pointee {
      pointer += 1
      let bytes = UnsafeBufferPointer(start: entry, count: strlen(entry)).map {
        UInt8(bitPattern: $0)
      }
      guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")),
        let name = String(validating: bytes[..<equals], as: UTF8.self)
      else { continue }
      if let value = String(validating: bytes[(equals + 1)...], as: UTF8.self) {
        values[name] = value
      } else {
        notUTF8.insert(name)
      }
    }
    return (values, notUTF8)
  }

  /// The running executable's path, from `/proc/self/exe`.
  public static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The shipped schedules: `share/habits/schedules` beside an installed
  /// binary, or `schedules/` of the source tree a development build sits in.
  public static func shippedSchedules() -> String? {
    guard var base = executablePath() else { return nil }
    while let slash = base.lastIndex(of: "/"), slash != base.startIndex {
      base = String(base[..<slash])
      for candidate in [base + "/share/habits/schedules", base + "/../share/habits/schedules"]
      where access(candidate, F_OK) == 0 {
        return candidate
      }
      if access(base + "/Package.swift", F_OK) == 0 && access(base + "/schedules", F_OK) == 0 {
        return base + "/schedules"
      }
    }
    return nil
  }

  /// Writes all of `text` to `descriptor`, as far as it takes it.
  public static func write(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.write(descriptor, base + offset, buffer.count - offset)
      }
      if written <= 0 {
        if written < 0 && errno == EINTR { continue }
        return
      }
      offset += written
    }
  }
}
