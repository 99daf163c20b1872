// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

extension ImportPlan {
  /// The most a check-in's value may be, as the store's schema allows.
  public static let maximumValue = 1e12

  /// Checks everything the schedule loader and the store would refuse, so that
  /// a plan is refused whole before anything is written: habit ids, schedule
  /// texts (each must load cleanly as its file), and each check-in's day,
  /// value and note. Each (habit, day) and each habit's file may come once.
  /// A check-in after `latest` (tomorrow, where the file was written in a
  /// zone ahead) is refused as `done` refuses it: once in, nothing could
  /// take it out until its day came.
  public func validate(latest: CivilDate? = nil) throws(HabitsError) {
    var files: Set<String> = []
    for schedule in schedules {
      guard HabitID.isValid(schedule.habitID) else {
        throw HabitsError(
          "\(source): '\(schedule.habitID)' cannot be a habit id",
          hint: "ids are letters, digits, '-' and '_', at most 64, starting with a letter or digit")
      }
      guard files.insert(schedule.habitID).inserted else {
        throw HabitsError("\(source): the habit '\(schedule.habitID)' comes twice")
      }
      do {
        _ = try schedule.load()
      } catch {
        throw HabitsError("\(source): \(error.message)", hint: error.hint)
      }
    }
    var days: Set<Key> = []
    for checkIn in checkIns {
      let what = "\(source): the check-in of '\(checkIn.habitID)' on \(checkIn.day)"
      guard HabitID.isValid(checkIn.habitID) else {
        throw HabitsError(
          "\(source): '\(checkIn.habitID)' cannot be a habit id",
          hint: "ids are letters, digits, '-' and '_', at most 64, starting with a letter or digit")
      }
      guard (1...9999).contains(checkIn.day.year),
        CivilDate.isValid(year: checkIn.day.year, month: checkIn.day.month, day: checkIn.day.day)
      else { throw HabitsError("\(what): the day is not a real date") }
      if let latest, checkIn.day > latest {
        throw HabitsError(
          "\(what): the day has not happened yet",
          hint: "check-ins are for today or earlier; check the clock of the device it came from")
      }
      if let value = checkIn.value, !(value.isFinite && value >= 0 && value < Self.maximumValue) {
        throw HabitsError("\(what): the value \(value) is not a number from 0 up to 1e12")
      }
      if let note = checkIn.note {
        guard note.unicodeScalars.count <= CheckIn.maximumNote else {
          throw HabitsError("\(what): the note is longer than \(CheckIn.maximumNote) characters")
        }
        guard !note.unicodeScalars.contains("\0") else {
          throw HabitsError("\(what): the note contains a NUL character")
        }
      }
      guard days.insert(Key(habit: checkIn.habitID, day: checkIn.day)).inserted else {
        throw HabitsError("\(what) comes twice")
      }
    }
  }

  private struct Key: Hashable {
    var habit: String
    var day: CivilDate
  }
}

extension ImportedSchedule {
  /// The habit this file would define once written, or what is wrong with it,
  /// as `habits check` would say it.
  public func load() throws(HabitsError) -> Habit {
    if text.utf8.count > ScheduleLoader.maximumFileSize {
      throw HabitsError(
        "the schedule of '\(habitID)' is larger than a schedule file may be")
    }
    if text.unicodeScalars.contains("\0") {
      throw HabitsError("the schedule of '\(habitID)' contains a NUL character")
    }
    let (habit, diagnostics) = HabitFileParser(path: fileName, text: text).parse()
    if let error = diagnostics.first(where: { $0.severity == .error }) {
      throw HabitsError(
        "the schedule of '\(habitID)' is not valid: \(error)",
        hint: "fix it in the export, or leave the habit out")
    }
    guard let habit else {
      throw HabitsError("the schedule of '\(habitID)' is not valid")
    }
    guard habit.id == habitID else {
      throw HabitsError(
        "the schedule of '\(habitID)' names another id, '\(habit.id)'",
        hint: "an 'id' key in a schedule file must match the habit it is imported as")
    }
    return habit
  }
}
