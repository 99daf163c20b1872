// SPDX-License-Identifier: Apache-2.0
import CLinux
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// One agent per user: an exclusive lock on a file holding the agent's pid.
public final class AgentLock {
  private let descriptor: Int32
  public let path: String

  /// Takes the lock at `path`, or throws naming the agent that holds it.
  public init(path: String) throws {
    self.path = path
    let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(
      separator: "/")
    if !directory.isEmpty && access(directory, F_OK) != 0 { mkdir(directory, 0o700) }
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw HabitsError(
        "cannot open the agent's lock file '\(path)': \(String(cString: strerror(errno)))")
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      var buffer = [UInt8](repeating: 0, count: 32)
      let count = read(descriptor, &buffer, 31)
      close(descriptor)
      let pid =
        count > 0
        ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingWhitespaceAndNewlines() : "?"
      throw AgentAlreadyRunning(pid: pid, lockPath: path)
    }
    ftruncate(descriptor, 0)
    let text = Array("\(getpid())\n".utf8)
    _ = pwrite(descriptor, text, text.count, 0)
  }

  /// Where the lock lives: `$XDG_RUNTIME_DIR/habits/agent.lock`, or beside
  /// the database when there is no runtime directory.
  public static func path(environment: [String: String], database: String) -> String {
    if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
      return runtime + "/habits/agent.lock"
    }
    let directory = database.split(separator: "/", omittingEmptySubsequences: false).dropLast()
      .joined(separator: "/")
    return (directory.isEmpty ? "." : directory) + "/agent.lock"
  }

  deinit {
    ftruncate(descriptor, 0)
    close(descriptor)
  }
}

/// `habits agent` while another runs: exit status 75.
public struct AgentAlreadyRunning: Error, CustomStringConvertible {
  public var pid: String
  public var lockPath: String

  public var description: String {
    "habits agent is already running (pid \(pid), lock \(lockPath))"
  }
}

extension String {
  fileprivate func trimmingWhitespaceAndNewlines() -> String {
    var text = Substring(self)
    while let c = text.first, c == " " || c == "\n" || c == "\t" { text.removeFirst() }
    while let c = text.last, c == " " || c == "\n" || c == "\t" { text.removeLast() }
    return String(text)
  }
}
