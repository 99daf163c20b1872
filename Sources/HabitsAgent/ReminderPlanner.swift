// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Synchronization

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
///
/// A slot never fires for a day that is over. So a slot that quiet hours
/// push past the end of its day (a 23:00 reminder with quiet hours
/// 22:30-07:30 would come at 07:30, when its day is over) is dropped, not
/// shown the next morning, and the agent does not wake for it. Nor does it
/// wake for a day already done or skipped, or a period whose target is met:
/// a check-in written later wakes it through the store.
///
/// A habit is not caught up for a slot when it was already reminded after
/// that slot came: after a zone change moves today's reminder to an instant
/// that has passed, or an edit moves it earlier, the person was reminded today.
///
/// Nothing is caught up inside quiet hours: a catch-up (and a late summary)
/// waits for their end, and comes then if `catch_up` still allows it. So a
/// laptop woken at 23:00 with quiet hours 22:30-07:30 shows nothing, and with
/// `catch_up = "same-day"` nothing the next morning either: that day is over.
///
/// With `gather` (20 minutes by default) a plan's habit firings share one
/// popup, and that popup brings along the reminders of other habits due
/// within `gather` after it (`Plan.popups`): a reminder can come earlier than
/// its time, never later. Each is logged as its own slot, so "never twice" and
/// the redelivery after a crash hold for each habit. A nudge never comes
/// within `gather` after another popup (the summary's too): it waits until
/// `gather` has passed, and is dropped when that wait would take it past its
/// `until`, the habit's next reminder or the end of its day. Waiting only
/// ever moves a nudge later and each popup is logged, so this cannot loop.
public struct ReminderPlanner: Sendable {
  public var habits: [Habit]
  public var config: Config
  public var zone: Zone
  /// Schedules already expanded, kept between plans; nil expands them each time.
  public var cache: Cache?

  /// A slot that comes within this many seconds of its time is on time; later, it is a catch-up.
  public static let onTimeTolerance = 60

  public init(habits: [Habit], config: Config, zone: Zone, cache: Cache? = nil) {
    self.habits = habits
    self.config = config
    self.zone = zone
    self.cache = cache
  }

  /// Each habit's slots (before snoozes) and first firing past them, as
  /// worked out for one day: the agent plans at every wake, and without this
  /// expanded every schedule three days wide each time. An entry is used only
  /// for the same habit, settings, zone and day (the first firing also only
  /// from the same instant), so the answers are the ones worked out afresh;
  /// the runner also starts a new cache whenever it reads the zone or the
  /// schedules again, since two different zones can share a name.
  public final class Cache: Sendable {
    struct Entry: Sendable {
      var habit: Habit
      var config: Config
      var zone: Zone
      var today: CivilDate
      var slots: [Slot]
      var firstFiringFrom: Instant?
      var firstFiring: Instant??
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    func entry(for habit: Habit, config: Config, zone: Zone, today: CivilDate) -> Entry? {
      entries.withLock { entries in
        guard let entry = entries[habit.id], entry.today == today, entry.zone == zone,
          entry.config == config, entry.habit == habit
        else { return nil }
        return entry
      }
    }

    func store(_ entry: Entry) { entries.withLock { $0[entry.habit.id] = entry } }
  }

  /// What the store holds that bears on reminders.
  public typealias Snapshot = ReminderSnapshot
  public typealias LoggedKey = ReminderSnapshot.LoggedKey

  /// How far back a plan looks in the store. Check-ins: from 40 days before
  /// the first of this month, which holds the whole period (a week or a
  /// month, of yesterday, today or tomorrow) whose target may settle a day.
  /// The log: 4 days, more than the three days of slots around now. Weekly
  /// summaries: 16 days, two weeks and a zone's worth of travel.
  public static let windows = (
    checkInDaysBeforeMonth: 40, loggedSeconds: 4 * 86_400, summarySeconds: 16 * 86_400
  )

  /// What a plan at `now` reads from the store; with `undelivered`, also
  /// what an agent that stopped logged but never showed.
  public func needs(at now: Instant, undelivered: Bool = false) -> ReminderNeeds {
    let today = clock.day(of: now)
    let monthStart = CivilDate(year: today.year, month: today.month, day: 1)
    return ReminderNeeds(
      now: now, checkInsSince: monthStart.adding(days: -Self.windows.checkInDaysBeforeMonth),
      loggedSince: now.adding(seconds: -Self.windows.loggedSeconds),
      summariesSince: now.adding(seconds: -Self.windows.summarySeconds), undelivered: undelivered)
  }

  /// A reminder to show now.
  public struct Firing: Hashable, Sendable {
    /// nil for the weekly summary.
    public var habitID: String?
    /// The slot's identity: the instant it was due before any deferral.
    public var due: Instant
    /// The day it is about.
    public var day: CivilDate
    public var kind: ReminderKind
    /// When it came: its time, moved by quiet hours or a nudge's wait for
    /// `gather`, from which lateness counts; nil when not known (a reminder
    /// logged before a restart).
    public var cameAt: Instant?
    /// For a catch-up, why it comes late, as the runner judges when it fires it.
    public var late: CatchUpReason = .away

    public init(
      habitID: String?, due: Instant, day: CivilDate, kind: ReminderKind, cameAt: Instant? = nil
    ) {
      self.habitID = habitID
      self.due = due
      self.day = day
      self.kind = kind
      self.cameAt = cameAt
    }
  }

  /// What becomes of the reminders an agent logged but never showed.
  public struct Redelivery: Sendable {
    /// Still wanted: to show now.
    public var show: [Firing] = []
    /// No longer wanted: to mark delivered without showing.
    public var drop: [FiredReminder] = []
    /// Inside quiet hours nothing is shown: they wait for this instant, to be looked at again.
    public var heldUntil: Instant?
  }

  public struct Plan: Sendable {
    /// What to show now, a popup at a time, in order: with `gather` on, the
    /// habits' firings together (with the reminders brought forward to join
    /// them), then the summary on its own; with it off, one popup a firing.
    public var popups: [[Firing]]
    /// When to look again; nil when nothing is ever due.
    public var nextWake: Instant?

    /// Every firing of every popup, in order.
    public var firings: [Firing] { popups.flatMap { $0 } }
  }

  typealias Slot = ReminderSlot

  public var clock: DayClock { DayClock(zone: zone, config: config) }

  /// The reminders due at `now`, and the next moment anything can be.
  public func plan(now: Instant, snapshot: Snapshot) -> Plan {
    let clock = self.clock
    let today = clock.day(of: now)
    // Every popup is logged, so the latest of them is the log's latest firing.
    let lastPopup = snapshot.lastFired.values.max()
    var firings: [Firing] = []
    /// Slots still to come, for the next wake once it is known what fires now.
    var upcoming: [(habitID: String, slot: Slot)] = []
    /// Each habit's first reminder within `gather` of now, in case a popup comes now.
    var gatherable: [(habitID: String, slot: Slot)] = []
    var nextWake: Instant?
    func consider(_ at: Instant) {
      if at > now, nextWake.map({ at < $0 }) ?? true { nextWake = at }
    }
    for habit in habits where habit.enabled {
      let history = HabitHistory(
        habit: habit, checkIns: snapshot.checkIns[habit.id] ?? [], clock: clock, today: today)
      var settledDays: [CivilDate: Bool] = [:]
      func settled(_ day: CivilDate) -> Bool {
        if let known = settledDays[day] { return known }
        let value = isSettled(day, history: history)
        settledDays[day] = value
        return value
      }
      let slots = self.slots(for: habit, around: now, snapshot: snapshot)
      for slot in slots
      where slot.at > now && !settled(slot.day)
        && !snapshot.logged.contains(LoggedKey(habitID: habit.id, due: slot.due))
      {
        upcoming.append((habit.id, slot))
      }
      if let slot = gatherableSlot(
        of: habit.id, in: slots, now: now, today: today, snapshot: snapshot),
        !settled(slot.day)
      {
        gatherable.append((habit.id, slot))
      }
      // Past the slots' window (a weekly habit), the first occurrence that can fire.
      let windowEnd = clock.start(of: today.adding(days: 2))
      if let later = cachedFirstFiring(
        of: habit, from: max(now.adding(seconds: 1), windowEnd), today: today)
      {
        consider(later)
      }
      // Only the latest slot that has come can fire, and never for a day that is over.
      guard
        var latest = slots.filter({ $0.at <= now }).max(by: { ($0.at, $0.due) < ($1.at, $1.due) }),
        latest.day >= today || (latest.isSnooze && latest.day >= today.adding(days: -1))
      else { continue }
      if snapshot.logged.contains(LoggedKey(habitID: habit.id, due: latest.due)) { continue }
      if settled(latest.day) { continue }
      // A snooze in force holds everything back; its end is a slot of its own.
      if let snooze = snapshot.snoozes[habit.id], snooze.recordedAt <= now, now < snooze.until {
        continue
      }
      if remindedSince(latest.at, key: habit.id, now: now, snapshot: snapshot) { continue }
      // A reminder brought forward stands for its time: travel east, which
      // brings that time of day sooner, does not give it again.
      if !latest.isNudge && !latest.isSnooze,
        let due = snapshot.broughtForward[habit.id], due >= latest.at
      {
        continue
      }
      // A nudge waits until `gather` has passed since the last popup, or is dropped.
      guard let spaced = spacedTime(of: latest, after: lastPopup) else { continue }
      if spaced > now {
        upcoming.append((habit.id, latest))
        continue
      }
      latest.at = spaced
      guard let kind = kind(of: latest, now: now, today: today) else {
        if let end = heldByQuietHours(latest, now: now, dayMustLast: true) { consider(end) }
        // Too late now, but a popup now makes a nudge wait `gather`, and then it is on time.
        if latest.isNudge { upcoming.append((habit.id, latest)) }
        continue
      }
      firings.append(Firing(habitID: habit.id, due: latest.due, day: latest.day, kind: kind))
      // Lateness counts from when it came, and so does the runner's reason for a catch-up.
      firings[firings.count - 1].cameAt = latest.at
    }
    var summaryFiring: Firing?
    if let summary = config.summary {
      let start = clock.start(of: today.adding(days: -1))
      var iterator = summary.occurrences(from: start, in: zone)
      var latest: Slot?
      // Quiet hours hold the summary too; `quietAdjusted` keeps the order of instants.
      while let due = iterator.next() {
        let at = quietAdjusted(due)
        if at > now {
          consider(at)
          break
        }
        latest = Slot(due: due, at: at, day: clock.day(of: due), isNudge: false)
      }
      if let slot = latest, !snapshot.logged.contains(LoggedKey(habitID: nil, due: slot.due)),
        !remindedSince(slot.at, key: "", now: now, snapshot: snapshot),
        !snapshot.summaryDays.contains(where: {
          clock.weekStart(of: $0) == clock.weekStart(of: slot.day)
        })
      {
        if kind(of: slot, now: now, today: today) != nil {
          summaryFiring = Firing(habitID: nil, due: slot.due, day: slot.day, kind: .summary)
        } else if let end = heldByQuietHours(slot, now: now, dayMustLast: false) {
          consider(end)
        }
      }
    }
    let grouped = popups(of: firings, bringing: gatherable)
    let popups = grouped.popups + (summaryFiring.map { [[$0]] } ?? [])
    // What is shown now is the popup before the nudges still to come.
    let lastPopupAfter = popups.isEmpty ? lastPopup : now
    for (id, slot) in upcoming
    where !grouped.gathered.contains(LoggedKey(habitID: id, due: slot.due)) {
      if let at = spacedTime(of: slot, after: lastPopupAfter) { consider(at) }
    }
    return Plan(popups: popups, nextWake: nextWake)
  }

  /// Which of the reminders logged before a restart but never shown
  /// (`pending`) are still wanted at `now`: about today (or, as `plan` fires
  /// them, a snooze's end or the summary about yesterday), their habit still
  /// there, not done, skipped, met or snoozed. Inside quiet hours, none yet.
  public func redelivery(
    of pending: [FiredReminder], now: Instant, snapshot: Snapshot
  ) -> Redelivery {
    guard !pending.isEmpty else { return Redelivery() }
    let quietEnd = quietAdjusted(now)
    if quietEnd > now { return Redelivery(heldUntil: quietEnd) }
    let clock = self.clock
    let today = clock.day(of: now)
    var result = Redelivery()
    for reminder in pending {
      // The day it is about, as `plan` worked it out: a snooze's end is
      // about the snoozed day, which may be the day before its instant's.
      var day = clock.day(of: reminder.due)
      var mayBeYesterday = reminder.habitID == nil
      if let id = reminder.habitID, let snooze = snapshot.snoozes[id], snooze.until == reminder.due
      {
        day = snapshot.snoozedDays[id] ?? clock.day(of: snooze.recordedAt)
        mayBeYesterday = true
      }
      guard day == today || (mayBeYesterday && day == today.adding(days: -1)) else {
        result.drop.append(reminder)
        continue
      }
      if let id = reminder.habitID {
        guard let habit = habits.first(where: { $0.id == id && $0.enabled }) else {
          result.drop.append(reminder)
          continue
        }
        let history = HabitHistory(
          habit: habit, checkIns: snapshot.checkIns[id] ?? [], clock: clock, today: today)
        let snoozed = snapshot.snoozes[id].map { $0.recordedAt <= now && now < $0.until } ?? false
        if isSettled(day, history: history) || snoozed {
          result.drop.append(reminder)
          continue
        }
      }
      result.show.append(
        Firing(habitID: reminder.habitID, due: reminder.due, day: day, kind: reminder.kind))
    }
    return result
  }

  /// Whether `day` needs no reminder: done, skipped, or its period's target met.
  func isSettled(_ day: CivilDate, history: HabitHistory) -> Bool {
    if history.isDone(day) || history.isSkipped(day) { return true }
    guard let target = history.habit.target else { return false }
    return history.doneCount(inPeriodFrom: history.periodStart(day, target.period), target.period)
      >= target.count
  }

  /// Whether `key` was reminded at or after `at`: up to now, or after now
  /// (where a clock set back leaves a firing) on the same day as now. The
  /// day's reminder was given then, and travel east since must not give it
  /// again; a firing on a later day must not hide what is due today.
  private func remindedSince(_ at: Instant, key: String, now: Instant, snapshot: Snapshot) -> Bool {
    if let fired = snapshot.lastFired[key], fired >= at && fired <= now { return true }
    guard let ahead = snapshot.firedAhead[key] else { return false }
    let clock = self.clock
    return clock.day(of: ahead) == clock.day(of: now)
  }

  /// How far, and through how many occurrences, `firstFiring` looks before
  /// it settles for waking to look again.
  static let lookahead = (seconds: 8 * 86_400, occurrences: 64)

  /// When the first occurrence at or after `from` fires: its time, moved by
  /// quiet hours, skipping those moved past their day. When all of them
  /// within the lookahead are, the last one looked at: the agent wakes then
  /// to look again, rather than computing far ahead on every plan.
  func firstFiring(of habit: Habit, from: Instant) -> Instant? {
    let clock = self.clock
    let horizon = from.adding(seconds: Self.lookahead.seconds)
    var iterator = habit.schedule.occurrences(from: from, in: zone)
    var last: Instant?
    for _ in 0..<Self.lookahead.occurrences {
      guard let due = iterator.next() else { return nil }
      let at = quietAdjusted(due)
      if clock.day(of: at) <= clock.day(of: due) { return at }
      if due > horizon { return due }
      last = due
    }
    return last
  }

  /// `firstFiring`, from the cache when it has the answer.
  func cachedFirstFiring(of habit: Habit, from: Instant, today: CivilDate) -> Instant? {
    guard let cache else { return firstFiring(of: habit, from: from) }
    guard var entry = cache.entry(for: habit, config: config, zone: zone, today: today) else {
      return firstFiring(of: habit, from: from)
    }
    if entry.firstFiringFrom == from, let known = entry.firstFiring { return known }
    let value = firstFiring(of: habit, from: from)
    entry.firstFiringFrom = from
    entry.firstFiring = .some(value)
    cache.store(entry)
    return value
  }

  /// On time, a late catch-up that `catch_up` allows, or nil. Nothing
  /// inside quiet hours, not even a reminder that came just before they
  /// began and could not be shown then: it waits for their end.
  private func kind(of slot: Slot, now: Instant, today: CivilDate) -> ReminderKind? {
    let lateness = now.secondsSince1970 - slot.at.secondsSince1970
    if quietAdjusted(now) != now { return nil }
    if lateness <= Self.onTimeTolerance { return slot.isNudge ? .nudge : .reminder }
    switch config.catchUp {
    case .off: return nil
    case .sameDay: return slot.day == today ? .catchUp : nil
    case .within(let seconds): return lateness <= seconds ? .catchUp : nil
    }
  }

  /// When a catch-up that quiet hours hold back at `now` can come: their end,
  /// if `catch_up` still allows it then and (for a habit) its day lasts.
  private func heldByQuietHours(_ slot: Slot, now: Instant, dayMustLast: Bool) -> Instant? {
    let end = quietAdjusted(now)
    guard end > now else { return nil }
    let day = clock.day(of: end)
    if dayMustLast && !(slot.day >= day || (slot.isSnooze && slot.day >= day.adding(days: -1))) {
      return nil
    }
    return kind(of: slot, now: end, today: day) != nil ? end : nil
  }

  /// The slots of occurrences from the start of yesterday to the end of
  /// tomorrow, less those quiet hours push past the end of their day.
  func slots(for habit: Habit, around now: Instant, snapshot: Snapshot) -> [Slot] {
    let clock = self.clock
    let today = clock.day(of: now)
    var slots: [Slot]
    if let entry = cache?.entry(for: habit, config: config, zone: zone, today: today) {
      slots = entry.slots
    } else {
      slots = unsnoozedSlots(for: habit, today: today)
      cache?.store(
        Cache.Entry(
          habit: habit, config: config, zone: zone, today: today, slots: slots,
          firstFiringFrom: nil,
          firstFiring: nil))
    }
    if let snooze = snapshot.snoozes[habit.id] {
      let day = snapshot.snoozedDays[habit.id] ?? clock.day(of: snooze.recordedAt)
      // The snooze holds back what came since it was made, and brings it back at its end.
      slots.removeAll { $0.at >= snooze.recordedAt && $0.at < snooze.until }
      slots.append(
        Slot(
          due: snooze.until, at: quietAdjusted(snooze.until), day: day, isNudge: false,
          isSnooze: true))
    }
    return slots
  }

  /// The slots of `today`'s window before any snooze, less those quiet hours
  /// push past the end of their day.
  private func unsnoozedSlots(for habit: Habit, today: CivilDate) -> [Slot] {
    let clock = self.clock
    return ReminderSlot.slots(
      of: habit, clock: clock, quiet: quietAdjusted, from: clock.start(of: today.adding(days: -1)),
      to: clock.start(of: today.adding(days: 2)))
  }

  /// `at`, or the end of the quiet hours it falls in.
  func quietAdjusted(_ at: Instant) -> Instant {
    config.quietHours?.release(of: at, in: zone) ?? at
  }

}
