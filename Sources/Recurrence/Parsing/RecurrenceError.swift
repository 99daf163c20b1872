// SPDX-License-Identifier: Apache-2.0
/// What went wrong reading a rule, a time or a time zone, in words a person
/// can act on.
///
/// `offset` points into the text being parsed (a `when` expression, a
/// rule), so that whoever shows the error can name the exact column.
public struct RecurrenceError: Error, Equatable, Sendable, CustomStringConvertible {
  public var message: String
  public var hint: String?
  /// Character offset into the parsed text where the problem starts.
  public var offset: Int?

  public init(_ message: String, hint: String? = nil, offset: Int? = nil) {
    self.message = message
    self.hint = hint
    self.offset = offset
  }

  /// The message with its hint: `unknown weekday 'sundy' — did you mean 'sunday'?`.
  public var description: String {
    guard let hint else { return message }
    return "\(message) — \(hint)"
  }
}
