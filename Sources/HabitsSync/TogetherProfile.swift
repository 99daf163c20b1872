// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// What one device of one person says in the together folder: who they
/// are and which habits they offer to keep together, and how. One line of
/// JSON in `people/<person>/<device>/profile.json`, which only that device
/// writes, whole:
///
///     {"v":1,"person":"…16 hex…","device":"…16 hex…","name":"Sam","written":1764957600,
///      "habits":[{"id":"gratitude","together":"each"},{"id":"quality-time","together":"shared","notes":true}]}
///
/// It names only the habits whose schedule files say `together`: their ids,
/// never their titles, schedules or notes.
public struct TogetherProfile: Hashable, Sendable {
  /// A habit offered to be kept together.
  public struct Offer: Hashable, Sendable {
    public var habitID: String
    public var together: Together
    /// Whether notes go with it (`share_notes`).
    public var notes: Bool

    public init(habitID: String, together: Together, notes: Bool = false) {
      self.habitID = habitID
      self.together = together
      self.notes = notes
    }
  }

  /// The format this build writes and reads.
  public static let formatVersion = 1
  /// A profile of more bytes than this is refused unread.
  public static let maximumBytes = 64 << 10
  /// Habits one profile may offer.
  public static let maximumOffers = 500

  public var person: PersonID
  public var device: DeviceID
  public var name: String
  /// When the device wrote it, in seconds since 1970 by its own clock.
  public var written: Int
  /// In the order of their ids, each id once.
  public var offers: [Offer]

  public init(person: PersonID, device: DeviceID, name: String, written: Int, offers: [Offer]) {
    self.person = person
    self.device = device
    self.name = name
    self.written = written
    var seen = Set<String>()
    self.offers = offers.sorted { $0.habitID < $1.habitID }.filter {
      seen.insert($0.habitID).inserted
    }
  }

  /// The offers of `habits`: those whose files say `together`.
  public static func offers(of habits: some Sequence<Habit>) -> [Offer] {
    habits.compactMap { habit in
      habit.together.map { Offer(habitID: habit.id, together: $0, notes: habit.sharesNotes) }
    }
  }

  /// The profile as its one line, with its newline.
  public func encoded() -> String {
    let habits = offers.map { offer in
      "{\"id\":\(JSONQuoting.quoted(offer.habitID)),\"together\":\"\(offer.together)\""
        + (offer.notes ? ",\"notes\":true}" : "}")
    }
    return "{\"v\":\(Self.formatVersion),\"person\":\"\(person)\",\"device\":\"\(device)\""
      + ",\"name\":\(JSONQuoting.quoted(name)),\"written\":\(written)"
      + ",\"habits\":[\(habits.joined(separator: ","))]}\n"
  }

  /// Reads a profile another device wrote, checking every field as input;
  /// throws what is wrong with it in words.
  public static func decode(_ bytes: [UInt8]) throws(SyncProblem.Kind) -> TogetherProfile {
    guard bytes.count <= maximumBytes else {
      throw .unreadable("the profile is longer than \(maximumBytes) bytes")
    }
    let value: JSONValue
    do {
      value = try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
    } catch {
      throw .damaged("not JSON: \(error.message)")
    }
    guard case .object = value.kind else { throw .damaged("not a JSON object") }
    guard case .number(let versionText)? = value["v"]?.kind, let version = Int(versionText),
      version >= 1
    else { throw .damaged("no format version \"v\"") }
    if version > formatVersion { throw .newerFormat(version: version, profile: true) }
    guard let personText = value["person"]?.string, let person = PersonID(personText) else {
      throw .damaged("\"person\" is not a person id of 16 lowercase hex digits")
    }
    guard let deviceText = value["device"]?.string, let device = DeviceID(deviceText) else {
      throw .damaged("\"device\" is not a device id of 16 lowercase hex digits")
    }
    guard let name = value["name"]?.string, checkedName(name) == nil else {
      throw .damaged(
        "\"name\" is not a name of 1 to \(SyncFolder.maximumNameBytes) bytes without control characters"
      )
    }
    guard case .number(let writtenText)? = value["written"]?.kind, let written = Int(writtenText),
      (0...253_402_300_799).contains(written)
    else { throw .damaged("\"written\" is not a time in seconds between 1970 and 9999") }
    guard let list = value["habits"]?.array else { throw .damaged("\"habits\" is not a list") }
    guard list.count <= maximumOffers else {
      throw .damaged("\"habits\" offers more than \(maximumOffers) habits")
    }
    var offers: [Offer] = []
    for item in list {
      guard let id = item["id"]?.string, HabitID.isValid(id) else {
        throw .damaged("a habit's \"id\" is not a habit id (letters, digits, - and _, at most 64)")
      }
      guard let text = item["together"]?.string, let together = Together(rawValue: text) else {
        throw .damaged("habit '\(id)' is kept together neither \"shared\" nor \"each\"")
      }
      var notes = false
      if let flag = item["notes"] {
        guard case .bool(let value) = flag.kind else {
          throw .damaged("habit '\(id)': \"notes\" is not true or false")
        }
        notes = value
      }
      offers.append(Offer(habitID: id, together: together, notes: notes))
    }
    return TogetherProfile(
      person: person, device: device, name: name, written: written, offers: offers)
  }

  /// Why `name` cannot name a person, or nil when it can: 1 to
  /// `SyncFolder.maximumNameBytes` bytes, no control characters.
  public static func checkedName(_ name: String) -> String? {
    if name.isEmpty { return "a name cannot be empty" }
    if name.utf8.count > SyncFolder.maximumNameBytes {
      return "a name is at most \(SyncFolder.maximumNameBytes) bytes"
    }
    if name.unicodeScalars.contains(where: \.isControlCharacter) {
      return "a name cannot hold control characters"
    }
    return nil
  }
}
