// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsAgent

#if canImport(Glibc)
  import Glibc
#endif

/// `notifier = { command = [...] }`: the reminder's words are arguments,
/// never shell text.
@Suite struct CommandNotifierTests {
  static func temporaryDirectory() -> String? {
    var template = Array("/tmp/habits-command-XXXXXX".utf8CString)
    return template.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress, let made = mkdtemp(base) else { return nil }
      return String(cString: made)
    }
  }

  @Test func theReminderArrivesAsArgumentsAndIsNeverRunByAShell() throws {
    // Given a command that writes its arguments to a file, and words with shell syntax in them
    let directory = try #require(Self.temporaryDirectory())
    defer { _ = system("rm -rf '\(directory)'") }
    let output = directory + "/arguments"
    let marker = directory + "/pwned"
    let notifier = CommandNotifier(argv: [
      "/bin/sh", "-c", #"printf '%s\n' "$1" "$2" > "$0""#, output,
    ])
    let summary = "Tea $(touch \(marker)); `touch \(marker)`"
    let reminder = ReminderNotification(
      key: "tea", habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), summary: summary,
      body: "Ask | rm -rf ~ && echo \"done\"", actions: [], commandHint: "habits done tea")

    // When it is delivered
    let result = notifier.deliver(reminder)

    // Then the program got the words verbatim as two arguments, and nothing ran them
    #expect(result == .shown(via: "/bin/sh"))
    let text = try #require(String(validatingCString: readFile(output)))
    #expect(text == summary + "\nAsk | rm -rf ~ && echo \"done\"\nhabits done tea\n")
    #expect(access(marker, F_OK) != 0)
  }

  @Test func aCommandThatHangsIsStoppedAndReportedInsteadOfHoldingTheScheduleUp() {
    let notifier = CommandNotifier(argv: ["/bin/sh", "-c", "sleep 30"], timeout: 0.5)
    let reminder = ReminderNotification(
      key: "tea", habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), summary: "Tea",
      body: "", actions: [], commandHint: nil)
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let result = notifier.deliver(reminder)
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    guard case .failed(let reason) = result else {
      Issue.record("expected a failure, got \(result)")
      return
    }
    #expect(reason.contains("did not finish"))
    #expect(Double(end.tv_sec - start.tv_sec) < 3)
  }

  @Test func aMissingProgramIsAFailureNotACrash() {
    let notifier = CommandNotifier(argv: ["/nonexistent/notifier"])
    let reminder = ReminderNotification(
      key: "tea", habitID: "tea", day: CivilDate(year: 2026, month: 11, day: 21), summary: "Tea",
      body: "", actions: [], commandHint: nil)
    guard case .failed = notifier.deliver(reminder) else {
      Issue.record("expected a failure")
      return
    }
  }

  func readFile(_ path: String) -> [CChar] {
    guard let file = fopen(path, "r") else { return [0] }
    defer { fclose(file) }
    var bytes: [CChar] = []
    while case let c = fgetc(file), c != EOF { bytes.append(CChar(truncatingIfNeeded: c)) }
    return bytes + [0]
  }
}
