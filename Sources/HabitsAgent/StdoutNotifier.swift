// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Writes reminders as lines on stdout (into the journal, under systemd).
public final class StdoutNotifier: Notifier, @unchecked Sendable {
  private let write: @Sendable (String) -> Void

  public init(write: @escaping @Sendable (String) -> Void = StdoutNotifier.standardOutput) {
    self.write = write
  }

  public static let standardOutput: @Sendable (String) -> Void = { text in
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress, $0.count) }
  }

  public func deliver(_ notification: ReminderNotification) -> Delivery {
    let body = notification.body.split(separator: "\n").joined(separator: " / ")
    var line = "reminder: \(notification.summary)"
    if !body.isEmpty { line += " — \(body)" }
    if let hint = notification.commandHint { line += " (\(hint))" }
    write(line + "\n")
    return .shown(via: "stdout")
  }

  public func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void) {}

  public var supportsActions: Bool { false }
}
