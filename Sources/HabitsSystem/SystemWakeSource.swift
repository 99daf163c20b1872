// SPDX-License-Identifier: Apache-2.0
import CLinux
import HabitsCore
import Logging
import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// The Linux event sources of the agent, in one `poll`: a CLOCK_REALTIME
/// timerfd armed for an absolute instant and cancelled when the clock is set,
/// inotify on the schedules, config, database, `/etc/localtime` and
/// `/etc/timezone`, and the sync and together folders, a signalfd for
/// SIGHUP/SIGTERM/SIGINT, an eventfd other threads poke, and any
/// descriptors whose hang-up should wake it (a status bar's pipe).
public final class SystemWakeSource: WakeSource, @unchecked Sendable {
  private let timer: Int32
  private let inotify: Int32
  private let signals: Int32
  private let events: Int32
  private var watches: [Int32: (WakeReason, Set<String>?)] = [:]
  /// The watches whose hidden files do not wake: a sync tool's temporary
  /// file (Syncthing's `.syncthing.NAME.tmp`) comes before the rename that
  /// puts it in place, which does.
  private var hiddenIgnored: Set<Int32> = []
  private var hangUps: [(descriptor: Int32, reason: WakeReason)] = []
  private let logger: Logger

  /// Blocks the signals it reads: create it before starting other threads.
  public init(logger: Logger) throws(HabitsError) {
    self.logger = logger
    signals = habits_signalfd()
    timer = habits_timerfd_realtime()
    inotify = habits_inotify()
    events = habits_eventfd()
    guard signals >= 0, timer >= 0, inotify >= 0, events >= 0 else {
      throw HabitsError(
        "cannot set up the agent's event sources: \(String(cString: strerror(errno)))")
    }
  }

  deinit {
    for fd in [timer, inotify, signals, events] where fd >= 0 { close(fd) }
  }

  /// Watches `directory`; events on `names` (any name when nil, but a
  /// hidden one when `ignoringHidden`) wake with `reason`.
  public func watch(
    directory: String, names: Set<String>?, reason: WakeReason, ignoringHidden: Bool = false
  ) {
    let descriptor = habits_inotify_watch(inotify, directory)
    if descriptor < 0 {
      logger.warning("cannot watch \(directory): \(String(cString: strerror(errno)))")
      return
    }
    if ignoringHidden { hiddenIgnored.insert(descriptor) }
    if let existing = watches[descriptor], let old = existing.1, let new = names {
      watches[descriptor] = (existing.0 == reason ? reason : .schedulesChanged, old.union(new))
    } else {
      watches[descriptor] = (reason, names)
    }
  }

  /// Wakes with `reason` when `descriptor` reports an error or a hang-up:
  /// for the write end of a pipe, when its reader has gone; for a closed
  /// descriptor, at once. It goes on doing so, so the caller stops on it.
  public func watch(hangUpOf descriptor: Int32, reason: WakeReason) {
    hangUps.append((descriptor, reason))
  }

  public func poke() {
    var one: UInt64 = 1
    _ = write(events, &one, 8)
  }

  public func wait(until deadline: Instant?) -> Set<WakeReason> {
    // With no deadline, arm far ahead: the timer still reports clock changes.
    let target = deadline?.secondsSince1970 ?? Int(time(nil)) + 366 * 86_400
    if habits_timerfd_arm(timer, Int64(max(1, target))) != 0 {
      logger.error("cannot arm the timer: \(String(cString: strerror(errno)))")
    }
    var fds = [timer, inotify, signals, events].map {
      pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
    }
    // No events asked: poll reports POLLERR, POLLHUP and POLLNVAL regardless.
    fds += hangUps.map { pollfd(fd: $0.descriptor, events: 0, revents: 0) }
    while true {
      let reasons = waitOnce(&fds)
      // A change to a file nobody asked about, beside one that was (a
      // watched directory's other files), is read away and slept through.
      if !reasons.isEmpty { return reasons }
      for index in fds.indices { fds[index].revents = 0 }
    }
  }

  /// One `poll` over `fds`, and what woke it.
  private func waitOnce(_ fds: inout [pollfd]) -> Set<WakeReason> {
    while true {
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready > 0 { break }
      if ready < 0 && errno != EINTR {
        logger.error("poll failed: \(String(cString: strerror(errno)))")
        return [.timer]
      }
    }
    var reasons = Set<WakeReason>()
    if fds[0].revents != 0 {
      var expirations: UInt64 = 0
      if read(timer, &expirations, 8) < 0 && errno == ECANCELED {
        reasons.insert(.clockChanged)
      } else {
        reasons.insert(.timer)
      }
    }
    if fds[1].revents != 0 { reasons.formUnion(readInotify()) }
    if fds[2].revents != 0 {
      while case let signal = habits_signalfd_read(signals), signal > 0 {
        reasons.insert(signal == SIGHUP ? .reload : .terminate)
      }
    }
    if fds[3].revents != 0 {
      var count: UInt64 = 0
      _ = read(events, &count, 8)
      reasons.insert(.poked)
    }
    for (index, hangUp) in hangUps.enumerated() where fds[4 + index].revents != 0 {
      reasons.insert(hangUp.reason)
    }
    return reasons
  }

  private func readInotify() -> Set<WakeReason> {
    var reasons = Set<WakeReason>()
    var buffer = [UInt8](repeating: 0, count: 8192)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
      guard count > 0 else { break }
      var offset = 0
      while offset + 16 <= count {
        let (descriptor, length) = buffer.withUnsafeBytes { raw -> (Int32, Int) in
          (
            raw.load(fromByteOffset: offset, as: Int32.self),
            Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self))
          )
        }
        let nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)].prefix { $0 != 0 }
        let name = String(decoding: nameBytes, as: UTF8.self)
        if let (reason, names) = watches[descriptor],
          names?.contains(name) ?? true || name.isEmpty,
          !name.hasPrefix(".") || !hiddenIgnored.contains(descriptor)
        {
          reasons.insert(reason)
        }
        offset += 16 + length
      }
    }
    return reasons
  }
}
