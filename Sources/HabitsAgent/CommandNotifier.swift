// SPDX-License-Identifier: Apache-2.0
import CLinux
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program for each reminder, with the summary and body appended to
/// its arguments (so `["notify-send"]` works). Never through a shell.
public final class CommandNotifier: Notifier, @unchecked Sendable {
  public let argv: [String]
  /// How long the program may run before it is left behind.
  public let timeout: Double

  public init(argv: [String], timeout: Double = 2) {
    self.argv = argv
    self.timeout = timeout
  }

  public func deliver(_ notification: ReminderNotification) -> Delivery {
    var body = notification.body
    if let hint = notification.commandHint { body += body.isEmpty ? hint : "\n\(hint)" }
    let arguments = argv + [notification.summary, body]
    var pid: pid_t = 0
    var cStrings = arguments.map { strdup($0) }
    cStrings.append(nil)
    defer { for pointer in cStrings { free(pointer) } }
    let status = posix_spawnp(&pid, argv[0], nil, nil, &cStrings, environ)
    guard status == 0 else {
      return .failed("cannot run \(argv[0]): \(String(cString: strerror(status)))")
    }
    // Wait briefly; a program that hangs must not hold up the schedule.
    let deadline = Self.monotonicSeconds() + timeout
    var exitStatus: Int32 = 0
    while true {
      let done = waitpid(pid, &exitStatus, WNOHANG)
      if done == pid { break }
      if done < 0 { return .failed("lost track of \(argv[0])") }
      if Self.monotonicSeconds() > deadline {
        kill(pid, SIGKILL)
        waitpid(pid, &exitStatus, 0)
        return .failed("\(argv[0]) did not finish within \(Int(timeout)) s")
      }
      usleep(10_000)
    }
    let code = (exitStatus >> 8) & 0xFF
    let signaled = (exitStatus & 0x7F) != 0
    return !signaled && code == 0
      ? .shown(via: argv[0])
      : .failed("\(argv[0]) exited with status \(signaled ? 128 + (exitStatus & 0x7F) : code)")
  }

  private static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  public func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void) {}

  public var supportsActions: Bool { false }
}
