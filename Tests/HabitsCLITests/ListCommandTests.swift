// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import Testing

@testable import HabitsCLI

/// `habits list`: every habit with its schedule in words and its next reminder.
@Suite struct ListCommandTests {
  private func fixture() throws -> CLIFixture {
    let fixture = try CLIFixture(now: "2026-03-07T12:00:00Z")
    try fixture.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    try fixture.write(
      "review.toml",
      "title = \"Review\"\nwhen = \"FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=15\"\n")
    try fixture.write("off.toml", "title = \"Off\"\nwhen = \"daily at 8:00\"\nenabled = false\n")
    return fixture
  }

  @Test func jsonFields() throws {
    // Given three habits, one disabled
    let fixture = try fixture()
    defer { fixture.remove() }
    // When they are listed as JSON
    let output = try fixture.run(["list", "--json", "--schedules", fixture.schedules])
    // Then each has the same fields, in file-name order, next null when disabled
    let objects = try jsonObjects(output.stdout)
    #expect(objects.map { $0["habit"] as? String } == ["gratitude", "off", "review"])
    #expect(
      objects.allSatisfy {
        Set($0.keys) == ["habit", "title", "when", "words", "enabled", "next", "path"]
      })
    let gratitude = objects[0]
    #expect(gratitude["title"] as? String == "Gratitude")
    #expect(gratitude["when"] as? String == "daily at 21:00")
    #expect(gratitude["words"] as? String == "daily at 21:00")
    #expect(gratitude["enabled"] as? Bool == true)
    #expect(gratitude["path"] as? String == fixture.schedules + "/gratitude.toml")
    let next = try #require(gratitude["next"] as? [String: Any])
    #expect(next["at"] as? String == "2026-03-07T21:00:00-05:00")
    #expect(next["utc"] as? String == "2026-03-08T02:00:00Z")
    #expect(next["habit"] as? String == "gratitude")

    #expect(objects[1]["enabled"] as? Bool == false)
    #expect(objects[1]["next"] is NSNull)

    // An RRULE is also said in words
    #expect(objects[2]["words"] as? String == "every mon, wed, fri at 7:15")
    #expect(objects[2]["when"] as? String == "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=15")
    #expect(output.stderr.isEmpty)
  }

  /// Mon 07:15 EDT is 47h15m after Sat 07:00 EST: one hour went missing.
  @Test func textTable() throws {
    let fixture = try fixture()
    defer { fixture.remove() }
    let output = try fixture.run(["list", "--schedules", fixture.schedules])
    #expect(
      output.stdout == """
        HABIT      TITLE      SCHEDULE                     NEXT
        gratitude  Gratitude  daily at 21:00               Sat 2026-03-07 21:00 (in 14h)
        off        Off        daily at 8:00                off
        review     Review     every mon, wed, fri at 7:15  Mon 2026-03-09 07:15 (in 1d 23h)

        """)
  }

  @Test func noHabitsYet() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let output = try fixture.run(["list", "--schedules", fixture.schedules])
    #expect(output.stdout == "No habits yet: add a schedule file, or run 'habits init'.\n")
    let json = try fixture.run(["list", "--json", "--schedules", fixture.schedules])
    #expect(json.stdout == "[]\n")
  }

  @Test func brokenFilesGoToStderr() throws {
    let fixture = try fixture()
    defer { fixture.remove() }
    let bad = try fixture.write("zz.toml", "when = 3\n")
    let output = try fixture.run(["list", "--json", "--schedules", fixture.schedules])
    #expect(output.stderr == "\(bad):1:8: error: 'when' must be a string, not an integer\n")
    #expect(try jsonObjects(output.stdout).count == 3)
  }
}
