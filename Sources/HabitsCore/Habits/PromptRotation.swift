// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Which prompt each reminder of a habit shows.
///
/// A habit's reminders are numbered 0, 1, 2, … from its first: the first
/// instance of its `when` on or after its origin, which is the habit's
/// `start`, or 1970-01-01 without one (the date rules without a start count
/// from, and the one that blocks of days count from). Instances are counted
/// on the wall clock, so a reminder keeps its number wherever it is asked.
///
/// With P prompts, reminders cP … cP + P − 1 make round c, which shows every
/// prompt once, in an order drawn from the habit's id and c: every prompt
/// comes once before any comes twice, and the order changes from round to
/// round and from habit to habit. A habit reminded three days a week thus
/// goes through all its prompts, where choosing by the date would show some
/// three times a month and others never. Where one round meets the next, the
/// prompts that ended a round (its last third) are kept out of the first
/// third of the next, so no prompt comes twice in a row and two showings of
/// one prompt are always more than a third of the prompts apart.
///
/// A nudge, a catch-up or a snooze's end shows the prompt of the reminder it
/// repeats: the last one at or before its own time.
public struct PromptRotation: Sendable {
  public let habitID: String
  /// The prompts reminders offer: those that suit the relationship.
  public let prompts: [String]
  public let schedule: Schedule
  /// Reminders are counted from the start of this day.
  public let origin: CivilDate

  /// The origin of a habit without a `start`.
  public static let defaultOrigin = Schedule.defaultAnchor

  public init(habit: Habit) {
    habitID = habit.id
    prompts = habit.prompts
    schedule = habit.schedule
    origin = habit.start ?? Self.defaultOrigin
  }

  /// The number of the reminder at `instant` in `zone`, or of the last one
  /// before it (the one a nudge at `instant` repeats); 0 before the first.
  public func number(at instant: Instant, in zone: Zone) -> Int {
    let count = schedule.instanceCount(
      from: LocalDateTime(date: origin), through: reading(of: instant, in: zone))
    return max(0, count - 1)
  }

  /// The wall-clock reading of the instance that fires at `instant`: the
  /// reading at `instant`, except for an instance whose reading a
  /// spring-forward gap skips (02:30), which fires as the gap ends, at a
  /// later reading (03:30), and is counted at its own.
  func reading(of instant: Instant, in zone: Zone) -> LocalDateTime {
    let reading = zone.local(instant)
    let seconds = instant.secondsSince1970
    guard let change = zone.changes(from: seconds - 86_400, to: seconds + 1).last else {
      return reading
    }
    let before = zone.offset(atUTC: change.at - 1)
    guard change.offset > before, seconds < change.at + change.offset - before else {
      return reading
    }
    let skipped = LocalDateTime(localSeconds: seconds + before)
    guard schedule.instanceCount(from: reading, through: reading) == 0,
      schedule.instanceCount(from: skipped, through: skipped) == 1
    else { return reading }
    return skipped
  }

  /// The prompt reminder `number` shows; nil when the habit has no prompts.
  public func prompt(number: Int) -> String? {
    let count = prompts.count
    guard count > 0 else { return nil }
    let round = number >= 0 ? number / count : -((-number + count - 1) / count)
    return prompts[order(ofRound: round)[number - round * count]]
  }

  /// The prompt of the reminder at `instant`, or of the last one before it.
  public func prompt(at instant: Instant, in zone: Zone) -> String? {
    prompt(number: number(at: instant, in: zone))
  }

  /// The order in which round `round` shows the prompts, as their indices.
  public func order(ofRound round: Int) -> [Int] {
    let count = prompts.count
    // Two prompts can only alternate; one or none have no order to choose.
    guard count > 2 else { return drawn(round: 0) }
    var order = drawn(round: round)
    guard round > 0 else { return order }
    // The last third is as drawn, so the next round can tell what ended this
    // one without working out the rounds before it.
    let spread = count / 3
    let ended = Set(drawn(round: round - 1).suffix(spread))
    let rest = order.prefix(count - spread)
    let opening = rest.filter { !ended.contains($0) }.prefix(spread)
    let middle = rest.filter { !opening.contains($0) }
    order = Array(opening) + middle + order.suffix(spread)
    return order
  }

  /// Round `round`'s order before the boundary with the round before is fixed.
  private func drawn(round: Int) -> [Int] {
    var random = StableRandom(text: habitID, number: round)
    return random.permutation(of: prompts.count)
  }

  /// Numbers a habit's reminders in time order, counting on from the last
  /// one asked about rather than from the origin each time.
  public struct Numbering: Sendable {
    public let rotation: PromptRotation
    public let zone: Zone
    private var last: (instant: Instant, reading: LocalDateTime, count: Int)?
    /// The order of the round the last prompt came from, to use again.
    private var round: (number: Int, order: [Int])?

    public init(_ rotation: PromptRotation, in zone: Zone) {
      self.rotation = rotation
      self.zone = zone
    }

    /// What `PromptRotation.number(at:in:)` says, counted on from the last call.
    public mutating func number(at instant: Instant) -> Int {
      let reading = rotation.reading(of: instant, in: zone)
      let count: Int
      if let last, last.reading <= reading {
        count =
          last.count
          + rotation.schedule.instanceCount(
            from: LocalDateTime(localSeconds: last.reading.localSeconds + 1), through: reading)
      } else {
        count = rotation.schedule.instanceCount(
          from: LocalDateTime(date: rotation.origin), through: reading)
      }
      last = (instant, reading, count)
      return max(0, count - 1)
    }

    /// `number(at:)` for the instance of the schedule that comes next after
    /// the last one asked about. Without an offset change from a day before
    /// that one to this one, no reading a gap moved lies between them, so
    /// this one's number is the last one's and one; otherwise it is counted.
    public mutating func numberOfNext(at instant: Instant) -> Int {
      guard let last, last.instant < instant, last.count > 0,
        zone.changes(
          from: last.instant.secondsSince1970 - 86_400, to: instant.secondsSince1970 + 1
        ).isEmpty
      else { return number(at: instant) }
      self.last = (instant, zone.local(instant), last.count + 1)
      return last.count
    }

    /// What `PromptRotation.prompt(at:in:)` says, counted on from the last call.
    public mutating func prompt(at instant: Instant) -> String? {
      prompt(number: number(at: instant))
    }

    /// The prompt of the instance that comes next after the last one asked about.
    public mutating func promptOfNext(at instant: Instant) -> String? {
      prompt(number: numberOfNext(at: instant))
    }

    private mutating func prompt(number: Int) -> String? {
      let count = rotation.prompts.count
      guard count > 0 else { return nil }
      let index = number / count
      if round?.number != index { round = (index, rotation.order(ofRound: index)) }
      guard let order = round?.order else { return nil }
      return rotation.prompts[order[number - index * count]]
    }
  }

  /// The prompt each of `entries` will show, for `habits next`: nil for a
  /// habit without prompts, or one not among `habits`.
  public static func prompts(
    of entries: [Upcoming.Entry], habits: [Habit], in zone: Zone
  ) -> [String?] {
    var numberings: [String: Numbering] = [:]
    var result: [String?] = []
    result.reserveCapacity(entries.count)
    for entry in entries {
      var numbering: Numbering
      if let known = numberings[entry.habitID] {
        numbering = known
      } else if let habit = habits.first(where: { $0.id == entry.habitID }),
        !habit.prompts.isEmpty
      {
        numbering = Numbering(PromptRotation(habit: habit), in: zone)
      } else {
        result.append(nil)
        continue
      }
      // `Upcoming` lists each habit's instances one after another.
      result.append(numbering.promptOfNext(at: entry.at))
      numberings[entry.habitID] = numbering
    }
    return result
  }
}
