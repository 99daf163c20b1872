// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import HabitsCore

/// Where the schedules and the database are, by flag, variable and XDG
/// directory, in the order CLI.md gives.
@Suite struct LocationsTests {
  private func resolve(
    schedules: String? = nil, db: String? = nil, _ environment: [String: String],
    shipped: String? = "/usr/share/habits/schedules", existing: Set<String> = []
  ) throws(HabitsError) -> Locations {
    try Locations.resolve(
      schedulesFlag: schedules, databaseFlag: db, environment: environment, shipped: shipped,
      exists: { existing.contains($0) })
  }

  @Test func flagsWinOverEverything() throws {
    // Given flags, variables and XDG directories that all exist
    let environment = [
      "HOME": "/home/ana", "HABITS_SCHEDULES": "/env/schedules", "HABITS_DB": "/env/db.sqlite3",
      "XDG_CONFIG_HOME": "/xdg/config", "XDG_DATA_HOME": "/xdg/data",
    ]
    // When flags are given
    let locations = try resolve(
      schedules: "/flag/schedules", db: "/flag/db.sqlite3", environment,
      existing: ["/xdg/config/habits/schedules"])
    // Then they are used
    #expect(locations.schedules == "/flag/schedules")
    #expect(locations.database == "/flag/db.sqlite3")
    #expect(!locations.usingShippedSchedules)
  }

  @Test func variablesComeNext() throws {
    let environment = [
      "HOME": "/home/ana", "HABITS_SCHEDULES": "/env/schedules", "HABITS_DB": "/env/db.sqlite3",
      "XDG_CONFIG_HOME": "/xdg/config",
    ]
    let locations = try resolve(environment, existing: ["/xdg/config/habits/schedules"])
    #expect(locations.schedules == "/env/schedules")
    #expect(locations.database == "/env/db.sqlite3")
    #expect(!locations.usingShippedSchedules)
  }

  @Test func emptyVariablesCountAsUnset() throws {
    let environment = ["HOME": "/home/ana", "HABITS_SCHEDULES": "", "HABITS_DB": ""]
    let locations = try resolve(environment, existing: ["/home/ana/.config/habits/schedules"])
    #expect(locations.schedules == "/home/ana/.config/habits/schedules")
    #expect(locations.database == "/home/ana/.local/share/habits/habits.sqlite3")
  }

  @Test func xdgConfigHomeWhenItsSchedulesDirectoryExists() throws {
    // Given XDG_CONFIG_HOME with a habits/schedules directory
    let environment = [
      "HOME": "/home/ana", "XDG_CONFIG_HOME": "/xdg/config", "XDG_DATA_HOME": "/xdg/data",
    ]
    let locations = try resolve(environment, existing: ["/xdg/config/habits/schedules"])
    // Then the user's schedules and the XDG data directory are used
    #expect(locations.schedules == "/xdg/config/habits/schedules")
    #expect(locations.database == "/xdg/data/habits/habits.sqlite3")
    #expect(!locations.usingShippedSchedules)
  }

  @Test func theShippedSchedulesWhenTheUserHasNone() throws {
    // Given no schedules directory of the user's
    let environment = ["HOME": "/home/ana", "XDG_CONFIG_HOME": "/xdg/config"]
    let locations = try resolve(environment, existing: ["/home/ana/.config/habits/schedules"])
    // Then the shipped ones, even though ~/.config has one (XDG_CONFIG_HOME says where to look)
    #expect(locations.schedules == "/usr/share/habits/schedules")
    #expect(locations.usingShippedSchedules)
    #expect(locations.database == "/home/ana/.local/share/habits/habits.sqlite3")
  }

  @Test func homeDefaultsWithoutXDGVariables() throws {
    let locations = try resolve(
      ["HOME": "/home/ana"], existing: ["/home/ana/.config/habits/schedules"])
    #expect(locations.schedules == "/home/ana/.config/habits/schedules")
    #expect(locations.database == "/home/ana/.local/share/habits/habits.sqlite3")
  }

  @Test func relativeXDGVariablesAreIgnored() throws {
    // The XDG spec: a relative path is invalid and must be ignored.
    let environment = [
      "HOME": "/home/ana", "XDG_CONFIG_HOME": "config", "XDG_DATA_HOME": "data",
    ]
    let locations = try resolve(environment, existing: ["/home/ana/.config/habits/schedules"])
    #expect(locations.schedules == "/home/ana/.config/habits/schedules")
    #expect(locations.database == "/home/ana/.local/share/habits/habits.sqlite3")
  }

  @Test func nothingShippedAndNothingOfTheUsersNamesTheUsersDirectory() throws {
    // So that the error about a missing directory names where to create one.
    let locations = try resolve(["HOME": "/home/ana"], shipped: nil)
    #expect(locations.schedules == "/home/ana/.config/habits/schedules")
    #expect(!locations.usingShippedSchedules)
  }

  @Test func noHomeAndNothingElseIsAClearError() {
    // Given an environment without HOME or any other hint
    // When the locations are resolved
    let error = #expect(throws: HabitsError.self) {
      try resolve([:], shipped: nil)
    }
    // Then a HabitsError says what to set
    #expect(
      error?.description
        == "neither XDG_CONFIG_HOME nor HOME is set, so there is no place for habits' files"
        + " — set HOME, or pass --schedules and --db")
  }

  @Test func noHomeWithShippedSchedulesStillNeedsADatabase() {
    let error = #expect(throws: HabitsError.self) {
      try resolve([:])
    }
    #expect(
      error?.message
        == "neither XDG_DATA_HOME nor HOME is set, so there is no place for habits' files")
  }

  @Test func noHomeIsFineWhenFlagsOrVariablesSayEverything() throws {
    let byFlags = try resolve(schedules: "/s", db: "/d.sqlite3", [:], shipped: nil)
    #expect(byFlags.schedules == "/s" && byFlags.database == "/d.sqlite3")
    let byXDG = try resolve(
      ["XDG_CONFIG_HOME": "/c", "XDG_DATA_HOME": "/d"], shipped: nil,
      existing: ["/c/habits/schedules"])
    #expect(byXDG.schedules == "/c/habits/schedules")
    #expect(byXDG.database == "/d/habits/habits.sqlite3")
  }

  @Test func aRelativeHomeIsRefusedWhenTheFilesWouldGoUnderIt() {
    let error = #expect(throws: HabitsError.self) {
      try resolve(["HOME": "home/ana"], existing: [])
    }
    #expect(error?.message == "HOME is 'home/ana', which is not an absolute path")
    #expect(error?.kind == .usage)
    // Not needed, not refused.
    #expect(throws: Never.self) {
      try resolve(schedules: "/s", db: "/d.sqlite3", ["HOME": "home/ana"])
    }
  }

  @Test func aVariableThatIsNotUTF8IsRefusedWhenItIsRead() throws {
    for name in ["XDG_DATA_HOME", "HABITS_DB", "HOME"] {
      let error = #expect(throws: HabitsError.self) {
        try Locations.resolve(
          schedulesFlag: "/s", databaseFlag: nil, environment: ["HOME": "/home/ana"],
          notUTF8: [name], shipped: nil, exists: { _ in false })
      }
      #expect(error?.message == "\(name) is not UTF-8 text, so habits cannot use the path it holds")
      #expect(error?.kind == .usage)
    }
    // --db says where the database is, so XDG_DATA_HOME is never read.
    let locations = try Locations.resolve(
      schedulesFlag: "/s", databaseFlag: "/d.sqlite3", environment: [:],
      notUTF8: ["XDG_DATA_HOME"], shipped: nil, exists: { _ in false })
    #expect(locations.database == "/d.sqlite3")
  }

  @Test func pathsLongerThanLinuxTakesAreRefused() {
    let long = "/" + String(repeating: "a", count: 5000)
    for (environment, db, message) in [
      (["HOME": "/home/ana", "XDG_DATA_HOME": long], nil, "XDG_DATA_HOME is 5001 bytes long"),
      (["HOME": long], nil, "HOME is 5001 bytes long"),
      (["HOME": "/home/ana", "HABITS_DB": long], nil, "HABITS_DB is 5001 bytes long"),
      (["HOME": "/home/ana"], long, "'--db' is 5001 bytes long"),
    ] as [([String: String], String?, String)] {
      let error = #expect(throws: HabitsError.self) {
        try resolve(schedules: "/s", db: db, environment)
      }
      #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
      #expect(error?.kind == .usage)
    }
  }

  @Test func emptyFlagsAreRefused() {
    for (schedules, db, flag) in [("", "/d", "'--schedules'"), ("/s", "", "'--db'")] {
      let error = #expect(throws: HabitsError.self) {
        try resolve(schedules: schedules, db: db, ["HOME": "/home/ana"])
      }
      #expect(error?.message == "\(flag) is empty")
      #expect(error?.kind == .usage)
    }
  }

  @Test func ownSchedulesFollowTheSameRules() throws {
    func own(_ environment: [String: String], flag: String? = nil) throws -> String {
      try Locations.ownSchedules(schedulesFlag: flag, environment: environment)
    }
    #expect(try own(["HOME": "/h"]) == "/h/.config/habits/schedules")
    #expect(try own(["HOME": "/h", "XDG_CONFIG_HOME": "rel"]) == "/h/.config/habits/schedules")
    #expect(try own(["HOME": "/h", "XDG_CONFIG_HOME": "/c"]) == "/c/habits/schedules")
    #expect(try own(["HOME": "/h", "HABITS_SCHEDULES": "/s"]) == "/s")
    #expect(try own(["HOME": "/h", "HABITS_SCHEDULES": "/s"], flag: "/f") == "/f")
    #expect(try own(["HOME": "/h"], flag: "") == "/h/.config/habits/schedules")
    // An empty HOME once made this "/.config".
    #expect(throws: HabitsError.self) { try own(["HOME": ""]) }
    #expect(throws: HabitsError.self) {
      try Locations.ownSchedules(
        schedulesFlag: nil, environment: ["HOME": "/h"], notUTF8: ["XDG_CONFIG_HOME"])
    }
  }
}
