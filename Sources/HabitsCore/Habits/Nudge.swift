// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Re-nudging while a habit is still undone: every `repeatEvery`, up to `until`.
public struct Nudge: Hashable, Sendable {
  /// Seconds between nudges.
  public var repeatEvery: Int
  /// The last time of day a nudge may come; nil for the end of the day.
  public var until: TimeOfDay?

  public init(repeatEvery: Int, until: TimeOfDay?) {
    self.repeatEvery = repeatEvery
    self.until = until
  }
}
