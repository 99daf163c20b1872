// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsSync
import Recurrence

extension TogetherWeek {
  /// The week told from `record` (`HabitStore.togetherRecord`).
  public init(
    week: WeekSummary,
    record: (
      partner: String?, kept: [String: Together], partnerDays: [String: [CivilDate: DayState]]
    )
  ) {
    let done = record.partnerDays.mapValues { days in
      Set(
        days.compactMap { day, state -> CivilDate? in
          if case .done = state { return day }
          return nil
        })
    }
    self.init(week: week, kept: record.kept, partnerDone: done, partner: record.partner)
  }
}
