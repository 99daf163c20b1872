// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Who keeps what together, from this person's schedule files and what the
/// partner's devices say in the folder: a habit is kept together only when
/// both offer it (`Together.agreed`), and its notes go across only when both
/// say `share_notes`.
public struct TogetherAgreement: Hashable, Sendable {
  /// The other person in the folder: their name as their latest profile
  /// says, what they offer as all their computers' profiles say.
  public struct Partner: Hashable, Sendable {
    public var person: PersonID
    public var name: String
    /// Their devices in the folder.
    public var devices: [DeviceID]
    /// When a profile of theirs last changed in the folder.
    public var lastSeen: Instant
  }

  /// One habit offered by either side.
  public struct Offer: Hashable, Sendable {
    public var habitID: String
    /// What this person's schedule file says; nil when it does not offer it.
    public var mine: Together?
    /// What the partner's says; nil when they do not offer it.
    public var theirs: Together?

    /// How it is kept together, or nil when only one side offers it.
    public var agreed: Together? {
      guard let mine, let theirs else { return nil }
      return Together.agreed(mine, theirs)
    }
  }

  public var partner: Partner?
  /// Every habit offered by either side, by id.
  public var offers: [Offer]
  /// Other people in the folder than this person and the partner: a
  /// together folder is for two, so their words are not read.
  public var others: [PersonID]

  /// The agreement between `mine` (this person's offers, from the schedule
  /// files) and the other person in `listing`: `known`, the partner found
  /// before, and nobody else once there is one (while no profile of theirs
  /// can be read, there is no partner: a profile mid-copy, damaged or from
  /// a newer build must not hand their place to a third person); otherwise,
  /// with more than one other person, the one whose profile changed last.
  public init(
    me: PersonID, mine: [TogetherProfile.Offer], listing: TogetherFolder.Listing,
    known: PersonID? = nil
  ) {
    var latest: [PersonID: TogetherFolder.Found] = [:]
    var devices: [PersonID: [DeviceID]] = [:]
    var seen: [PersonID: Instant] = [:]
    for found in listing.profiles where found.profile.person != me {
      let person = found.profile.person
      devices[person, default: []].append(found.profile.device)
      seen[person] = max(seen[person] ?? found.modified, found.modified)
      if let kept = latest[person],
        (kept.profile.written, kept.profile.device) >= (found.profile.written, found.profile.device)
      {
        continue
      }
      latest[person] = found
    }
    let chosen: TogetherFolder.Found?
    if let known {
      chosen = latest[known]
    } else {
      chosen = latest.values.max {
        (seen[$0.profile.person] ?? $0.modified, $0.profile.person)
          < (seen[$1.profile.person] ?? $1.modified, $1.profile.person)
      }
    }
    others = latest.keys.filter { $0 != known && $0 != chosen?.profile.person }.sorted()
    partner = chosen.map {
      Partner(
        person: $0.profile.person, name: $0.profile.name,
        devices: (devices[$0.profile.person] ?? []).sorted(),
        lastSeen: seen[$0.profile.person] ?? $0.modified)
    }
    var byID: [String: Offer] = [:]
    for offer in mine {
      byID[offer.habitID, default: Offer(habitID: offer.habitID)].mine = offer.together
    }
    for offer in Self.offers(of: chosen?.profile.person, in: listing) {
      byID[offer.habitID, default: Offer(habitID: offer.habitID)].theirs = offer.together
    }
    offers = byID.values.sorted { $0.habitID < $1.habitID }
  }

  /// What `person` offers: a habit any of their computers offers (their
  /// schedule files need not be the same on each), `shared` only when every
  /// one that offers it says shared, with notes when any says so.
  public static func offers(
    of person: PersonID?, in listing: TogetherFolder.Listing
  ) -> [TogetherProfile.Offer] {
    var byID: [String: TogetherProfile.Offer] = [:]
    for found in listing.profiles where found.profile.person == person {
      for offer in found.profile.offers {
        guard var kept = byID[offer.habitID] else {
          byID[offer.habitID] = offer
          continue
        }
        kept.together = Together.agreed(kept.together, offer.together)
        kept.notes = kept.notes || offer.notes
        byID[offer.habitID] = kept
      }
    }
    return byID.values.sorted { $0.habitID < $1.habitID }
  }
}

extension TogetherAgreement.Offer {
  init(habitID: String) {
    self.habitID = habitID
  }
}
