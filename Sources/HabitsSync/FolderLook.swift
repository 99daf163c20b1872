// SPDX-License-Identifier: Apache-2.0
import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// One look at a sync folder: its devices' month files and the state of
/// each, and the state of each device's directory, taken before its files
/// were listed.
///
/// A look that knows how the folder was last read looks only where a
/// change can be. A directory's modification and change times move when a
/// file in it is created, removed or renamed; a sync tool brings a changed
/// file by writing a copy and renaming it over the old one (Syncthing,
/// rsync and Unison do), and a device only ever appends to the month of
/// its clock, its newest. So a device directory in the state recorded
/// holds the files recorded, and of those only the newest can have grown
/// in place, or the one before it, when a tool that copies in place
/// brought the start of a new month before the end of the last. A look
/// takes those two and the months of this turn (`turn(ofMonthFile:)`, one
/// month of the year), so that a file written in place some other way (a
/// device whose clock went back to an older month, a piece that came more
/// than a month late) is still found within `rotation` turns; `Known`
/// holds just those. A directory in another state, or none yet, is listed
/// and each of its files looked at; so is one whose state was not recorded
/// because a file in it was left unsettled.
public struct FolderLook: Sendable {
  /// The month files looked at, in path order: every one of a directory
  /// listed whole, and those `Known` gave of a directory found as it was.
  public var files: [SyncFolder.EventFile] = []
  /// The state of each of `files`, in its order: nil for one that cannot be
  /// told, is gone, or is not a regular file.
  public var states: [FileState?] = []
  /// Whether each of `files` may differ from how it was last read: new,
  /// looked at and found in another state, or one whose state is not
  /// known.
  public var changed: [Bool] = []
  /// Each device directory and its state as this look found it, before
  /// listing it: the state recorded when it is that one, and otherwise nil
  /// while it is not settled (`FileState.settlingSeconds`).
  public var directories: [(device: DeviceID, state: FileState?)] = []
  /// Whether anything differs from how the folder was last read: a file
  /// that may have changed, a directory not in its recorded state, or one
  /// recorded and gone.
  public var news = false
  /// The devices whose directory was recorded and is gone from `devices`
  /// (removed on another computer, say, and the sync tool brought the
  /// removal here); none while `devices` itself is not there.
  public var gone: [DeviceID] = []

  /// How a folder was last read: each device directory's state, and the
  /// state each month file a look takes (see above) was read in (nil when
  /// not settled), in the order of their names.
  public struct Known: Sendable {
    public var directories: [DeviceID: FileState] = [:]
    public var files: [DeviceID: [(name: String, state: FileState?)]] = [:]

    public init() {}
  }

  /// Of the files of a directory found as it was, those not looked at
  /// otherwise are looked at in this many turns: one a month of the year.
  public static let rotation = 12

  /// The turn in which a look takes the month file `name` (`YYYY-MM.jsonl`):
  /// its month of the year, from 0 for January.
  public static func turn(ofMonthFile name: String) -> Int {
    let digits = Array(name.utf8.dropFirst(5).prefix(2)).map {
      Int($0) - Int(UInt8(ascii: "0"))
    }
    guard digits.count == 2 else { return 0 }
    return (digits[0] * 10 + digits[1] + rotation - 1) % rotation
  }

  /// The month of the year (`01` to `12`) whose files a look takes in
  /// `turn`: the inverse of `turn(ofMonthFile:)`.
  public static func month(ofTurn turn: Int) -> String {
    let month = turn % rotation + 1
    return month < 10 ? "0\(month)" : "\(month)"
  }

  /// The relative path a directory's state is recorded under: the
  /// directory's own, with a slash, so that no file's can be the same.
  public static func recordPath(of device: DeviceID) -> String {
    "devices/" + device.text + "/"
  }

  /// Looks at `folder` (at the device `only`, with one): wholly without
  /// `known`, and with it only where a change can be.
  public init(folder: SyncFolder, known: Known?, only: DeviceID? = nil) throws(HabitsError) {
    defer { if known == nil { news = true } }
    // Each device directory is opened in `devices`, never through a link.
    let devices: Int32?
    if only == nil {
      devices = try SyncFolder.listedDirectory("devices", in: folder.path)
    } else {
      devices = try? FolderWalk.open("devices", under: folder.path)
    }
    // No `devices` at all is a folder not there (a disk not mounted, say),
    // not every device gone: nothing is news, as before any was found.
    guard let devices else { return }
    defer { close(devices) }
    var problems: [SyncProblem] = []
    var names = only.map { [$0.text] } ?? []
    if only == nil {
      names = try SyncFolder.entries(in: devices, "devices", of: folder.path, problems: &problems)
    }
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    for name in names {
      guard let device = DeviceID(name),
        let directory = try? FolderWalk.open(name, in: devices, relative: "devices/" + name)
      else { continue }
      defer { close(directory) }
      var info = stat()
      guard fstat(directory, &info) == 0 else { continue }
      let recorded = known?.files[device] ?? []
      // As recorded, settled then or recorded by its own device as it made
      // a file there: whether settled now or not, the same files.
      let state = FileState(info, size: Int(info.st_size))
      if let known, known.directories[device] == state {
        directories.append((device, state))
        lookInside(directory, of: device, recorded: recorded)
      } else {
        directories.append((device, FileState(settled: info, size: Int(info.st_size), now: now)))
        news = true
        listWhole(directory, of: device, recorded: recorded)
      }
    }
    if let known {
      let found = Set(directories.map(\.device))
      gone = known.directories.keys.filter {
        !found.contains($0) && (only == nil || $0 == only)
      }.sorted()
      if !gone.isEmpty { news = true }
    }
  }

  /// The files `Known` gave of a directory found in its recorded state,
  /// each looked at.
  private mutating func lookInside(
    _ directory: Int32, of device: DeviceID, recorded: [(name: String, state: FileState?)]
  ) {
    for file in recorded {
      files.append(SyncFolder.EventFile(device: device, name: file.name))
      let now = Self.state(of: file.name, in: directory)
      states.append(now)
      let differs = now == nil || now != file.state
      changed.append(differs)
      if differs { news = true }
    }
  }

  /// Every month file of a directory, each looked at and compared with
  /// `recorded` (in the order of names, as the listing is).
  private mutating func listWhole(
    _ directory: Int32, of device: DeviceID, recorded: [(name: String, state: FileState?)]
  ) {
    var next = 0
    for name in FolderWalk.names(in: directory) ?? [] where SyncFolder.EventFile.isMonthFile(name) {
      files.append(SyncFolder.EventFile(device: device, name: name))
      let now = Self.state(of: name, in: directory)
      states.append(now)
      while next < recorded.count, recorded[next].name < name { next += 1 }
      let same = next < recorded.count && recorded[next].name == name
      changed.append(now == nil || !same || recorded[next].state != now)
    }
  }

  /// The state of the regular file `name` in the open `directory`, never
  /// through a link.
  private static func state(of name: String, in directory: Int32) -> FileState? {
    var info = stat()
    guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
      info.st_mode & S_IFMT == S_IFREG
    else { return nil }
    return FileState(info, size: Int(info.st_size))
  }
}
