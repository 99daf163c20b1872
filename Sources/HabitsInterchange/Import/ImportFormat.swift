// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// What `habits import PATH` was given, told by names and, for a file of no
/// telling name, by its first character.
public enum ImportFormat: Equatable, Sendable {
  /// What `habits export --format json` wrote.
  case habitsExport(path: String)
  /// harsh's `habits` and `log` files (either may be missing).
  case harsh(habits: String?, log: String?)
  /// A Loop Habit Tracker export: its `.zip`, or the folder unpacked from it.
  case loop(path: String)

  public static let accepted = """
    habits import reads:
      a habits export (.json), as 'habits export --format json' writes it;
      harsh's files: the folder holding 'habits' and 'log' (~/.config/harsh), or either file;
      a Loop Habit Tracker export: its .zip, or the folder holding Habits.csv
    """

  /// Works out the format of `path`.
  public static func detect(path: String) throws(HabitsError) -> ImportFormat {
    let base = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
    let name = String(base.split(separator: "/").last ?? "")
    // The folder a file is in; "" for one at the root, so that paths below start with "/".
    let directory = base.lastIndex(of: "/").map { String(base[..<$0]) } ?? "."
    func inside(_ folder: String, _ file: String) -> String { folder + "/" + file }
    switch ImportFile.kind(path) {
    case .missing:
      throw HabitsError("'\(path)' does not exist", hint: accepted)
    case .other:
      throw HabitsError("'\(path)' is not a file or folder that habits can import", hint: accepted)
    case .directory:
      let habits = inside(base, "habits")
      let log = inside(base, "log")
      let hasHabits = ImportFile.kind(habits) == .file
      let hasLog = ImportFile.kind(log) == .file
      if hasHabits || hasLog {
        return .harsh(habits: hasHabits ? habits : nil, log: hasLog ? log : nil)
      }
      if ImportFile.kind(inside(base, "Habits.csv")) == .file { return .loop(path: path) }
      throw HabitsError("'\(path)' holds nothing habits can import", hint: accepted)
    case .file:
      let lower = name.lowercased()
      if lower.hasSuffix(".json") { return .habitsExport(path: path) }
      if lower.hasSuffix(".zip") { return .loop(path: path) }
      if name == "Habits.csv" { return .loop(path: directory) }
      if name == "habits" || name == "log" {
        let habits = inside(directory, "habits")
        let log = inside(directory, "log")
        return .harsh(
          habits: name == "habits" || ImportFile.kind(habits) == .file ? habits : nil,
          log: name == "log" || ImportFile.kind(log) == .file ? log : nil)
      }
      if try startsLikeJSON(path) { return .habitsExport(path: path) }
      throw HabitsError("'\(path)' is not a file habits can import", hint: accepted)
    }
  }

  /// Whether the file's first character other than white space is `{`.
  private static func startsLikeJSON(_ path: String) throws(HabitsError) -> Bool {
    let bytes = try ImportFile.readBytes(path)
    var rest = bytes[...]
    if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
    let first = rest.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    return first == UInt8(ascii: "{")
  }

  /// What the source holds, as a plan; nothing is written.
  public func plan(now: Instant) throws(HabitsError) -> ImportPlan {
    switch self {
    case .habitsExport(let path):
      return try JSONImport.plan(path: path, now: now)
    case .harsh(let habits, let log):
      return try HarshImport.plan(habitsPath: habits, logPath: log, now: now)
    case .loop(let path):
      return try LoopImport.plan(path: path, now: now)
    }
  }
}
