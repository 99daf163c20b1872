// SPDX-License-Identifier: Apache-2.0
/// `habits-agent --help`: word for word what `habits agent --help` prints
/// at 80 columns (a test holds the two together).
enum AgentHelp {
  static let text = """
    OVERVIEW: Run the reminder agent in the foreground (what the systemd unit
    starts).

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

    USAGE: \(AgentArguments.usage)

    OPTIONS:
      --schedules <dir>       Schedule files directory.
      --db <path>             The SQLite database file.
      --json                  Machine-readable output on stdout.
      --color <color>         Colour: auto, always or never. (values: auto, always,
                              never; default: auto)
      --verbose               Log each decision, not only what was sent.
      --version               Show the version.
      -h, --help              Show help information.


    """
}
