// SPDX-License-Identifier: Apache-2.0
import HabitsAgent
import HabitsCore
import Logging
import Recurrence
import Testing

@testable import HabitsNotify

#if canImport(Glibc)
  import Glibc
#endif

/// The libnotify notifier's own logic. That notifications really arrive is
/// proven against dunst by Tests/e2e/agent_notifications.sh.
@Suite(.serialized) struct LibnotifyNotifierTests {
  @Test func markupCharactersAreEscaped() {
    // Given a title and prompt with markup characters
    let text = "Tea & <b>talk</b> \"now\" isn't 'late'"
    // When escaped for a server that reads body markup
    let escaped = LibnotifyNotifier.escape(text)
    // Then nothing in it can be read as markup
    #expect(
      escaped == "Tea &amp; &lt;b&gt;talk&lt;/b&gt; &quot;now&quot; isn&apos;t &apos;late&apos;")
  }

  @Test func withoutASessionBusItFailsFastInsteadOfBlocking() {
    // Given no reachable session bus
    setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/habits-test-bus", 1)
    let notifier = LibnotifyNotifier(logger: Logger(label: "test"))
    let reminder = ReminderNotification(
      key: "tea", habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), summary: "Tea",
      body: "Make two cups", actions: [.done], commandHint: "habits done tea")
    // When a reminder is delivered
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let result = notifier.deliver(reminder)
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    // Then it reports a failure (so the agent falls back) within the probe's deadline
    guard case .failed(let reason) = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(reason.contains("bus") || reason.contains("server"))
    #expect(seconds < 1.5)
  }
}
