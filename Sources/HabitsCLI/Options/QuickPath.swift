// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// A hand-written parser for the commands people run all day (`done`,
/// `undo`, `skip` and `today`) and for `stats`. It builds the same command
/// value that argument-parser would, which then validates and runs as any
/// other; what it saves is argument-parser's reflection over the command's
/// properties, the larger part of a `habits done`'s start (bench/run
/// measures it).
///
/// It takes only plain lines: the command's long options, each at most once,
/// with values that do not start with a dash, and its habit. For anything
/// else (help, completion, `--`, a short option, a value that does not
/// convert, a command that does not validate) it gives nil, and
/// argument-parser parses the line and words any error. `QuickPathTests`
/// parses a corpus of lines both ways and compares what comes out.
enum QuickPath {
  /// What one command takes besides the global options.
  struct Grammar: Sendable {
    var name: String
    var options: [String]
    var flags: [String]
    var takesHabit: Bool
    /// The habit may be left out.
    var habitOptional = false
    var build: @Sendable (Parsed, GlobalOptions) -> (any ParsableCommand)?
  }

  static let grammars: [Grammar] = [
    Grammar(name: "done", options: ["--date", "--value", "--note"], flags: [], takesHabit: true) {
      var command = DoneCommand()
      command.options = $1
      command.target = $0.day
      command.value = nil
      if let text = $0[option: "--value"] {
        guard let value = Double(argument: text) else { return nil }
        command.value = value
      }
      command.note = $0[option: "--note"]
      return command
    },
    Grammar(name: "undo", options: ["--date"], flags: [], takesHabit: true) {
      var command = UndoCommand()
      command.options = $1
      command.target = $0.day
      return command
    },
    Grammar(name: "skip", options: ["--date", "--note"], flags: [], takesHabit: true) {
      var command = SkipCommand()
      command.options = $1
      command.target = $0.day
      command.note = $0[option: "--note"]
      return command
    },
    Grammar(
      name: "today", options: ["--format"], flags: ["--short", "--watch"], takesHabit: false
    ) {
      var command = TodayCommand()
      command.options = $1
      command.short = $0.flags.contains("--short")
      command.watch = $0.flags.contains("--watch")
      command.format = nil
      if let text = $0[option: "--format"] {
        guard let format = StatusLine.Format(argument: text) else { return nil }
        command.format = format
      }
      return command
    },
    Grammar(name: "stats", options: [], flags: [], takesHabit: true, habitOptional: true) {
      var command = StatsCommand()
      command.options = $1
      command.habit = $0.positionals.first
      return command
    },
  ]

  /// The options every command takes.
  static let globalOptions = ["--schedules", "--db", "--color"]
  static let globalFlags = ["--json"]

  /// The grammar of the command `name`.
  static func grammar(_ name: String) -> Grammar? {
    grammars.first { $0.name == name }
  }

  /// The command `arguments` (argv without the program name) asks for,
  /// parsed and validated, or nil.
  static func command(_ arguments: [String]) -> (any ParsableCommand)? {
    guard let name = arguments.first, let grammar = grammar(name),
      let parsed = parse(
        arguments.dropFirst(), options: grammar.options + globalOptions,
        flags: grammar.flags + globalFlags),
      parsed.positionals.count == (grammar.takesHabit ? 1 : 0)
        || (grammar.habitOptional && parsed.positionals.isEmpty)
    else { return nil }
    var options = GlobalOptions()
    options.schedules = parsed[option: "--schedules"]
    options.db = parsed[option: "--db"]
    options.json = parsed.flags.contains("--json")
    options.color = .auto
    if let text = parsed[option: "--color"] {
      guard let color = ColorChoice(argument: text) else { return nil }
      options.color = color
    }
    guard var command = grammar.build(parsed, options), (try? command.validate()) != nil else {
      return nil
    }
    return command
  }

  /// A line taken apart.
  struct Parsed {
    var positionals: [String] = []
    /// Each option given, with its value, in the order given.
    var values: [(name: String, value: String)] = []
    var flags: [String] = []

    /// The value of the option `name`, if it was given.
    subscript(option name: String) -> String? {
      values.first { $0.name == name }?.value
    }

    /// `HABIT [--date DATE]`.
    var day: DayArguments {
      var day = DayArguments()
      day.habit = positionals.first ?? ""
      day.date = self[option: "--date"]
      return day
    }
  }

  /// `--name value`, `--name=value`, `--flag` and positionals; nil for
  /// anything else, for an option or flag given twice, and for a value or
  /// positional that starts with a dash.
  static func parse(
    _ arguments: ArraySlice<String>, options: [String], flags: [String]
  ) -> Parsed? {
    var parsed = Parsed()
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      guard argument.hasPrefix("-") else {
        parsed.positionals.append(argument)
        continue
      }
      guard argument.hasPrefix("--") else { return nil }
      var name = argument
      var value: String?
      if let equals = argument.firstIndex(of: "=") {
        name = String(argument[..<equals])
        value = String(argument[argument.index(after: equals)...])
      }
      if flags.contains(name) {
        guard value == nil, !parsed.flags.contains(name) else { return nil }
        parsed.flags.append(name)
        continue
      }
      guard options.contains(name), parsed[option: name] == nil else { return nil }
      if let value {
        parsed.values.append((name, value))
        continue
      }
      guard let next = rest.popFirst(), !next.hasPrefix("-") else { return nil }
      parsed.values.append((name, next))
    }
    return parsed
  }
}
