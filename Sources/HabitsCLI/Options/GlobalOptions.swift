// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import Recurrence

/// The options every subcommand takes (CLI.md), declared once.
public struct GlobalOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp("Schedule files directory.", valueName: "dir"))
  public var schedules: String?

  @Option(name: .long, help: ArgumentHelp("The SQLite database file.", valueName: "path"))
  public var db: String?

  @Flag(name: .long, help: "Machine-readable output on stdout.")
  public var json = false

  @Option(name: .long, help: "Colour: auto, always or never.")
  public var color: ColorChoice = .auto

  public init() {}
}

/// `--color auto|always|never`.
public enum ColorChoice: String, ExpressibleByArgument, Sendable, CaseIterable {
  case auto, always, never
}
