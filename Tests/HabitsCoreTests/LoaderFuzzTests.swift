// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Recurrence
import Testing

@testable import HabitsCore

#if canImport(Glibc)
  import Glibc
#endif

/// A fuzz test of the schedule-file loader and the `when` parser (issue 6):
/// random bytes, random TOML built from the real keys, random `when`
/// expressions in all three forms, and mutations of the shipped files.
///
/// For every input: nothing crashes; every diagnostic sits at a line and
/// column of 1 or more inside the file, has a message, and prints as
/// `path:line:column: error: message`; a file that yields no habit says why,
/// and one that yields a habit has no error; a `when` that fails names an
/// offset inside its text; and every schedule that parses answers `next`
/// within `nextBound`, or `slowNextBound` for the kinds of schedule that are
/// known to cost more.
///
/// The seed is printed first; `HABITS_FUZZ_SEED` (decimal or 0x-hex) replays
/// a run, `HABITS_FUZZ_COUNT` sets the number of inputs (default 100,000),
/// `HABITS_FUZZ_ONLY=N` runs input N alone and `HABITS_FUZZ_TRACE=1` prints
/// each input before it is tried, to find the one that crashed a run.
@Suite("Loader fuzz") struct LoaderFuzzTests {
  static let environment = ProcessInfo.processInfo.environment

  static let count = FuzzRun.count(default: 100_000)

  static let seed = FuzzRun.seed(for: "LoaderFuzzTests", count: count)

  /// The inputs are split into this many test cases, which run in parallel.
  static let shards = 4

  /// How long one `next(from:in:)` may take for a schedule that fires, at
  /// most every 5 minutes (the floor words and RRULEs keep to); in a debug
  /// build the slowest such call seen took under 10 ms. Calls are timed in
  /// the thread's CPU time, so that a busy machine does not fail the test.
  static let nextBound: Duration = .milliseconds(50)

  /// The bound for every other schedule that parses: one that never fires
  /// (`Schedule.parse` accepts them; the loader refuses them) costs a search
  /// through the calendar's 400-year cycle, and one that fires every minute
  /// (cron allows `* * * * *`) sorts 1,440 instants a day into a buffer one by
  /// one: up to some 250 ms in a debug build. Only a search that runs away
  /// fails this one.
  static let slowNextBound: Duration = .seconds(1)

  // MARK: The test

  @Test(arguments: 0..<shards)
  func fuzz(shard: Int) throws {
    let corpus = try Corpus.shared.get()
    let seed = Self.seed
    var indices = Array(stride(from: shard, to: Self.count, by: Self.shards))
    if let only = Self.environment["HABITS_FUZZ_ONLY"].flatMap({ Int($0) }) {
      indices = only % Self.shards == shard ? [only] : []
    }
    let trace = Self.environment["HABITS_FUZZ_TRACE"] != nil
    let directory =
      FileManager.default.temporaryDirectory.path + "/habits-fuzz-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    var checker = Checker(seed: seed)
    let started = ContinuousClock.now
    for index in indices {
      let generating = CPUTime.now()
      var random = SplitMix64(seed: seed, index: index)
      let input = Input.make(&random, corpus: corpus, directory: directory)
      checker.time["generating inputs", default: .zero] += CPUTime.now() - generating
      if trace { print("LoaderFuzzTests input \(index): \(input)") }
      let before = CPUTime.now()
      checker.check(input, index: index, random: &random)
      checker.time[input.kind, default: .zero] += CPUTime.now() - before
    }
    let elapsed = ContinuousClock.now - started
    print(
      "LoaderFuzzTests shard \(shard): \(indices.count) inputs in \(elapsed); \(checker.summary)")
    #expect(
      checker.failures == 0,
      "\(checker.failures) inputs broke a property (seed \(FuzzRun.hex(seed)))")
  }

  /// The shipped schedule files load without a word, or mutating them would
  /// start from broken files.
  /// Naming a key from the line an error points at never traps, whatever
  /// the line and wherever the place: quotes, escapes, brackets, line
  /// breaks of both kinds and places past the line's end.
  @Test func aKeyIsNamedFromAnyLineAtAnyPlaceWithoutTrapping() {
    let pieces = [
      "a", "b.c", " ", "\t", "=", "\"", "'", "\\", "[", "]", "{", "}", ",", "#", "\n", "\r\n",
      "\r", "\u{FEFF}", "é", "🙂", "\u{301}",
    ]
    var random = SplitMix64(seed: 0x7E7, index: 0)
    var named = 0
    for _ in 0..<20_000 {
      let text = (0..<random.int(0...24)).map { _ in random.pick(pieces) }.joined()
      let key = TOMLDocument.keyBefore(
        column: random.int(-1...30), line: random.int(-1...6), in: text)
      if key != nil { named += 1 }
    }
    #expect(named >= 20)
  }

  @Test func theShippedFilesAreClean() throws {
    let corpus = try Corpus.shared.get()
    #expect(corpus.habits.count >= 10)
    for (name, bytes) in corpus.habits {
      let text = try #require(String(validating: bytes, as: UTF8.self))
      let (habit, diagnostics) = HabitFileParser(path: "schedules/" + name, text: text).parse()
      #expect(habit != nil && diagnostics.isEmpty, "\(name): \(diagnostics)")
    }
  }

  /// What made TOMLKit's toml++ fail an assertion and abort the whole
  /// process, as the fuzzer found it (minimised): each is now an error at its
  /// place. Were one to slip through again, this test would not fail: the
  /// test process would die, loudly.
  @Test(arguments: [
    (
      "[\nwhen = \"daily at 9:00\"\n", "1:2",
      "expected a table name such as [nudge], saw a line break"
    ),
    (
      "when = \"daily at 9:00\"\n[\r\n", "2:2",
      "expected a table name such as [nudge], saw a line break"
    ),
    ("[é]\n", "1:2", "saw 'é'"),
    // A control character is written out, C1's as C0's, not sent to the terminal
    ("[\u{1B}]\n", "1:2", "saw '\\u1b'"),
    ("[\u{9B}]\n", "1:2", "saw '\\u9b'"),
    ("\u{FEFF}[=]", "1:2", "saw '='"),
    ("[[[x]]]", "1:3", "saw '['"),
    ("  [ #]", "1:5", "saw '#'"),
    ("prompts = [\"Call them.\", }", "1:26", "expected a value or closing ']', saw '}'"),
    ("prompts = [\n  # none yet\n}", "3:1", "saw '}'"),
    ("x = { a = [ }", "1:13", "saw '}'"),
    ("prompts = [\u{2028}]", "1:12", "saw a line break"),
    ("start = 2026-01-05T:00", "1:9", "could not determine value type"),
    ("start = [1979-05-27t+00:00]", "1:10", "could not determine value type"),
    ("start = 2026-01-05 9 # at nine", "1:20", "expected a comment or whitespace, saw '9'"),
    ("start = [2026-01-05 9]", "1:21", "expected comma or closing ']', saw '9'"),
    ("x = 1 2\n[=]", "1:7", "expected a comment or whitespace, saw '2'"),
  ])
  func whatAbortedTOMLKitIsAnError(text: String, place: String, message: String) {
    let (habit, diagnostics) = HabitFileParser(path: "x.toml", text: text).parse()
    #expect(habit == nil)
    #expect(diagnostics.count == 1, "\(diagnostics)")
    let diagnostic = diagnostics.first
    #expect(diagnostic.map { "\($0.line):\($0.column)" } == place)
    #expect(diagnostic?.message.hasPrefix("invalid TOML: ") == true)
    #expect(diagnostic?.message.contains(message) == true, "\(diagnostics)")
  }

  /// A `\u0000` escape in a string is a NUL, where the C string TOMLKit
  /// makes of the value would end it without a word: an error at its place.
  @Test(arguments: [
    ("title = \"\\u0000x\"\nwhen = \"daily at 9:00\"\n", "1:10", "\\u0000"),
    ("title = \"T\"\nwhen = \"daily at 9:00\\U00000000 and more\"\n", "2:22", "\\U00000000"),
    ("prompts = [\"\"\"\nCall \\u0000\"\"\"]\n", "2:6", "\\u0000"),
  ])
  func aNULInAStringIsAnError(text: String, place: String, escape: String) {
    let (habit, diagnostics) = HabitFileParser(path: "x.toml", text: text).parse()
    #expect(habit == nil)
    #expect(diagnostics.map { "\($0.line):\($0.column)" } == [place], "\(diagnostics)")
    #expect(
      diagnostics.first?.message == "a string holds \(escape) (NUL), which habits cannot keep")
  }

  /// Valid TOML that looks, to a careless eye, like what aborts toml++.
  @Test(arguments: [
    "prompts = [\n  [ # a nested array\n  \"a\" ], [\"b\",\n]]\n",
    "prompts = \"\"\"\n[=]\n\"\"\"\n",
    "prompts = '''\n[#]\n'''\n",
    "title = \"a \\\" [\"\n[nudge]\n",
    "title = 'a [ {'\n[ nudge ]\n",
    "x = [ # }\n]\n",
    "x = [\"}\", '}']\n",
    "x = 1979-05-27T07:32:00Z\ny = 1979-05-27 07:32:00\nz = [1979-05-27, 1979-05-27T00:00:00]\n",
    "x = 1979-05-27 # a date\n",
    "\"[x]\" = 1\n['y']\n[\"z\"]\n[[w]]\n",
    "x = { a = [1, 2], b = { c = [] } }\n[t]\n",
    "title = \"a \\\\u0000\"\nx = 'b \\u0000'\ny = \"\\u0001 \\u0010\"\n",
  ])
  func validTOMLIsLeftToTOMLKit(text: String) {
    #expect(TOMLDocument.abortingSpot(in: text) == nil)
    let (_, diagnostics) = HabitFileParser(path: "x.toml", text: text).parse()
    #expect(!diagnostics.contains { $0.message.hasPrefix("invalid TOML") }, "\(diagnostics)")
  }

  // MARK: Inputs

  /// One input and the way it reaches the loader.
  enum Input: CustomStringConvertible {
    /// A habit file's text, parsed in-process.
    case habit(path: String, text: String, kind: String)
    /// A config file's text, parsed in-process.
    case config(path: String, text: String, kind: String)
    /// Bytes (not UTF-8, or holding a NUL) written to a file and loaded from it.
    case habitFile(path: String, bytes: [UInt8], kind: String)
    case configFile(path: String, bytes: [UInt8], kind: String)
    /// A `when` expression with its start, parsed directly.
    case when(text: String, start: LocalDateTime?)

    var kind: String {
      switch self {
      case .habit(_, _, let kind), .config(_, _, let kind), .habitFile(_, _, let kind),
        .configFile(_, _, let kind):
        return kind
      case .when: return "when"
      }
    }

    var description: String {
      switch self {
      case .habit(let path, let text, _): return "habit file \(path): \(text.debugDescription)"
      case .config(let path, let text, _): return "config file \(path): \(text.debugDescription)"
      case .habitFile(let path, let bytes, _): return "habit file \(path), bytes \(bytes)"
      case .configFile(let path, let bytes, _): return "config file \(path), bytes \(bytes)"
      case .when(let text, let start):
        return "when \(text.debugDescription) from \(start.map { "\($0)" } ?? "no start")"
      }
    }

    static func make(_ random: inout SplitMix64, corpus: Corpus, directory: String) -> Input {
      let roll = random.int(0..<100)
      switch roll {
      case 0..<15:
        // Random bytes: as text where they are UTF-8, through a file otherwise.
        let bytes =
          random.chance(2) ? Generate.bytes(&random) : Array(Generate.scalars(&random).utf8)
        return route(bytes, config: random.chance(10), kind: "bytes", &random, directory)
      case 15..<37:
        return .habit(
          path: "/fuzz/schedules/fuzz.toml", text: Generate.habitTOML(&random), kind: "toml")
      case 37..<45:
        return .habit(
          path: "/fuzz/schedules/fuzz.toml", text: Generate.valueTOML(&random), kind: "toml values")
      case 45..<75:
        let (name, original) = random.pick(corpus.habits)
        let bytes = Mutate.bytes(original, &random, corpus: corpus)
        return route(bytes, config: false, kind: "mutation", &random, directory, name: name)
      case 75..<95:
        return .when(text: Generate.when(&random), start: Generate.start(&random))
      default:
        if random.chance(2) {
          let bytes = Mutate.bytes(corpus.config, &random, corpus: corpus)
          return route(bytes, config: true, kind: "config mutation", &random, directory)
        }
        return .config(
          path: "/fuzz/config.toml", text: Generate.configTOML(&random), kind: "config toml")
      }
    }

    /// Valid UTF-8 without a NUL is parsed in-process (and, now and then,
    /// through a file as well); anything else goes through a file, as only
    /// `ScheduleLoader.read` ever sees such bytes.
    static func route(
      _ bytes: [UInt8], config: Bool, kind: String, _ random: inout SplitMix64, _ directory: String,
      name: String = "fuzz.toml"
    ) -> Input {
      if let text = String(validating: bytes, as: UTF8.self), !bytes.contains(0), !random.chance(50)
      {
        return config
          ? .config(path: "/fuzz/config.toml", text: text, kind: kind)
          : .habit(path: "/fuzz/schedules/" + name, text: text, kind: kind)
      }
      let path = directory + "/" + (config ? "config.toml" : name)
      return config
        ? .configFile(path: path, bytes: bytes, kind: kind + " (file)")
        : .habitFile(path: path, bytes: bytes, kind: kind + " (file)")
    }
  }

  // MARK: Properties

  struct Checker {
    let seed: UInt64
    var failures = 0
    var inputs: [String: Int] = [:]
    /// CPU time spent on each kind of input.
    var time: [String: Duration] = [:]
    var diagnostics = 0
    var habits = 0
    var schedules = 0
    var whenErrors = 0
    var nextCalls = 0
    var worstNext: Duration = .zero
    var worstNextInput = ""
    /// Calls over `nextBound` on schedules that never fire or fire more often
    /// than every 5 minutes.
    var slowButKnown = 0
    var worstOrdinary: Duration = .zero
    var worstOrdinaryInput = ""
    /// The slowest call on a schedule that found an instant and fires at most every 5 minutes.
    var worstSparse: Duration = .zero
    var worstSparseInput = ""
    let zones: [Zone]

    init(seed: UInt64) {
      self.seed = seed
      zones =
        [
          .utc, Zone(fixedOffset: 5 * 3600 + 45 * 60, identifier: "+05:45"),
        ]
        + [
          "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham",
          "America/Santiago",
        ].compactMap { try? Zone.named($0) }
    }

    var summary: String {
      let kinds = inputs.sorted { $0.key < $1.key }
        .map { "\($0.key) \($0.value) (\(CPUTime.seconds(time[$0.key] ?? .zero)) s)" }
        .joined(separator: ", ")
      return "\(kinds); \(habits) habits, \(diagnostics) diagnostics, \(schedules) schedules,"
        + " \(whenErrors) when errors; \(nextCalls) next() calls, the slowest \(worstNext)"
        + " for \(worstNextInput); \(slowButKnown) over \(LoaderFuzzTests.nextBound) on schedules that"
        + " never fire or fire every few minutes; the slowest firing at most every 5 minutes \(worstSparse) for \(worstSparseInput); the slowest other that found an instant \(worstOrdinary) for \(worstOrdinaryInput); generating inputs \(CPUTime.seconds(time["generating inputs"] ?? .zero)) s"
    }

    /// Records a broken property (the first few in full).
    mutating func fail(_ what: String, _ index: Int, _ input: Input) {
      failures += 1
      guard failures <= 20 else { return }
      let shown = "\(input)"
      Issue.record(
        """
        \(what)
        input \(index) of seed \(FuzzRun.hex(seed)) (HABITS_FUZZ_SEED=\(FuzzRun.hex(seed)) HABITS_FUZZ_ONLY=\(index)): \
        \(shown.count > 2000 ? String(shown.prefix(2000)) + "…" : shown)
        """)
    }

    mutating func check(_ input: Input, index: Int, random: inout SplitMix64) {
      inputs[input.kind, default: 0] += 1
      switch input {
      case .habit(let path, let text, _):
        let (habit, found) = HabitFileParser(path: path, text: text).parse()
        checkHabit(habit, found, path: path, text: text, index, input, &random)
      case .habitFile(let path, let bytes, _):
        guard write(bytes, to: path) else { return fail("cannot write \(path)", index, input) }
        let (habit, found) = ScheduleLoader.loadHabit(path: path)
        checkHabit(
          habit, found, path: path, text: String(validating: bytes, as: UTF8.self), index, input,
          &random)
      case .config(let path, let text, _):
        let (_, found) = ConfigFileParser(path: path, text: text).parse()
        checkDiagnostics(found, path: path, text: text, index, input)
      case .configFile(let path, let bytes, _):
        guard write(bytes, to: path) else { return fail("cannot write \(path)", index, input) }
        let (_, found) = ScheduleLoader.loadConfig(path: path)
        checkDiagnostics(
          found, path: path, text: String(validating: bytes, as: UTF8.self), index, input)
      case .when(let text, let start):
        do {
          let schedule = try Schedule.parse(text, start: start)
          checkNext(schedule, index, input, &random)
        } catch {
          whenErrors += 1
          guard let offset = error.offset else {
            return fail("the error '\(error)' carries no offset", index, input)
          }
          if offset < 0 || offset > text.count {
            fail(
              "offset \(offset) of '\(error)' is outside the text (\(text.count) characters)",
              index, input)
          }
          if error.message.isEmpty { fail("an error without a message", index, input) }
        }
      }
    }

    mutating func checkHabit(
      _ habit: Habit?, _ found: [Diagnostic], path: String, text: String?, _ index: Int,
      _ input: Input, _ random: inout SplitMix64
    ) {
      checkDiagnostics(found, path: path, text: text, index, input)
      let errors = found.filter { $0.severity == .error }
      guard let habit else {
        if errors.isEmpty { fail("no habit, and no error says why: \(found)", index, input) }
        return
      }
      habits += 1
      if !errors.isEmpty { fail("a habit was loaded despite errors: \(errors)", index, input) }
      checkNext(habit.schedule, index, input, &random)
    }

    mutating func checkDiagnostics(
      _ found: [Diagnostic], path: String, text: String?, _ index: Int, _ input: Input
    ) {
      // TOML ends lines with LF or CRLF; a line past the last is still "in the file" for an
      // error at the very end.
      let lines = text.map { $0.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 } }
      for diagnostic in found {
        diagnostics += 1
        if diagnostic.line < 1 || diagnostic.column < 1 {
          fail("diagnostic at \(diagnostic.line):\(diagnostic.column): \(diagnostic)", index, input)
        }
        if let lines, diagnostic.line > lines {
          fail(
            "diagnostic on line \(diagnostic.line) of a \(lines)-line file: \(diagnostic)", index,
            input)
        }
        if diagnostic.message.isEmpty { fail("diagnostic without a message", index, input) }
        if diagnostic.path != path {
          fail("diagnostic for \(diagnostic.path), not \(path)", index, input)
        }
        let expected =
          "\(path):\(diagnostic.line):\(diagnostic.column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if diagnostic.description != expected
          || (diagnostic.severity == .error
            && !diagnostic.description.hasPrefix(
              "\(path):\(diagnostic.line):\(diagnostic.column): error: "))
        {
          fail("diagnostic printed as \(diagnostic.description.debugDescription)", index, input)
        }
      }
    }

    /// `next` from a few random instants, in a random zone, timed.
    mutating func checkNext(
      _ schedule: Schedule, _ index: Int, _ input: Input, _ random: inout SplitMix64
    ) {
      schedules += 1
      let zone = random.pick(zones)
      for _ in 0..<2 {
        // From 1950 to 2150, now and then far out.
        let from = Instant(
          secondsSince1970: random.chance(20)
            ? random.int(-60_000_000_000..<250_000_000_000)
            : random.int(-631_152_000..<5_680_281_600))
        let (next, took) = Self.timedNext(schedule, from, zone)
        nextCalls += 1
        if took > worstNext {
          worstNext = took
          worstNextInput = "'\(schedule.expression)' from \(from) in \(zone)"
        }
        let call = "next(from: \(from), in: \(zone)) of '\(schedule.expression)'"
        if took > LoaderFuzzTests.slowNextBound {
          fail("\(call) took \(took) of CPU time", index, input)
        } else if took > LoaderFuzzTests.nextBound {
          // Known costs: a search that proves there is nothing (more) to find, or
          // instants less than 5 minutes apart.
          var dense = false
          if let next, let after = schedule.next(from: next.adding(seconds: 1), in: zone) {
            dense = after.secondsSince1970 - next.secondsSince1970 < 300
          }
          if next == nil || dense {
            slowButKnown += 1
          } else {
            fail(
              "\(call) took \(took) of CPU time, though it fires, and at most every 5 minutes",
              index, input)
          }
          // One slow call is enough to know.
          break
        } else if let next {
          if took > worstOrdinary {
            worstOrdinary = took
            worstOrdinaryInput = "'\(schedule.expression)' from \(from) in \(zone)"
          }
          if took > worstSparse, took > .milliseconds(2),
            let after = schedule.next(from: next.adding(seconds: 1), in: zone),
            after.secondsSince1970 - next.secondsSince1970 >= 300
          {
            worstSparse = took
            worstSparseInput = "'\(schedule.expression)' from \(from) in \(zone)"
          }
        }
        if let next, next < from {
          fail("\(call) is earlier: \(next)", index, input)
        }
      }
    }

    static func timedNext(_ schedule: Schedule, _ from: Instant, _ zone: Zone) -> (
      Instant?, Duration
    ) {
      let start = CPUTime.now()
      let next = schedule.next(from: from, in: zone)
      return (next, CPUTime.now() - start)
    }

    /// Writes `bytes` to `path` (without the fsync that Foundation's writes do).
    func write(_ bytes: [UInt8], to path: String) -> Bool {
      let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else { return false }
      defer { close(descriptor) }
      var offset = 0
      while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes {
          Glibc.write(descriptor, $0.baseAddress, $0.count)
        }
        guard written > 0 else { return false }
        offset += written
      }
      return true
    }
  }

  // MARK: The shipped files

  struct Corpus: Sendable {
    var habits: [(String, [UInt8])]
    var config: [UInt8]

    struct Missing: Error, CustomStringConvertible {
      var description: String
    }

    static let shared: Result<Corpus, Missing> = {
      // Tests/HabitsCoreTests/LoaderFuzzTests.swift → the package root.
      let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
      let schedules = root.appendingPathComponent("schedules").path
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: schedules) else {
        return .failure(Missing(description: "no shipped schedules at \(schedules)"))
      }
      var habits: [(String, [UInt8])] = []
      for name in names.sorted() where name.hasSuffix(".toml") {
        if let data = FileManager.default.contents(atPath: schedules + "/" + name) {
          habits.append((name, [UInt8](data)))
        }
      }
      let config = FileManager.default.contents(
        atPath: root.appendingPathComponent("config.example.toml").path)
      guard !habits.isEmpty, let config else {
        return .failure(
          Missing(description: "no shipped schedules or config.example.toml at \(root.path)"))
      }
      return .success(Corpus(habits: habits, config: [UInt8](config)))
    }()
  }
}

// MARK: - Time

/// The CPU time of the calling thread: what a computation costs, whatever
/// else the machine is doing (tests run beside each other, and CI machines
/// are shared).
enum CPUTime {
  static func now() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
  }

  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.2f", Double(seconds) + Double(attoseconds) / 1e18)
  }
}

// MARK: - Generators

enum Generate {
  static let habitKeys = HabitFileParser.keys
  static let configKeys = ConfigFileParser.keys
  static let nudgeKeys = HabitFileParser.nudgeKeys
  static let strayKeys = [
    "titel", "wehn", "When", "nudge.repeat", "nudge.until", "\"when\"", "'title'",
    "notifier.command",
    "a.b.c", "é", "\"\"", "start.x", "prompts.0", "_", "-", "1",
  ]

  /// Random bytes, leaning towards what TOML and UTF-8 find interesting.
  static func bytes(_ random: inout SplitMix64) -> [UInt8] {
    let length = random.chance(10) ? random.int(0...2000) : random.int(0...120)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(length)
    let special = Array("=[]{}\"'#\n\r\t\\,. :-+_".utf8)
    while bytes.count < length {
      switch random.int(0..<20) {
      case 0..<9: bytes.append(UInt8(random.int(32...126)))
      case 9..<14: bytes.append(random.pick(special))
      case 14..<16: bytes.append(UInt8(random.int(0x80...0xFF)))
      case 16: bytes.append(UInt8(random.int(0...31)))
      default: bytes += Array(random.pick(oddCharacters).utf8)
      }
    }
    return bytes
  }

  static let oddCharacters: [String] = [
    "é", "e\u{301}", "…", "😀", "👩‍👩‍👧", "\u{2028}", "\u{FEFF}", "\u{200B}", "\u{202E}", "ß", "ﬁ",
    "İ", "\r\n", "\u{7F}", "\u{85}", "日", "\u{10FFFF}", "\u{FFFD}", "🇫🇷",
  ]

  /// Random Unicode text (always valid UTF-8).
  static func scalars(_ random: inout SplitMix64) -> String {
    var text = ""
    for _ in 0..<random.int(0...80) {
      switch random.int(0..<10) {
      case 0..<5: text.unicodeScalars.append(Unicode.Scalar(UInt8(random.int(32...126))))
      case 5..<7: text += random.pick(oddCharacters)
      case 7: text += random.pick(["\n", "\r\n", "\t", "\r", " = ", "[", "]", "\""])
      default:
        if let scalar = Unicode.Scalar(UInt32(random.int(0...0x10FFFF))) {
          text.unicodeScalars.append(scalar)
        }
      }
    }
    return text
  }

  // MARK: `when`

  static let weekdays = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue",
    "wed", "thu", "fri", "sat", "sun", "Sunday", "SUN", "sundy", "tues", "thurs",
  ]
  static let months = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "dec", "febuary", "sept",
  ]
  static let wordsVocabulary = [
    "daily", "every", "day", "days", "weekdays", "weekends", "weekday", "weekend", "week", "weeks",
    "monthly", "month", "months", "yearly", "year", "years", "on", "the", "at", "and", "last",
    "from", "to", "hour", "hours", "minute", "minutes", "min", "other", "hourly", "noon",
    "midnight", "annually", ",", "first", "second", "third",
  ]

  static func time(_ random: inout SplitMix64) -> String {
    switch random.int(0..<12) {
    case 0..<6: return "\(random.int(0...23)):\(LocalDateTime.two(random.int(0...59)))"
    case 6: return "\(random.int(1...12))\(random.pick(["am", "pm", "AM", "Pm"]))"
    case 7:
      return
        "\(random.int(1...12)):\(LocalDateTime.two(random.int(0...59)))\(random.pick(["am", "pm"]))"
    case 8:
      return random.pick([
        "noon", "midnight", "24:00", "23:60", "25:00", "0:00", "00:00", "12am", "13pm", "0am",
      ])
    case 9: return "\(random.int(-5...99)):\(random.int(-5...99))"
    case 10:
      return random.pick([
        "9", "9:", ":30", "9:5", "9:005", "99999999999999999999:00", "9.30", "٩:٠٠",
      ])
    default:
      return
        "\(random.int(0...23)):\(LocalDateTime.two(random.int(0...59))):\(LocalDateTime.two(random.int(0...59)))"
    }
  }

  static func number(_ random: inout SplitMix64) -> String {
    switch random.int(0..<10) {
    case 0..<5: return "\(random.int(1...12))"
    case 5..<7: return "\(random.int(0...1001))"
    case 7:
      return random.pick([
        "0", "-1", "-2", "1000", "1001", "99999999999999999999", "9223372036854775807", "+3", "٣",
      ])
    default: return "\(random.int(Int.min...Int.max))"
    }
  }

  static func ordinal(_ random: inout SplitMix64) -> String {
    switch random.int(0..<6) {
    case 0..<3:
      let n = random.int(1...31)
      let suffix =
        n % 10 == 1 && n != 11
        ? "st" : n % 10 == 2 && n != 12 ? "nd" : n % 10 == 3 && n != 13 ? "rd" : "th"
      return "\(n)\(suffix)"
    case 3: return random.pick(["last", "first", "second", "third", "fourth", "fifth", "1", "31"])
    case 4:
      return random.pick(["0th", "32nd", "1th", "-1st", "99999999999999999999th", "last last"])
    default:
      return "\(random.int(1...5))\(random.pick(["st", "nd", "rd", "th"])) \(random.pick(weekdays))"
    }
  }

  static func list(_ random: inout SplitMix64, _ make: (inout SplitMix64) -> String) -> String {
    (0..<random.int(1...4)).map { _ in make(&random) }.joined(
      separator: random.pick([", ", ",", " and ", " "]))
  }

  static func words(_ random: inout SplitMix64) -> String {
    let at = " at " + list(&random, time)
    switch random.int(0..<14) {
    case 0: return "daily" + at
    case 1: return random.pick(["weekdays", "weekends"]) + at
    case 2: return "every " + list(&random) { $0.pick(weekdays) } + at
    case 3: return "every \(number(&random)) weeks on \(list(&random) { $0.pick(weekdays) })" + at
    case 4:
      // A list that mixes days of the month and weekdays never fires (each
      // costs a 400-year search), so lists come one time in four.
      return "monthly on the \(random.chance(4) ? list(&random, ordinal) : ordinal(&random))" + at
    case 5: return "every \(number(&random)) hours from \(time(&random)) to \(time(&random))"
    case 6: return "hourly from \(time(&random)) to \(time(&random))"
    case 7:
      return
        "\(random.pick(["yearly", "annually"])) on \(random.pick(months)) \(random.int(0...32))"
        + at
    case 8:
      return
        "every \(number(&random)) \(random.pick(["days", "months", "years", "minutes", "day", "other"]))"
        + at
    case 9: return "every other \(random.pick(weekdays + ["day", "week"]))" + at
    case 10: return "every \(number(&random)) minutes from \(time(&random)) to \(time(&random))"
    default:
      // A random walk over the vocabulary.
      return (0..<random.int(1...9)).map { _ in
        switch random.int(0..<8) {
        case 0: return time(&random)
        case 1: return number(&random)
        case 2: return random.pick(weekdays)
        case 3: return ordinal(&random)
        case 4: return random.pick(months)
        default: return random.pick(wordsVocabulary)
        }
      }.joined(separator: " ")
    }
  }

  static func rrule(_ random: inout SplitMix64) -> String {
    var parts: [String] = []
    let frequencies = ["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
    if !random.chance(15) {
      parts.append(
        "FREQ="
          + (random.chance(12)
            ? random.pick(["MINUTELY", "SECONDLY", "daily", "DAYLY", ""])
            : random.pick(frequencies)))
    }
    func byDay(_ random: inout SplitMix64) -> String {
      let day = random.pick(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "mo", "XX"])
      switch random.int(0..<4) {
      case 0: return "\(random.pick([1, 2, 3, 4, 5, -1, -2, 53, -53, 0, 54]))\(day)"
      case 1: return "+\(random.int(1...5))\(day)"
      default: return day
      }
    }
    let generators: [(inout SplitMix64) -> String] = [
      { "INTERVAL=\($0.chance(4) ? number(&$0) : "\($0.int(1...10))")" },
      { "COUNT=\($0.chance(4) ? number(&$0) : "\($0.int(1...50))")" },
      {
        "UNTIL="
          + $0.pick([
            "20260101", "20261231T235959Z", "20260101T000000", "19991231", "20260230", "2026-01-01",
            "99991231T235959Z", "00010101", "x",
          ])
      },
      {
        "BYDAY="
          + list(&$0, byDay).replacingOccurrences(of: " and ", with: ",").replacingOccurrences(
            of: " ", with: "")
      },
      { r in
        "BYMONTHDAY="
          + (0..<r.int(1...4)).map { _ in "\(r.pick([1, 15, 28, 29, 30, 31, -1, -31, 0, 32, -32]))"
          }.joined(separator: ",")
      },
      { r in "BYMONTH=" + (0..<r.int(1...3)).map { _ in "\(r.int(0...13))" }.joined(separator: ",")
      },
      { r in "BYHOUR=" + (0..<r.int(1...4)).map { _ in "\(r.int(0...24))" }.joined(separator: ",")
      },
      { r in "BYMINUTE=" + (0..<r.int(1...3)).map { _ in "\(r.int(0...60))" }.joined(separator: ",")
      },
      { r in
        "BYSETPOS="
          + (0..<r.int(1...3)).map { _ in "\(r.pick([1, 2, -1, -2, 0, 366, -366, 367, 10000]))" }
          .joined(separator: ",")
      },
      { "WKST=" + $0.pick(["MO", "SU", "XX", ""]) },
      {
        $0.pick([
          "BYSECOND=0", "BYYEARDAY=1", "BYWEEKNO=1", "DTSTART=20260101", "X-FOO=1", "FREQ", "=",
          "BYDAY", ";;",
        ])
      },
    ]
    for _ in 0..<random.int(0...6) { parts.append(random.pick(generators)(&random)) }
    if random.chance(3) { parts.shuffle(using: &random) }
    let body = parts.joined(separator: random.chance(20) ? "; " : ";")
    return (random.chance(3) ? random.pick(["RRULE:", "rrule:", "RRULE: "]) : "") + body
  }

  static func cron(_ random: inout SplitMix64) -> String {
    if random.chance(10) {
      return random.pick([
        "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@hourly", "@reboot", "@",
        "@dialy",
      ])
    }
    let ranges = [0...59, 0...23, 1...31, 1...12, 0...7]
    let names = [
      [], [], [], ["jan", "feb", "dec", "JAN", "foo"], ["mon", "fri", "sun", "SAT", "xyz"],
    ]
    var fields: [String] = []
    for (i, range) in ranges.enumerated() {
      func value(_ random: inout SplitMix64) -> String {
        if !names[i].isEmpty && random.chance(4) { return random.pick(names[i]) }
        return random.chance(8) ? "\(random.int(-2...100))" : "\(random.int(range))"
      }
      let field: String
      switch random.int(0..<8) {
      case 0, 1: field = "*"
      case 2: field = "*/\(random.chance(5) ? number(&random) : "\(random.int(1...30))")"
      case 3: field = "\(value(&random))-\(value(&random))"
      case 4: field = "\(value(&random))-\(value(&random))/\(random.int(0...15))"
      case 5: field = (0..<random.int(1...4)).map { _ in value(&random) }.joined(separator: ",")
      case 6:
        field = random.pick(["?", "L", "W", "1#2", "5L", "*/", "-", ",", "/5", "1-", "**", "1,,2"])
      default: field = value(&random)
      }
      fields.append(field)
    }
    if random.chance(10) { fields.removeLast() }
    if random.chance(10) { fields.append("*") }
    return fields.joined(separator: random.chance(10) ? "\t" : " ")
  }

  /// A `when` that is well formed more often than not, in any of the three forms.
  static func cleanWhen(_ random: inout SplitMix64) -> String {
    func clock(_ random: inout SplitMix64) -> String {
      "\(random.int(0...23)):\(LocalDateTime.two(random.pick([0, 0, 15, 30, 45, random.int(0...59)])))"
    }
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    switch random.int(0..<3) {
    case 0:
      let at = " at " + (0..<random.int(1...3)).map { _ in clock(&random) }.joined(separator: ", ")
      let names = Array(Generate.weekdays.prefix(14))
      let someDays = (0..<random.int(1...3)).map { _ in random.pick(names) }.joined(separator: ", ")
      switch random.int(0..<7) {
      case 0: return "daily" + at
      case 1: return random.pick(["weekdays", "weekends"]) + at
      case 2: return "every \(someDays)" + at
      case 3: return "every \(random.int(1...4)) weeks on \(someDays)" + at
      case 4:
        let day = random.pick([
          "1st", "2nd", "15th", "28th", "last", "first monday", "last friday", "2nd tuesday",
        ])
        return "monthly on the \(day)" + at
      case 5:
        return
          "every \(random.int(1...6)) hours from \(random.int(0...11)):00 to \(random.int(12...23)):00"
      default:
        return "yearly on \(random.pick(Array(months.prefix(12)))) \(random.int(1...28))" + at
      }
    case 1:
      let frequency = random.pick(["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"])
      var parts = ["FREQ=" + frequency]
      if random.chance(3) { parts.append("INTERVAL=\(random.int(1...4))") }
      if frequency != "HOURLY" { parts.append("BYHOUR=\(random.int(0...23))") }
      parts.append("BYMINUTE=\(random.pick([0, 30, random.int(0...59)]))")
      if random.chance(2) {
        let ordinal =
          frequency == "MONTHLY" || frequency == "YEARLY" ? random.pick(["", "1", "2", "-1"]) : ""
        parts.append("BYDAY=" + ordinal + random.pick(days))
      }
      if random.chance(4) { parts.append("BYMONTHDAY=\(random.pick([1, 15, 28, -1]))") }
      if random.chance(4) { parts.append("BYMONTH=\(random.int(1...12))") }
      if random.chance(5) { parts.append("COUNT=\(random.int(1...30))") }
      if random.chance(6) { parts.append("UNTIL=20\(random.int(20...40))0101") }
      if random.chance(8) { parts.append("BYSETPOS=\(random.pick([1, -1]))") }
      return (random.chance(2) ? "RRULE:" : "") + parts.joined(separator: ";")
    default:
      let minute = random.pick(["0", "30", "*/15", "0,30", "\(random.int(0...59))"])
      let hour = random.pick(["9", "21", "*/2", "8-18", "7,19", "\(random.int(0...23))"])
      let day = random.pick(["*", "*", "1", "15", "1-7", "*/2"])
      let month = random.pick(["*", "*", "*", "jan", "6-8", "*/3"])
      let weekday = random.pick(["*", "*", "mon-fri", "sat,sun", "0", "1-5", "sun"])
      return [minute, hour, day, month, weekday].joined(separator: " ")
    }
  }

  static func when(_ random: inout SplitMix64) -> String {
    if random.chance(2) { return cleanWhen(&random) }
    var text: String
    switch random.int(0..<10) {
    case 0..<4: text = words(&random)
    case 4..<7: text = rrule(&random)
    case 7..<9: text = cron(&random)
    default: text = scalars(&random)
    }
    if random.chance(5) { text = Mutate.text(text, &random) }
    if random.chance(10) { text = random.pick([" ", "\t", "  ", "\n", " \r\n"]) + text }
    if random.chance(10) { text += random.pick([" ", "\t", "\n"]) }
    if random.chance(20) { text = text.uppercased() }
    return text
  }

  static func start(_ random: inout SplitMix64) -> LocalDateTime? {
    switch random.int(0..<6) {
    case 0, 1: return nil
    case 2:
      let extremes = [
        CivilDate(year: 1, month: 1, day: 1), CivilDate(year: 9999, month: 12, day: 31),
        CivilDate(year: 1970, month: 1, day: 1),
      ]
      return LocalDateTime(
        date: random.pick(extremes), hour: random.int(0...23), minute: random.int(0...59))
    default:
      let date = CivilDate(daysSinceEpoch: random.int(-25_000...60_000))
      return LocalDateTime(
        date: date, hour: random.int(0...23), minute: random.int(0...59),
        second: random.chance(5) ? random.int(0...59) : 0)
    }
  }

  // MARK: TOML

  static func string(_ random: inout SplitMix64, _ content: String) -> String {
    switch random.int(0..<10) {
    case 0..<6:
      let escaped = content.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "\"", with: "\\\""
      )
      .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
      return "\"" + escaped + "\""
    case 6, 7: return "'" + content.replacingOccurrences(of: "'", with: "") + "'"
    case 8: return "\"\"\"" + random.pick(["", "\n", "\\\n"]) + content + "\"\"\""
    default:
      // Raw: escapes and quotes as they fall, often invalid.
      return "\"" + content
        + random.pick(["\\", "\\u00e9", "\\U0001F600", "\\x41", "\\uD800", "\"", ""]) + "\""
    }
  }

  static func value(_ random: inout SplitMix64, key: String) -> String {
    switch random.int(0..<20) {
    case 0..<8:
      let content: String
      switch key {
      case "when", "summary": content = when(&random)
      case "target":
        content = random.pick([
          "3/week", "7/week", "8/week", "0/week", "10/month", "31/month", "32/month", "1/day",
          "3 / week", "-1/week", "3/wek",
        ])
      case "goal":
        content = random.pick([
          "30 minutes", "at most 60 minutes", "1 page", "0 minutes", "-5 minutes", "1e308 km",
          "at most", "nan minutes", "99999999999999999999 steps", "",
        ])
      case "repeat", "catch_up":
        content = random.pick([
          "30m", "1h", "4m", "5m", "1h30m", "1d", "0m", "99999999999h", "m", "same-day", "off",
          "2 h",
        ])
      case "until", "day_starts_at": content = time(&random)
      case "quiet_hours": content = "\(time(&random))-\(time(&random))"
      case "week_starts": content = random.pick(weekdays)
      case "notifier": content = random.pick(["libnotify", "stdout", "libnotfy", "", "shell"])
      case "id":
        content = random.pick([
          "gratitude", "a", "", "-x", "../x", "x y", String(repeating: "a", count: 65), "ok_id-2",
        ])
      case "start":
        content = random.pick(["2026-01-05", "2026-02-30", "0000-01-01", "2026-1-5", "today"])
      default: content = scalars(&random)
      }
      return string(&random, content)
    case 8: return random.pick(["true", "false", "True", "yes"])
    case 9:
      return random.pick([
        "0", "-1", "99999999999999999999", "0x7FFFFFFFFFFFFFFF", "1_000", "0o777", "0b101", "+1",
        "01",
      ])
    case 10:
      return random.pick(["1.5", "1e300", "inf", "-inf", "nan", "1e999", "-0.0", ".5", "1."])
    case 11:
      return random.pick([
        "2026-01-05", "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "2026-01-05T10:00:00",
        "2026-01-05T10:00:00Z", "2026-01-05 10:00:00+05:45", "10:00:00", "24:00:00",
        "1979-05-27T00:32:00.999999-07:00",
      ])
    case 12, 13:
      let items = (0..<random.int(0...4)).map { _ in
        random.chance(4) ? value(&random, key: "") : string(&random, scalars(&random))
      }
      return "[" + items.joined(separator: random.pick([", ", ",\n  ", ","]))
        + (random.chance(3) ? ",]" : "]")
    case 14:
      let keys = (0..<random.int(0...3)).map { _ in
        "\(random.pick(nudgeKeys + ["command", "x"])) = \(value(&random, key: random.pick(nudgeKeys)))"
      }
      return "{ " + keys.joined(separator: ", ") + " }"
    case 15:
      return random.pick(["", "=", "\"unterminated", "[", "{", "'''", "\"\"\"", "# nothing"])
    default: return string(&random, when(&random))
    }
  }

  static func line(_ random: inout SplitMix64, keys: [String]) -> String {
    let indent = random.chance(8) ? random.pick([" ", "  ", "\t"]) : ""
    switch random.int(0..<20) {
    case 0..<13:
      let key = random.chance(12) ? random.pick(strayKeys) : random.pick(keys)
      let space = random.chance(10) ? random.pick(["", "  ", "\t"]) : " "
      return indent + key + space + "=" + space + value(&random, key: key)
        + (random.chance(8) ? "  # " + scalars(&random).filter { $0 != "\n" && $0 != "\r" } : "")
    case 13, 14:
      return indent
        + random.pick([
          "[nudge]", "[notifier]", "[nudge.deeper]", "[[nudge]]", "[ nudge ]", "[\"nudge\"]",
          "[when]", "[]", "[nudge",
        ])
    case 15: return indent + "# " + scalars(&random).filter { $0 != "\n" && $0 != "\r" }
    case 16: return ""
    case 17:
      return indent + random.pick(nudgeKeys) + " = " + value(&random, key: random.pick(nudgeKeys))
    default: return scalars(&random)
    }
  }

  static func document(_ random: inout SplitMix64, keys: [String]) -> String {
    var lines: [String] = []
    if random.chance(4) { lines.append("when = " + string(&random, when(&random))) }
    for _ in 0..<random.int(0...12) { lines.append(line(&random, keys: keys)) }
    if random.chance(3) { lines.shuffle(using: &random) }
    let newline = random.chance(10) ? "\r\n" : random.chance(50) ? "\r" : "\n"
    var text = lines.joined(separator: newline)
    if random.chance(2) { text += newline }
    if random.chance(30) { text = "\u{FEFF}" + text }
    return text
  }

  static func habitTOML(_ random: inout SplitMix64) -> String { document(&random, keys: habitKeys) }

  /// A few lines whose values are random runs of what numbers, dates, times,
  /// booleans and containers are made of: toml++ guesses a value's type from
  /// its first characters, and this probes those guesses.
  static func valueTOML(_ random: inout SplitMix64) -> String {
    let alphabet =
      Array("0123456789+-_.:eExXoObBTtZzinfa \t,[]{}\"'#=").map(String.init)
      + [
        "inf", "nan", "true", "false", "0x", "0o", "0b", "1979-05-27", "07:32:00", "T", "Z",
        "+00:00", "\n", "\r\n",
      ]
    func value(_ random: inout SplitMix64) -> String {
      (0..<random.int(1...12)).map { _ in random.pick(alphabet) }.joined()
    }
    return (0..<random.int(1...4)).map { _ in
      let key = random.pick(["start", "enabled", "when", "prompts", "x", "nudge.until"])
      switch random.int(0..<4) {
      case 0: return "\(key) = [\(value(&random))]"
      case 1: return "\(key) = { a = \(value(&random)) }"
      case 2: return "\(key) = [ \(value(&random)), \(value(&random)) ]"
      default: return "\(key) = \(value(&random))"
      }
    }.joined(separator: "\n") + (random.chance(2) ? "\n" : "")
  }
  static func configTOML(_ random: inout SplitMix64) -> String {
    document(&random, keys: configKeys)
  }
}

// MARK: - Mutations

enum Mutate {
  static let tokens: [[UInt8]] =
    [
      "=", "\"", "'", "[", "]", "{", "}", "#", "\n", "\r\n", "\r", "\\", "\\u", "\"\"\"", "'''",
      ",",
      "[nudge]\n", "when = \"daily at 9:00\"\n", "when = ", "\u{FEFF}", "é", "…", " ", "\t", ".",
      "0",
      "99999999999999999999", "-", "title", "nudge.", "[[x]]\n",
    ].map { Array($0.utf8) } + [
      [0], [0xFF], [0xC3], [0xE2, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
    ]

  /// One to four byte-level edits: flips, replacements, deletions,
  /// duplications, splices from another shipped file, swapped lines, cuts.
  static func bytes(_ original: [UInt8], _ random: inout SplitMix64, corpus: LoaderFuzzTests.Corpus)
    -> [UInt8]
  {
    var bytes = original
    for _ in 0..<random.int(1...4) {
      let count = bytes.count
      let at = count == 0 ? 0 : random.int(0..<count)
      switch random.int(0..<9) {
      case 0:
        if count > 0 { bytes[at] ^= UInt8(1 << random.int(0..<8)) }
      case 1:
        if count > 0 {
          bytes[at] = random.chance(2) ? UInt8(random.int(0...255)) : random.pick(tokens)[0]
        }
      case 2:
        let length = min(count - at, random.chance(4) ? random.int(1...200) : random.int(1...8))
        if length > 0 { bytes.removeSubrange(at..<at + length) }
      case 3:
        let length = min(count - at, random.int(1...64))
        if length > 0 {
          bytes.insert(contentsOf: bytes[at..<at + length], at: random.int(0...count))
        }
      case 4:
        let (_, other) = random.pick(corpus.habits)
        guard !other.isEmpty else { break }
        let from = random.int(0..<other.count)
        let length = min(other.count - from, random.int(1...120))
        let end = min(count, at + random.int(0...40))
        bytes.replaceSubrange(at..<end, with: other[from..<from + length])
      case 5:
        bytes.insert(contentsOf: random.pick(tokens), at: random.int(0...count))
      case 6:
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.count > 1 {
          lines.swapAt(random.int(0..<lines.count), random.int(0..<lines.count))
          bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
        }
      case 7:
        if random.chance(3) { bytes.removeSubrange(at..<count) }
      default:
        // Repeat a line many times: long files, duplicate keys.
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        if let line = lines.isEmpty ? nil : lines[random.int(0..<lines.count)] {
          for _ in 0..<random.int(1...50) { bytes += line + [UInt8(ascii: "\n")] }
        }
      }
    }
    return bytes
  }

  /// Small edits of a `when` text, by characters.
  static func text(_ text: String, _ random: inout SplitMix64) -> String {
    var characters = Array(text)
    for _ in 0..<random.int(1...3) {
      let at = characters.isEmpty ? 0 : random.int(0..<characters.count)
      switch random.int(0..<4) {
      case 0: if !characters.isEmpty { characters.remove(at: at) }
      case 1:
        characters.insert(
          random.pick(Array(",;=:-/*@ 0123456789aé…\t")), at: min(at, characters.count))
      case 2:
        if !characters.isEmpty {
          characters.insert(contentsOf: characters[at..<min(characters.count, at + 5)], at: at)
        }
      default: if !characters.isEmpty { characters[at] = random.pick(Array("xX9;=,:- ")) }
      }
    }
    return String(characters)
  }
}
