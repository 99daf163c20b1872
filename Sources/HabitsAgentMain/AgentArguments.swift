// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// What `habits-agent` was asked on its command line, read by hand: the
/// options `habits agent` takes (and hands over unchanged), so that the
/// resident agent carries no argument parser.
///
/// It reads them as the CLI does: `--opt value` or `--opt=value`, the last
/// of a repeated option winning, `-h`/`--help` and `--version` before
/// anything else.
public struct AgentArguments: Equatable, Sendable {
  /// `--schedules DIR`.
  public var schedules: String?
  /// `--db PATH`.
  public var db: String?
  /// `--json`: taken, as by every command, and without effect here.
  public var json = false
  /// `--color auto|always|never`: taken, and without effect here.
  public var color = "auto"
  /// `--verbose`: log each decision.
  public var verbose = false

  public init(
    schedules: String? = nil, db: String? = nil, json: Bool = false, color: String = "auto",
    verbose: Bool = false
  ) {
    self.schedules = schedules
    self.db = db
    self.json = json
    self.color = color
    self.verbose = verbose
  }

  /// What the command line asks for.
  public enum Request: Equatable, Sendable {
    case run(AgentArguments)
    case help
    case version
  }

  /// The values `--color` takes.
  static let colors = ["auto", "always", "never"]

  /// Reads `arguments` (argv without the program name); a usage error
  /// (exit status 64) names what was wrong, as the CLI does.
  public static func parse(_ arguments: [String]) throws(AgentUsageError) -> Request {
    let options = arguments.prefix { $0 != "--" }
    if options.contains(where: { $0 == "-h" || $0 == "--help" }) { return .help }
    if options.contains("--version") { return .version }
    var result = AgentArguments()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if argument == "--" {
        if index < arguments.count {
          throw AgentUsageError("Unexpected argument '\(arguments[index])'")
        }
        break
      }
      guard argument.hasPrefix("-"), argument != "-" else {
        throw AgentUsageError("Unexpected argument '\(argument)'")
      }
      let name: Substring
      var attached: String?
      if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
        name = argument[..<equals]
        attached = String(argument[argument.index(after: equals)...])
      } else {
        name = Substring(argument)
      }
      /// The option's value: after `=`, or the next argument unless that is an option.
      func value(_ option: Option) throws(AgentUsageError) -> String {
        if let attached, !attached.isEmpty { return attached }
        guard attached == nil, index < arguments.count,
          !arguments[index].hasPrefix("-") || arguments[index] == "-"
        else {
          throw AgentUsageError(
            "Missing value for '\(option.synopsis)'", help: option.helpLine)
        }
        index += 1
        return arguments[index - 1]
      }
      switch name {
      case "--schedules": result.schedules = try value(.schedules)
      case "--db": result.db = try value(.db)
      case "--color":
        let color = try value(.color)
        guard colors.contains(color) else {
          throw AgentUsageError(
            "The value '\(color)' is invalid for '\(Option.color.synopsis)'. Please provide one of 'auto', 'always' or 'never'.",
            help: Option.color.helpLine)
        }
        result.color = color
      case "--json", "--verbose":
        if let attached {
          throw AgentUsageError(
            "The option '\(name)' does not take any value, but '\(attached)' was specified.")
        }
        if name == "--json" { result.json = true } else { result.verbose = true }
      default:
        throw AgentUsageError("Unknown option '\(name)'")
      }
    }
    return .run(result)
  }

  /// An option that takes a value, as the help names and explains it.
  struct Option {
    var synopsis: String
    var help: String

    static let schedules = Option(synopsis: "--schedules <dir>", help: "Schedule files directory.")
    static let db = Option(synopsis: "--db <path>", help: "The SQLite database file.")
    static let color = Option(synopsis: "--color <color>", help: "Colour: auto, always or never.")

    /// The line a usage error about it adds.
    var helpLine: String { "Help:  \(synopsis)  \(help)" }
  }

  /// The one-line usage, as `habits agent` prints it.
  public static let usage =
    "habits agent [--schedules <dir>] [--db <path>] [--json] [--color <color>] [--verbose]"
}

/// A command line `habits-agent` cannot read: exit status 64, with the
/// usage and where the help is, as the CLI answers.
public struct AgentUsageError: Error, Equatable, CustomStringConvertible {
  public var message: String
  /// The help of the option concerned, when there is one.
  public var help: String?

  public init(_ message: String, help: String? = nil) {
    self.message = message
    self.help = help
  }

  /// What goes to stderr.
  public var description: String {
    """
    Error: \(message)
    \(help.map { $0 + "\n" } ?? "")Usage: \(AgentArguments.usage)
      See 'habits agent --help' for more information.

    """
  }
}
