// SPDX-License-Identifier: Apache-2.0
import HabitsAgent
import HabitsCore
import HabitsNotify
import Logging

/// Which notifier `config.toml` asks for (`notifier`), behind which fallback
/// (`fallback`): made at start, and again when a reload changes either.
public enum NotifierChoice {
  /// The configured notifier behind the configured fallback. `stdout` needs
  /// none; a fallback command falls back to stdout in turn. `desktop` makes
  /// the libnotify notifier (tests pass another).
  public static func notifier(
    for config: Config, logger: Logger,
    desktop: (Logger) -> Notifier = { LibnotifyNotifier(logger: $0) }
  ) -> Notifier {
    let primary: Notifier
    switch config.notifier {
    case .libnotify: primary = desktop(logger)
    case .stdout: return StdoutNotifier()
    case .command(let argv): primary = CommandNotifier(argv: argv)
    }
    let fallback: Notifier
    switch config.fallback {
    case .command(let argv) where config.fallback != config.notifier:
      fallback = FallbackNotifier(
        primary: CommandNotifier(argv: argv), fallback: StdoutNotifier(), logger: logger)
    default: fallback = StdoutNotifier()
    }
    return FallbackNotifier(primary: primary, fallback: fallback, logger: logger)
  }
}
