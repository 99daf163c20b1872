/// The local days on which a habit is due: those with at least one reminder.
public enum DueDays {
  /// Due days from `first` through `last`, ascending. Worked out on the wall
  /// clock, so it needs no zone: a reminder at 01:30 with the day starting at
  /// 04:00 makes the day before due.
  public static func days(
    of schedule: Schedule, from first: CivilDate, through last: CivilDate, clock: DayClock
  ) -> [CivilDate] {
    guard first <= last else { return [] }
    var result = Set<CivilDate>()
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
          if day >= first { result.insert(day) }
        }
        if past || expander.nextPeriodStart.date > last.adding(days: 1) { break }
      }
    }
    return result.sorted()
  }
}
