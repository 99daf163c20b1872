import HabitsCore

/// Decides, for one moment, which reminders are due now and when the next one
/// will be. Pure: the runner passes now, the zone and what the store holds,
/// so a test can cross a daylight-saving change or a week in microseconds.
///
/// Every habit has a chain of *slots* per occurrence: the reminder itself,
/// then re-nudges every `[nudge] repeat` up to `until`; a snooze adds a slot
/// at its end and holds back those before it; quiet hours move a slot to
/// their end. At any moment only a habit's latest slot that has come can
/// fire, so a laptop waking from sleep gets one catch-up per habit, never
/// one per missed nudge.
public struct ReminderPlanner: Sendable {
  public var habits: [Habit]
  public var config: Config
  public var zone: Zone

  /// A slot that comes within this many seconds of its time is on time; later, it is a catch-up.
  public static let onTimeTolerance = 60

  public init(habits: [Habit], config: Config, zone: Zone) {
    self.habits = habits
    self.config = config
    self.zone = zone
  }

  /// What the store holds that bears on reminders.
  public struct Snapshot: Sendable {
    /// Recent check-ins (from at least the start of the month before today).
    public var checkIns: [String: [CheckIn]]
    /// Snoozes by habit: until when, and when they were made.
    public var snoozes: [String: (until: Instant, recordedAt: Instant)]
    /// Reminders already logged (fired or about to be), as habit id ("" for the summary) and due instant.
    public var logged: Set<LoggedKey>

    public init(
      checkIns: [String: [CheckIn]] = [:],
      snoozes: [String: (until: Instant, recordedAt: Instant)] = [:], logged: Set<LoggedKey> = []
    ) {
      self.checkIns = checkIns
      self.snoozes = snoozes
      self.logged = logged
    }
  }

  public struct LoggedKey: Hashable, Sendable {
    public var habitID: String
    public var due: Instant

    public init(habitID: String?, due: Instant) {
      self.habitID = habitID ?? ""
      self.due = due
    }
  }

  /// A reminder to show now.
  public struct Firing: Hashable, Sendable {
    public enum Kind: String, Sendable {
      case reminder, nudge, catchUp = "catch-up", summary
    }
    /// nil for the weekly summary.
    public var habitID: String?
    /// The slot's identity: the instant it was due before any deferral.
    public var due: Instant
    /// The day it is about.
    public var day: CivilDate
    public var kind: Kind
  }

  public struct Plan: Sendable {
    public var firings: [Firing]
    /// When to look again; nil when nothing is ever due.
    public var nextWake: Instant?
  }

  struct Slot {
    var due: Instant
    var at: Instant
    var day: CivilDate
    var isNudge: Bool
  }

  public var clock: DayClock { DayClock(zone: zone, config: config) }

  /// The reminders due at `now`, and the next moment anything can be.
  public func plan(now: Instant, snapshot: Snapshot) -> Plan {
    let clock = self.clock
    let today = clock.day(of: now)
    var firings: [Firing] = []
    var nextWake: Instant?
    func consider(_ at: Instant) {
      if at > now && (nextWake == nil || at < nextWake!) { nextWake = at }
    }
    for habit in habits where habit.enabled {
      let slots = self.slots(for: habit, around: now, snapshot: snapshot)
      for slot in slots { consider(slot.at) }
      if let upcoming = habit.schedule.next(from: now.adding(seconds: 1), in: zone) {
        consider(quietAdjusted(upcoming))
      }
      // Only the latest slot that has come can fire, and never for a day that is over.
      guard let latest = slots.filter({ $0.at <= now }).max(by: { ($0.at, $0.due) < ($1.at, $1.due) }),
        latest.day >= today
      else { continue }
      if snapshot.logged.contains(LoggedKey(habitID: habit.id, due: latest.due)) { continue }
      let history = HabitHistory(
        habit: habit, checkIns: snapshot.checkIns[habit.id] ?? [], clock: clock, today: today)
      if history.byDay[latest.day] != nil && (history.isDone(latest.day) || history.isSkipped(latest.day)) {
        continue
      }
      if let target = habit.target,
        history.doneCount(inPeriodFrom: history.periodStart(latest.day, target.period), target.period)
          >= target.count
      {
        continue
      }
      guard let kind = kind(of: latest, now: now, today: today) else { continue }
      firings.append(Firing(habitID: habit.id, due: latest.due, day: latest.day, kind: kind))
    }
    if let summary = config.summary {
      let start = clock.start(of: today.adding(days: -1))
      var iterator = summary.occurrences(from: start, in: zone)
      var latest: Instant?
      while let at = iterator.next() {
        if at > now {
          consider(at)
          break
        }
        latest = at
      }
      if let due = latest, !snapshot.logged.contains(LoggedKey(habitID: nil, due: due)) {
        let slot = Slot(due: due, at: due, day: clock.day(of: due), isNudge: false)
        if kind(of: slot, now: now, today: today) != nil {
          firings.append(Firing(habitID: nil, due: due, day: slot.day, kind: .summary))
        }
      }
    }
    return Plan(firings: firings, nextWake: nextWake)
  }

  /// On time, a late catch-up that `catch_up` allows, or nil.
  private func kind(of slot: Slot, now: Instant, today: CivilDate) -> Firing.Kind? {
    let lateness = now.secondsSince1970 - slot.at.secondsSince1970
    if lateness <= Self.onTimeTolerance { return slot.isNudge ? .nudge : .reminder }
    switch config.catchUp {
    case .off: return nil
    case .sameDay: return slot.day == today ? .catchUp : nil
    case .within(let seconds): return lateness <= seconds ? .catchUp : nil
    }
  }

  /// The slots of occurrences from the start of yesterday to the end of tomorrow.
  func slots(for habit: Habit, around now: Instant, snapshot: Snapshot) -> [Slot] {
    let clock = self.clock
    let today = clock.day(of: now)
    let start = clock.start(of: today.adding(days: -1))
    let end = clock.start(of: today.adding(days: 2))
    var occurrences: [Instant] = []
    var iterator = habit.schedule.occurrences(from: start, in: zone)
    while let at = iterator.next(), at < end { occurrences.append(at) }
    var slots: [Slot] = []
    for (index, due) in occurrences.enumerated() {
      let day = clock.day(of: due)
      slots.append(Slot(due: due, at: quietAdjusted(due), day: day, isNudge: false))
      guard let nudge = habit.nudge else { continue }
      var limit = clock.start(of: day.adding(days: 1))
      if let until = nudge.until {
        var local = LocalDateTime(date: day, hour: until.hour, minute: until.minute)
        if until < clock.dayStartsAt { local.date = day.adding(days: 1) }
        limit = min(limit, zone.instant(for: local).adding(seconds: 1))
      }
      if index + 1 < occurrences.count { limit = min(limit, occurrences[index + 1]) }
      var at = due.adding(seconds: nudge.repeatEvery)
      while at < limit {
        slots.append(Slot(due: at, at: quietAdjusted(at), day: day, isNudge: true))
        at = at.adding(seconds: nudge.repeatEvery)
      }
    }
    if let snooze = snapshot.snoozes[habit.id] {
      let day = clock.day(of: snooze.recordedAt)
      // The snooze holds back what came since it was made, and brings it back at its end.
      slots.removeAll { $0.at >= snooze.recordedAt && $0.at < snooze.until }
      slots.append(Slot(due: snooze.until, at: quietAdjusted(snooze.until), day: day, isNudge: false))
    }
    return slots
  }

  /// `at`, or the end of the quiet hours it falls in.
  func quietAdjusted(_ at: Instant) -> Instant {
    guard let quiet = config.quietHours else { return at }
    let local = zone.local(at)
    let time = TimeOfDay(hour: local.hour, minute: local.minute)
    guard quiet.contains(time) else { return at }
    var endDate = local.date
    if quiet.start > quiet.end && time >= quiet.start { endDate = endDate.adding(days: 1) }
    return zone.instant(for: LocalDateTime(date: endDate, hour: quiet.end.hour, minute: quiet.end.minute))
  }
}
