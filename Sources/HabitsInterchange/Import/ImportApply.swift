import HabitsCore
import HabitsStore

#if canImport(Glibc)
  import Glibc
#endif

/// Applies an `ImportPlan`: everything is checked first; then the new
/// schedule files are written beside their final names, the check-ins go in
/// in one transaction, and only then do the files take their names. A file
/// already there is never replaced.
struct ImportApply {
  var plan: ImportPlan
  var schedules: String
  var database: String
  var dryRun: Bool

  /// A schedule file left as it was, and why.
  struct Kept: Encodable, Equatable {
    var habit: String
    var file: String
    var reason: String
  }

  /// What was (or, in a dry run, would be) done.
  struct Outcome: Encodable {
    var source: String
    var dryRun: Bool
    var schedules: String
    var database: String
    var habitsAdded: [String] = []
    /// Habits whose file is already there with the same text.
    var habitsUnchanged: [String] = []
    /// Habits whose file (or id) is already there, different, and left so.
    var habitsKept: [Kept] = []
    var counts = HabitStore.ImportCounts()
    var notes: [String]

    enum CodingKeys: String, CodingKey {
      case source, schedules, database, notes
      case dryRun = "dry_run"
      case habitsAdded = "habits_added"
      case habitsUnchanged = "habits_unchanged"
      case habitsKept = "habits_kept"
      case checkInsAdded = "checkins_added"
      case skipsAdded = "skips_added"
      case checkInsAlreadyThere = "checkins_already_there"
      case checkInsDiffering = "checkins_differing"
    }

    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(source, forKey: .source)
      try container.encode(dryRun, forKey: .dryRun)
      try container.encode(schedules, forKey: .schedules)
      try container.encode(database, forKey: .database)
      try container.encode(habitsAdded, forKey: .habitsAdded)
      try container.encode(habitsUnchanged, forKey: .habitsUnchanged)
      try container.encode(habitsKept, forKey: .habitsKept)
      try container.encode(counts.added, forKey: .checkInsAdded)
      try container.encode(counts.skipsAdded, forKey: .skipsAdded)
      try container.encode(counts.alreadyThere, forKey: .checkInsAlreadyThere)
      try container.encode(counts.differing, forKey: .checkInsDiffering)
      try container.encode(notes, forKey: .notes)
    }
  }

  func run() throws(HabitsError) -> Outcome {
    try plan.validate()
    var outcome = Outcome(
      source: plan.source, dryRun: dryRun, schedules: schedules, database: database,
      notes: plan.notes)
    let toWrite = try sortSchedules(into: &outcome)
    if dryRun {
      let store =
        access(database, F_OK) == 0
        ? try HabitStore(path: database, readOnly: true) : try HabitStore()
      outcome.counts = try store.importCheckIns(plan.checkIns, dryRun: true)
      outcome.habitsAdded = toWrite.map(\.habitID)
      return outcome
    }
    if !toWrite.isEmpty { try InitCommand.makeDirectories(schedules) }
    var staged: [(schedule: ImportedSchedule, temporary: String)] = []
    do {
      for schedule in toWrite {
        let temporary = "\(schedules)/.\(schedule.fileName).import-\(getpid())"
        try Self.writeNew(schedule.text, to: temporary)
        staged.append((schedule, temporary))
      }
      outcome.counts = try HabitStore(path: database).importCheckIns(plan.checkIns)
    } catch {
      for file in staged { unlink(file.temporary) }
      throw error
    }
    for (schedule, temporary) in staged {
      defer { unlink(temporary) }
      let destination = path(schedule)
      // link, not rename: it fails rather than replace a file that appeared meanwhile.
      if link(temporary, destination) == 0 {
        outcome.habitsAdded.append(schedule.habitID)
      } else if errno == EEXIST {
        outcome.habitsKept.append(
          Kept(
            habit: schedule.habitID, file: destination,
            reason: "the file appeared while importing; it was left as it is"))
      } else if access(destination, F_OK) != 0 && rename(temporary, destination) == 0 {
        // A file system without hard links.
        outcome.habitsAdded.append(schedule.habitID)
      } else {
        throw HabitsError(
          "the check-ins were imported, but '\(destination)' could not be written: \(String(cString: strerror(errno)))",
          hint: "import again once it can be: what is there already is left as it is")
      }
    }
    Self.sync(directory: schedules)
    return outcome
  }

  func path(_ schedule: ImportedSchedule) -> String { schedules + "/" + schedule.fileName }

  /// Sorts the plan's schedules into those already there (the same, or
  /// different and kept) and those to write.
  private func sortSchedules(into outcome: inout Outcome) throws(HabitsError) -> [ImportedSchedule]
  {
    var definedBy: [String: String] = [:]
    if ImportFile.kind(schedules) == .directory {
      for habit in try ScheduleLoader.load(directory: schedules).habits {
        definedBy[habit.id] = habit.path
      }
    } else if ImportFile.kind(schedules) != .missing {
      throw HabitsError("'\(schedules)' is not a directory, so no schedule files can go there")
    }
    var toWrite: [ImportedSchedule] = []
    for schedule in plan.schedules {
      let destination = path(schedule)
      if ImportFile.kind(destination) != .missing {
        if ScheduleLoader.read(path: destination).0 == schedule.text {
          outcome.habitsUnchanged.append(schedule.habitID)
        } else {
          outcome.habitsKept.append(
            Kept(
              habit: schedule.habitID, file: destination,
              reason: "the file there differs from the imported one; it was left as it is"))
        }
      } else if let other = definedBy[schedule.habitID] {
        outcome.habitsKept.append(
          Kept(
            habit: schedule.habitID, file: other,
            reason: "that file already defines '\(schedule.habitID)'; it was left as it is"))
      } else {
        toWrite.append(schedule)
      }
    }
    return toWrite
  }

  /// Writes a new file (never an existing one) and flushes it to disk.
  static func writeNew(_ text: String, to path: String) throws(HabitsError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw HabitsError("cannot create '\(path)': \(String(cString: strerror(errno)))")
    }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { raw in
        write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { break }
      written += count
    }
    let complete = written == bytes.count && fsync(descriptor) == 0
    let reason = String(cString: strerror(errno))
    close(descriptor)
    guard complete else {
      unlink(path)
      throw HabitsError("cannot write '\(path)': \(reason)")
    }
  }

  /// Flushes a directory's entries, so that new names survive a crash.
  static func sync(directory: String) {
    let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}
