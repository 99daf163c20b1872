#if canImport(Glibc)
  import Glibc
#endif
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads a schedules directory: one habit per `*.toml` file, plus `config.toml`
/// beside the directory. A broken file yields diagnostics and never stops the
/// others from loading.
public enum ScheduleLoader {
  /// What a directory held.
  public struct Result: Sendable {
    public var habits: [Habit]
    public var config: Config
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
  }

  /// Files larger than this are refused rather than parsed.
  public static let maximumFileSize = 1 << 20

  /// Loads every `*.toml` in `directory` (in name order) and the `config.toml` beside it.
  public static func load(directory: String) throws(HabitsError) -> Result {
    guard FileManager.default.fileExists(atPath: directory) else {
      throw HabitsError(
        "schedules directory '\(directory)' does not exist",
        hint: "create it, run 'habits init', or point --schedules at one")
    }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw HabitsError("'\(directory)' is not a readable directory of schedule files")
    }
    let paths = names.filter { $0.hasSuffix(".toml") && !$0.hasPrefix(".") }.sorted()
      .map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
    // The config first: which prompts a habit offers depends on its `relationship`.
    let configPath = configPath(forSchedules: directory)
    let config =
      FileManager.default.fileExists(atPath: configPath) ? loadConfig(path: configPath) : nil
    var result = load(files: paths, relationship: config?.0.relationship)
    if let (config, diagnostics) = config {
      result.config = config
      result.diagnostics = diagnostics + result.diagnostics
    }
    return result
  }

  /// Loads just the habit `id` when its file is `<id>.toml` (and says so),
  /// with the config; otherwise the whole directory. Commands that act on
  /// one habit need no more, and skip parsing the rest.
  public static func load(directory: String, habit id: String) throws(HabitsError) -> Result {
    guard HabitID.isValid(id) else { return try load(directory: directory) }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    let configPath = configPath(forSchedules: directory)
    let (config, problems) =
      access(configPath, F_OK) == 0 ? loadConfig(path: configPath) : (Config(), [])
    let (habit, diagnostics) = loadHabit(
      path: base + id + ".toml", relationship: config.relationship)
    guard let habit, habit.id == id, diagnostics.isEmpty else {
      return try load(directory: directory)
    }
    return Result(habits: [habit], config: config, diagnostics: problems)
  }

  /// `config.toml` in the directory that holds the schedules directory.
  public static func configPath(forSchedules directory: String) -> String {
    var trimmed = directory
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    if trimmed == "." || trimmed == ".." || trimmed.hasSuffix("/.") || trimmed.hasSuffix("/..") {
      // Dropping the last component would name the directory itself, not its parent.
      return trimmed + "/../config.toml"
    }
    let parent = trimmed.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    if parent.isEmpty { return trimmed.hasPrefix("/") ? "/config.toml" : "config.toml" }
    return parent + "/config.toml"
  }

  /// Loads the given schedule files; a file named `config.toml` is read as config.
  public static func load(files: [String]) -> Result {
    load(files: files, relationship: nil)
  }

  /// Loads the given schedule files, the habits offering the prompts for
  /// `relationship`, or for the one a `config.toml` among them names.
  static func load(files: [String], relationship: Relationship?) -> Result {
    var result = Result(habits: [], config: Config(), diagnostics: [])
    // Read first, as a habit's prompts depend on it; reported in file order.
    var configs: [String: [Diagnostic]] = [:]
    for path in files where path.split(separator: "/").last == "config.toml" {
      let (config, diagnostics) = loadConfig(path: path)
      result.config = config
      configs[path] = diagnostics
    }
    let relationship = relationship ?? result.config.relationship
    var seen: [String: String] = [:]
    for path in files {
      if let diagnostics = configs[path] {
        result.diagnostics += diagnostics
        continue
      }
      let (habit, diagnostics) = loadHabit(path: path, relationship: relationship)
      result.diagnostics += diagnostics
      guard var habit else { continue }
      if let other = seen[habit.id] {
        result.diagnostics.append(
          Diagnostic(
            path: path, line: 1, column: 1,
            message: "habit id '\(habit.id)' is already used by \(other)"))
        continue
      }
      seen[habit.id] = path
      habit.path = path
      result.habits.append(habit)
    }
    return result
  }

  // MARK: Files

  public static func read(path: String) -> (String?, Diagnostic?) {
    func problem(_ message: String) -> (String?, Diagnostic?) {
      (nil, Diagnostic(path: path, line: 1, column: 1, message: message))
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      return problem("cannot read the file: it does not exist or is not readable")
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return problem("cannot read the file") }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      return problem("is a directory, not a schedule file")
    }
    let size = Int(info.st_size)
    if size > maximumFileSize {
      // Rounded up, so that a file just over the limit does not read as at it.
      let kib = (size + 1023) / 1024
      return problem(
        "the file is too large (\(kib) KiB); schedule files are at most "
          + "\(maximumFileSize / 1024) KiB")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    var filled = 0
    while filled < size {
      let count = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return Glibc.read(descriptor, base + filled, size - filled)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      filled += count
    }
    guard filled == size else { return problem("cannot read the file") }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return problem("the file is not UTF-8 text")
    }
    if text.contains("\0") { return problem("the file contains a NUL byte") }
    return (text, nil)
  }

  /// Reads one habit file; the habit offers the prompts that suit `relationship`.
  public static func loadHabit(
    path: String, relationship: Relationship = .couple
  ) -> (Habit?, [Diagnostic]) {
    let (text, problem) = read(path: path)
    guard let text else { return (nil, [problem].compactMap { $0 }) }
    let (habit, diagnostics) = HabitFileParser(
      path: path, text: text, relationship: relationship
    ).parse()
    return (habit, inFileOrder(diagnostics))
  }

  /// Reads a `config.toml`; on errors the affected settings keep their defaults
  /// and each error is reported.
  public static func loadConfig(path: String) -> (Config, [Diagnostic]) {
    let (text, problem) = read(path: path)
    guard let text else { return (Config(), [problem].compactMap { $0 }) }
    let (config, diagnostics) = ConfigFileParser(path: path, text: text).parse()
    return (config, inFileOrder(diagnostics))
  }

  /// One file's diagnostics by line and column, as a reader meets them;
  /// those at the same place keep their order.
  static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated().sorted {
      ($0.element.line, $0.element.column, $0.offset)
        < ($1.element.line, $1.element.column, $1.offset)
    }.map(\.element)
  }
}
