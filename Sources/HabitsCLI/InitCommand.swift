import ArgumentParser
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// `habits init`: copies the shipped schedules into the config directory.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Copy the shipped schedules into your config directory (never overwrites).",
    discussion: """
      Copies each shipped schedule file that is not there yet into
      $XDG_CONFIG_HOME/habits/schedules (or --schedules), and says what it did.
      Files already there are left exactly as they are. Then edit them:
      enabled = true switches a practice on.

      Examples:
        habits init
        habits init --schedules ~/dotfiles/habits/schedules
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try run(Context.live())
  }

  struct Output: Encodable {
    var directory: String
    var copied: [String]
    var kept: [String]
  }

  func run(_ context: Context) throws {
    guard let shipped = context.shippedSchedules else {
      throw HabitsError(
        "cannot find the shipped schedules",
        hint: "reinstall habits, or copy schedule files by hand")
    }
    var target = options.schedules
    if target == nil || target?.isEmpty == true {
      target = try Locations.variable(
        "HABITS_SCHEDULES", environment: context.environment, notUTF8: context.notUTF8)
    }
    if target == nil {
      let config = try Locations.configDirectory(
        environment: context.environment, notUTF8: context.notUTF8)
      target = config + "/habits/schedules"
    }
    guard let directory = target else { return }
    try Self.makeDirectories(directory)
    let loaded = ScheduleLoader.load(files: try Self.tomlFiles(in: shipped))
    var copied: [String] = []
    var kept: [String] = []
    for habit in loaded.habits {
      let name = String(habit.path.split(separator: "/").last ?? "")
      let destination = directory + "/" + name
      if access(destination, F_OK) == 0 {
        kept.append(name)
        continue
      }
      try Self.copy(habit.path, to: destination)
      copied.append(name)
    }
    if options.json {
      context.print(try JSONOutput.encode(Output(directory: directory, copied: copied, kept: kept)))
      return
    }
    for name in copied { context.print("copied \(name)") }
    for name in kept { context.print("kept   \(name) (already there)") }
    context.print(
      "\(copied.count) copied, \(kept.count) kept, in \(directory). "
        + "Set enabled = true in a file to switch that practice on.")
  }

  static func tomlFiles(in directory: String) throws(HabitsError) -> [String] {
    guard let handle = opendir(directory) else {
      throw HabitsError("cannot read '\(directory)'")
    }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".toml") && !name.hasPrefix(".") { names.append(directory + "/" + name) }
    }
    return names.sorted()
  }

  static func makeDirectories(_ path: String) throws(HabitsError) {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if access(current, F_OK) != 0 && mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw HabitsError("cannot create '\(current)': \(String(cString: strerror(errno)))")
      }
    }
  }

  /// Copies a file, refusing to replace one that appeared meanwhile.
  static func copy(_ source: String, to destination: String) throws(HabitsError) {
    guard let input = fopen(source, "rb") else {
      throw HabitsError("cannot read '\(source)'")
    }
    defer { fclose(input) }
    let descriptor = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw HabitsError("cannot create '\(destination)': \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = fread(&buffer, 1, buffer.count, input)
      if count == 0 { break }
      if write(descriptor, buffer, count) != count {
        throw HabitsError("cannot write '\(destination)': \(String(cString: strerror(errno)))")
      }
    }
  }
}
