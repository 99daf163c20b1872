// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// The local days on which a habit is due: those with at least one reminder.
public enum DueDays {
  /// Due days from `first` through `last`, ascending. Worked out on the wall
  /// clock, so it needs no zone: a reminder at 01:30 with the day starting at
  /// 04:00 makes the day before due.
  public static func days(
    of schedule: Schedule, from first: CivilDate, through last: CivilDate, clock: DayClock
  ) -> [CivilDate] {
    numbers(of: schedule, from: first, through: last, clock: clock).map {
      CivilDate(daysSinceEpoch: $0)
    }
  }

  /// The same days as `days`, each as its number of days since 1970-01-01:
  /// streaks walk ten years of them, and need no year, month and day.
  public static func numbers(
    of schedule: Schedule, from first: CivilDate, through last: CivilDate, clock: DayClock
  ) -> [Int] {
    guard first <= last else { return [] }
    // An array, not a set: `habits stats` asks for ten years of days per habit,
    // and one rule yields them in order, so sorting is needed only to merge rules.
    var result: [Int] = []
    let begin = LocalDateTime(date: first.adding(days: -1))
    for rule in schedule.rules {
      if let weekdays = everyWeek(rule) {
        appendWeekly(rule, weekdays, from: first, through: last, clock: clock, to: &result)
        continue
      }
      var expander = RuleExpander(rule)
      expander.seek(to: begin)
      while let batch = expander.nextPeriod() {
        var past = false
        for local in batch {
          let day = clock.day(of: local)
          if day > last {
            past = true
            break
          }
          let number = day.daysSinceEpoch
          if day >= first && result.last != number { result.append(number) }
        }
        if past || expander.nextPeriodStart.date > last.adding(days: 1) { break }
      }
    }
    let ascending = zip(result, result.dropFirst()).allSatisfy { $0 < $1 }
    return ascending ? result : Set(result).sorted()
  }

  /// The weekdays of a rule that repeats the same days every week with no
  /// end (`daily at …`, `every mon, wed at …`), or nil for any other rule.
  static func everyWeek(_ rule: RecurrenceRule) -> Set<Weekday>? {
    guard rule.interval == 1, rule.count == nil, rule.until == nil, rule.byMonth.isEmpty,
      rule.byMonthDay.isEmpty, rule.bySetPosition.isEmpty,
      rule.byDay.allSatisfy({ $0.ordinal == nil })
    else { return nil }
    switch rule.frequency {
    case .daily, .hourly:
      return rule.byDay.isEmpty ? Set(Weekday.allCases) : Set(rule.byDay.map(\.weekday))
    case .weekly:
      return rule.byDay.isEmpty ? [rule.start.date.weekday] : Set(rule.byDay.map(\.weekday))
    case .monthly, .yearly:
      return nil
    }
  }

  /// Such a rule's due days by weekday arithmetic: ten years of a daily habit
  /// need no expansion. A time before `day_starts_at` belongs to the day before.
  static func appendWeekly(
    _ rule: RecurrenceRule, _ weekdays: Set<Weekday>, from first: CivilDate,
    through last: CivilDate, clock: DayClock, to result: inout [Int]
  ) {
    let hours =
      !rule.byHour.isEmpty
      ? rule.byHour : rule.frequency == .hourly ? Array(0..<24) : [rule.start.hour]
    let minutes = rule.byMinute.isEmpty ? [rule.start.minute] : rule.byMinute
    var shifts = Set<Int>()
    for h in hours {
      for m in minutes {
        shifts.insert(h * 3600 + m * 60 < clock.dayStartsAt.secondOfDay ? -1 : 0)
      }
    }
    let order = shifts.sorted(by: >)
    // By day number: 1970-01-01 (day 0) was a Thursday, Weekday.thursday.rawValue == 3.
    var due = [Bool](repeating: false, count: 7)
    for day in weekdays { due[day.rawValue] = true }
    let startDay = rule.start.date.daysSinceEpoch
    let startTimes = hours.flatMap { h in minutes.map { h * 3600 + $0 * 60 } }
    let startsLate = !startTimes.contains { $0 >= rule.start.secondOfDay }
    for number in first.daysSinceEpoch...last.daysSinceEpoch {
      for shift in order {
        // The calendar date of the reminder that makes `number` due.
        let date = number - shift
        guard date >= startDay, due[((date % 7) + 7 + 3) % 7] else { continue }
        // On the start day itself, only times at or after the start count.
        if date == startDay && startsLate { continue }
        result.append(number)
        break
      }
    }
  }
}
