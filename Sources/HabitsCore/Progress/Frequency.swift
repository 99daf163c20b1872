// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// How often a habit is meant to happen, as Loop Habit Tracker counts it:
/// `numerator` times every `denominator` days.
public struct Frequency: Hashable, Sendable {
  public var numerator: Int
  public var denominator: Int

  public init(_ numerator: Int, _ denominator: Int) {
    self.numerator = numerator
    self.denominator = denominator
  }

  public var value: Double { Double(numerator) / Double(denominator) }

  /// A daily habit is 1/1, one due on k weekdays k/7, `N/week` N/7, `N/month` N/30
  /// and `N/D days` N/D;
  /// other schedules count their due days over a year.
  public init(habit: Habit) {
    if let target = habit.target {
      self.init(target.count, target.period.length)
      return
    }
    if habit.schedule.rules.count == 1, let rule = habit.schedule.rules.first,
      rule.byMonth.isEmpty, rule.byMonthDay.isEmpty, rule.bySetPosition.isEmpty,
      rule.byDay.allSatisfy({ $0.ordinal == nil })
    {
      let weekdays = Set(rule.byDay.map(\.weekday)).count
      switch rule.frequency {
      case .daily where weekdays == 0 || weekdays == 7:
        self.init(1, rule.interval)
        return
      case .daily, .weekly:
        if rule.frequency == .weekly || rule.interval == 1 {
          let days = weekdays == 0 ? 1 : weekdays
          self.init(days, 7 * (rule.frequency == .weekly ? rule.interval : 1))
          return
        }
      default:
        break
      }
    }
    // Count due days over four years, to include leap days.
    let clock = DayClock(zone: .utc)
    let first = CivilDate(year: 2001, month: 1, day: 1)
    let last = CivilDate(year: 2004, month: 12, day: 31)
    let due = DueDays.numbers(of: habit.schedule, from: first, through: last, clock: clock).count
    let span = last.daysSinceEpoch - first.daysSinceEpoch + 1
    if due == 0 {
      self.init(1, 365)
    } else if due >= span {
      self.init(1, 1)
    } else {
      // Round to a whole number of days between repetitions where that is close.
      let days = Int((Double(span) / Double(due)).rounded())
      self.init(1, max(1, days))
    }
  }
}
