// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSync
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

extension Context {
  /// Opens the database, creating it on first use; once per command, as
  /// the sync pass and the command share it.
  func openStore(_ options: GlobalOptions) throws(HabitsError) -> HabitStore {
    let path = try locations(options).database
    if let store = opened.store(at: path) { return store }
    let store = try HabitStore(path: path)
    opened.keep(store, at: path)
    return store
  }

  /// The store this command opened already (for its sync pass), or the
  /// existing database at `path` opened for reading.
  private func readingStore(at path: String) throws(HabitsError) -> HabitStore {
    if let store = opened.store(at: path) { return store }
    let store = try HabitStore.forReading(path: path)
    opened.hold(store)
    return store
  }

  /// The habit `id` names in `loaded`; or nil for an id with check-ins
  /// here but no schedule file, as history outlives schedule files (an
  /// import brings days of habits it has no file for); else the error of
  /// `HabitLookup.missing`.
  func recordedHabit(
    _ id: String, in loaded: ScheduleLoader.Result, _ options: GlobalOptions
  ) throws(HabitsError) -> Habit? {
    if let habit = try? HabitLookup.find(id, in: loaded) { return habit }
    guard HabitID.isValid(id), try !checkIns(options, habitID: id).isEmpty else {
      throw HabitLookup.missing(id, in: loaded)
    }
    return nil
  }

  /// All check-ins (of one habit), or none when there is no database yet:
  /// reading never creates the file, and works on a full disk.
  func checkIns(
    _ options: GlobalOptions, habitID: String? = nil, since: CivilDate? = nil
  ) throws(HabitsError) -> [CheckIn] {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return [] }
    return try readingStore(at: path).checkIns(habitID: habitID, since: since)
  }

  /// The days of each of `habits` (without notes), read habit by habit in
  /// one connection; none when there is no database yet.
  func checkInsByHabit(
    _ options: GlobalOptions, habits: [Habit], since: CivilDate? = nil
  ) throws(HabitsError) -> [String: [CheckIn]] {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return [:] }
    let store = try readingStore(at: path)
    var result: [String: [CheckIn]] = [:]
    for habit in habits {
      result[habit.id] = try store.history(habitID: habit.id, since: since)
    }
    return result
  }

  /// What reads one habit's days (`HabitStore.days(of:since:)`) in one
  /// connection, or none when there is no database yet; a caller that asks
  /// habit by habit holds one habit's days at a time.
  func habitDays(_ options: GlobalOptions) throws(HabitsError)
    -> (String) throws(HabitsError) -> [HabitDay]
  {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return { _ in [] } }
    let store = try readingStore(at: path)
    return { (habitID: String) throws(HabitsError) in try store.days(of: habitID) }
  }

  /// The partner's name and where they stand on `day` in the habits kept
  /// together; nil without a database or when nothing is kept together.
  func partnerDays(_ options: GlobalOptions, on day: CivilDate) throws(HabitsError) -> (
    name: String?, days: [String: PartnerDay]
  )? {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return nil }
    return try readingStore(at: path).partnerDays(on: day)
  }

  /// The habits kept together and the partner's record of those kept each
  /// (`HabitStore.togetherRecord`); nil without a database or when nothing
  /// is kept together.
  func togetherRecord(_ options: GlobalOptions) throws(HabitsError) -> (
    partner: String?, kept: [String: Together], partnerDays: [String: [CivilDate: DayState]]
  )? {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return nil }
    return try readingStore(at: path).togetherRecord()
  }

  /// The partner's own record of `habitID`, a habit each keeps.
  func partnerCheckIns(_ options: GlobalOptions, habitID: String) throws(HabitsError)
    -> [CheckIn]
  {
    let path = try locations(options).database
    guard access(path, F_OK) == 0 else { return [] }
    return try readingStore(at: path).partnerCheckIns(habitID: habitID)
  }

  func clock(_ config: Config) -> DayClock { DayClock(zone: zone, config: config) }

  /// The day `--date` names (default today); a future day is refused.
  func day(_ text: String?, clock: DayClock) throws(HabitsError) -> CivilDate {
    let today = clock.day(of: now)
    guard let text else { return today }
    let day = try Self.day(text, option: "date", today: today)
    guard day <= today else {
      throw HabitsError("\(day) has not happened yet", hint: "check-ins are for today or earlier")
    }
    return day
  }

  /// The day `text` names, for `--option`: a date, `today`, `yesterday` or a weekday.
  static func day(_ text: String, option: String, today: CivilDate) throws(HabitsError) -> CivilDate
  {
    guard let day = DayFormat.parse(text, today: today) else {
      if CivilDate(iso: text.trimmingWhitespace()) != nil {
        throw HabitsError(
          "'--\(option)' must be a day from the year 1 on, not '\(printable(text))'", kind: .usage)
      }
      throw HabitsError(
        "'--\(option)' must be \(DayFormat.expectedForm), not '\(printable(text))'", kind: .usage)
    }
    return day
  }

  /// `text` without control characters, cut short, for echoing back safely.
  static func printable(_ text: String) -> String {
    let clean = text.withoutControlCharacters
    return clean.count > 60 ? String(clean.prefix(60)) + "…" : clean
  }
}
