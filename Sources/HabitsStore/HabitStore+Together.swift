// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore
import HabitsSync
import Recurrence

extension HabitStore {
  /// This device's membership of a together folder, or nil when it never joined one.
  public func togetherMember() throws(HabitsError) -> TogetherMember? {
    try read { db in try Self.togetherMember(db) }
  }

  /// Makes this device a member of `folder` for the person called `name`,
  /// offering `offers` (the habits whose schedule files say `together`).
  ///
  /// The person is the one this device was before; else the one in the
  /// folder already called `name` (this person's other computer); else a
  /// new one. The device keeps the id it syncs with, if it syncs.
  public func joinTogether(
    folder: TogetherFolder, name: String, offers: [TogetherProfile.Offer], at now: Instant
  ) throws(HabitsError) -> (member: TogetherMember, agreement: TogetherAgreement) {
    if let problem = TogetherProfile.checkedName(name) {
      throw HabitsError(problem, hint: "pass --name with another name", kind: .usage)
    }
    try folder.prepare()
    let listing = try folder.list()
    let known = try togetherMember()
    let person: PersonID
    if let known {
      person = known.person
    } else {
      let named = Set(listing.profiles.filter { $0.profile.name == name }.map(\.profile.person))
      guard named.count <= 1 else {
        throw HabitsError(
          "\(named.count) people in '\(folder.path)' are called '\(name)'",
          hint: "pass the --name your other computer joined with, or another one", kind: .usage)
      }
      var generator = SystemRandomNumberGenerator()
      person = named.first ?? PersonID(using: &generator)
    }
    var generator = SystemRandomNumberGenerator()
    let syncing = try syncMember()?.device
    let device = known?.device ?? syncing ?? DeviceID(using: &generator)
    let agreement = TogetherAgreement(me: person, mine: offers, listing: listing)
    try folder.write(
      TogetherProfile(
        person: person, device: device, name: name, written: now.secondsSince1970, offers: offers))
    let member = TogetherMember(
      person: person, device: device, name: name, active: true,
      partnerName: agreement.partner?.name)
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO together_self (only, person, device, name, active, partner_name)
          VALUES (1, ?, ?, ?, 1, ?)
          ON CONFLICT (only) DO UPDATE SET name = excluded.name, active = 1,
            partner_name = excluded.partner_name
          """,
        arguments: [person.text, device.text, name, member.partnerName])
    }
    return (member, agreement)
  }

  /// Looks at the folder again: this device's profile is written anew when
  /// its offers changed, and the partner's name is kept for `{partner}`.
  public func refreshTogether(
    folder: TogetherFolder, offers: [TogetherProfile.Offer], at now: Instant
  ) throws(HabitsError) -> (member: TogetherMember, listing: TogetherFolder.Listing)? {
    guard var member = try togetherMember(), member.active else { return nil }
    let listing = try folder.list()
    let agreement = TogetherAgreement(me: member.person, mine: offers, listing: listing)
    try folder.write(
      TogetherProfile(
        person: member.person, device: member.device, name: member.name,
        written: now.secondsSince1970, offers: offers))
    if let name = agreement.partner?.name, name != member.partnerName {
      member.partnerName = name
      try write { db in
        try db.execute(
          sql: "UPDATE together_self SET partner_name = ?", arguments: [name])
      }
    }
    return (member, listing)
  }

  /// Stops taking part: nothing recorded is deleted, here or in the folder,
  /// and the ids stay for a later `joinTogether`. Returns whether it took part.
  @discardableResult
  public func leaveTogether() throws(HabitsError) -> Bool {
    try write { db in
      try db.execute(sql: "UPDATE together_self SET active = 0 WHERE active = 1")
      return db.changesCount > 0
    }
  }

  static func togetherMember(_ db: Database) throws -> TogetherMember? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT person, device, name, active, partner_name FROM together_self"),
      let person = (row[0] as String?).flatMap({ PersonID($0) }),
      let device = (row[1] as String?).flatMap({ DeviceID($0) })
    else { return nil }
    let active: Int = row[3]
    return TogetherMember(
      person: person, device: device, name: row[2], active: active == 1, partnerName: row[4])
  }
}
