// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The one error type of habits: what went wrong, in words a person can act on.
///
/// `offset` points into the text being parsed (a `when` expression, a date),
/// so a schedule file's diagnostic can name the exact column.
public struct HabitsError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The input was not of the expected form: exit status 64.
    case usage
    /// Something the message explains: exit status 1.
    case failure
  }

  public var message: String
  public var hint: String?
  public var kind: Kind
  /// Character offset into the parsed text where the problem starts.
  public var offset: Int?

  public init(_ message: String, hint: String? = nil, kind: Kind = .failure, offset: Int? = nil) {
    self.message = message
    self.hint = hint
    self.kind = kind
    self.offset = offset
  }

  /// The message with its hint: `unknown weekday 'sundy' — did you mean 'sunday'?`.
  public var description: String {
    guard let hint else { return message }
    return "\(message) — \(hint)"
  }
}

extension HabitsError {
  /// The same problem, from a rule, a time or a zone that could not be read.
  public init(_ error: RecurrenceError, kind: Kind = .failure) {
    self.init(error.message, hint: error.hint, kind: kind, offset: error.offset)
  }
}
