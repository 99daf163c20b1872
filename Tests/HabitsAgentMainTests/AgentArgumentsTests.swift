// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import HabitsAgentMain

/// `habits-agent` reads by hand what `habits agent` accepts and hands over.
@Suite struct AgentArgumentsTests {
  func run(_ arguments: [String]) throws -> AgentArguments {
    guard case .run(let options) = try AgentArguments.parse(arguments) else {
      Issue.record("\(arguments) did not ask to run")
      return AgentArguments()
    }
    return options
  }

  func usageError(_ arguments: [String]) -> String? {
    do {
      _ = try AgentArguments.parse(arguments)
      return nil
    } catch {
      return error.message
    }
  }

  @Test func nothingRunsWithTheDefaults() throws {
    #expect(try run([]) == AgentArguments())
  }

  @Test func optionsTakeTheirValueAfterASpaceOrAnEqualsSign() throws {
    let spaced = try run(["--schedules", "/s", "--db", "/d.sqlite3", "--verbose"])
    #expect(spaced == AgentArguments(schedules: "/s", db: "/d.sqlite3", verbose: true))
    let joined = try run(["--schedules=/s", "--db=/d.sqlite3", "--verbose"])
    #expect(joined == spaced)
    // What follows the first `=` is the value, `=` and all.
    #expect(try run(["--db=/a=b"]).db == "/a=b")
  }

  @Test func theGlobalOptionsAreTakenToo() throws {
    #expect(try run(["--json", "--color", "never"]) == AgentArguments(json: true, color: "never"))
    #expect(try run(["--color=always"]).color == "always")
  }

  @Test func theLastOfARepeatedOptionWins() throws {
    #expect(try run(["--db", "/a", "--db", "/b"]).db == "/b")
  }

  @Test func helpAndVersionComeBeforeAnythingElse() throws {
    #expect(try AgentArguments.parse(["-h"]) == .help)
    #expect(try AgentArguments.parse(["--verbose", "--help"]) == .help)
    #expect(try AgentArguments.parse(["--bogus", "--help"]) == .help)
    #expect(try AgentArguments.parse(["--version"]) == .version)
    #expect(try AgentArguments.parse(["--db", "/d", "--version"]) == .version)
  }

  @Test func anUnknownOptionIsAUsageError() {
    #expect(usageError(["--bogus"]) == "Unknown option '--bogus'")
    #expect(usageError(["--db=/d", "-x"]) == "Unknown option '-x'")
  }

  @Test func aFlagWithAValueIsAUsageError() {
    #expect(
      usageError(["--verbose=yes"])
        == "The option '--verbose' does not take any value, but 'yes' was specified.")
  }

  @Test func aStrayArgumentIsAUsageError() {
    #expect(usageError(["run"]) == "Unexpected argument 'run'")
    #expect(usageError(["--", "--db"]) == "Unexpected argument '--db'")
  }

  @Test func anOptionWithoutItsValueIsAUsageError() {
    #expect(usageError(["--db"]) == "Missing value for '--db <path>'")
    #expect(usageError(["--db="]) == "Missing value for '--db <path>'")
    #expect(usageError(["--schedules", "--verbose"]) == "Missing value for '--schedules <dir>'")
  }

  @Test func aColourItDoesNotKnowIsAUsageError() {
    #expect(usageError(["--color", "blue"])?.hasPrefix("The value 'blue' is invalid") == true)
  }

  @Test func theUsageErrorSaysWhereTheHelpIs() {
    let text = AgentUsageError("Unknown option '--bogus'").description
    #expect(text.hasPrefix("Error: Unknown option '--bogus'\nUsage: habits agent ["))
    #expect(text.hasSuffix("See 'habits agent --help' for more information.\n"))
  }
}
