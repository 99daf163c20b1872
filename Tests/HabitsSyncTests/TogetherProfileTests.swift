// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Recurrence
import Testing

/// A profile in the together folder: what a device writes reads back as
/// itself, and what a partner's device might write is checked as input.
@Suite struct TogetherProfileTests {
  static let (person, device) = {
    var random = SplitMix64(seed: 0x70, index: 0)
    return (PersonID(using: &random), DeviceID(using: &random))
  }()

  static let profile = TogetherProfile(
    person: person, device: device, name: "Sam \"S\" Ørsted", written: 1_795_200_000,
    offers: [
      .init(habitID: "quality-time", together: .shared),
      .init(habitID: "gratitude", together: .each, notes: true),
    ])

  @Test func itIsTheDocumentedLineAndReadsBackAsItself() throws {
    let line = Self.profile.encoded()
    #expect(
      line
        == #"{"v":1,"person":"\#(Self.person)","device":"\#(Self.device)","name":"Sam \"S\" Ørsted","written":1795200000,"habits":[{"id":"gratitude","together":"each","notes":true},{"id":"quality-time","together":"shared"}]}"#
        + "\n")
    #expect(try TogetherProfile.decode(Array(line.utf8)) == Self.profile)
  }

  @Test func offersAreInIdOrderEachOnce() {
    let profile = TogetherProfile(
      person: Self.person, device: Self.device, name: "A", written: 0,
      offers: [
        .init(habitID: "b", together: .each), .init(habitID: "a", together: .shared),
        .init(habitID: "b", together: .shared),
      ])
    #expect(profile.offers.map(\.habitID) == ["a", "b"])
  }

  static let valid =
    #"{"v":1,"person":"\#(person)","device":"\#(device)","name":"Sam","written":5,"habits":[]}"#

  @Test(arguments: [
    ("", "not JSON"),
    ("[]", "not a JSON object"),
    (#"{"person":"0123456789abcdef"}"#, "no format version"),
    (valid.replacingOccurrences(of: #""v":1"#, with: #""v":0"#), "no format version"),
    (valid.replacingOccurrences(of: person.text, with: "../../../etc/pa"), "\"person\""),
    (valid.replacingOccurrences(of: device.text, with: device.text.uppercased()), "\"device\""),
    (valid.replacingOccurrences(of: #""Sam""#, with: #""Sam\u001b[31m""#), "\"name\""),
    (valid.replacingOccurrences(of: #""Sam""#, with: #""""#), "\"name\""),
    (
      valid.replacingOccurrences(
        of: #""Sam""#, with: "\"" + String(repeating: "x", count: 65) + "\""),
      "\"name\""
    ),
    (valid.replacingOccurrences(of: #""written":5"#, with: #""written":-1"#), "\"written\""),
    (valid.replacingOccurrences(of: #""habits":[]"#, with: #""habits":{}"#), "\"habits\""),
    (
      valid.replacingOccurrences(of: "[]", with: #"[{"id":"../x","together":"each"}]"#),
      "is not a habit id"
    ),
    (
      valid.replacingOccurrences(of: "[]", with: #"[{"id":"tea","together":"mine"}]"#),
      "neither"
    ),
    (
      valid.replacingOccurrences(of: "[]", with: #"[{"id":"tea","together":"each","notes":1}]"#),
      "\"notes\""
    ),
  ])
  func aDamagedProfileIsRefusedWithWhatIsWrong(text: String, expected: String) {
    do {
      _ = try TogetherProfile.decode(Array(text.utf8))
      Issue.record("read '\(text)'")
    } catch {
      #expect(error.description.contains(expected), "\(error)")
    }
  }

  @Test func sizesAreCapped() {
    let offers = (0...TogetherProfile.maximumOffers).map { #"{"id":"h\#($0)","together":"each"}"# }
    let many = Self.valid.replacingOccurrences(
      of: "[]", with: "[" + offers.joined(separator: ",") + "]")
    #expect(throws: SyncProblem.Kind.self) { try TogetherProfile.decode(Array(many.utf8)) }
    let huge = [UInt8](repeating: UInt8(ascii: " "), count: TogetherProfile.maximumBytes + 1)
    #expect(throws: SyncProblem.Kind.unreadable("the profile is longer than 65536 bytes")) {
      try TogetherProfile.decode(huge)
    }
  }

  @Test func aNewerFormatIsNamed() {
    let newer = Self.valid.replacingOccurrences(of: #""v":1"#, with: #""v":2"#)
    #expect(throws: SyncProblem.Kind.newerFormat(version: 2, profile: true)) {
      try TogetherProfile.decode(Array(newer.utf8))
    }
    #expect(
      SyncProblem.Kind.newerFormat(version: 2, profile: true).description
        == "a profile of format 2, newer than this habits reads; not used")
  }
}
