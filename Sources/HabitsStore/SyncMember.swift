// SPDX-License-Identifier: Apache-2.0
import HabitsSync

/// This device as a member of a sync folder, as the database remembers it:
/// the id stays when it leaves, so that joining again continues its files.
public struct SyncMember: Equatable, Sendable {
  public var device: DeviceID
  public var name: String
  /// Whether it syncs now (`habits sync leave` stops it).
  public var active: Bool
  /// The latest stamp it wrote or read.
  public var clock: HybridClock
  /// Where its database was when it joined (`HabitStore.home`); nil for a
  /// database from before that was recorded.
  public var home: String?
  /// `home`, when the database is not there now: a copy, which must not
  /// write as this device.
  public var copiedFrom: String?

  public static func == (a: SyncMember, b: SyncMember) -> Bool {
    a.device == b.device && a.name == b.name && a.active == b.active && a.clock.last == b.clock.last
  }
}
