// SPDX-License-Identifier: Apache-2.0
import Testing

@testable import HabitsNotify

/// Where the agent looks for the icon it shows. That servers receive and
/// load it is proven by Tests/e2e/notification_servers.sh.
@Suite struct NotificationIconTests {
  private let icon = "icons/hicolor/scalable/apps/habits.svg"

  @Test func theIconBesideTheBinaryComesFirstThenTheXDGDataDirectories() {
    // Given an agent in /opt/habits/bin and a home
    let environment = ["HOME": "/home/ada"]
    // When the places are listed
    let places = NotificationIcon.candidates(
      executable: "/opt/habits/bin/habits-agent", environment: { environment[$0] })
    // Then the prefix's share comes first, then ~/.local/share, then the defaults
    #expect(
      places == [
        "/opt/habits/share/\(icon)", "/home/ada/.local/share/\(icon)",
        "/usr/local/share/\(icon)", "/usr/share/\(icon)",
      ])
  }

  @Test func xdgVariablesReplaceTheDefaultsAndRepeatsAreDropped() {
    // Given XDG_DATA_HOME and XDG_DATA_DIRS, one with a trailing slash and one relative
    let environment = [
      "HOME": "/home/ada", "XDG_DATA_HOME": "/data/ada/",
      "XDG_DATA_DIRS": "/usr/share:relative/share:/usr/share/",
    ]
    // When the places are listed for an agent in /usr/bin
    let places = NotificationIcon.candidates(
      executable: "/usr/bin/habits-agent", environment: { environment[$0] })
    // Then each directory appears once, absolute ones only, in order
    #expect(places == ["/usr/share/\(icon)", "/data/ada/\(icon)"])
  }

  @Test func theFirstExistingFileIsChosenAndNoneMeansNoIcon() {
    let environment = ["HOME": "/home/ada"]
    let executable = "/opt/habits/bin/habits-agent"
    // Given the icon only in ~/.local/share
    let found = NotificationIcon.find(
      executable: executable, environment: { environment[$0] },
      isFile: { $0 == "/home/ada/.local/share/\(icon)" || $0 == "/usr/share/\(icon)" })
    // Then that one is chosen, before the system's
    #expect(found == "/home/ada/.local/share/\(icon)")
    // And with no icon installed anywhere there is none
    #expect(
      NotificationIcon.find(
        executable: executable, environment: { environment[$0] }, isFile: { _ in false }) == nil)
  }
}
