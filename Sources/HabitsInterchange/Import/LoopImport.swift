// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads a Loop Habit Tracker CSV export (the zip, or its unpacked folder)
/// into an `ImportPlan`: a schedule file per habit, and its manual check-ins,
/// skips and notes.
///
/// The export holds `Habits.csv` and a folder per habit (`001 Meditate/`)
/// with `Checkmarks.csv`. `YES_AUTO` rows are Loop's own filling-in of a
/// frequency and are not check-ins; our strength recomputes the same score
/// from the manual ones.
public enum LoopImport {
  /// Files larger than this, and exports larger than `maximumTotalSize`
  /// in all, are refused.
  public static let maximumFileSize = ZipArchive.maximumEntrySize
  public static let maximumTotalSize = 256 << 20

  /// Whether `path` looks like a Loop export: a folder with `Habits.csv`, that
  /// file itself, or a zip file holding one.
  public static func recognises(path: String) -> Bool {
    switch kind(of: path) {
    case .directory:
      return kind(of: joined(path, "Habits.csv")) == .file
    case .file:
      if path.split(separator: "/").last == "Habits.csv" { return true }
      guard let bytes = try? read(path, limit: maximumTotalSize), bytes.starts(with: [0x50, 0x4B]),
        let archive = try? ZipArchive(bytes: bytes, label: path)
      else { return false }
      return habitsFile(in: archive.entries.map(\.name)) != nil
    case nil:
      return false
    }
  }

  /// The plan for the export at `path`; `now` stamps the check-ins.
  public static func plan(path: String, now: Instant) throws(HabitsError) -> ImportPlan {
    let source = "Loop Habit Tracker export '\(path)'"
    switch kind(of: path) {
    case .directory:
      return try plan(files: try folderFiles(path), label: path, source: source, now: now)
    case .file where path.split(separator: "/").last == "Habits.csv":
      let folder = String(path.dropLast("Habits.csv".count))
      let directory = folder.isEmpty ? "." : folder
      return try plan(
        files: try folderFiles(directory), label: folder.isEmpty ? "." : String(folder.dropLast()),
        source: source, now: now)
    case .file:
      let archive = try ZipArchive(bytes: try read(path, limit: maximumTotalSize), label: path)
      return try plan(files: try zipFiles(archive), label: path, source: source, now: now)
    case nil:
      throw HabitsError("cannot read '\(path)': it does not exist or is not readable")
    }
  }

  /// The plan for an export's files, by their paths inside it (`Habits.csv`,
  /// `001 Meditate/Checkmarks.csv`); other files are ignored. `label` (the
  /// export's path) prefixes file names in messages.
  public static func plan(
    files: [String: [UInt8]], label: String, source: String? = nil, now: Instant
  ) throws(HabitsError) -> ImportPlan {
    guard let habitsPath = habitsFile(in: Array(files.keys)), let habitsBytes = files[habitsPath]
    else {
      throw HabitsError(
        "'\(label)' holds no Habits.csv",
        hint: "give the zip Loop Habit Tracker's 'Export as CSV' made, or its unpacked folder")
    }
    let root = String(habitsPath.dropLast("Habits.csv".count))
    func display(_ relative: String) -> String { label + "/" + relative }
    let habits = try LoopHabit.list(
      try text(habitsBytes, display(habitsPath)), name: display(habitsPath))
    let folders = checkmarkFolders(files.keys, root: root)
    var schedules: [ImportedSchedule] = []
    var checkIns: [CheckIn] = []
    var taken: Set<String> = []
    for habit in habits {
      let id = HabitID.slug(
        habit.name, fallback: "habit-\(habit.position)", taken: taken)
      taken.insert(id)
      var rows: [LoopCheckmarks.Row] = []
      if let folder = folder(for: habit, in: folders) {
        let path = root + folder + "/Checkmarks.csv"
        if let bytes = files[path] {
          rows = try LoopCheckmarks.rows(
            try text(bytes, display(path)), name: display(path), habit: habit)
        }
      }
      // The habit's first day in the export; with none, the import's (UTC) day,
      // which `every D days` counts from.
      let start = rows.map(\.day).min() ?? LocalDateTime(localSeconds: now.secondsSince1970).date
      let text = try LoopSchedule.text(habit, id: id, start: start, at: display(habitsPath))
      schedules.append(ImportedSchedule(habitID: id, text: text))
      for row in rows.sorted(by: { $0.day < $1.day }) {
        switch row.mark {
        case .done(let value):
          checkIns.append(
            CheckIn(
              habitID: id, day: row.day, kind: .done, value: value, note: row.note,
              recordedAt: now))
        case .skip:
          checkIns.append(
            CheckIn(habitID: id, day: row.day, kind: .skip, note: row.note, recordedAt: now))
        case .nothing:
          break
        }
      }
    }
    return ImportPlan(
      source: source ?? "Loop Habit Tracker export '\(label)'", schedules: schedules,
      checkIns: checkIns)
  }

  // MARK: The export's layout

  /// The shallowest `Habits.csv`, at the top or in one folder (an export
  /// zipped again with its folder).
  static func habitsFile(in paths: [String]) -> String? {
    paths.filter { path in
      let parts = path.split(separator: "/", omittingEmptySubsequences: false)
      return parts.last == "Habits.csv" && parts.count <= 2
    }.min { $0.count < $1.count }
  }

  /// Folders beside `Habits.csv` holding a `Checkmarks.csv`, by the number
  /// they start with (`001 Meditate` → 1).
  static func checkmarkFolders(_ paths: Dictionary<String, [UInt8]>.Keys, root: String)
    -> [Int: [String]]
  {
    var result: [Int: [String]] = [:]
    for path in paths where path.hasPrefix(root) && path.hasSuffix("/Checkmarks.csv") {
      let folder = String(path.dropFirst(root.count).dropLast("/Checkmarks.csv".count))
      guard !folder.contains("/") else { continue }
      let digits = folder.prefix { $0.isASCII && $0.isNumber }
      guard let number = Int(digits) else { continue }
      result[number, default: []].append(folder)
    }
    return result
  }

  /// A habit's folder: numbered with its position, and named after it where
  /// two share the number.
  static func folder(for habit: LoopHabit, in folders: [Int: [String]]) -> String? {
    guard let candidates = folders[habit.position], !candidates.isEmpty else { return nil }
    if candidates.count == 1 { return candidates[0] }
    let sane = String(
      habit.name.unicodeScalars.filter {
        $0.isASCII
          && ($0.properties.isAlphabetic || ("0"..."9").contains($0)
            || " ._-".unicodeScalars.contains($0))
      }.map(Character.init))
    return candidates.first {
      $0.drop { $0.isNumber }.trimmingWhitespace() == sane.trimmingWhitespace()
    }
      ?? candidates.sorted()[0]
  }

  // MARK: Files

  private static func text(_ bytes: [UInt8], _ name: String) throws(HabitsError) -> String {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw HabitsError("\(name): the file is not UTF-8 text")
    }
    return text
  }

  /// `Habits.csv` and each `*/Checkmarks.csv` of an archive, inflated.
  private static func zipFiles(_ archive: ZipArchive) throws(HabitsError) -> [String: [UInt8]] {
    let names = archive.entries.filter { !$0.isDirectory }.map(\.name)
    guard let habitsPath = habitsFile(in: names) else {
      throw HabitsError(
        "'\(archive.label)' holds no Habits.csv",
        hint: "give the zip Loop Habit Tracker's 'Export as CSV' made, or its unpacked folder")
    }
    let root = String(habitsPath.dropLast("Habits.csv".count))
    let wanted = archive.entries.filter { entry in
      guard entry.name.hasPrefix(root) else { return false }
      let rest = entry.name.dropFirst(root.count)
      let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
      return rest == "Habits.csv" || (parts.count == 2 && parts[1] == "Checkmarks.csv")
    }
    var total = 0
    var files: [String: [UInt8]] = [:]
    for entry in wanted {
      total += entry.size
      guard total <= maximumTotalSize else {
        throw HabitsError(
          "'\(archive.label)' inflates to more than \(maximumTotalSize >> 20) MiB of CSV files",
          hint: "a Loop export is far smaller; is it the right file?")
      }
      guard files[entry.name] == nil else {
        throw HabitsError("'\(archive.label)' holds '\(entry.name)' twice")
      }
      files[entry.name] = try archive.contents(of: entry)
    }
    return files
  }

  /// `Habits.csv` and each `*/Checkmarks.csv` of an unpacked export.
  private static func folderFiles(_ directory: String) throws(HabitsError) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let habits = joined(directory, "Habits.csv")
    guard kind(of: habits) == .file else {
      throw HabitsError(
        "'\(directory)' holds no Habits.csv",
        hint: "give the folder of an unpacked Loop Habit Tracker export, or its zip")
    }
    var total = 0
    func add(_ relative: String) throws(HabitsError) {
      let bytes = try read(joined(directory, relative), limit: maximumFileSize)
      total += bytes.count
      guard total <= maximumTotalSize else {
        throw HabitsError(
          "'\(directory)' holds more than \(maximumTotalSize >> 20) MiB of CSV files")
      }
      files[relative] = bytes
    }
    try add("Habits.csv")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names.sorted() where name.first?.isNumber == true {
      let relative = name + "/Checkmarks.csv"
      if kind(of: joined(directory, relative)) == .file { try add(relative) }
    }
    return files
  }

  private enum Kind { case file, directory }

  private static func kind(of path: String) -> Kind? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return (info.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
  }

  private static func joined(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
  }

  /// The whole file at `path`, refusing one over `limit` bytes.
  private static func read(_ path: String, limit: Int) throws(HabitsError) -> [UInt8] {
    do {
      return try WholeFile.read(path, limit: limit)
    } catch {
      switch error {
      case .cannotOpen:
        throw HabitsError("cannot read '\(path)': it does not exist or is not readable")
      case .tooLarge(let size):
        throw HabitsError("'\(path)' is too large (\(size >> 20) MiB); at most \(limit >> 20) MiB")
      case .isDirectory, .notRegularFile, .cannotRead:
        throw HabitsError("cannot read '\(path)'")
      }
    }
  }
}
