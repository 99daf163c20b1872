// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#else
  import Foundation
#endif

/// Loop Habit Tracker's habit score, so that people coming from it recognise
/// their numbers.
///
/// Each day from the first check-in on: `score = previous × m + input × (1 − m)`
/// with `m = 0.5 ^ (sqrt(f) / 13)`, where `input` is how much of the
/// frequency's goal the last `den` days met; a skipped day leaves the score
/// as it was.
public enum Strength {
  /// One day's step.
  public static func step(previous: Double, input: Double, frequency: Double) -> Double {
    step(previous: previous, input: input, multiplier: multiplier(frequency: frequency))
  }

  /// How much of the previous score a day keeps.
  static func multiplier(frequency: Double) -> Double {
    let multiplier = pow(0.5, frequency.squareRoot() / 13)
    return multiplier
  }

  /// One day's step with the frequency's multiplier worked out beforehand:
  /// `scores` takes thousands of steps with the same one.
  static func step(previous: Double, input: Double, multiplier: Double) -> Double {
    previous * multiplier + input * (1 - multiplier)
  }

  /// A day's state as the score sees it.
  public enum Day: Hashable, Sendable {
    case none
    case done(Double)
    case skipped
  }

  /// The score of each day of `days` (oldest first), starting from 0 (or 1 for a limit).
  ///
  /// Yes/no habits with `f < 1` are judged over a doubled window (3/7 as 6 in
  /// 14 days), as Loop does to smooth irregular schedules. Numeric habits sum
  /// the amounts of the last `denominator` days against `numerator × goal`; for a
  /// daily habit that is the day's amount over the goal.
  ///
  /// - Parameters:
  ///   - goal: for numeric habits, the amount per due day; `days` then carries amounts.
  public static func scores(days: [Day], frequency: Frequency, goal: Goal? = nil) -> [Double] {
    var numerator = Double(frequency.numerator)
    var denominator = frequency.denominator
    let f = frequency.value
    if goal == nil && f < 1 {
      numerator *= 2
      denominator *= 2
    }
    let atMost = goal?.kind == .atMost
    let keep = multiplier(frequency: f)
    var previous = atMost ? 1.0 : 0.0
    var rolling = 0.0
    var result: [Double] = []
    result.reserveCapacity(days.count)
    func amount(_ day: Day) -> Double {
      switch day {
      case .done(let v): return goal == nil ? 1 : max(0, v)
      case .none, .skipped: return 0
      }
    }
    for (i, day) in days.enumerated() {
      rolling += amount(day)
      if i - denominator >= 0 { rolling -= amount(days[i - denominator]) }
      if case .skipped = day {
        result.append(previous)
        continue
      }
      let input: Double
      if let goal {
        // The goal is per due day, and `numerator` due days fall in the
        // `denominator`-day window: that is the window's target, as Loop sums it.
        let target = goal.amount * Double(frequency.numerator)
        if atMost {
          input = min(1, max(0, 1 - (rolling - target) / target))
        } else {
          input = min(1, rolling / target)
        }
      } else {
        input = min(1, rolling / numerator)
      }
      previous = step(previous: previous, input: input, multiplier: keep)
      result.append(previous)
    }
    return result
  }
}
