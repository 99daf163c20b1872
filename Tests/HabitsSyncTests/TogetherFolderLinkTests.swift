// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsTestSupport
import Testing

@testable import HabitsSync

#if canImport(Glibc)
  import Glibc
#endif

/// Links in the together folder, which the partner's computer writes into:
/// a directory under it that is a symbolic link is never gone through,
/// whatever is asked of it; the folder itself may be a link, and is
/// followed.
@Suite struct TogetherFolderLinkTests {
  static let (alex, sam) = (TogetherFolderTests.alex, TogetherFolderTests.sam)
  static let (laptop, phone) = (TogetherFolderTests.laptop, TogetherFolderTests.phone)
  static let planted = "planted outside the folder\n"

  /// Sam's phone's file of December.
  static let file = TogetherFolder.EventFile(person: sam, device: phone, name: "2026-12.jsonl")

  /// The names in `path` and what each holds.
  static func contents(_ path: String) throws -> [String: String] {
    var contents: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: path) {
      contents[name] = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
    }
    return contents
  }

  /// A device's folder of the partner's that links to a directory
  /// elsewhere, holding a month's file and the very profile this device
  /// would write there: the file is not read, nor its state or time taken,
  /// and nothing is written there, the profile included.
  @Test func aLinkedDeviceFolderIsNeitherReadNorWrittenThrough() throws {
    // Given Sam's phone's folder a link to a directory outside
    let root = try TogetherFolderTests.temporary()
    let outside = try TogetherFolderTests.temporary()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    try folder.write(TogetherFolderTests.profile(Self.sam, Self.laptop, "Sam"))
    let profile = TogetherFolderTests.profile(Self.sam, Self.phone, "Sam")
    let planted = [
      "2026-12.jsonl": Self.planted, "profile.json": profile.encoded(),
    ]
    for (name, text) in planted {
      try text.write(toFile: outside + "/" + name, atomically: false, encoding: .utf8)
    }
    #expect(symlink(outside, root + "/people/\(Self.sam)/\(Self.phone)") == 0)

    // Then its month's file is refused, saying why
    let problem = #expect(throws: SyncProblem.self) { try folder.read(Self.file, from: 0) }
    #expect(
      problem?.description
        == "\(Self.file.relativePath): the file cannot be read: 'people/\(Self.sam)/\(Self.phone)'"
        + " is a symbolic link; not followed")
    #expect(folder.state(of: Self.file) == nil)
    #expect(folder.modified(Self.file) == nil)
    // And nothing is written through it
    #expect(throws: HabitsError.self) { try folder.append(["{}"], to: Self.file) }
    let write = #expect(throws: HabitsError.self) { try folder.write(profile) }
    #expect(write?.message == "'\(root)/people/\(Self.sam)/\(Self.phone)' is not a directory")
    // And the listing names it, and takes nothing from it
    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile.device) == [Self.laptop])
    #expect(listing.files.isEmpty)
    #expect(
      listing.problems.map(\.description) == [
        "people/\(Self.sam)/\(Self.phone): a symbolic link where a device's folder goes; not followed"
      ])
    #expect(try Self.contents(outside) == planted)
  }

  /// A person's folder, or `people`, that is a link: the person is not
  /// listed, and a listing through `people` is refused, saying why.
  @Test func aLinkedPersonOrPeopleFolderIsNotFollowed() throws {
    // Given Sam's folder a link to a directory outside holding a device's
    let root = try TogetherFolderTests.temporary()
    let outside = try TogetherFolderTests.temporary()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let elsewhere = TogetherFolder(path: outside)
    try elsewhere.prepare()
    try elsewhere.write(TogetherFolderTests.profile(Self.sam, Self.phone, "Sam"))
    try elsewhere.append(["{}"], to: Self.file)
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    try folder.write(TogetherFolderTests.profile(Self.alex, Self.laptop, "Alex"))
    #expect(symlink(outside + "/people/\(Self.sam)", root + "/people/\(Self.sam)") == 0)

    // Then Sam is not listed, and Sam's files are not read
    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile.person) == [Self.alex])
    #expect(listing.files.isEmpty && listing.problems.isEmpty)
    #expect(throws: SyncProblem.self) { try folder.read(Self.file, from: 0) }
    #expect(folder.state(of: Self.file) == nil)

    // And with `people` itself a link, a listing says why it cannot be made
    try FileManager.default.removeItem(atPath: root + "/people")
    #expect(symlink(outside + "/people", root + "/people") == 0)
    let refusal = #expect(throws: HabitsError.self) { try folder.list() }
    #expect(
      refusal?.message
        == "cannot read the folder '\(root)/people': 'people' is a symbolic link; not followed")
    #expect(throws: SyncProblem.self) { try folder.read(Self.file, from: 0) }
    #expect(throws: HabitsError.self) { try folder.prepare() }
    let left = try Self.contents(outside + "/people/\(Self.sam)/\(Self.phone)")
    #expect(left.keys.sorted() == ["2026-12.jsonl", "profile.json"])
    #expect(left["2026-12.jsonl"] == "{}\n")
  }

  /// The together folder a person gives may be a link: it is followed.
  @Test func aFolderThatIsALinkIsFollowed() throws {
    // Given the folder reached through a link
    let real = try TogetherFolderTests.temporary()
    let parent = try TogetherFolderTests.temporary()
    defer {
      try? FileManager.default.removeItem(atPath: real)
      try? FileManager.default.removeItem(atPath: parent)
    }
    let link = parent + "/us"
    #expect(symlink(real, link) == 0)
    let folder = TogetherFolder(path: link)
    try folder.prepare()

    // When a profile is written and events appended
    let profile = TogetherFolderTests.profile(Self.sam, Self.phone, "Sam")
    #expect(try folder.write(profile))
    #expect(try !folder.write(profile))
    try folder.append(["{\"a\":1}"], to: Self.file)
    try folder.append(["{\"b\":2}"], to: Self.file)

    // Then they are in the real folder, and read back through the link
    let written = try Self.contents(real + "/people/\(Self.sam)/\(Self.phone)")
    #expect(written.keys.sorted() == ["2026-12.jsonl", "profile.json"])
    let bytes = try folder.read(Self.file, from: 0).bytes
    #expect(String(decoding: bytes, as: UTF8.self) == "{\"a\":1}\n{\"b\":2}\n")
    #expect(folder.state(of: Self.file)?.size == 16)
    #expect(folder.modified(Self.file) != nil)
    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile) == [profile])
    #expect(listing.files == [Self.file])
    #expect(listing.problems.isEmpty)
  }
}
