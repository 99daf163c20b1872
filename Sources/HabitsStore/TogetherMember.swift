// SPDX-License-Identifier: Apache-2.0
import HabitsSync

/// This person and device in a together folder, as the database remembers
/// them: the ids stay when they leave, so that joining again continues.
public struct TogetherMember: Equatable, Sendable {
  public var person: PersonID
  public var device: DeviceID
  /// This person's name, as the partner sees it.
  public var name: String
  /// Whether it takes part now (`habits together leave` stops it).
  public var active: Bool
  /// The partner's name as last read from the folder, for `{partner}`.
  public var partnerName: String?
  /// The partner, once found in the folder: the other person they stay.
  public var partner: PersonID?
}
