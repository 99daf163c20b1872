// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Foundation
import Testing

@testable import HabitsCLI

/// The hand-written parser against argument-parser, over a corpus of
/// command lines: wherever `QuickPath` takes a line, argument-parser must
/// parse and validate it too, into a command with the same values. Lines
/// `QuickPath` leaves go to argument-parser anyway, so every line behaves
/// as argument-parser would have it.
///
/// With one difference, kept on purpose: `--name=` with nothing after the
/// `=` is an empty value to `QuickPath`, as `--name ""` is to both, where
/// argument-parser calls it a missing value. So `habits today --db=` says
/// that '--db' is empty (HostileEnvironmentTests), as it always has.
@Suite struct QuickPathTests {
  /// A command's name, whether it takes a habit, its options with values to
  /// try, and its flags.
  struct Grammar {
    var name: String
    var takesHabit: Bool
    var options: [(name: String, values: [String])]
    var flags: [String]
  }

  static let dates = [
    "today", "yesterday", "2026-03-01", "mon", "Sunday", "2026-02-30", "2026-3-1", "", "tomorrow",
  ]
  static let values = [
    "20", "2.5", "0", "1e3", "-0", "0.0", "nan", "NaN", "inf", "-inf", "-5", "1e9", "999999999.5",
    "1e300", "0x1p3", " 5", "5 ", "1,5", "", "five", "+3", ".5", "5.",
  ]
  static let notes = [
    "walk by the river", "a=b", "=", "x=y=z", "ünïcödé 🎉", "-leading", "--double", "-", "",
    " ", "tab\there", "line\nbreak", String(repeating: "x", count: 10_001),
    String(repeating: "é", count: 10_000), "--date", "-h", "--help",
  ]
  static let global: [(name: String, values: [String])] = [
    ("--schedules", ["/tmp/s", "s", "", "-s", "a=b"]),
    ("--db", ["/tmp/h.sqlite3", "", "-", "x=y"]),
    ("--color", ["auto", "always", "never", "Always", "", "yes"]),
  ]
  static let formats = ["text", "plain", "waybar", "i3blocks", "json", "", "Waybar"]

  static let grammars = [
    Grammar(
      name: "done", takesHabit: true,
      options: [("--date", dates), ("--value", values), ("--note", notes)] + global,
      flags: ["--json"]),
    Grammar(
      name: "undo", takesHabit: true, options: [("--date", dates)] + global, flags: ["--json"]),
    Grammar(
      name: "skip", takesHabit: true, options: [("--date", dates), ("--note", notes)] + global,
      flags: ["--json"]),
    Grammar(
      name: "today", takesHabit: false, options: [("--format", formats)] + global,
      flags: ["--json", "--short", "--watch"]),
    // The habit may be left out: lines with it and without.
    Grammar(name: "stats", takesHabit: true, options: global, flags: ["--json"]),
    Grammar(name: "stats", takesHabit: false, options: global, flags: ["--json"]),
  ]

  static let habits = ["gratitude", "reading", "help", "done", "a=b", "ünï", "", " ", "../x"]

  /// Lines built from each grammar, and odd ones.
  static var corpus: [[String]] {
    var lines: [[String]] = [[], ["help"], ["--help"], ["-h"], ["--version"], ["DONE", "x"]]
    for grammar in grammars {
      let name = grammar.name
      let head = grammar.takesHabit ? [name, "gratitude"] : [name]
      lines.append([name])
      lines.append(head)
      for habit in habits where grammar.takesHabit {
        lines.append([name, habit])
        lines.append([name, "--", habit])
        lines.append([name, habit, "--json"])
      }
      lines.append(head + ["gratitude"])
      for odd in [
        "-h", "--help", "--version", "-v", "--", "---completion", "--generate-completion-script",
        "--experimental-dump-help", "--unknown", "--unknown=1", "-x", "-j", "--js", "--JSON",
        "---json", "-", "--=", "--=x", "help",
      ] {
        lines.append(head + [odd])
        lines.append([name, odd] + head.dropFirst())
      }
      lines.append(head + ["--", "--json"])
      lines.append(head + ["--json", "--", "x"])
      for (option, values) in grammar.options {
        lines.append(head + [option])
        lines.append(head + [option + "="])
        lines.append(head + [option, "--json"])
        lines.append(head + [option.uppercased(), values[0]])
        lines.append(head + [String(option.dropFirst()), values[0]])
        for value in values {
          lines.append(head + [option, value])
          lines.append(head + [option + "=" + value])
          lines.append([name, option, value] + head.dropFirst())
        }
        // Repeated, the same or different.
        lines.append(head + [option, values[0], option, values[0]])
        lines.append(head + [option, values[0], option + "=" + values[1]])
        for (other, otherValues) in grammar.options where other != option {
          lines.append(head + [option, values[0], other, otherValues[0]])
        }
        for flag in grammar.flags { lines.append(head + [flag, option, values[0]]) }
      }
      for flag in grammar.flags {
        lines.append(head + [flag])
        lines.append(head + [flag, flag])
        lines.append(head + [flag + "=1"])
        lines.append(head + [flag + "="])
        lines.append([name, flag] + head.dropFirst())
      }
    }
    // today's flags and --format together, which validate() rules on.
    for short in [false, true] {
      for watch in [false, true] {
        for json in [false, true] {
          for format in [nil, "text", "plain", "waybar", "i3blocks"] {
            var line = ["today"]
            if short { line.append("--short") }
            if watch { line.append("--watch") }
            if json { line.append("--json") }
            if let format { line += ["--format", format] }
            lines.append(line)
            lines.append([line[0]] + line.dropFirst().reversed())
          }
        }
      }
    }
    return lines
  }

  /// Everything a parsed command carries, to compare.
  static func values(_ command: any ParsableCommand) -> String {
    func global(_ options: GlobalOptions) -> String {
      "schedules=\(String(reflecting: options.schedules)) db=\(String(reflecting: options.db))"
        + " json=\(options.json) color=\(options.color)"
    }
    func day(_ target: DayArguments) -> String {
      "habit=\(String(reflecting: target.habit)) date=\(String(reflecting: target.date))"
    }
    switch command {
    case let done as DoneCommand:
      return "done \(day(done.target)) value=\(String(reflecting: done.value?.bitPattern))"
        + " note=\(String(reflecting: done.note)) \(global(done.options))"
    case let undo as UndoCommand:
      return "undo \(day(undo.target)) \(global(undo.options))"
    case let skip as SkipCommand:
      return
        "skip \(day(skip.target)) note=\(String(reflecting: skip.note)) \(global(skip.options))"
    case let today as TodayCommand:
      return "today short=\(today.short) watch=\(today.watch)"
        + " format=\(String(reflecting: today.format)) \(global(today.options))"
    case let stats as StatsCommand:
      return "stats habit=\(String(reflecting: stats.habit)) \(global(stats.options))"
    default:
      return "\(type(of: command))"
    }
  }

  /// `line` with each `--name=` (nothing after the `=`) as `--name ""`.
  static func emptyValuesSpelledOut(_ line: [String]) -> [String] {
    var result: [String] = []
    for (index, argument) in line.enumerated() {
      if line[..<index].contains("--") || !argument.hasPrefix("--") || !argument.hasSuffix("=")
        || argument.dropLast().contains("=")
      {
        result.append(argument)
      } else {
        result += [String(argument.dropLast()), ""]
      }
    }
    return result
  }

  @Test func bothParseTheCorpusAlike() throws {
    var taken = 0
    for line in Self.corpus {
      guard let quick = QuickPath.command(line) else { continue }
      taken += 1
      let parsed: any ParsableCommand
      do {
        parsed = try HabitsCommand.parseAsRoot(Self.emptyValuesSpelledOut(line))
      } catch {
        Issue.record("only the hand parser takes \(line): \(HabitsCommand.message(for: error))")
        continue
      }
      #expect(Self.values(quick) == Self.values(parsed), "\(line)")
    }
    // Not a vacuous comparison: the hand parser takes a good share of the lines.
    #expect(taken > 300, "the hand parser took \(taken) of \(Self.corpus.count) lines")
  }

  /// The lines people type every day take the quick path.
  @Test func everydayLinesAreQuick() throws {
    for line in [
      ["done", "gratitude"], ["done", "reading", "--value", "20"],
      ["done", "quality-time", "--date", "yesterday", "--note", "walk by the river"],
      ["undo", "gratitude"], ["undo", "quality-time", "--date", "2026-11-18"],
      ["skip", "phone-free-dinner", "--note", "dinner with friends"], ["today"],
      ["today", "--short"], ["today", "--json"], ["today", "--format", "waybar", "--watch"],
      ["done", "gratitude", "--db", "/tmp/h.sqlite3", "--schedules", "/tmp/s", "--json"],
      ["today", "--db="], ["stats"], ["stats", "--json"], ["stats", "gratitude", "--json"],
    ] {
      let quick = try #require(QuickPath.command(line), "\(line)")
      let parsed = try HabitsCommand.parseAsRoot(Self.emptyValuesSpelledOut(line))
      #expect(Self.values(quick) == Self.values(parsed), "\(line)")
    }
  }

  /// What the hand parser leaves: help, completion, short options, `--`, a
  /// value that starts with a dash, repeats, and lines that do not validate.
  @Test func unusualLinesGoToArgumentParser() {
    for line in [
      ["done", "gratitude", "-h"], ["done", "--help"], ["done", "gratitude", "--version"],
      ["done", "---completion", "--", "gratitude"], ["done", "--", "gratitude"],
      ["done", "gratitude", "--note", "-leading"], ["done", "gratitude", "--value", "-0"],
      ["done", "gratitude", "--date", "mon", "--date", "tue"], ["today", "--short", "--short"],
      ["done", "reading", "--value", "nan"], ["done", "gratitude", "--unknown"],
      ["today", "--watch"], ["today", "--short", "--format", "waybar"], ["done"],
      ["done", "a", "b"], ["done", "gratitude", "--json=1"], ["week", "--json"],
      ["stats", "a", "b"],
    ] {
      #expect(QuickPath.command(line) == nil, "\(line)")
    }
  }

  /// Every option and flag of each command, as argument-parser describes it
  /// (`--experimental-dump-help`), is one the hand parser and the corpus
  /// know: an option added to a command and not here would leave the hand
  /// parser building commands with that value unset.
  @Test func theGrammarsNameEveryOptionOfTheirCommands() throws {
    for grammar in Self.grammars {
      let type = try #require(
        HabitsCommand.configuration.subcommands.first { $0._commandName == grammar.name })
      let dump = try JSONSerialization.jsonObject(with: Data(type._dumpHelp().utf8))
      let command = try #require((dump as? [String: Any])?["command"] as? [String: Any])
      var options: Set<String> = []
      var flags: Set<String> = []
      var positionals = 0
      for argument in command["arguments"] as? [[String: Any]] ?? [] {
        let names = (argument["names"] as? [[String: Any]] ?? [])
          .filter { $0["kind"] as? String == "long" }.compactMap { $0["name"] as? String }
          .map { "--" + $0 }
        switch argument["kind"] as? String {
        case "positional": positionals += 1
        case "option": options.formUnion(names)
        case "flag": flags.formUnion(names)
        default: Issue.record("\(grammar.name): an argument of another kind: \(argument)")
        }
      }
      flags.remove("--help")
      let quick = try #require(QuickPath.grammar(grammar.name))
      #expect(options == Set(quick.options + QuickPath.globalOptions), "\(grammar.name)")
      #expect(flags == Set(quick.flags + QuickPath.globalFlags), "\(grammar.name)")
      #expect(positionals == (quick.takesHabit ? 1 : 0), "\(grammar.name)")
      #expect(options == Set(grammar.options.map(\.name)), "\(grammar.name)")
      #expect(flags == Set(grammar.flags), "\(grammar.name)")
    }
  }
}
