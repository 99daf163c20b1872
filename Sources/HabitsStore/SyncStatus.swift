// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import Recurrence

/// What `habits sync status` shows: the devices seen, what waits, and what
/// could not be used.
public struct SyncStatus: Sendable {
  /// A device whose events were seen.
  public struct Device: Equatable, Sendable {
    public var id: DeviceID
    /// From its `name.txt`; nil when it has none yet.
    public var name: String?
    /// Its events merged here.
    public var events: Int
    /// The stamp of its latest event.
    public var latest: Instant?
  }

  /// Bytes of a file not merged yet: a last line still being written.
  public struct Pending: Equatable, Sendable {
    public var file: String
    public var bytes: Int
  }

  public var folder: String
  public var member: SyncMember
  public var devices: [Device]
  public var pending: [Pending]
  /// Damaged lines, events of a newer format, conflict copies, unreadable
  /// files: by file, then line.
  public var problems: [SyncProblem]
  /// Days changed here whose events wait to be written to the folder (it
  /// was away, or a file of this device's could not be read).
  public var unwritten = 0
}
