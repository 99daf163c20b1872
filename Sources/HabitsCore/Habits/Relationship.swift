// SPDX-License-Identifier: Apache-2.0
/// Who the habits are kept with, so that a reminder offers only the prompts
/// that suit them: `relationship` in `config.toml`, `for` on a prompt.
public enum Relationship: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// A partner you live with or see most days.
  case couple
  /// A partner who lives apart, so in-person prompts do not fit.
  case longDistance = "long-distance"
  case family
  case friends

  /// The name as the files write it: `couple`, `long-distance`, `family`, `friends`.
  public var description: String { rawValue }

  /// The names, quoted and listed, for messages.
  static let listed = "\"couple\", \"long-distance\", \"family\" or \"friends\""

  /// Reads a name as the files write it, in any case.
  public init?(parsing text: String) {
    self.init(rawValue: text.trimmingWhitespace().lowercased())
  }
}
