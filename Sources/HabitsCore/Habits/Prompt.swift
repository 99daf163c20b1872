// SPDX-License-Identifier: Apache-2.0
/// One suggestion a reminder can show, with the relationships it suits.
public struct Prompt: Hashable, Sendable {
  public var text: String
  /// The relationships it is written for; nil when it suits every one.
  public var audience: Set<Relationship>?

  public init(_ text: String, for audience: Set<Relationship>? = nil) {
    self.text = text
    self.audience = audience
  }

  /// Whether a reminder for someone keeping habits with `relationship` may show it.
  public func fits(_ relationship: Relationship) -> Bool {
    audience?.contains(relationship) ?? true
  }
}
