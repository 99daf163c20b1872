// SPDX-License-Identifier: Apache-2.0
/// A problem found in a schedule or config file, at a place in it.
public struct Diagnostic: Hashable, Sendable, Codable, CustomStringConvertible {
  public enum Severity: String, Hashable, Sendable, Codable {
    case error, warning
  }

  public var path: String
  public var line: Int
  public var column: Int
  public var severity: Severity
  public var message: String

  public init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.severity = severity
    self.message = message
  }

  /// `path:line:column: error: message`, as compilers print it.
  public var description: String {
    "\(path):\(line):\(column): \(severity.rawValue): \(message)"
  }
}
