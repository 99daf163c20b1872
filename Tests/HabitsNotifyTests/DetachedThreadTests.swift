// SPDX-License-Identifier: Apache-2.0
import Dispatch
import Synchronization
import Testing

@testable import HabitsNotify

#if canImport(Glibc)
  import Glibc
#endif

/// The notifier's threads. That an idle agent never wakes is proven against
/// dunst by bench/agent.sh, which `./dev test` runs with its goals checked.
struct DetachedThreadTests {
  @Test func theBodyRunsOnAThreadOfItsOwn() {
    // Given the caller's thread
    let caller = pthread_self()
    let ran = Mutex<pthread_t?>(nil)
    let done = DispatchSemaphore(value: 0)
    // When work is started detached
    let started = DetachedThread.start {
      ran.withLock { $0 = pthread_self() }
      done.signal()
    }
    // Then it runs, on another thread, without anyone joining it
    #expect(started)
    #expect(done.wait(timeout: .now() + 5) == .success)
    let thread = ran.withLock { $0 }
    #expect(thread != nil && thread != caller)
  }

  @Test func eachStartIsAThreadOfItsOwn() {
    // Given work that waits until all of it has started
    let count = 8
    let seen = Mutex<Set<pthread_t>>([])
    let arrived = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    // When each is started
    for _ in 0..<count {
      DetachedThread.start {
        seen.withLock { _ = $0.insert(pthread_self()) }
        arrived.signal()
        release.wait()
      }
    }
    for _ in 0..<count { #expect(arrived.wait(timeout: .now() + 5) == .success) }
    // Then all run at once, each on its own thread
    #expect(seen.withLock { $0.count } == count)
    for _ in 0..<count { release.signal() }
  }
}
