// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSystem
import Recurrence
import Synchronization
import Testing

@testable import HabitsAgent

/// The agent's real event sources and the sync folder: a file another
/// device's events arrive in wakes the agent, with no polling.
@Suite("Waking for the sync folder", .serialized)
struct SyncWakeTests {
  /// A temporary sync folder, removed at the end.
  final class Folder {
    let path = NSTemporaryDirectory() + "habits-sync-wake-\(UUID().uuidString)"

    init() throws {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Makes `relative` under `root`, with the folders above it.
    static func make(_ root: String, _ relative: String) throws {
      try FileManager.default.createDirectory(
        atPath: root + "/" + relative, withIntermediateDirectories: true)
    }

    /// Appends `text` to `relative` under `root`, creating the file.
    static func append(_ text: String, to relative: String, in root: String) throws {
      let full = root + "/" + relative
      if !FileManager.default.fileExists(atPath: full) {
        FileManager.default.createFile(atPath: full, contents: nil)
      }
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: full))
      defer { try? handle.close() }
      try handle.seekToEnd()
      try handle.write(contentsOf: Data(text.utf8))
    }
  }

  /// What `wake` says within three seconds, while `change` runs on another
  /// thread; what the change brings after that first wake is read away.
  static func wakes(
    _ wake: SystemWakeSource, after change: @escaping @Sendable () throws -> Void
  ) -> Set<WakeReason> {
    let deadline = Instant(secondsSince1970: Int(time(nil)) + 3)
    let changed = DispatchSemaphore(value: 0)
    Thread {
      usleep(100_000)
      do { try change() } catch { Issue.record("the change failed: \(error)") }
      changed.signal()
    }.start()
    let reasons = wake.wait(until: deadline)
    changed.wait()
    usleep(100_000)
    _ = wake.wait(until: Instant(secondsSince1970: 1))
    return reasons
  }

  @Test("a devices folder made later, a device joining, a file and an append each wake it")
  func wakesForEachArrival() throws {
    let folder = try Folder()
    let wake = try SystemWakeSource(logger: LogRecorder().logger)
    let path = folder.path
    let device = "devices/0123456789abcdef"

    // The folder has no devices/ yet: its appearing wakes
    wake.watchSync(folder: path)
    #expect(Self.wakes(wake) { try Folder.make(path, "devices") } == [.storeChanged])
    // A device's folder appearing in it wakes
    wake.watchSync(folder: path)
    #expect(Self.wakes(wake) { try Folder.make(path, device) } == [.storeChanged])
    // A month's file written in that folder wakes, and so does an append to it
    wake.watchSync(folder: path)
    let file = device + "/2026-01.jsonl"
    #expect(Self.wakes(wake) { try Folder.append("{}\n", to: file, in: path) } == [.storeChanged])
    #expect(Self.wakes(wake) { try Folder.append("{}\n", to: file, in: path) } == [.storeChanged])
    // A sync tool's hidden temporary file does not, but its rename into place does
    let temporary = device + "/.syncthing.2026-02.jsonl.tmp"
    #expect(Self.wakes(wake) { try Folder.append("{}\n", to: temporary, in: path) } == [.timer])
    #expect(
      Self.wakes(wake) {
        try FileManager.default.moveItem(
          atPath: path + "/" + temporary, toPath: path + "/" + device + "/2026-02.jsonl")
      } == [.storeChanged])
    // A file beside devices/ does not: the wait sleeps through it to its deadline
    let beside = Self.wakes(wake) { try Folder.append("x", to: "notes.txt", in: path) }
    #expect(beside == [.timer])
  }

  /// A wake source on the real system that a test can stop without a signal.
  final class Stoppable: WakeSource, @unchecked Sendable {
    let inner: SystemWakeSource
    private let stopped = Mutex(false)

    init(_ inner: SystemWakeSource) { self.inner = inner }

    func wait(until deadline: Instant?) -> Set<WakeReason> {
      let reasons = inner.wait(until: deadline)
      return stopped.withLock { $0 } ? [.terminate] : reasons
    }

    func poke() { inner.poke() }

    func watchSync(folder: String) { inner.watchSync(folder: folder) }

    func stop() {
      stopped.withLock { $0 = true }
      inner.poke()
    }
  }

  @Test("the agent wakes as the other device's event arrives and takes the popup down")
  func agentWakesAndWithdraws() throws {
    // Given an agent on the real event sources, its simulated clock months
    // ahead of the real one so that its timer never fires: it shows tea at
    // 09:00 and sleeps until the 09:10 nudge
    let devices = try SyncWithdrawalTests.devices()
    defer { devices.remove() }
    let harness = devices.harness
    harness.clock.set(instant("2027-06-15T09:00", in: SyncAgentTests.zone))
    let notifier = RecordingNotifier(clock: harness.clock)
    let wake = Stoppable(try SystemWakeSource(logger: harness.logs.logger))
    let runner = harness.makeRunner(notifier: notifier, wake: wake)
    let finished = DispatchSemaphore(value: 0)
    Thread {
      runner.run()
      finished.signal()
    }.start()
    defer {
      wake.stop()
      finished.wait()
    }
    #expect(Self.eventually { notifier.shown(habit: "tea").count == 1 })

    // When the desktop does tea at 09:03 and writes its event to the folder
    harness.clock.set(instant("2027-06-15T09:03", in: SyncAgentTests.zone))
    let at = harness.clock.now()
    _ = try devices.other.recordDone(habitID: "tea", day: day("2027-06-15"), at: at)
    try devices.other.synchronize(folder: devices.folder, at: at)

    // Then the agent wakes on its own and closes the tea popup
    #expect(Self.eventually { notifier.closed.map(\.key) == ["tea"] })
  }

  /// Whether `condition` holds within three seconds of real time.
  static func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<300 {
      if condition() { return true }
      usleep(10_000)
    }
    return condition()
  }
}
