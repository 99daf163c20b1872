// SPDX-License-Identifier: Apache-2.0
import Logging

#if canImport(Glibc)
  import Glibc
#endif

/// Logs to stderr in a form journald understands: a `<priority>` prefix per
/// line when running under systemd (`JOURNAL_STREAM` set), otherwise a
/// timestamp and level for a terminal.
public struct JournalLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level
  public let journal: Bool

  public init(level: Logger.Level, journal: Bool) {
    self.logLevel = level
    self.journal = journal
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    let message = event.message.description.replacingNewlines()
    let line: String
    if journal {
      line = "<\(Self.priority(event.level))>\(message)\n"
    } else {
      var now = time(nil)
      var parts = tm()
      gmtime_r(&now, &parts)
      let stamp =
        "\(parts.tm_year + 1900)-\(Self.two(parts.tm_mon + 1))-\(Self.two(parts.tm_mday))T"
        + "\(Self.two(parts.tm_hour)):\(Self.two(parts.tm_min)):\(Self.two(parts.tm_sec))Z"
      line = "\(stamp) \(event.level): \(message)\n"
    }
    ProcessEnvironment.write(line, to: 2)
  }

  private static func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }

  /// syslog priorities, as sd-daemon(3) prefixes.
  static func priority(_ level: Logger.Level) -> Int {
    switch level {
    case .trace, .debug: return 7
    case .info: return 6
    case .notice: return 5
    case .warning: return 4
    case .error: return 3
    case .critical: return 2
    }
  }
}

extension String {
  fileprivate func replacingNewlines() -> String {
    split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ⏎ ")
  }
}
