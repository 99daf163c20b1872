// SPDX-License-Identifier: Apache-2.0
/// Something in the sync folder that could not be used as it is, with where
/// it is, for `habits sync status` to name. A problem never stops the rest of
/// a file from being read.
public struct SyncProblem: Error, Hashable, Sendable, CustomStringConvertible {
  public enum Kind: Error, Hashable, Sendable, CustomStringConvertible {
    /// A line that is not an event: what is wrong with it.
    case damaged(String)
    /// A well-formed event of a newer format: kept, not applied; or, with
    /// `profile`, a together profile of a newer format, not used.
    case newerFormat(version: Int, profile: Bool = false)
    /// A partner's event with the id of one of this person's, which is
    /// kept instead, whichever came first.
    case reusedID
    /// A copy a sync tool made when two devices changed one file: never
    /// read, as each device writes only its own files and so never
    /// conflicts; something else wrote there.
    case conflictCopy
    /// A file that cannot be read as it is (too large, shorter than what
    /// was read before, not a regular file): what is wrong with it.
    case unreadable(String)

    public var description: String {
      switch self {
      case .damaged(let what): return what
      case .newerFormat(let version, profile: false):
        return "an event of format \(version), newer than this habits reads; kept, not applied"
      case .newerFormat(let version, profile: true):
        return "a profile of format \(version), newer than this habits reads; not used"
      case .reusedID: return "an event id used before for another change; yours is kept"
      case .conflictCopy: return "a conflict copy made by the sync tool; ignored"
      case .unreadable(let what): return what
      }
    }
  }

  /// The file, relative to the sync folder; empty for the folder itself.
  public var file: String
  /// The line, counted from 1; 0 for a problem with the whole file.
  public var line: Int
  public var kind: Kind

  public init(file: String, line: Int, kind: Kind) {
    self.file = file
    self.line = line
    self.kind = kind
  }

  /// That no profile of `partner`, the partner found before, can be read
  /// now: nothing is sent or taken until one can.
  public static func partnerUnread(_ partner: PersonID) -> SyncProblem {
    SyncProblem(
      file: "people/\(partner)", line: 0,
      kind: .unreadable(
        "no profile of your partner's can be read, so nothing is sent or taken until one can"))
  }

  public var description: String {
    file.isEmpty ? "\(kind)" : line > 0 ? "\(file):\(line): \(kind)" : "\(file): \(kind)"
  }
}
