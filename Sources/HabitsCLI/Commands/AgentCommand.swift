// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// `habits agent`: the background process that sends the reminders.
///
/// The agent is its own executable, `habits-agent`, which links libnotify
/// and GLib and reads the same options by hand; `habits agent` hands over to
/// it, so that the commands people type all day never load the notification
/// stack. This command only declares the options, for help and completion.
struct AgentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "agent",
    abstract: "Run the reminder agent in the foreground (what the systemd unit starts).",
    discussion: """
      Sleeps until the next reminder is due and shows it as a desktop
      notification with Done, Snooze and Skip buttons. It wakes early only
      when the answer may change: the clock or the time zone changes, a
      schedule or config.toml is edited, the CLI records a check-in or a
      snooze, or SIGHUP. SIGTERM or SIGINT stop it. Only one agent runs per
      user: a second one exits with status 75.

      HABITS_NOW (an ISO 8601 instant) starts its clock at that instant, and
      time runs on from there; it still sleeps on the real clock. TZ fixes
      the zone; without it the agent follows the system's.

      Examples:
        habits agent
        habits agent --verbose
        systemctl --user enable --now habits-agent
      """
  )

  @OptionGroup var options: GlobalOptions

  @Flag(help: "Log each decision, not only what was sent.")
  var verbose = false

  func run() throws {
    try Self.handOver()
  }

  /// Replaces this process with `habits-agent` from the same directory,
  /// passing the arguments on.
  static func handOver() throws -> Never {
    let directory = (Environment.executablePath() ?? "").split(separator: "/").dropLast().joined(
      separator: "/")
    let agent = "/" + directory + "/habits-agent"
    let arguments = [agent] + CommandLine.arguments.dropFirst(2)
    var cStrings = arguments.map { strdup($0) }
    cStrings.append(nil)
    execv(agent, &cStrings)
    throw HabitsError(
      "cannot start \(agent): \(String(cString: strerror(errno)))",
      hint: "habits-agent is installed beside habits; reinstall habits")
  }
}
