// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Runs work on a POSIX thread of its own that nobody joins.
///
/// The notifier's threads are plain threads rather than Dispatch's workers:
/// once a process has started one Dispatch worker, libdispatch on Linux
/// watches its thread pool with a timer that fires every second for as long
/// as the process lives, and the agent would wake every second while it
/// waits for nothing.
enum DetachedThread {
  /// Starts `body` on a new thread; false when no thread could be made.
  @discardableResult
  static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
    let box = Unmanaged.passRetained(Work(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    var thread = pthread_t()
    let started = pthread_create(
      &thread, &attributes,
      { pointer in
        guard let pointer else { return nil }
        Unmanaged<Work>.fromOpaque(pointer).takeRetainedValue().body()
        return nil
      }, box)
    guard started == 0 else {
      Unmanaged<Work>.fromOpaque(box).release()
      return false
    }
    return true
  }

  private final class Work: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
}
