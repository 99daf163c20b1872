// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// The shared folder on disk: `devices/<id>/<year>-<month>.jsonl` for each
/// device's events, which only that device appends to, and
/// `devices/<id>/name.txt` for the name people know it by.
///
/// Everything another device wrote is input: symbolic links are not
/// followed, only regular files are read, a file is read up to
/// `maximumFileBytes`, a folder up to `maximumFiles` entries, and names that
/// are not a device id or a month are left alone (a conflict copy is
/// reported). Each directory under the folder is opened in the one above
/// it and a file in the directory so opened (`FolderWalk`), so that none
/// can have become a link by the time a file in it is read or written.
public struct SyncFolder: Sendable {
  public let path: String

  /// A device's month of events is a few hundred lines; anything near this
  /// size is not one.
  public static let maximumFileBytes = 64 << 20
  /// Entries read from one directory.
  public static let maximumFiles = 10_000
  /// The longest device name, in bytes.
  public static let maximumNameBytes = 64

  public init(path: String) {
    self.path = path
  }

  /// One device's file of events for one month.
  public struct EventFile: Hashable, Comparable, Sendable {
    public let device: DeviceID
    /// `YYYY-MM.jsonl`.
    public let name: String
    /// Relative to the folder, as problems and offsets name it: made once,
    /// as a pass looks up every file of the folder by it.
    public let relativePath: String

    public init(device: DeviceID, name: String) {
      self.device = device
      self.name = name
      relativePath = "devices/" + device.text + "/" + name
    }

    /// The file for events stamped at `stamp`: its month in UTC.
    public init(device: DeviceID, stamp: HybridTimestamp) {
      let date = CivilDate(daysSinceEpoch: stamp.seconds / 86_400)
      let month = date.month < 10 ? "0\(date.month)" : "\(date.month)"
      self.init(device: device, name: "\(date.year)-\(month).jsonl")
    }

    /// In path order: device ids all have the same length, so comparing
    /// the device and then the name orders as the paths do, without
    /// building them.
    public static func < (a: EventFile, b: EventFile) -> Bool {
      a.device != b.device ? a.device < b.device : a.name < b.name
    }

    /// Whether `name` is a month's file: `YYYY-MM.jsonl`.
    public static func isMonthFile(_ name: String) -> Bool {
      var name = name
      return name.withUTF8 { bytes in
        guard bytes.count == 13, bytes[4] == UInt8(ascii: "-"),
          bytes[7...].elementsEqual(".jsonl".utf8)
        else { return false }
        var month = 0
        for index in [0, 1, 2, 3, 5, 6] {
          let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
          guard (0...9).contains(digit) else { return false }
          if index >= 5 { month = month * 10 + digit }
        }
        return (1...12).contains(month)
      }
    }
  }

  /// What is in the folder.
  public struct Listing: Sendable {
    public var files: [EventFile] = []
    /// The devices that have a folder, with or without files.
    public var devices: [DeviceID] = []
    /// Conflict copies and files that cannot be listed.
    public var problems: [SyncProblem] = []

    public init() {}
  }

  /// Whether the folder is there, a directory (or a link to one).
  public var isThere: Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// Whether `name` is a copy a sync tool made of a file two devices
  /// changed (`ConflictCopy` lists the names).
  public static func isConflictCopy(_ name: String) -> Bool {
    ConflictCopy.matches(name)
  }

  /// The device folders and their month files, in path order.
  public func list() throws(HabitsError) -> Listing {
    var listing = Listing()
    guard let devices = try Self.listedDirectory("devices", in: path) else { return listing }
    defer { close(devices) }
    for entry in try Self.entries(in: devices, "devices", of: path, problems: &listing.problems) {
      guard let device = DeviceID(entry) else { continue }
      let relative = "devices/" + entry
      let directory: Int32
      do throws(FolderWalk.Failure) {
        directory = try FolderWalk.open(entry, in: devices, relative: relative)
      } catch {
        // Gone, or no directory (a link is none): no device's folder.
        if error.code == ENOENT || error.code == ENOTDIR { continue }
        throw error.listing(in: path)
      }
      defer { close(directory) }
      listing.devices.append(device)
      for name in try Self.entries(in: directory, relative, of: path, problems: &listing.problems)
      where EventFile.isMonthFile(name) {
        listing.files.append(EventFile(device: device, name: name))
      }
    }
    listing.devices.sort()
    listing.files.sort()
    listing.problems.sort { $0.file < $1.file }
    return listing
  }

  /// What `read` found.
  public struct Bytes: Sendable {
    /// The bytes from the offset asked for.
    public var bytes: [UInt8]
    /// Whether the file is shorter than the offset asked for, or no longer
    /// holds the line last read before it (`FileTail`): it was replaced,
    /// and must be read again from its start.
    public var shrunk = false
    /// The file as it stood when read, up to the end of `bytes`; nil when
    /// it is gone, shrank, or changed too recently for its state to tell
    /// (`FileState.settlingSeconds`).
    public var state: FileState? = nil

    /// The tail of the file where a read of `count` of `bytes` stops, at a
    /// line's end; nil when it does not stop there, or read nothing.
    public func tail(afterReading count: Int) -> FileTail? {
      guard count > 0, count <= bytes.count else { return nil }
      return bytes.withUnsafeBufferPointer {
        FileTail(ending: UnsafeBufferPointer(rebasing: $0[..<count]))
      }
    }

    /// The tail to record for a file these bytes were read from, starting
    /// at `offset`, now read to `consumed`: the new last line's, or, when
    /// no whole line was read, `recorded`, the one taken at `offset`.
    public func tail(readTo consumed: Int, from offset: Int, recorded: FileTail?) -> FileTail? {
      consumed > offset
        ? tail(afterReading: consumed - offset) : offset > 0 ? recorded : nil
    }
  }

  /// The state of the file at `relative` (to the folder), as `FolderLook`
  /// takes it, but from the folder down.
  func state(ofRelative relative: String) -> FileState? {
    guard let info = Self.status(ofRelative: relative, in: path), info.st_mode & S_IFMT == S_IFREG
    else { return nil }
    return FileState(info, size: Int(info.st_size))
  }

  /// What `fstatat` says of the entry at `relative` (to `folder`), itself
  /// never followed, nor any directory on its way; nil when it cannot.
  static func status(ofRelative relative: String, in folder: String) -> stat? {
    let (parent, name) = FolderWalk.split(relative)
    guard let directory = try? FolderWalk.open(parent, under: folder) else { return nil }
    defer { close(directory) }
    var info = stat()
    guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
    return info
  }

  /// The bytes of `file` from `offset` on, up to `maximumFileBytes` from its
  /// start; an empty answer when the file is gone. With `tail`, the file
  /// must still hold the line it was taken from just before `offset`, else
  /// it is `shrunk`.
  public func read(
    _ file: EventFile, from offset: Int, after tail: FileTail? = nil
  ) throws(SyncProblem) -> Bytes {
    try read(relative: file.relativePath, from: offset, after: tail)
  }

  /// The bytes of the file at `relative` (to the folder), as `read(_:from:after:)`.
  func read(
    relative: String, from offset: Int, after tail: FileTail? = nil
  ) throws(SyncProblem) -> Bytes {
    let (parent, name) = FolderWalk.split(relative)
    let directory: Int32
    do throws(FolderWalk.Failure) {
      directory = try FolderWalk.open(parent, under: path)
    } catch {
      if error.code == ENOENT { return Bytes(bytes: []) }
      throw problem(relative, "cannot be read: \(error.reason)")
    }
    defer { close(directory) }
    let descriptor = openat(directory, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard descriptor >= 0 else {
      if errno == ENOENT { return Bytes(bytes: []) }
      throw problem(relative, "cannot be read: \(Self.reason(errno))")
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw problem(relative, "cannot be read: \(Self.reason(errno))")
    }
    guard info.st_mode & S_IFMT == S_IFREG else { throw problem(relative, "is not a regular file") }
    let size = Int(info.st_size)
    if size < offset { return Bytes(bytes: [], shrunk: true) }
    guard size <= Self.maximumFileBytes else {
      throw problem(
        relative, "is \(size) bytes, more than the \(Self.maximumFileBytes) an event file may have")
    }
    if let tail {
      let start = max(0, offset - tail.length - 1)
      let before = try Self.read(descriptor, count: offset - start, at: start, relative)
      guard tail.length <= offset, tail.matches(before, atFileStart: start == 0) else {
        return Bytes(bytes: [], shrunk: true)
      }
    }
    let bytes = try Self.read(descriptor, count: size - offset, at: offset, relative)
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Bytes(
      bytes: bytes, state: FileState(settled: info, size: offset + bytes.count, now: now))
  }

  /// Up to `count` bytes of the open file `descriptor` from `offset`.
  private static func read(
    _ descriptor: Int32, count: Int, at offset: Int, _ relative: String
  ) throws(SyncProblem) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeMutableBytes { buffer in
        pread(
          descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done,
          off_t(offset + done))
      }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else {
        throw SyncProblem(
          file: relative, line: 0,
          kind: .unreadable("the file cannot be read: \(Self.reason(errno))"))
      }
      if count == 0 { break }
      done += count
    }
    bytes.removeLast(bytes.count - done)
    return bytes
  }

  private func problem(_ relative: String, _ what: String) -> SyncProblem {
    SyncProblem(file: relative, line: 0, kind: .unreadable("the file \(what)"))
  }

  /// What `append` did to a file.
  public struct Appended: Sendable {
    /// The file's size before, when the lines went straight after it; nil
    /// when a torn last line had to be ended first.
    public var sizeBefore: Int?
    /// The bytes added.
    public var bytes: Int
    /// The file as it stood after, when nothing but these lines was added
    /// (and fstat could tell): the state a pass would now find it in.
    public var state: FileState?
    /// When the file was made, its directory's state before and after.
    public var directory: (before: FileState, after: FileState)?
  }

  /// Appends `lines` (each without its newline) to this device's `file` and
  /// waits until they are on disk (fsync), creating the file and its folder
  /// when needed. A last line a crash left without its newline is ended
  /// first, so that it stays one damaged line and does not spoil these.
  @discardableResult
  public func append(_ lines: [String], to file: EventFile) throws(HabitsError) -> Appended {
    try append(lines, toRelative: file.relativePath)
  }

  /// Appends `lines` to the file at `relative` (to the folder), as
  /// `append(_:to:)`, creating the folders on its way.
  @discardableResult
  func append(_ lines: [String], toRelative relative: String) throws(HabitsError) -> Appended {
    guard !lines.isEmpty else { return Appended(sizeBefore: nil, bytes: 0, state: nil) }
    let (parent, name) = FolderWalk.split(relative)
    let directory = try Self.madeDirectory(parent, in: path)
    defer { close(directory) }
    let full = path + "/" + relative
    var entry = stat()
    let existed = fstatat(directory, name, &entry, AT_SYMLINK_NOFOLLOW) == 0
    var directoryBefore: FileState?
    if !existed { directoryBefore = Self.directoryState(directory) }
    // Read and write: the last byte is read back below, which a descriptor
    // opened for writing only cannot do.
    let descriptor = openat(
      directory, name, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else {
      throw HabitsError("cannot write the sync file '\(full)': \(Self.reason(errno))")
    }
    defer { close(descriptor) }
    var text = lines.joined(separator: "\n") + "\n"
    var info = stat()
    var sizeBefore: Int?
    if fstat(descriptor, &info) == 0 {
      sizeBefore = Int(info.st_size)
      var last: UInt8 = 0
      if info.st_size > 0, pread(descriptor, &last, 1, info.st_size - 1) == 1,
        last != UInt8(ascii: "\n")
      {
        text = "\n" + text
        sizeBefore = nil
      }
    }
    let bytes = Array(text.utf8)
    try Self.writeAll(bytes, to: descriptor, path: full)
    guard fsync(descriptor) == 0 else {
      throw HabitsError("cannot write the sync file '\(full)' to disk: \(Self.reason(errno))")
    }
    if !existed { fsync(directory) }
    var appended = Appended(sizeBefore: sizeBefore, bytes: bytes.count, state: nil)
    if let directoryBefore, let after = Self.directoryState(directory) {
      appended.directory = (directoryBefore, after)
    }
    if let sizeBefore, fstat(descriptor, &info) == 0, Int(info.st_size) == sizeBefore + bytes.count
    {
      appended.state = FileState(info, size: Int(info.st_size))
    }
    return appended
  }

  /// The name `device` gave itself, from its `name.txt`: the first line,
  /// without control characters, at most `maximumNameBytes`; nil without one.
  public func name(of device: DeviceID) -> String? {
    guard let directory = try? FolderWalk.open("devices/" + device.text, under: path) else {
      return nil
    }
    defer { close(directory) }
    let descriptor = openat(directory, "name.txt", O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    var buffer = [UInt8](repeating: 0, count: Self.maximumNameBytes * 2)
    let count = Glibc.read(descriptor, &buffer, buffer.count)
    guard count > 0 else { return nil }
    let line = buffer[0..<count].prefix { $0 != UInt8(ascii: "\n") }
    let text = String(decoding: line, as: UTF8.self)
    return Self.checkedName(text) == nil ? text : nil
  }

  /// Why `name` cannot name a device, or nil when it can.
  public static func checkedName(_ name: String) -> String? {
    if name.isEmpty { return "a device name cannot be empty" }
    if name.utf8.count > maximumNameBytes {
      return "a device name is at most \(maximumNameBytes) bytes"
    }
    if name.unicodeScalars.contains(where: \.isControlCharacter) {
      return "a device name cannot hold control characters"
    }
    return nil
  }

  /// Writes this device's `name.txt`, replacing the file whole.
  public func writeName(_ name: String, of device: DeviceID) throws(HabitsError) {
    let directory = try Self.madeDirectory("devices/" + device.text, in: path)
    defer { close(directory) }
    // A command and the agent may write the name at once: each under a
    // temporary name of its own.
    try ReplacedFile.write(
      Array((name + "\n").utf8), to: "name.txt", in: directory,
      shownAs: path + "/devices/\(device)/name.txt", mode: 0o600)
    fsync(directory)
  }

  /// Creates the folder itself when its parent exists; refuses a path that
  /// is something else.
  public func prepare() throws(HabitsError) {
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw HabitsError(
          "'\(path)' is not a directory", hint: "give the folder to sync through", kind: .usage)
      }
    } else if mkdir(path, 0o700) != 0 {
      throw HabitsError(
        "cannot create the sync folder '\(path)': \(Self.reason(errno))",
        hint: "give a folder that exists, or whose parent does", kind: .usage)
    }
    guard access(path, W_OK | X_OK) == 0 else {
      throw HabitsError("the sync folder '\(path)' cannot be written", kind: .usage)
    }
    close(try Self.madeDirectory("devices", in: path))
  }

  /// The directory `relative` under `folder`, made where missing, each
  /// directory on its way too, and opened (`FolderWalk`): a link or a file
  /// where one goes is no directory.
  static func madeDirectory(_ relative: String, in folder: String) throws(HabitsError) -> Int32 {
    do throws(FolderWalk.Failure) {
      return try FolderWalk.open(relative, under: folder, making: true)
    } catch {
      throw error.made(in: folder)
    }
  }

  /// The directory `relative` under `folder`, opened to be listed; nil when
  /// it does not exist or is a file. A link is refused, never followed.
  static func listedDirectory(_ relative: String, in folder: String) throws(HabitsError) -> Int32? {
    do throws(FolderWalk.Failure) {
      return try FolderWalk.open(relative, under: folder)
    } catch {
      if error.code == ENOENT || (error.code == ENOTDIR && !error.isLink) { return nil }
      throw error.listing(in: folder)
    }
  }

  /// The state of this device's directory in the folder, never through a
  /// link; nil when there is none.
  public func directoryState(of device: DeviceID) -> FileState? {
    guard let directory = try? FolderWalk.open("devices/" + device.text, under: path) else {
      return nil
    }
    defer { close(directory) }
    return Self.directoryState(directory)
  }

  /// The state of the open `directory`.
  static func directoryState(_ directory: Int32) -> FileState? {
    var info = stat()
    guard fstat(directory, &info) == 0 else { return nil }
    return FileState(info, size: Int(info.st_size))
  }

  /// The names in the open `directory`, `relative` to `folder`, but a sync
  /// tool's conflict copies, each of which is added to `problems` (its name
  /// another device's input, printed with its control characters made
  /// visible).
  static func entries(
    in directory: Int32, _ relative: String, of folder: String, problems: inout [SyncProblem]
  ) throws(HabitsError) -> [String] {
    guard let names = FolderWalk.names(in: directory) else {
      throw HabitsError("cannot read the folder '\(folder)/\(relative)': \(reason(errno))")
    }
    var kept: [String] = []
    for name in names {
      if isConflictCopy(name) {
        problems.append(
          SyncProblem(
            file: relative + "/" + InputEcho.visible(name), line: 0, kind: .conflictCopy))
      } else {
        kept.append(name)
      }
    }
    return kept
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String)
    throws(HabitsError)
  {
    guard WholeFile.write(bytes, to: descriptor) else {
      throw HabitsError("cannot write '\(path)': \(reason(errno))")
    }
  }

  static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
