// SPDX-License-Identifier: Apache-2.0
/// How a habit is kept with a partner through a together folder
/// (`together` in its schedule file). A habit is kept together only when
/// both people's files with its id say so; without the key it is private.
public enum Together: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// One record for the two: either's done counts for both, either's undo
  /// clears it for both.
  case shared
  /// Each keeps their own record, and both see both.
  case each

  public var description: String { rawValue }

  /// How the two sides' words combine: `shared` only when both say it;
  /// `each` when either says `each`, so that nobody's record is changed by
  /// the other unless they both agreed to it.
  public static func agreed(_ mine: Together, _ theirs: Together) -> Together {
    mine == .shared && theirs == .shared ? .shared : .each
  }
}
