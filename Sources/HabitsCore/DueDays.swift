/// The local days on which a habit is due: those with at least one reminder.
public enum DueDays {
  /// Due days from `first` through `last`, ascending. Worked out on the wall
  /// clock, so it needs no zone: a reminder at 01:30 with the day starting at
  /// 04:00 makes the day before due.
  public static func days(
    of schedule: Schedule, from first: CivilDate, through last: CivilDate, clock: DayClock
  ) -> [CivilDate] {
    guard first <= last else { return [] }
    // An array, not a set: `habits stats` asks for ten years of days per habit,
    // and one rule yields them in order, so sorting is needed only to merge rules.
    var result: [CivilDate] = []
    let begin = LocalDateTime(date: first.adding(days: -1))
    for rule in schedule.rules {
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
          if day >= first && result.last != day { result.append(day) }
        }
        if past || expander.nextPeriodStart.date > last.adding(days: 1) { break }
      }
    }
    let ascending = zip(result, result.dropFirst()).allSatisfy { $0 < $1 }
    return ascending ? result : Set(result).sorted()
  }
}
