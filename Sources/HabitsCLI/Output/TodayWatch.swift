// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsStore
import HabitsSync
import HabitsSystem
import Logging
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// `habits today --watch`: prints today's line again each time it changes,
/// for a status bar that reads a pipe line by line.
///
/// It sleeps on the agent's event sources rather than polling: inotify on
/// the schedules, `config.toml` and the database with its WAL (a check-in
/// from any process), a wall-clock timer armed for the next instant the
/// answer can change by itself (a reminder time, the end of the day) and
/// cancelled when the clock is set, the time zone, SIGTERM and SIGINT, and
/// the hang-up of stdout. A line is printed only when it differs from the
/// last one.
final class TodayWatch {
  let format: StatusLine.Format
  let json: Bool
  let locations: Locations
  private(set) var zone: Zone
  /// The system's zone as it is now; nil when `TZ` fixes it.
  let currentZone: (() -> Zone)?
  /// The real wall clock.
  let clock: () -> Instant
  /// `HABITS_NOW` less the real clock at start (0 without it): the watch's
  /// time starts at `HABITS_NOW` and runs on from there.
  let offset: Int
  let wake: WakeSource
  /// Writes a line; false once nobody reads it any more.
  let emit: (String) -> Bool
  let writeError: (String) -> Void
  /// Watches the database's directory, or the nearest one above it that
  /// exists until it does; run again whenever that may have changed.
  let watchStore: () -> Void
  /// Watches a sync folder's device folders, for events other devices
  /// wrote; run at each pass, as devices may have joined.
  let watchSync: (String) -> Void

  private var store: (store: HabitStore, device: UInt, inode: UInt)?
  private var reportedDiagnostics: [String] = []
  private var reportedError: String?
  private var reportedSyncError: String?

  init(
    format: StatusLine.Format, json: Bool, locations: Locations, zone: Zone,
    currentZone: (() -> Zone)?, clock: @escaping () -> Instant, offset: Int, wake: WakeSource,
    emit: @escaping (String) -> Bool, writeError: @escaping (String) -> Void,
    watchStore: @escaping () -> Void = {}, watchSync: @escaping (String) -> Void = { _ in }
  ) {
    self.format = format
    self.json = json
    self.locations = locations
    self.zone = zone
    self.currentZone = currentZone
    self.clock = clock
    self.offset = offset
    self.wake = wake
    self.emit = emit
    self.writeError = writeError
    self.watchStore = watchStore
    self.watchSync = watchSync
  }

  /// The watch on the real system: stdout, the agent's event sources, the
  /// real clock shifted to `HABITS_NOW` when that is set.
  static func live(
    format: StatusLine.Format, options: GlobalOptions, context: Context
  ) throws(HabitsError) -> TodayWatch {
    let locations = try context.locations(options)
    let environment = context.environment
    // A directory that cannot be watched is the database's before its first
    // check-in, which `watchStore` handles; anything else shows up on reading.
    let logger = Logger(label: "habits.today") { _ in
      JournalLogHandler(level: .error, journal: environment["JOURNAL_STREAM"] != nil)
    }
    // Blocks SIGTERM and SIGINT for its signalfd: before anything starts a thread.
    let wake = try SystemWakeSource(logger: logger)
    wake.watchFiles(of: locations, environment: environment)
    wake.watch(hangUpOf: 1, reason: .terminate)
    // A reader that went away makes write fail with EPIPE instead of killing.
    signal(SIGPIPE, SIG_IGN)
    let fixedNow = !(environment["HABITS_NOW"] ?? "").isEmpty
    let database = locations.database
    let fixedZone = context.zone
    return TodayWatch(
      format: format, json: options.json, locations: locations, zone: context.zone,
      currentZone: environment["TZ"] == nil
        ? { (try? Zone.current(environment: environment)) ?? fixedZone } : nil,
      clock: { Instant(secondsSince1970: Int(time(nil))) },
      offset: fixedNow ? context.now.secondsSince1970 - Int(time(nil)) : 0, wake: wake,
      emit: Self.writeStandardOutput, writeError: context.writeError,
      watchStore: { Self.watchAncestor(of: database, wake: wake) },
      watchSync: { wake.watchSync(folder: $0) })
  }

  /// Prints the line, and again at each change, until SIGTERM, SIGINT or
  /// the reader going away. Only a failure before the first line is thrown;
  /// later ones are reported on stderr while the last line stands.
  func run() throws(HabitsError) {
    watchStore()
    var last: String?
    while true {
      let now = clock().adding(seconds: offset)
      var next: Instant
      do {
        let (line, change) = try snapshot(now: now)
        next = change
        reportedError = nil
        if line != last {
          guard emit(line + "\n") else { return }
          last = line
        }
      } catch {
        guard last != nil else { throw error }
        if error.description != reportedError {
          writeError("habits: \(error)\n")
          reportedError = error.description
        }
        next = now.adding(seconds: 60)
      }
      let reasons = wake.wait(until: max(next, now.adding(seconds: 1)).adding(seconds: -offset))
      if reasons.contains(.terminate) { return }
      if reasons.contains(.zoneChanged) || reasons.contains(.reload), let currentZone {
        zone = currentZone()
      }
      if reasons.contains(.storeChanged) { watchStore() }
    }
  }

  /// The line for `now`, and the next instant it can change by itself.
  func snapshot(now: Instant) throws(HabitsError) -> (line: String, next: Instant) {
    let loaded = try ScheduleLoader.load(directory: locations.schedules)
    let diagnostics = loaded.diagnostics.map { "\($0)" }
    if diagnostics != reportedDiagnostics {
      for diagnostic in diagnostics { writeError(diagnostic + "\n") }
      reportedDiagnostics = diagnostics
    }
    if let folder = loaded.config.syncFolder { synchronize(folder, now: now) }
    let clock = DayClock(zone: zone, config: loaded.config)
    let since = clock.day(of: now).adding(days: -31)
    let checkIns = try checkIns(habits: loaded.habits, since: since)
    let agenda = TodayAgenda(habits: loaded.habits, checkIns: checkIns, clock: clock, now: now)
    let line = try TodayCommand.render(
      agenda, format: format, json: json, persistent: true, now: now, zone: zone)
    return (line, agenda.nextChange(after: now))
  }

  /// With sync on, merges what other devices wrote, through the kept
  /// connection; a failure is reported once, and the line shows what this
  /// device has.
  private func synchronize(_ folder: String, now: Instant) {
    watchSync(folder)
    do {
      try openStore()?.synchronize(folder: SyncFolder(path: folder), at: now)
    } catch {
      let message = "habits: sync: \(error)"
      if message != reportedSyncError { writeError(message + "\n") }
      reportedSyncError = message
      return
    }
    reportedSyncError = nil
  }

  /// Each habit's check-ins, through one connection kept open, so that
  /// reading never creates and removes the WAL that the watch itself
  /// listens to; none while there is no database.
  private func checkIns(
    habits: [Habit], since: CivilDate
  ) throws(HabitsError) -> [String: [CheckIn]] {
    guard let open = try openStore() else { return [:] }
    var result: [String: [CheckIn]] = [:]
    for habit in habits {
      result[habit.id] = try open.history(habitID: habit.id, since: since)
    }
    return result
  }

  /// The kept connection; nil while there is no database. A database
  /// replaced by another file is opened afresh.
  private func openStore() throws(HabitsError) -> HabitStore? {
    let path = locations.database
    var info = stat()
    guard stat(path, &info) == 0 else {
      store = nil
      return nil
    }
    let device = UInt(info.st_dev)
    let inode = UInt(info.st_ino)
    let open: HabitStore
    if let store, store.device == device, store.inode == inode {
      open = store.store
    } else {
      store = nil
      open = try HabitStore(path: path, readOnly: access(path, W_OK) != 0)
      store = (open, device, inode)
    }
    return open
  }

  /// Watches the directory that holds `database` for it and its WAL; while
  /// that directory does not exist yet (no check-in ever), the nearest one
  /// above it that does, for the next directory down appearing.
  static func watchAncestor(of database: String, wake: SystemWakeSource) {
    var parts = database.split(separator: "/", omittingEmptySubsequences: false)
    let name = String(parts.removeLast())
    let directory = parts.joined(separator: "/")
    wake.watch(
      nearest: directory.isEmpty ? (database.hasPrefix("/") ? "/" : ".") : directory,
      names: [name, name + "-wal"], reason: .storeChanged)
  }

  /// Writes `text` to stdout, unbuffered, so that a bar reading the pipe
  /// sees each line at once; false when that fails (the reader has gone).
  static func writeStandardOutput(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return write(1, base + offset, buffer.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      guard written > 0 else { return false }
      offset += written
    }
    return true
  }
}
