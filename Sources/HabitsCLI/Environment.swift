import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// The process's surroundings: variables, the executable's place, raw output.
enum Environment {
  static func current() -> [String: String] {
    var result: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        result[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    return result
  }

  /// The running executable's path, from `/proc/self/exe`.
  static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The shipped schedules: `share/habits/schedules` beside an installed
  /// binary, or `schedules/` of the source tree a development build sits in.
  static func shippedSchedules() -> String? {
    guard let executable = executablePath() else { return nil }
    var directory = executable.split(separator: "/").dropLast().map(String.init)
    while !directory.isEmpty {
      let base = "/" + directory.joined(separator: "/")
      for candidate in [base + "/share/habits/schedules", base + "/../share/habits/schedules"]
      where access(candidate, F_OK) == 0 {
        return candidate
      }
      if access(base + "/Package.swift", F_OK) == 0 && access(base + "/schedules", F_OK) == 0 {
        return base + "/schedules"
      }
      directory.removeLast()
    }
    return nil
  }

  static func write(_ text: String, to descriptor: Int32) {
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
