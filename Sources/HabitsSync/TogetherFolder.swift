// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// The folder two people share (`habits together init`):
/// `people/<person>/<device>/profile.json` for each device of each person
/// (`TogetherProfile`), and beside it `<year>-<month>.jsonl`, its events for
/// the habits the two keep together, as device sync writes them
/// (`EventLine`); only that device writes either.
///
/// Everything in it that this device did not write is input, the
/// partner's above all: symbolic links are not followed, only regular
/// files are read, each up to `TogetherProfile.maximumBytes`, a directory
/// up to `SyncFolder.maximumFiles` entries, and names that are not ids are
/// left alone (a sync tool's conflict copy is reported, as is a device's
/// folder that is a link or no folder at all). Each directory under the
/// folder is opened in the one above it, as in the sync folder
/// (`FolderWalk`).
public struct TogetherFolder: Sendable {
  public let path: String

  public init(path: String) {
    self.path = path
  }

  /// A profile as found, with when its file last changed.
  public struct Found: Hashable, Sendable {
    public var profile: TogetherProfile
    public var modified: Instant
  }

  /// One device's file of events for one month.
  public struct EventFile: Hashable, Comparable, Sendable {
    public var person: PersonID
    public var device: DeviceID
    /// `YYYY-MM.jsonl`.
    public var name: String

    public init(person: PersonID, device: DeviceID, name: String) {
      self.person = person
      self.device = device
      self.name = name
    }

    /// The file for events stamped at `stamp`: its month in UTC.
    public init(person: PersonID, device: DeviceID, stamp: HybridTimestamp) {
      self.init(
        person: person, device: device,
        name: SyncFolder.EventFile(device: device, stamp: stamp).name)
    }

    /// Relative to the folder, as problems and offsets name it.
    public var relativePath: String { "people/\(person)/\(device)/\(name)" }

    public static func < (a: EventFile, b: EventFile) -> Bool {
      (a.person, a.device, a.name) < (b.person, b.device, b.name)
    }
  }

  /// What the folder holds.
  public struct Listing: Sendable {
    /// Every readable profile, by person and then device.
    public var profiles: [Found] = []
    /// Every month's file of events, in path order.
    public var files: [EventFile] = []
    /// What could not be read, and conflict copies.
    public var problems: [SyncProblem] = []

    /// The people in the folder, each with their devices' profiles.
    public var people: [PersonID: [Found]] {
      Dictionary(grouping: profiles) { $0.profile.person }
    }
  }

  /// The profile file of `device` of `person`, relative to the folder.
  public static func profilePath(person: PersonID, device: DeviceID) -> String {
    "people/\(person)/\(device)/profile.json"
  }

  /// Every profile in the folder, and what is wrong with the rest.
  public func list() throws(HabitsError) -> Listing {
    var listing = Listing()
    guard let people = try SyncFolder.listedDirectory("people", in: path) else { return listing }
    defer { close(people) }
    for entry in try SyncFolder.entries(in: people, "people", of: path, problems: &listing.problems)
    {
      guard let person = PersonID(entry) else { continue }
      let personFolder = "people/" + entry
      let personDirectory: Int32
      do throws(FolderWalk.Failure) {
        personDirectory = try FolderWalk.open(entry, in: people, relative: personFolder)
      } catch {
        // Gone, or no directory (a link is none): nobody's folder.
        if error.code == ENOENT || error.code == ENOTDIR { continue }
        throw error.listing(in: path)
      }
      defer { close(personDirectory) }
      for name in try SyncFolder.entries(
        in: personDirectory, personFolder, of: path, problems: &listing.problems)
      {
        guard let device = DeviceID(name) else { continue }
        // Each name is opened in the directory opened before it, never
        // through a link: a linked device folder would have its profile
        // and events read from wherever it points, outside the folder the
        // two share.
        let deviceFolder = personFolder + "/" + name
        let directory: Int32
        do throws(FolderWalk.Failure) {
          directory = try FolderWalk.open(name, in: personDirectory, relative: deviceFolder)
        } catch {
          if error.code == ENOENT { continue }
          if let problem = Self.notAFolder(name, in: personDirectory, relative: deviceFolder) {
            listing.problems.append(problem)
            continue
          }
          throw error.listing(in: path)
        }
        defer { close(directory) }
        for file in try SyncFolder.entries(
          in: directory, deviceFolder, of: path, problems: &listing.problems)
        where SyncFolder.EventFile.isMonthFile(file) {
          listing.files.append(EventFile(person: person, device: device, name: file))
        }
        let relative = Self.profilePath(person: person, device: device)
        do throws(SyncProblem) {
          guard let found = try profile(in: directory, relative) else { continue }
          guard found.profile.person == person, found.profile.device == device else {
            throw SyncProblem(
              file: relative, line: 0,
              kind: .damaged(
                "it says it is device \(found.profile.device) of person \(found.profile.person)"))
          }
          listing.profiles.append(found)
        } catch {
          listing.problems.append(error)
        }
      }
    }
    listing.files.sort()
    listing.profiles.sort {
      ($0.profile.person, $0.profile.device) < ($1.profile.person, $1.profile.device)
    }
    return listing
  }

  /// What is wrong with the entry `name` of the open `parent`, at
  /// `relative` in the folder, where a device's folder goes, or nil when it
  /// is a directory or gone: a symbolic link is never followed, and
  /// anything else is no device's folder.
  private static func notAFolder(_ name: String, in parent: Int32, relative: String)
    -> SyncProblem?
  {
    var info = stat()
    guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
      if errno == ENOENT { return nil }
      return SyncProblem(
        file: relative, line: 0,
        kind: .unreadable("a device's folder that cannot be read: \(SyncFolder.reason(errno))"))
    }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return nil
    case S_IFLNK:
      return SyncProblem(
        file: relative, line: 0,
        kind: .unreadable("a symbolic link where a device's folder goes; not followed"))
    default:
      return SyncProblem(
        file: relative, line: 0, kind: .unreadable("not a folder, where a device's folder goes"))
    }
  }

  /// The profile in the open device folder `directory`, at `relative` in
  /// the folder, or nil when there is none.
  private func profile(in directory: Int32, _ relative: String) throws(SyncProblem) -> Found? {
    func problem(_ what: String) -> SyncProblem {
      SyncProblem(file: relative, line: 0, kind: .unreadable(what))
    }
    let descriptor = openat(
      directory, "profile.json", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard descriptor >= 0 else {
      if errno == ENOENT { return nil }
      throw problem("the profile cannot be read: \(SyncFolder.reason(errno))")
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw problem("the profile cannot be read: \(SyncFolder.reason(errno))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else {
      throw problem("the profile is not a regular file")
    }
    let limit = TogetherProfile.maximumBytes
    guard Int(info.st_size) <= limit else {
      throw problem("the profile is \(info.st_size) bytes, more than the \(limit) one may have")
    }
    var bytes = [UInt8](repeating: 0, count: limit + 1)
    var filled = 0
    while filled < bytes.count {
      let count = bytes.withUnsafeMutableBytes { buffer in
        Glibc.read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
      }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else {
        throw problem("the profile cannot be read: \(SyncFolder.reason(errno))")
      }
      if count == 0 { break }
      filled += count
    }
    guard filled <= limit else { throw problem("the profile is more than \(limit) bytes") }
    do throws(SyncProblem.Kind) {
      let profile = try TogetherProfile.decode(Array(bytes[0..<filled]))
      return Found(profile: profile, modified: Instant(secondsSince1970: Int(info.st_mtim.tv_sec)))
    } catch {
      throw SyncProblem(file: relative, line: 0, kind: error)
    }
  }

  /// Writes `profile` as its device's file, replacing it whole (a
  /// temporary file renamed into place), unless the file already says the
  /// same but for when it was written. Returns whether it wrote.
  @discardableResult
  public func write(_ profile: TogetherProfile) throws(HabitsError) -> Bool {
    let relative = Self.profilePath(person: profile.person, device: profile.device)
    let directory = try SyncFolder.madeDirectory(
      "people/\(profile.person)/\(profile.device)", in: path)
    defer { close(directory) }
    if case .some(let found) = try? self.profile(in: directory, relative) {
      var same = found.profile
      same.written = profile.written
      if same == profile { return false }
    }
    // A command and the agent may write the profile at once: each under a
    // temporary name of its own.
    try ReplacedFile.write(
      Array(profile.encoded().utf8), to: "profile.json", in: directory,
      shownAs: path + "/" + relative, mode: 0o600)
    fsync(directory)
    return true
  }

  /// The state of `file` now, without reading it (as `FolderLook` takes one).
  public func state(of file: EventFile) -> FileState? {
    SyncFolder(path: path).state(ofRelative: file.relativePath)
  }

  /// When `file` last changed (arrived, for a file a sync tool copies), or
  /// nil when it cannot be told.
  public func modified(_ file: EventFile) -> Instant? {
    guard let info = SyncFolder.status(ofRelative: file.relativePath, in: path) else { return nil }
    return Instant(secondsSince1970: Int(info.st_mtim.tv_sec))
  }

  /// The bytes of `file` from `offset` on (`SyncFolder.read(_:from:after:)`).
  public func read(
    _ file: EventFile, from offset: Int, after tail: FileTail? = nil
  ) throws(SyncProblem) -> SyncFolder.Bytes {
    try SyncFolder(path: path).read(relative: file.relativePath, from: offset, after: tail)
  }

  /// Appends `lines` to this device's `file` and waits until they are on
  /// disk (`SyncFolder.append(_:to:)`).
  public func append(_ lines: [String], to file: EventFile) throws(HabitsError) {
    try SyncFolder(path: path).append(lines, toRelative: file.relativePath)
  }

  /// Creates the folder when its parent exists, and its `people` folder;
  /// refuses a path that is something else or cannot be written.
  public func prepare() throws(HabitsError) {
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw HabitsError(
          "'\(path)' is not a directory", hint: "give the folder you share with your partner",
          kind: .usage)
      }
    } else if mkdir(path, 0o700) != 0 {
      throw HabitsError(
        "cannot create the together folder '\(path)': \(SyncFolder.reason(errno))",
        hint: "give a folder that exists, or whose parent does", kind: .usage)
    }
    guard access(path, W_OK | X_OK) == 0 else {
      throw HabitsError("the together folder '\(path)' cannot be written", kind: .usage)
    }
    close(try SyncFolder.madeDirectory("people", in: path))
  }
}
