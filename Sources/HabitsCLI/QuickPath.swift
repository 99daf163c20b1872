/// A hand-written parser for the commands people run all day (`done`,
/// `undo`, `skip`, `today`), which skips argument-parser's reflection over
/// the command tree: several milliseconds on every run.
///
/// It accepts only plain, well-formed lines and then calls the same code as
/// the argument-parser path; anything else (help, an unknown option, a value
/// that does not parse) returns nil, and argument-parser parses the line and
/// words any error, so both paths behave alike.
enum QuickPath {
  struct Options: CommonOptions {
    var schedules: String?
    var db: String?
    var json = false
    var color = ColorChoice.auto
  }

  /// The command `arguments` asks for, ready to run, or nil.
  static func command(_ arguments: [String]) -> ((Context) throws -> Void)? {
    guard let name = arguments.first else { return nil }
    let spec: (options: Set<String>, flags: Set<String>, positionals: ClosedRange<Int>)
    switch name {
    case "done": spec = (["--date", "--value", "--note"], [], 1...1)
    case "undo": spec = (["--date"], [], 1...1)
    case "skip": spec = (["--date", "--note"], [], 1...1)
    case "today": spec = ([], ["--short"], 0...0)
    default: return nil
    }
    guard
      let parsed = parse(
        Array(arguments.dropFirst()),
        options: spec.options.union(["--schedules", "--db", "--color"]),
        flags: spec.flags.union(["--json"])),
      spec.positionals.contains(parsed.positionals.count)
    else { return nil }
    var options = Options()
    options.schedules = parsed.options["--schedules"]
    options.db = parsed.options["--db"]
    options.json = parsed.flags.contains("--json")
    if let color = parsed.options["--color"] {
      guard let choice = ColorChoice(rawValue: color) else { return nil }
      options.color = choice
    }
    let date = parsed.options["--date"]
    let note = parsed.options["--note"]
    switch name {
    case "done":
      var value: Double?
      if let text = parsed.options["--value"] {
        guard let number = Double(text) else { return nil }
        value = number
      }
      guard (try? DoneCommand.validate(value: value, note: note)) != nil else { return nil }
      let habit = parsed.positionals[0]
      return {
        try DoneCommand.execute(
          habit: habit, date: date, value: value, note: note, options: options, context: $0)
      }
    case "undo":
      let habit = parsed.positionals[0]
      return { try UndoCommand.execute(habit: habit, date: date, options: options, context: $0) }
    case "skip":
      guard (try? DoneCommand.validate(value: nil, note: note)) != nil else { return nil }
      let habit = parsed.positionals[0]
      return {
        try SkipCommand.execute(habit: habit, date: date, note: note, options: options, context: $0)
      }
    default:
      let short = parsed.flags.contains("--short")
      return { try TodayCommand.execute(short: short, options: options, context: $0) }
    }
  }

  struct Parsed {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []
  }

  /// `--name value`, `--name=value`, `--flag` and positionals; nil for
  /// anything else, or an option given twice.
  static func parse(_ arguments: [String], options: Set<String>, flags: Set<String>) -> Parsed? {
    var parsed = Parsed()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      var name = argument
      var value: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
      }
      if flags.contains(name) && value == nil {
        guard parsed.flags.insert(name).inserted else { return nil }
        continue
      }
      guard options.contains(name), parsed.options[name] == nil else { return nil }
      if value == nil {
        guard index < arguments.count, !arguments[index].hasPrefix("--") else { return nil }
        value = arguments[index]
        index += 1
      }
      parsed.options[name] = value
    }
    return parsed
  }
}
