// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsTestSupport
import Synchronization
import Testing

@testable import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

/// Links in the sync folder: a directory under it that is a symbolic link
/// is never gone through, to read a file or to make one, however it came
/// to be one; the folder itself may be a link, and is followed.
@Suite struct SyncFolderLinkTests {
  static let device = SyncFixtures.devices[0]
  static let file = SyncFolder.EventFile(device: device, name: "2026-12.jsonl")
  /// What the files planted outside the folder hold.
  static let planted = "planted outside the folder\n"

  static func temporary(_ what: String) throws -> String {
    let path = NSTemporaryDirectory() + "sync-link-\(what)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A directory outside the folder holding a month's file and a name, as
  /// a device's directory would.
  static func outside() throws -> String {
    let path = try temporary("outside")
    for name in ["2026-12.jsonl", "name.txt"] {
      try planted.write(toFile: path + "/" + name, atomically: false, encoding: .utf8)
    }
    return path
  }

  /// The names in `path` and what each holds.
  static func contents(_ path: String) throws -> [String: String] {
    var contents: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: path) {
      contents[name] = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
    return contents
  }

  static func plantedOnly(_ outside: String) throws -> Bool {
    try contents(outside) == ["2026-12.jsonl": planted, "name.txt": planted]
  }

  /// A device's directory that is a link to a directory elsewhere: its
  /// month's file is not read as events, nor its name taken, nor its
  /// state; nothing is appended or named there, and it is no device.
  @Test func aLinkedDeviceFolderIsNeitherReadNorWrittenThrough() throws {
    // Given a folder whose device directory links to a directory outside it
    let root = try Self.temporary("root")
    let outside = try Self.outside()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let folder = SyncFolder(path: root)
    try folder.prepare()
    #expect(symlink(outside, root + "/devices/\(Self.device)") == 0)

    // Then its file is refused, saying why
    let problem = #expect(throws: SyncProblem.self) { try folder.read(Self.file, from: 0) }
    #expect(problem?.file == Self.file.relativePath)
    #expect(
      problem?.description
        == "\(Self.file.relativePath): the file cannot be read: 'devices/\(Self.device)' is a"
        + " symbolic link; not followed")
    #expect(folder.name(of: Self.device) == nil)
    #expect(folder.state(ofRelative: Self.file.relativePath) == nil)
    // And nothing is written through it
    let append = #expect(throws: HabitsError.self) { try folder.append(["{}"], to: Self.file) }
    #expect(append?.message == "'\(root)/devices/\(Self.device)' is not a directory")
    #expect(throws: HabitsError.self) { try folder.writeName("Laptop", of: Self.device) }
    // And it is no device of the folder's
    let listing = try folder.list()
    #expect(listing.devices.isEmpty && listing.files.isEmpty)
    #expect(try FolderLook(folder: folder, known: nil).files.isEmpty)
    #expect(try FolderLook(folder: folder, known: nil, only: Self.device).files.isEmpty)
    #expect(try Self.plantedOnly(outside))
  }

  /// `devices` itself a link: listing it is refused with the reason, and
  /// nothing under it is read or written.
  @Test func aLinkedDevicesFolderIsRefused() throws {
    // Given a folder whose `devices` links to a directory holding a device's
    let root = try Self.temporary("root")
    let elsewhere = try Self.temporary("elsewhere")
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: elsewhere)
    }
    let outside = elsewhere + "/\(Self.device)"
    try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
    for name in ["2026-12.jsonl", "name.txt"] {
      try Self.planted.write(toFile: outside + "/" + name, atomically: false, encoding: .utf8)
    }
    #expect(symlink(elsewhere, root + "/devices") == 0)
    let folder = SyncFolder(path: root)

    // Then a listing says why it cannot be made
    let list = #expect(throws: HabitsError.self) { try folder.list() }
    #expect(
      list?.message
        == "cannot read the folder '\(root)/devices': 'devices' is a symbolic link; not followed")
    #expect(throws: HabitsError.self) { try FolderLook(folder: folder, known: nil) }
    #expect(try FolderLook(folder: folder, known: nil, only: Self.device).files.isEmpty)
    // And no file under it is read or written
    #expect(throws: SyncProblem.self) { try folder.read(Self.file, from: 0) }
    #expect(folder.name(of: Self.device) == nil)
    #expect(folder.state(ofRelative: Self.file.relativePath) == nil)
    let append = #expect(throws: HabitsError.self) { try folder.append(["{}"], to: Self.file) }
    #expect(append?.message == "'\(root)/devices' is not a directory")
    #expect(throws: HabitsError.self) { try folder.prepare() }
    #expect(try Self.plantedOnly(outside))
  }

  /// The folder a person gives may be a link (`~/Sync` to another disk):
  /// it is followed, and everything works through it.
  @Test func aFolderThatIsALinkIsFollowed() throws {
    // Given a folder reached through a link
    let real = try Self.temporary("real")
    let parent = try Self.temporary("parent")
    defer {
      try? FileManager.default.removeItem(atPath: real)
      try? FileManager.default.removeItem(atPath: parent)
    }
    let link = parent + "/Sync"
    #expect(symlink(real, link) == 0)
    let folder = SyncFolder(path: link)
    try folder.prepare()

    // When this device names itself and appends twice
    try folder.writeName("Laptop", of: Self.device)
    let first = try folder.append(["{\"a\":1}"], to: Self.file)
    let second = try folder.append(["{\"b\":2}"], to: Self.file)

    // Then the files are in the real folder, and read back through the link
    let contents = try Self.contents(real + "/devices/\(Self.device)")
    #expect(contents == ["name.txt": "Laptop\n", "2026-12.jsonl": "{\"a\":1}\n{\"b\":2}\n"])
    #expect(folder.name(of: Self.device) == "Laptop")
    let bytes = try folder.read(Self.file, from: 0).bytes
    #expect(String(decoding: bytes, as: UTF8.self) == "{\"a\":1}\n{\"b\":2}\n")
    let listing = try folder.list()
    #expect(listing.devices == [Self.device])
    #expect(listing.files == [Self.file])
    #expect(try FolderLook(folder: folder, known: nil).files == [Self.file])
    // And what an append tells of the file and its directory is their state
    #expect(first.sizeBefore == 0 && first.directory != nil)
    #expect(second.sizeBefore == 8 && second.directory == nil)
    #expect(second.state != nil)
    #expect(second.state == folder.state(ofRelative: Self.file.relativePath))
    var info = stat()
    #expect(lstat(real + "/devices/\(Self.device)", &info) == 0)
    #expect(first.directory?.after == FileState(info, size: Int(info.st_size)))
  }

  /// `renameat2`, which Glibc's module does not declare, to swap two names
  /// at once (`RENAME_EXCHANGE`).
  typealias Rename =
    @convention(c) (
      Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32
    ) -> Int32

  /// What the swapping thread and the test tell each other.
  final class Swapping: Sendable {
    let stop = Atomic<Bool>(false)
    let done = Atomic<Bool>(false)
    let swaps = Atomic<Int>(0)

    /// Stops the thread and waits until it has.
    func finish() {
      stop.store(true, ordering: .relaxed)
      while !done.load(ordering: .acquiring) { usleep(1_000) }
    }
  }

  /// Appends and reads while another thread keeps swapping the device's
  /// directory with a link to a directory outside, so that a directory
  /// found a directory is a link an instant later: nothing is ever
  /// written or read outside. An append may fail, saying so.
  @Test func appendsAndReadsWhileTheFolderIsSwappedForALinkStayInIt() throws {
    // Given a device directory, and a link beside it to a directory outside
    let root = try Self.temporary("root")
    let outside = try Self.outside()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let folder = SyncFolder(path: root)
    try folder.prepare()
    try folder.append(["{\"first\":1}"], to: Self.file)
    let directory = root + "/devices/\(Self.device)"
    let swap = root + "/devices/swap"
    #expect(symlink(outside, swap) == 0)
    let symbol = try #require(dlsym(nil, "renameat2"))
    let rename = unsafeBitCast(symbol, to: Rename.self)

    // When one thread swaps the two names over and over
    let swapping = Swapping()
    let swapper = Thread {
      while !swapping.stop.load(ordering: .relaxed) {
        if rename(AT_FDCWD, directory, AT_FDCWD, swap, 2) == 0 {
          swapping.swaps.add(1, ordering: .relaxed)
        }
      }
      swapping.done.store(true, ordering: .releasing)
    }
    swapper.start()
    defer { swapping.finish() }
    while swapping.swaps.load(ordering: .relaxed) == 0 { usleep(100) }
    // And this one appends, reads and names all the while
    var appended = 0
    var readOutside = 0
    for round in 0..<1_500 {
      do throws(HabitsError) {
        try folder.append(["{\"round\":\(round)}"], to: Self.file)
        appended += 1
      } catch {
        #expect(error.message.hasSuffix("is not a directory"), "\(error)")
      }
      if let bytes = try? folder.read(Self.file, from: 0).bytes,
        String(decoding: bytes, as: UTF8.self).contains(Self.planted)
      {
        readOutside += 1
      }
      if folder.name(of: Self.device) != nil { readOutside += 1 }
    }
    swapping.finish()

    // Then the swaps happened, and nothing went outside or came from it
    #expect(swapping.swaps.load(ordering: .relaxed) > 10)
    #expect(appended > 0)
    #expect(readOutside == 0)
    let left = try Self.contents(outside)
    #expect(left == ["2026-12.jsonl": Self.planted, "name.txt": Self.planted], "\(left.keys)")
  }
}
