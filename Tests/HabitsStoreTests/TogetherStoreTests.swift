// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsStore

/// Two people, two databases, one together folder on disk: who each is,
/// what each offers, and what they agree to keep together.
@Suite struct TogetherStoreTests {
  static let now = Instant(secondsSince1970: 1_795_200_000)
  typealias Offer = TogetherProfile.Offer

  static func join(
    _ fixture: StoreFileFixture, _ file: String, as name: String, offers: [Offer]
  ) throws -> (HabitStore, TogetherMember, TogetherAgreement) {
    let store = try HabitStore(path: fixture.root + "/\(file).sqlite3")
    let (member, agreement) = try store.joinTogether(
      folder: TogetherFolder(path: fixture.root + "/us"), name: name, offers: offers, at: now)
    return (store, member, agreement)
  }

  @Test func twoPeopleAgreeOnWhatBothOffer() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (_, alex, alone) = try Self.join(
      fixture, "alex", as: "Alex",
      offers: [
        Offer(habitID: "quality-time", together: .shared),
        Offer(habitID: "gratitude", together: .each), Offer(habitID: "play", together: .shared),
      ])
    #expect(alone.partner == nil)
    #expect(alone.offers.allSatisfy { $0.agreed == nil })
    let (_, sam, agreement) = try Self.join(
      fixture, "sam", as: "Sam",
      offers: [
        Offer(habitID: "quality-time", together: .shared),
        Offer(habitID: "gratitude", together: .shared), Offer(habitID: "tea", together: .each),
      ])
    #expect(sam.person != alex.person)
    #expect(agreement.partner?.person == alex.person)
    #expect(agreement.partner?.name == "Alex")
    #expect(sam.partnerName == "Alex")
    let agreed = Dictionary(uniqueKeysWithValues: agreement.offers.map { ($0.habitID, $0.agreed) })
    #expect(
      agreed == [
        "gratitude": .each, "play": nil, "quality-time": .shared, "tea": nil,
      ])
  }

  /// Alex and Sam joined with nothing offered, and a pass of Alex's that
  /// finds Sam the partner.
  static func alexMeetsSam(_ fixture: StoreFileFixture) throws -> (
    alex: HabitStore, sam: TogetherMember, folder: TogetherFolder
  ) {
    let (alexStore, _, _) = try join(fixture, "alex", as: "Alex", offers: [])
    let (_, sam, _) = try join(fixture, "sam", as: "Sam", offers: [])
    let folder = TogetherFolder(path: fixture.root + "/us")
    try alexStore.synchronizeTogether(folder: folder, offers: [], at: now)
    return (alexStore, sam, folder)
  }

  /// Once found, the partner is kept: a third person's profile written
  /// later (a computer joined under a misspelt name) is not read, and their
  /// name never becomes `{partner}`.
  @Test func thePartnerFoundIsKeptWhenAThirdPersonJoinsLater() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (alexStore, sam, folder) = try Self.alexMeetsSam(fixture)
    #expect(try alexStore.togetherMember()?.partner == sam.person)
    // (written by hand or by an older habits: `joinTogether` refuses a third)
    var generator = SystemRandomNumberGenerator()
    let stray = TogetherProfile(
      person: PersonID(using: &generator), device: DeviceID(using: &generator), name: "Sma",
      written: Self.now.secondsSince1970, offers: [])
    try folder.write(stray)
    let strayProfile =
      folder.path + "/" + TogetherFolder.profilePath(person: stray.person, device: stray.device)
    try FileManager.default.setAttributes(
      [.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: strayProfile)
    try alexStore.synchronizeTogether(folder: folder, offers: [], at: Self.now)
    let alex = try #require(try alexStore.togetherMember())
    #expect(alex.partner == sam.person)
    #expect(alex.partnerName == "Sam")
  }

  /// A together folder is for two: a new person is not let into one that
  /// holds two already, where they would take one of the couple for their
  /// partner; a second computer of one of the two still joins as them.
  @Test func aThirdPersonCannotJoinAndASecondComputerCan() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    _ = try Self.alexMeetsSam(fixture)
    let error = #expect(throws: HabitsError.self) {
      try Self.join(fixture, "jo", as: "Jo", offers: [])
    }
    #expect(
      error?.message.hasSuffix(
        "holds two people already ('Alex' and 'Sam'); a together folder is for two") == true)
    #expect(error?.kind == .usage)
    let listing = try TogetherFolder(path: fixture.root + "/us").list()
    #expect(!listing.profiles.contains { $0.profile.name == "Jo" })
    let (_, desktop, agreement) = try Self.join(fixture, "desktop", as: "Alex", offers: [])
    #expect(desktop.partnerName == "Sam")
    #expect(agreement.others.isEmpty)
  }

  /// A copy of a database that keeps habits together sends nothing as the
  /// device it copied, and joins as a computer of its own of the same person.
  @Test func aCopiedDatabaseSendsNothingAsTheDeviceItCopied() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (alexStore, _, folder) = try Self.alexMeetsSam(fixture)
    let alex = try #require(try alexStore.togetherMember())
    let copyPath = fixture.root + "/copy.sqlite3"
    try alexStore.executeRaw("VACUUM INTO '\(copyPath)'")
    let copy = try HabitStore(path: copyPath)
    #expect(throws: HabitsError.self) {
      try copy.synchronizeTogether(folder: folder, offers: [], at: Self.now)
    }
    let (member, _) = try copy.joinTogether(folder: folder, name: "Alex", offers: [], at: Self.now)
    #expect(member.person == alex.person)
    #expect(member.device != alex.device)
    #expect(try copy.syncMember()?.device == member.device)
    _ = try copy.synchronizeTogether(folder: folder, offers: [], at: Self.now)
    #expect(try TogetherFolder(path: folder.path).list().people[alex.person]?.count == 2)
  }

  /// Joining again while the partner's profile cannot be read keeps them
  /// as the partner: a later pass must not take whoever it finds instead.
  @Test func joiningAgainWhileThePartnersProfileCannotBeReadKeepsThePartner() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (alexStore, sam, folder) = try Self.alexMeetsSam(fixture)
    let samProfile =
      folder.path + "/" + TogetherFolder.profilePath(person: sam.person, device: sam.device)
    try "{\"v\":2}\n".write(toFile: samProfile, atomically: true, encoding: .utf8)
    let (again, _) = try alexStore.joinTogether(
      folder: folder, name: "Alex", offers: [], at: Self.now)
    #expect(again.partner == sam.person)
    #expect(again.partnerName == "Sam")
    #expect(try alexStore.togetherMember()?.partner == sam.person)
  }

  @Test func anotherComputerWithTheSameNameJoinsAsTheSamePerson() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (_, laptop, _) = try Self.join(fixture, "laptop", as: "Alex", offers: [])
    let (_, desktop, _) = try Self.join(fixture, "desktop", as: "Alex", offers: [])
    #expect(desktop.person == laptop.person)
    #expect(desktop.device != laptop.device)
    let listing = try TogetherFolder(path: fixture.root + "/us").list()
    #expect(listing.people.count == 1)
    #expect(listing.people[laptop.person]?.count == 2)
  }

  @Test func joiningAgainKeepsThePersonAndLeavingKeepsEverything() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, first, _) = try Self.join(fixture, "alex", as: "Alex", offers: [])
    _ = try store.recordDone(
      habitID: "gratitude", day: CivilDate(year: 2026, month: 11, day: 20), note: nil, at: Self.now)
    #expect(try store.leaveTogether())
    #expect(try store.togetherMember()?.active == false)
    #expect(try !store.leaveTogether())
    #expect(try store.checkIns().count == 1)
    let (again, _) = try store.joinTogether(
      folder: TogetherFolder(path: fixture.root + "/us"), name: "Alexandra", offers: [],
      at: Self.now)
    #expect(again.person == first.person && again.device == first.device)
    #expect(again.name == "Alexandra" && again.active)
  }

  @Test func aDeviceThatSyncsKeepsItsIdInTheTogetherFolder() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let store = try HabitStore(path: fixture.root + "/alex.sqlite3")
    let (synced, _) = try store.joinSync(
      folder: SyncFolder(path: fixture.root + "/devices"), name: "laptop", at: Self.now)
    let (member, _) = try store.joinTogether(
      folder: TogetherFolder(path: fixture.root + "/us"), name: "Alex", offers: [], at: Self.now)
    #expect(member.device == synced.device)
  }

  @Test func twoPeopleWithTheNameGivenAreRefused() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let folder = TogetherFolder(path: fixture.root + "/us")
    try folder.prepare()
    var random = SplitMix64(seed: 7, index: 0)
    for _ in 0..<2 {
      try folder.write(
        TogetherProfile(
          person: PersonID(using: &random), device: DeviceID(using: &random), name: "Sam",
          written: 1, offers: []))
    }
    let store = try HabitStore(path: fixture.root + "/x.sqlite3")
    #expect(throws: HabitsError.self) {
      try store.joinTogether(folder: folder, name: "Sam", offers: [], at: Self.now)
    }
    #expect(try store.togetherMember() == nil)
  }

  @Test func theProfileIsRewrittenOnlyWhenTheOffersChange() throws {
    let fixture = try StoreFileFixture()
    defer { fixture.remove() }
    let (store, member, _) = try Self.join(fixture, "alex", as: "Alex", offers: [])
    let folder = TogetherFolder(path: fixture.root + "/us")
    let path =
      fixture.root + "/us/"
      + TogetherFolder.profilePath(person: member.person, device: member.device)
    let before = try String(contentsOfFile: path, encoding: .utf8)
    _ = try store.synchronizeTogether(
      folder: folder, offers: [], at: Self.now.adding(seconds: 3600))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    _ = try store.synchronizeTogether(
      folder: folder, offers: [Offer(habitID: "gratitude", together: .each)],
      at: Self.now.adding(seconds: 3600))
    let after = try String(contentsOfFile: path, encoding: .utf8)
    #expect(after.contains(#"{"id":"gratitude","together":"each"}"#))
    #expect(after.contains(#""written":1795203600"#))
  }
}
