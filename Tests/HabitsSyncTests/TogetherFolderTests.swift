// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// The together folder on disk: profiles listed by person and device, and
/// whatever else is there reported or left alone, never followed.
@Suite struct TogetherFolderTests {
  static let people = ["aaaaaaaaaaaaaaaa", "5555555555555555"].compactMap { PersonID($0) }
  static let devices = ["1111111111111111", "2222222222222222"].compactMap { DeviceID($0) }
  static let (alex, sam) = (people[0], people[1])
  static let (laptop, phone) = (devices[0], devices[1])

  /// An id from 16 hex digits given as a literal.
  static func id<ID>(_ make: (String) -> ID?, _ text: String) -> ID {
    guard let id = make(text) else { fatalError("'\(text)' is not an id") }
    return id
  }

  static func temporary() throws -> String {
    let path = NSTemporaryDirectory() + "together-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static func profile(
    _ person: PersonID, _ device: DeviceID, _ name: String, written: Int = 1,
    _ offers: [TogetherProfile.Offer] = []
  ) -> TogetherProfile {
    TogetherProfile(person: person, device: device, name: name, written: written, offers: offers)
  }

  @Test func profilesAreListedAndHostileEntriesAreNot() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    try folder.write(Self.profile(Self.alex, Self.laptop, "Alex"))
    try folder.write(Self.profile(Self.sam, Self.phone, "Sam"))
    let manager = FileManager.default
    // A profile that says it is someone else's.
    let other = Self.id(DeviceID.init, "3333333333333333")
    try manager.createDirectory(
      atPath: root + "/people/\(Self.sam)/\(other)", withIntermediateDirectories: true)
    try Self.profile(Self.alex, other, "Alex").encoded().write(
      toFile: root + "/" + TogetherFolder.profilePath(person: Self.sam, device: other),
      atomically: false, encoding: .utf8)
    // A symbolic link where a profile goes, and a FIFO.
    let linked = Self.id(DeviceID.init, "4444444444444444")
    try manager.createDirectory(
      atPath: root + "/people/\(Self.sam)/\(linked)", withIntermediateDirectories: true)
    try manager.createSymbolicLink(
      atPath: root + "/" + TogetherFolder.profilePath(person: Self.sam, device: linked),
      withDestinationPath: root + "/"
        + TogetherFolder.profilePath(person: Self.sam, device: Self.phone))
    let piped = Self.id(DeviceID.init, "6666666666666666")
    try manager.createDirectory(
      atPath: root + "/people/\(Self.sam)/\(piped)", withIntermediateDirectories: true)
    #expect(
      mkfifo(root + "/" + TogetherFolder.profilePath(person: Self.sam, device: piped), 0o600) == 0)
    // Names that are no ids, and a conflict copy.
    try manager.createDirectory(
      atPath: root + "/people/notaperson", withIntermediateDirectories: true)
    try "x".write(
      toFile: root + "/people/\(Self.sam)/\(Self.phone).sync-conflict-20261204-101010-ABCDEFG",
      atomically: false, encoding: .utf8)

    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile.name) == ["Sam", "Alex"])
    #expect(listing.profiles.map(\.profile.device) == [Self.phone, Self.laptop])
    let problems = listing.problems.map(\.description).sorted()
    #expect(problems.count == 4, "\(problems)")
    #expect(problems.contains { $0.contains("\(other)/profile.json: it says it is device") })
    #expect(problems.contains { $0.contains("\(linked)/profile.json: the profile cannot be read") })
    #expect(
      problems.contains { $0.contains("\(piped)/profile.json: the profile is not a regular file") })
    #expect(problems.contains { $0.contains("conflict copy") })
  }

  @Test func thePartnersNameIsTheLatestAndTheirOffersAreAllTheirComputers() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    try folder.write(
      Self.profile(
        Self.sam, Self.laptop, "Sam", written: 10, [.init(habitID: "tea", together: .each)]))
    try folder.write(
      Self.profile(
        Self.sam, Self.phone, "Sammy", written: 20,
        [.init(habitID: "tea", together: .shared), .init(habitID: "walk", together: .shared)]))
    let agreement = TogetherAgreement(
      me: Self.alex,
      mine: [.init(habitID: "tea", together: .shared), .init(habitID: "read", together: .each)],
      listing: try folder.list())
    #expect(agreement.partner?.name == "Sammy")
    #expect(agreement.partner?.devices == [Self.laptop, Self.phone])
    #expect(agreement.others.isEmpty)
    #expect(agreement.offers.map(\.habitID) == ["read", "tea", "walk"])
    // Tea is offered shared on one of Sam's computers and each on the other: each.
    #expect(agreement.offers.map(\.agreed) == [nil, .each, nil])
    #expect(agreement.offers.map(\.theirs) == [nil, .each, .shared])
  }

  @Test func aThirdPersonIsNamedAndNotRead() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    let third = Self.id(PersonID.init, "cccccccccccccccc")
    try folder.write(Self.profile(Self.sam, Self.phone, "Sam"))
    try folder.write(Self.profile(third, Self.laptop, "Kim"))
    // Sam's file changed last: Sam is the partner.
    let samPath = root + "/" + TogetherFolder.profilePath(person: Self.sam, device: Self.phone)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: samPath)
    let agreement = TogetherAgreement(me: Self.alex, mine: [], listing: try folder.list())
    #expect(agreement.partner?.person == Self.sam)
    #expect(agreement.others == [third])
  }

  /// The partner found before stays the partner, however recently a third
  /// person's profile changed, and while no profile of theirs can be read
  /// there is none; without one found before, the latest is taken.
  @Test func theKnownPartnerStaysWhenAThirdProfileChangesLater() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    let stray = Self.id(PersonID.init, "cccccccccccccccc")
    try folder.write(Self.profile(Self.sam, Self.phone, "Sam"))
    try folder.write(Self.profile(stray, Self.laptop, "Sma"))
    let strayPath = root + "/" + TogetherFolder.profilePath(person: stray, device: Self.laptop)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: strayPath)
    let listing = try folder.list()
    let known = TogetherAgreement(me: Self.alex, mine: [], listing: listing, known: Self.sam)
    #expect(known.partner?.person == Self.sam)
    #expect(known.partner?.name == "Sam")
    #expect(known.others == [stray])
    let fresh = TogetherAgreement(me: Self.alex, mine: [], listing: listing)
    #expect(fresh.partner?.person == stray)
    // A known partner with no profile that can be read (mid-copy, damaged,
    // from a newer build): nobody takes their place, and both others are
    // third people.
    let gone = Self.id(PersonID.init, "dddddddddddddddd")
    let unread = TogetherAgreement(
      me: Self.alex, mine: [.init(habitID: "tea", together: .each)], listing: listing,
      known: gone)
    #expect(unread.partner == nil)
    #expect(unread.others == [Self.sam, stray])
    #expect(unread.offers.allSatisfy { $0.agreed == nil })
  }

  /// A device's folder that is a symbolic link (to somewhere outside the
  /// together folder, say) is named and never read through: neither the
  /// profile nor the events behind it are taken.
  @Test func aLinkedDeviceFolderIsReportedAndNotFollowed() throws {
    let root = try Self.temporary()
    let outside = try Self.temporary()
    defer {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: outside)
    }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    try folder.write(Self.profile(Self.sam, Self.phone, "Sam"))
    let linked = Self.id(DeviceID.init, "4444444444444444")
    try Self.profile(Self.sam, linked, "Sam").encoded().write(
      toFile: outside + "/profile.json", atomically: false, encoding: .utf8)
    try "{}\n".write(toFile: outside + "/2026-11.jsonl", atomically: false, encoding: .utf8)
    #expect(symlink(outside, root + "/people/\(Self.sam)/\(linked)") == 0)
    // A file where a device's folder goes.
    let file = Self.id(DeviceID.init, "6666666666666666")
    try "x".write(
      toFile: root + "/people/\(Self.sam)/\(file)", atomically: false, encoding: .utf8)

    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile.device) == [Self.phone])
    #expect(listing.files.isEmpty, "\(listing.files)")
    let problems = listing.problems.map(\.description).sorted()
    #expect(
      problems == [
        "people/\(Self.sam)/\(linked): a symbolic link where a device's folder goes; not followed",
        "people/\(Self.sam)/\(file): not a folder, where a device's folder goes",
      ])
  }

  /// Two processes writing the profile at once (a command and the agent,
  /// say) each write a whole file and rename their own into place: neither
  /// fails, the profile is one of theirs, and no temporary file is left.
  @Test func profilesWrittenAtOnceDoNotShareATemporaryFile() async throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let folder = TogetherFolder(path: root)
    try folder.prepare()
    let failures = await ConcurrentWriters.failures(writers: 4, rounds: 500) { writer, round in
      try folder.write(Self.profile(Self.alex, Self.laptop, "A\(writer)-\(round)"))
    }
    #expect(failures.count == 0, "the first: \(failures.first ?? "")")
    let listing = try folder.list()
    #expect(listing.profiles.map(\.profile.device) == [Self.laptop])
    #expect(listing.problems.isEmpty)
    let left = try FileManager.default.contentsOfDirectory(
      atPath: root + "/people/\(Self.alex)/\(Self.laptop)")
    #expect(left == ["profile.json"])
  }

  @Test func aPathThatIsAFileIsRefused() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try "x".write(toFile: root + "/file", atomically: false, encoding: .utf8)
    #expect(throws: HabitsError.self) { try TogetherFolder(path: root + "/file").prepare() }
  }
}
