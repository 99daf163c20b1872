// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
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
    guard access(directory, F_OK) == 0 else {
      throw HabitsError(
        "schedules directory '\(directory)' does not exist",
        hint: "create it, run 'habits init', or point --schedules at one")
    }
    guard let listing = listing(of: directory) else {
      throw HabitsError("'\(directory)' is not a readable directory of schedule files")
    }
    // The config first: which prompts a habit offers depends on its `relationship`.
    let configPath = configPath(forSchedules: directory)
    let config = access(configPath, F_OK) == 0 ? loadConfig(path: configPath) : nil
    var result = load(
      files: listing.files, relationship: config?.0.relationship, partner: config?.0.partner)
    if let (config, diagnostics) = config {
      result.config = config
      result.diagnostics = diagnostics + result.diagnostics
    }
    result.diagnostics += listing.conflictCopies.map(conflictCopyWarning)
    return result
  }

  /// What `habits check` says of a conflict copy among the schedules.
  static func conflictCopyWarning(_ path: String) -> Diagnostic {
    Diagnostic(
      path: path, line: 1, column: 1, severity: .warning,
      message:
        "a copy a sync tool made when this file was changed in two places; it is not"
        + " loaded: keep what you want in the original file and delete this one")
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
      path: base + id + ".toml", relationship: config.relationship, partner: config.partner)
    guard let habit, habit.id == id, diagnostics.isEmpty else {
      return try load(directory: directory)
    }
    return Result(habits: [habit], config: config, diagnostics: problems)
  }

  /// The paths of the `*.toml` files in `directory` (hidden ones and
  /// conflict copies left out), in name order; nil when it cannot be listed.
  public static func scheduleFiles(in directory: String) -> [String]? {
    listing(of: directory)?.files
  }

  /// The conflict copies of schedule files in `directory` (`ConflictCopy`),
  /// in name order; none when it cannot be listed.
  public static func conflictCopies(in directory: String) -> [String] {
    listing(of: directory)?.conflictCopies ?? []
  }

  /// The schedule files of `directory` and the conflict copies beside them,
  /// each in name order; nil when it cannot be listed.
  static func listing(of directory: String) -> (files: [String], conflictCopies: [String])? {
    guard let handle = opendir(directory) else { return nil }
    defer { closedir(handle) }
    var names: [String] = []
    var copies: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name.hasSuffix(".toml") && !name.hasPrefix(".") else { continue }
      if ConflictCopy.matches(name) { copies.append(name) } else { names.append(name) }
    }
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    return (names.sorted().map { base + $0 }, copies.sorted().map { base + $0 })
  }

  /// `config.toml` in the directory that holds the schedules directory.
  public static func configPath(forSchedules directory: String) -> String {
    var trimmed = directory
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
    if trimmed == "." || trimmed == ".." || trimmed.hasSuffix("/.") || trimmed.hasSuffix("/..") {
      // Dropping the last component would name the directory itself, not its parent.
      return trimmed + "/../config.toml"
    }
    guard let slash = trimmed.lastIndex(of: "/") else { return "config.toml" }
    return slash == trimmed.startIndex ? "/config.toml" : String(trimmed[..<slash]) + "/config.toml"
  }

  /// Loads the given schedule files; a file named `config.toml` is read as config.
  public static func load(files: [String]) -> Result {
    load(files: files, relationship: nil, partner: nil)
  }

  /// Loads the given schedule files, the habits offering the prompts for
  /// `relationship` with `partner`'s name, or for those a `config.toml`
  /// among them names.
  static func load(files: [String], relationship: Relationship?, partner: String?) -> Result {
    var result = Result(habits: [], config: Config(), diagnostics: [])
    // Read first, as a habit's prompts depend on it; reported in file order.
    var configs: [String: [Diagnostic]] = [:]
    for path in files where path.split(separator: "/").last == "config.toml" {
      let (config, diagnostics) = loadConfig(path: path)
      result.config = config
      configs[path] = diagnostics
    }
    let relationship = relationship ?? result.config.relationship
    let partner = partner ?? result.config.partner
    var seen: [String: String] = [:]
    for path in files {
      if let diagnostics = configs[path] {
        result.diagnostics += diagnostics
        continue
      }
      let (habit, diagnostics) = loadHabit(
        path: path, relationship: relationship, partner: partner)
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

  /// The text of a schedule file or `config.toml`, or the diagnostic that
  /// says why there is none.
  public static func read(path: String) -> (String?, Diagnostic?) {
    func problem(_ message: String) -> (String?, Diagnostic?) {
      (nil, Diagnostic(path: path, line: 1, column: 1, message: message))
    }
    let bytes: [UInt8]
    do {
      bytes = try WholeFile.read(path, limit: maximumFileSize)
    } catch {
      switch error {
      case .cannotOpen:
        return problem("cannot read the file: it does not exist or is not readable")
      case .isDirectory: return problem("is a directory, not a schedule file")
      case .tooLarge(let size):
        // Rounded up, so that a file just over the limit does not read as at it.
        let kib = (size + 1023) / 1024
        return problem(
          "the file is too large (\(kib) KiB); schedule files are at most "
            + "\(maximumFileSize / 1024) KiB")
      case .notRegularFile, .cannotRead: return problem("cannot read the file")
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return problem("the file is not UTF-8 text")
    }
    // In the bytes: searching the text would compare Characters.
    if bytes.contains(0) { return problem("the file contains a NUL byte") }
    return (text, nil)
  }

  /// Reads one habit file; the habit offers the prompts that suit
  /// `relationship`, with `partner`'s name in them.
  public static func loadHabit(
    path: String, relationship: Relationship = .couple, partner: String? = nil
  ) -> (Habit?, [Diagnostic]) {
    let (text, problem) = read(path: path)
    guard let text else { return (nil, [problem].compactMap { $0 }) }
    let (habit, diagnostics) = HabitFileParser(
      path: path, text: text, relationship: relationship, partner: partner
    ).parse()
    return (habit, inFileOrder(diagnostics))
  }

  /// Reads a `config.toml`; on errors the affected settings keep their defaults
  /// and each error is reported.
  public static func loadConfig(path: String) -> (Config, [Diagnostic]) {
    let (text, problem) = read(path: path)
    guard let text else { return (Config(), [problem].compactMap { $0 }) }
    return config(text: text, path: path)
  }

  /// `config.toml`'s settings from `text`, as if read from `path`.
  public static func config(text: String, path: String) -> (Config, [Diagnostic]) {
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
