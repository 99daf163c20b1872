// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// Carries out an `ImportPlan`: everything is checked first; then the new
/// schedule files are written beside their final names, the check-ins go in
/// in one transaction, and only then do the files take their names. A file
/// already there is never replaced.
public struct Importer {
  public var plan: ImportPlan
  /// Where new schedule files go.
  public var schedules: String
  public var database: String
  /// Only say what would be done.
  public var dryRun: Bool
  /// The latest day a check-in may be on; nil for any.
  public var latestDay: CivilDate?
  /// A folder whose schedule files go into `schedules` first where it lacks
  /// them, as `habits init` copies the shipped ones; a dry run takes them
  /// as there, so that it says what the import will.
  public var copiedFirst: String?

  public init(
    plan: ImportPlan, schedules: String, database: String, dryRun: Bool,
    latestDay: CivilDate? = nil, copiedFirst: String? = nil
  ) {
    self.plan = plan
    self.schedules = schedules
    self.database = database
    self.dryRun = dryRun
    self.latestDay = latestDay
    self.copiedFirst = copiedFirst
  }

  /// A schedule file left as it was, and why.
  public struct Kept: Encodable, Equatable, Sendable {
    public var habit: String
    public var file: String
    public var reason: String
  }

  /// What was (or, in a dry run, would be) done.
  public struct Outcome: Encodable, Sendable {
    public var source: String
    public var dryRun: Bool
    public var schedules: String
    public var database: String
    public var habitsAdded: [String] = []
    /// Habits whose file is already there with the same text.
    public var habitsUnchanged: [String] = []
    /// Habits whose file (or id) is already there, different, and left so.
    public var habitsKept: [Kept] = []
    public var counts = HabitStore.ImportCounts()
    /// What became of the plan's `config.toml`; nil when it has none.
    public var config: ConfigFate?
    public var notes: [String]

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
      case config
    }

    public func encode(to encoder: Encoder) throws {
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
      try container.encode(config?.rawValue, forKey: .config)
      try container.encode(notes, forKey: .notes)
    }
  }

  /// What becomes of an export's `config.toml`: it is written only where
  /// there is none, never over one.
  public enum ConfigFate: String, Sendable {
    /// Written (in a dry run: would be).
    case written
    /// The one there already says the same, its folders aside.
    case unchanged
    /// The one there says otherwise, and stays as it is.
    case kept
    /// It has errors, and is not written.
    case refused
  }

  public func run() throws(HabitsError) -> Outcome {
    try plan.validate(latest: latestDay)
    if let copiedFirst, !dryRun { _ = try ScheduleFolder.copyNew(from: copiedFirst, to: schedules) }
    var outcome = Outcome(
      source: plan.source, dryRun: dryRun, schedules: schedules, database: database,
      notes: plan.notes)
    let toWrite = try sortSchedules(into: &outcome)
    let configText = plan.config.flatMap { settle(config: $0, into: &outcome) }
    if dryRun {
      let store =
        access(database, F_OK) == 0
        ? try HabitStore(path: database, readOnly: true) : try HabitStore()
      outcome.counts = try store.importCheckIns(plan.checkIns, dryRun: true)
      outcome.habitsAdded = toWrite.map(\.habitID)
      return outcome
    }
    if !toWrite.isEmpty { try ScheduleFolder.makeDirectories(schedules) }
    var staged: [(schedule: ImportedSchedule, temporary: String)] = []
    do {
      for schedule in toWrite {
        let temporary = "\(schedules)/.\(schedule.fileName).import-\(getpid())"
        try ScheduleFolder.writeNew(schedule.text, to: temporary)
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
    ScheduleFolder.sync(directory: schedules)
    if let configText {
      do throws(HabitsError) {
        try ScheduleFolder.makeDirectories(schedules)
        try ReplacedFile.write(
          Array(configText.utf8), to: ScheduleLoader.configPath(forSchedules: schedules),
          mode: 0o644)
      } catch {
        throw HabitsError(
          "the check-ins and schedules were imported, but \(error.message)",
          hint: "import again once it can be written: nothing is imported twice")
      }
    }
    return outcome
  }

  /// Decides what becomes of the export's config `text`, and says so in
  /// `outcome`; the text to write, or nil.
  private func settle(config text: String, into outcome: inout Outcome) -> String? {
    let path = ScheduleLoader.configPath(forSchedules: schedules)
    let (theirs, diagnostics) = ScheduleLoader.config(text: text, path: path)
    if let error = diagnostics.first(where: { $0.severity == .error }) {
      outcome.config = .refused
      outcome.notes.append(
        "the export's config.toml is not written, as it has an error: line \(error.line): "
          + error.message)
      return nil
    }
    // An export holds no folder (`habits export` leaves them out): one
    // written into it would send this computer's events where it says.
    if theirs.syncFolder != nil || theirs.togetherFolder != nil {
      outcome.config = .refused
      outcome.notes.append(
        "the export's config.toml is not written, as it names a \(theirs.syncFolder != nil ? "sync" : "together") "
          + "folder: which folders this computer shares is set here, with 'habits sync init' "
          + "or 'habits together init'")
      return nil
    }
    var info = stat()
    guard lstat(path, &info) != 0 else {
      var ours = ScheduleLoader.loadConfig(path: path).0
      // This computer's folders are its own; an export has none.
      (ours.syncFolder, ours.togetherFolder) = (nil, nil)
      if ours == theirs {
        outcome.config = .unchanged
      } else {
        outcome.config = .kept
        outcome.notes.append(
          "'\(path)' is kept as it is: the export's config.toml says otherwise, and is not applied")
      }
      return nil
    }
    outcome.config = .written
    outcome.notes.append(
      "'\(path)' \(dryRun ? "would be" : "was") written from the export's config.toml")
    return text
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
    // In a dry run, the files `copiedFirst` would put there, by their names.
    var copied: [String: String] = [:]
    if dryRun, let copiedFirst, let files = ScheduleLoader.scheduleFiles(in: copiedFirst) {
      for habit in ScheduleLoader.load(files: files).habits {
        let name = String(habit.path.split(separator: "/").last ?? "")
        guard ImportFile.kind(schedules + "/" + name) == .missing else { continue }
        copied[name] = habit.path
        if definedBy[habit.id] == nil { definedBy[habit.id] = schedules + "/" + name }
      }
    }
    var toWrite: [ImportedSchedule] = []
    for schedule in plan.schedules {
      let destination = path(schedule)
      let there = copied[schedule.fileName] ?? destination
      if ImportFile.kind(there) != .missing {
        if ScheduleLoader.read(path: there).0 == schedule.text {
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
}
