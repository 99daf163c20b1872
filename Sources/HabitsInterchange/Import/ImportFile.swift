// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Reads a file an import comes from, whole, as UTF-8 text; every problem
/// names the file.
public enum ImportFile {
  /// Larger files are refused rather than read: years of daily check-ins of
  /// dozens of habits are a few MiB.
  public static let maximumSize = 256 << 20

  public enum Kind: Equatable, Sendable {
    case missing, file, directory, other
  }

  /// What is at `path`, following links.
  public static func kind(_ path: String) -> Kind {
    var info = stat()
    guard stat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  /// The file's text; a byte order mark at the start is dropped.
  public static func read(_ path: String) throws(HabitsError) -> String {
    let bytes = try readBytes(path)
    let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
    guard let text = String(validating: body, as: UTF8.self) else {
      throw HabitsError("'\(path)' is not UTF-8 text")
    }
    return text
  }

  /// The file's bytes.
  public static func readBytes(_ path: String) throws(HabitsError) -> [UInt8] {
    do {
      return try WholeFile.read(path, limit: maximumSize, regularOnly: true)
    } catch {
      let what: String
      switch error {
      case .cannotOpen(let code), .cannotRead(let code): what = String(cString: strerror(code))
      case .isDirectory, .notRegularFile: what = "it is not a regular file"
      case .tooLarge: what = "it is larger than \(maximumSize >> 20) MiB"
      }
      throw HabitsError("cannot read '\(path)': \(what)")
    }
  }
}
