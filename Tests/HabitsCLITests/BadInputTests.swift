// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile and broken input to the real `habits` binary (issue 6, "Bad
/// input"): one table, each row an input with the exit status and message it
/// must give. For every row the binary must not crash (a signal, a status of
/// 128 or more, or Swift's "Fatal error" on stderr), must finish within
/// `timeLimit`, and must leave the store as it was: the rows of `checkin`,
/// `snooze`, `reminder_log` and `habit` (dumped with the `sqlite3` shell), the
/// database file's bytes, and every other file of the sandbox.
@Suite("Bad input") struct BadInputTests {
  /// How long one run may take before it counts as a hang and is killed.
  static let timeLimit: Duration = .seconds(10)
  /// "Now" for every row: Saturday 2026-03-07, 07:00 in New York.
  static let now = "2026-03-07T12:00:00Z"
  static let zone = "America/New_York"

  /// What a row's store check compares afterwards.
  enum StoreCheck: Sendable {
    /// A habits database: the four tables' rows (as the `sqlite3` shell dumps
    /// them) and the file's bytes.
    case rowsAndBytes
    /// A file that is not (or no longer) a readable habits database: its bytes.
    case bytes
  }

  /// One bad input and what it must give.
  struct Row: Sendable, CustomTestStringConvertible {
    var name: String
    /// argv after the program name; `{db}`, `{schedules}` and `{root}` are
    /// replaced by the sandbox's paths.
    var arguments: [String]
    /// Changes to the environment: a value sets a variable, nil removes it.
    var environment: [String: String?] = [:]
    /// Prepares the sandbox; returns what undoes it (such as `chattr -i`), if anything.
    var setup: @Sendable (Sandbox) throws -> (@Sendable () -> Void)? = { _ in nil }
    var status: Int32
    /// Each must appear on stderr.
    var messages: [String]
    var store: StoreCheck = .rowsAndBytes
    /// Must not appear on stderr; checked inside `withKnownIssue` when
    /// `knownIssue` is set, so that a fix shows up as a known issue that no
    /// longer happens.
    var forbidden: [String] = []
    var knownIssue: String?

    var testDescription: String { name }
  }

  /// The usual `--schedules` and `--db`, into the sandbox.
  static let paths = ["--schedules", "{schedules}", "--db", "{db}"]

  static let usage = "Usage: habits done"

  static let rows: [Row] = [
    // MARK: Habit ids
    Row(
      name: "an unknown habit", arguments: ["done", "gratitud"] + paths, status: 1,
      messages: ["habits: unknown habit 'gratitud' — did you mean 'gratitude'?\n"]),
    Row(
      name: "an unknown habit, undone", arguments: ["undo", "readnig"] + paths, status: 1,
      messages: ["habits: unknown habit 'readnig' — did you mean 'reading'?\n"]),
    Row(
      name: "a habit id that is a path", arguments: ["done", "../../etc/passwd"] + paths,
      status: 1,
      messages: ["habits: unknown habit '../../etc/passwd' — 'habits list' shows the habits\n"]),
    Row(
      name: "a habit id that is an absolute path", arguments: ["undo", "/etc/passwd"] + paths,
      status: 1, messages: ["habits: unknown habit '/etc/passwd'"]),
    // A NUL byte cannot pass through argv at all (execve takes C strings, so
    // the id would simply end there); U+0001 is the nearest control character
    // that can, and it must be refused the same way.
    Row(
      name: "a habit id with a control character", arguments: ["done", "gratitude\u{1}"] + paths,
      status: 1,
      messages: ["habits: unknown habit 'gratitude\\u{1}' — did you mean 'gratitude'?\n"],
      forbidden: ["\u{1}"]),
    Row(
      name: "a habit id with an escape sequence",
      arguments: ["skip", "\u{1B}[31mgratitude"] + paths, status: 1,
      messages: ["habits: unknown habit '\\u{1B}[31mgratitude' — 'habits list' shows the habits\n"],
      forbidden: ["\u{1B}"]),
    // U+009B is ESC [ in one character: written out, and left out of the
    // id the suggestion is looked up by, as ESC is.
    Row(
      name: "a habit id with a C1 escape sequence",
      arguments: ["skip", "\u{9B}31mgratitude"] + paths, status: 1,
      messages: ["habits: unknown habit '\\u{9B}31mgratitude' — did you mean 'gratitude'?\n"],
      forbidden: ["\u{9B}"]),

    // MARK: Dates
    Row(
      name: "a future date", arguments: ["done", "gratitude", "--date", "2026-03-08"] + paths,
      status: 1,
      messages: [
        "habits: 2026-03-08 has not happened yet — check-ins are for today or earlier\n"
      ]),
    Row(
      name: "a future date, skipped",
      arguments: ["skip", "gratitude", "--date", "2027-01-01"] + paths, status: 1,
      messages: ["habits: 2027-01-01 has not happened yet"]),
    Row(
      name: "a malformed date", arguments: ["done", "gratitude", "--date", "2026-3-x"] + paths,
      status: 64,
      messages: [
        "habits: '--date' must be today, yesterday, YYYY-MM-DD or a weekday such as mon, not '2026-3-x'\n"
      ]),
    Row(
      name: "an impossible date", arguments: ["done", "gratitude", "--date", "2026-02-30"] + paths,
      status: 64,
      messages: [
        "habits: '--date' must be today, yesterday, YYYY-MM-DD or a weekday such as mon, not '2026-02-30'\n"
      ]),
    Row(
      name: "a date in the year 0",
      arguments: ["done", "gratitude", "--date", "0000-01-01"] + paths,
      status: 64,
      messages: ["habits: '--date' must be a day from the year 1 on, not '0000-01-01'\n"]),
    Row(
      name: "an impossible date, undone",
      arguments: ["undo", "gratitude", "--date", "2026-02-30"] + paths, status: 64,
      messages: ["not '2026-02-30'"]),

    // MARK: Values and notes
    // `--value -5` reads to argument-parser as a missing value followed by an
    // option `-5`; the `=` form reaches habits' own check.
    Row(
      name: "a negative value", arguments: ["done", "reading", "--value=-5"] + paths, status: 64,
      messages: ["Error: '--value' must be a number from 0 up to 1e9, not '-5.0'.\n", usage]),
    Row(
      name: "a NaN value", arguments: ["done", "reading", "--value", "nan"] + paths, status: 64,
      messages: ["Error: '--value' must be a number from 0 up to 1e9, not 'nan'.\n", usage]),
    Row(
      name: "an infinite value", arguments: ["done", "reading", "--value", "inf"] + paths,
      status: 64,
      messages: ["Error: '--value' must be a number from 0 up to 1e9, not 'inf'.\n", usage]),
    Row(
      name: "a huge value", arguments: ["done", "reading", "--value", "1e300"] + paths, status: 64,
      messages: ["Error: '--value' must be a number from 0 up to 1e9, not '1e+300'.\n", usage]),
    // Linux refuses any single argument longer than MAX_ARG_STRLEN (128 KiB,
    // its NUL included) with E2BIG, so no program can be given a 1 MB note
    // on its command line; this is the longest note argv can carry, 13 times
    // the 10,000-character limit.
    Row(
      name: "a note as long as argv allows",
      arguments: ["done", "gratitude", "--note", String(repeating: "x", count: 131_071)] + paths,
      status: 64, messages: ["Error: '--note' is longer than 10000 characters.\n", usage]),
    Row(
      name: "a note of 10,000 characters that the store counts as 20,000",
      arguments: ["done", "gratitude", "--note", String(repeating: "e\u{301}", count: 10_000)]
        + paths,
      status: 64, messages: ["Error: '--note' is longer than 10000 characters.\n"]),
    Row(
      name: "a long note on a skip, as --note=",
      arguments: ["skip", "gratitude", "--note=" + String(repeating: "é", count: 10_001)] + paths,
      status: 64, messages: ["Error: '--note' is longer than 10000 characters.\n"]),

    // MARK: Schedule files
    Row(
      name: "a schedule file that is not UTF-8", arguments: ["done", "latin1"] + paths,
      setup: {
        // "Café" in Latin-1: 0xE9 alone is not UTF-8.
        var bytes = Data("title = \"Caf".utf8)
        bytes.append(0xE9)
        bytes.append(Data("\"\nwhen = \"daily at 21:00\"\n".utf8))
        try $0.writeSchedule("latin1.toml", bytes)
        return nil
      },
      status: 1,
      messages: [
        "/schedules/latin1.toml:1:1: error: the file is not UTF-8 text\n",
        "habits: 'latin1' cannot be used while its file '",
        "/schedules/latin1.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "an empty schedule file", arguments: ["done", "empty"] + paths,
      setup: {
        try $0.writeSchedule("empty.toml", Data())
        return nil
      }, status: 1,
      messages: [
        "/schedules/empty.toml:1:1: error: missing key 'when': say when to be reminded, e.g. when = \"daily at 21:00\"\n",
        "habits: 'empty' cannot be used while its file '",
        "/schedules/empty.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a schedule file of 10 MB", arguments: ["done", "huge"] + paths,
      setup: {
        var text = Data("when = \"daily at 21:00\"\n".utf8)
        text.append(Data(repeating: UInt8(ascii: "#"), count: 10 << 20))
        try $0.writeSchedule("huge.toml", text)
        return nil
      },
      status: 1,
      messages: [
        "/schedules/huge.toml:1:1: error: the file is too large (10241 KiB); schedule files are at most 1024 KiB\n",
        "habits: 'huge' cannot be used while its file '",
        "/schedules/huge.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a when that never fires", arguments: ["done", "never"] + paths,
      setup: {
        try $0.writeSchedule(
          "never.toml",
          "title = \"Never\"\nwhen = \"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9;BYMINUTE=0\"\n")
        return nil
      },
      status: 1,
      messages: [
        "/schedules/never.toml:2:8: error: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9;BYMINUTE=0' never fires: no date matches all of it\n",
        "habits: 'never' cannot be used while its file '",
        "/schedules/never.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a habit perhaps in another file with an error",
      arguments: ["done", "evening"] + paths,
      setup: {
        try $0.writeSchedule("walk.toml", "id = \"evening\"\nwhen = \"daily at 25:00\"\n")
        return nil
      },
      status: 1,
      messages: [
        "/schedules/walk.toml:2:18: error: hour 25 is out of range",
        "habits: unknown habit 'evening' — 'habits list' shows the habits; a file with an error (above) may hold it: 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a cron when that never fires", arguments: ["today"] + paths,
      setup: {
        try $0.writeSchedule("never.toml", "when = \"0 9 31 4 *\"\n")
        return nil
      },
      // `today` reports a broken file and goes on with the others.
      status: 0,
      messages: [
        "/schedules/never.toml:1:8: error: '0 9 31 4 *' never fires: no date matches all of it\n"
      ]),
    Row(
      name: "a schedule file with every key misspelt", arguments: ["done", "misspelt"] + paths,
      setup: {
        try $0.writeSchedule(
          "misspelt.toml",
          """
          di = "misspelt"
          titel = "Misspelt"
          pratice = "Spelling"
          descripton = "Every key is misspelt."
          wehn = "daily at 21:00"
          enabeld = true
          strat = 2026-01-05
          traget = "3/week"
          gaol = "30 minutes"
          promts = ["Check the spelling."]

          [nuge]
          repaet = "30m"
          untill = "23:00"

          """)
        return nil
      },
      status: 1,
      messages: [
        "/misspelt.toml:1:1: error: unknown key 'di' — did you mean 'id'?\n",
        "/misspelt.toml:1:1: error: missing key 'when': say when to be reminded",
        "/misspelt.toml:2:1: error: unknown key 'titel' — did you mean 'title'?\n",
        "/misspelt.toml:3:1: error: unknown key 'pratice' — did you mean 'practice'?\n",
        "/misspelt.toml:4:1: error: unknown key 'descripton' — did you mean 'description'?\n",
        "/misspelt.toml:5:1: error: unknown key 'wehn' — did you mean 'when'?\n",
        "/misspelt.toml:6:1: error: unknown key 'enabeld' — did you mean 'enabled'?\n",
        "/misspelt.toml:7:1: error: unknown key 'strat' — did you mean 'start'?\n",
        "/misspelt.toml:8:1: error: unknown key 'traget' — did you mean 'target'?\n",
        "/misspelt.toml:9:1: error: unknown key 'gaol' — did you mean 'goal'?\n",
        "/misspelt.toml:10:1: error: unknown key 'promts' — did you mean 'prompts'?\n",
        "/misspelt.toml:12:1: error: unknown key 'nuge' — did you mean 'nudge'?\n",
        "habits: 'misspelt' cannot be used while its file '",
        "/schedules/misspelt.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    // Each of these made TOMLKit's toml++ fail an assertion and abort the
    // process (found by LoaderFuzzTests); TOMLDocument now reports them.
    Row(
      name: "a schedule file with a half-typed table header",
      arguments: ["done", "half"] + paths,
      setup: {
        try $0.writeSchedule("half.toml", "when = \"daily at 9:00\"\n[\nrepeat = \"30m\"\n")
        return nil
      },
      status: 1,
      messages: [
        "/schedules/half.toml:2:2: error: invalid TOML: Error while parsing table header: expected a table name such as [nudge], saw a line break\n",
        "habits: 'half' cannot be used while its file '",
        "/schedules/half.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a schedule file whose array ends with a brace, read by today",
      arguments: ["today"] + paths,
      setup: {
        try $0.writeSchedule(
          "brace.toml", "when = \"daily at 9:00\"\nprompts = [\"Call them.\", }\n")
        return nil
      },
      status: 0,
      messages: [
        "/schedules/brace.toml:2:26: error: invalid TOML: Error while parsing array: expected a value or closing ']', saw '}'\n"
      ]),
    Row(
      name: "a schedule file with a start missing its time",
      arguments: ["undo", "early"] + paths,
      setup: {
        try $0.writeSchedule("early.toml", "when = \"daily at 9:00\"\nstart = 2026-01-05T:00\n")
        return nil
      },
      status: 1,
      messages: [
        "/schedules/early.toml:2:9: error: invalid TOML: ",
        "habits: 'early' cannot be used while its file '",
        "/schedules/early.toml' has an error (above) — fix it there; 'habits check' lists every problem\n",
      ]),
    Row(
      name: "a schedule file with a start and one digit",
      arguments: ["skip", "early"] + paths,
      setup: {
        try $0.writeSchedule(
          "early.toml", "when = \"daily at 9:00\"\nstart = 2026-01-05 9 # at nine\n")
        return nil
      },
      status: 1,
      messages: [
        "/schedules/early.toml:2:20: error: invalid TOML: Error while parsing key-value pair: expected a comment or whitespace, saw '9'\n"
      ]),
    Row(
      name: "a missing schedules directory",
      arguments: ["done", "gratitude", "--schedules", "{root}/nowhere", "--db", "{db}"], status: 1,
      messages: [
        "habits: schedules directory '",
        "/nowhere' does not exist — create it, run 'habits init', or point --schedules at one\n",
      ]),

    // MARK: The database
    Row(
      name: "a read-only database (immutable file and directory)",
      arguments: ["done", "gratitude"] + paths,
      setup: { sandbox in try sandbox.makeDatabaseImmutable() },
      status: 1,
      messages: ["habits: cannot open '", "it is read-only"]),
    Row(
      name: "a database whose folder is immutable, read",
      arguments: ["today"] + paths,
      setup: { sandbox in try sandbox.makeDatabaseImmutable(folderOnly: true) },
      status: 1,
      messages: [
        "habits: cannot open '", "it is read-only (the file or its directory cannot be written)",
      ], forbidden: ["nothing was recorded"]),
    // /proc/<pid>/cmdline of the test process: a file that exists, that
    // stat(2) says is empty (so SQLite takes it for an empty database), that
    // the kernel lets nobody write, not even root, in a directory where no
    // -wal, -shm or -journal file can be created. The test process's argv
    // stays the same, so its bytes can be compared afterwards.
    Row(
      name: "a database on a read-only file system (procfs)",
      arguments: ["done", "gratitude"] + paths,
      setup: { sandbox in
        sandbox.database = "/proc/\(getpid())/cmdline"
        return nil
      },
      status: 1,
      messages: ["habits: cannot open '/proc/", "/cmdline': it is read-only"], store: .bytes),
    Row(
      name: "a corrupt database (a page overwritten with garbage)",
      arguments: ["done", "gratitude"] + paths,
      setup: { sandbox in
        try sandbox.overwritePage(ofTable: "checkin")
        return nil
      }, status: 1,
      messages: [
        "is not a habits database, or it is damaged (database disk image is malformed) — it was left untouched; point --db or HABITS_DB at another file\n"
      ],
      store: .bytes),
    Row(
      name: "a corrupt database, read by today", arguments: ["today"] + paths,
      setup: { sandbox in
        try sandbox.overwritePage(ofTable: "checkin")
        return nil
      }, status: 1,
      messages: ["is not a habits database, or it is damaged (database disk image is malformed)"],
      store: .bytes),
    Row(
      name: "a database a newer version wrote", arguments: ["done", "gratitude"] + paths,
      setup: { sandbox in
        try sandbox.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('v99');")
        return nil
      },
      status: 1,
      messages: [
        "habits: the database '",
        "' was written by a newer version of habits — upgrade habits to use it; it was left untouched\n",
      ],
      store: .bytes),
    Row(
      name: "a database a newer version wrote, undone", arguments: ["undo", "gratitude"] + paths,
      setup: { sandbox in
        try sandbox.sqlite("INSERT INTO grdb_migrations (identifier) VALUES ('v99');")
        return nil
      },
      status: 1, messages: ["was written by a newer version of habits"], store: .bytes),
    Row(
      name: "a file that is not a database", arguments: ["done", "gratitude"] + paths,
      setup: { sandbox in
        try Data("gratitude,2026-03-06,done\n".utf8).write(
          to: URL(fileURLWithPath: sandbox.database))
        return nil
      },
      status: 1,
      messages: [
        "is not a habits database, or it is damaged (file is not a database) — it was left untouched"
      ],
      store: .bytes),

    // MARK: The environment
    // With no HOME and no XDG variable there is nowhere for the database
    // (HostileEnvironmentTests has more).
    Row(
      name: "HOME unset, today", arguments: ["today"], environment: ["HOME": nil], status: 64,
      messages: [
        "nor HOME is set, so there is no place for habits' files — set HOME, or pass --schedules and --db\n"
      ]),
    Row(
      name: "HOME unset, done", arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["HOME": nil], status: 64,
      messages: [
        "habits: neither XDG_DATA_HOME nor HOME is set, so there is no place for habits' files — set HOME, or pass --schedules and --db\n"
      ]),
    Row(
      name: "HOME empty, done", arguments: ["done", "gratitude", "--schedules", "{schedules}"],
      environment: ["HOME": ""], status: 64,
      messages: ["habits: neither XDG_DATA_HOME nor HOME is set"]),
  ]

  @Test(arguments: rows)
  func badInput(_ row: Row) throws {
    let sandbox = try Sandbox()
    defer { sandbox.remove() }
    let undo: (@Sendable () -> Void)?
    do {
      undo = try row.setup(sandbox)
    } catch let skip as Skip {
      // Only outside CI: `makeDatabaseImmutable` never skips when CI=true.
      print("BadInputTests: skipping '\(row.name)': \(skip.reason)")
      Issue.record("skipped '\(row.name)': \(skip.reason)", severity: .warning)
      return
    }
    var undone = false
    defer { if !undone { undo?() } }
    let databaseBefore = try sandbox.databaseBytes()
    let filesBefore = try sandbox.files()

    let run = try sandbox.run(row.arguments, environment: row.environment)
    undo?()
    undone = true

    let context = "\(row.name): status \(run.status), stderr: \(run.stderr.prefix(2000))"
    #expect(!run.timedOut, "hung: killed after \(Self.timeLimit). \(context)")
    #expect(!run.signalled && run.status < 128, "crashed. \(context)")
    #expect(!run.stderr.contains("Fatal error"), "crashed. \(context)")
    #expect(run.status == row.status, "\(context)")
    for message in row.messages {
      #expect(run.stderr.contains(message), "expected \(message.debugDescription). \(context)")
    }
    if let knownIssue = row.knownIssue {
      withKnownIssue(Comment(rawValue: knownIssue)) {
        for text in row.forbidden {
          #expect(!run.stderr.contains(text), "\(context)")
        }
      }
    } else {
      for text in row.forbidden {
        #expect(!run.stderr.contains(text), "\(context)")
      }
    }
    if row.status != 0 {
      #expect(run.stdout.isEmpty, "a failure wrote to stdout: \(run.stdout.prefix(500))")
    }

    // The store and everything else are as they were.
    #expect(try sandbox.databaseBytes() == databaseBefore, "the database file changed. \(context)")
    #expect(try sandbox.files() == filesBefore, "files in the sandbox changed. \(context)")
    if row.store == .rowsAndBytes {
      // The template's copy, even when the row pointed --db elsewhere (the CI
      // fallback of the immutable row).
      #expect(
        try sandbox.dump(sandbox.templateCopy) == Self.template.get().dump,
        "the stored rows changed. \(context)")
    }
  }

  /// The table covers what the issue lists: keep it from shrinking unnoticed.
  @Test func theTableCoversTheIssue() {
    #expect(Self.rows.count >= 38)
    #expect(Set(Self.rows.map(\.name)).count == Self.rows.count, "row names must be unique")
  }

  // MARK: The template database

  /// A habits database made by the binary itself, with a row in every table
  /// the store keeps, copied into each sandbox.
  struct Template: Sendable {
    var bytes: Data
    var dump: String
  }

  struct SetupFailed: Error, CustomStringConvertible {
    var description: String
  }

  static let template: Result<Template, SetupFailed> = {
    do {
      let sandbox = try Sandbox(copyTemplate: false)
      defer { sandbox.remove() }
      for arguments in [
        ["done", "gratitude", "--date", "yesterday"], ["skip", "gratitude", "--note", "away"],
        ["done", "reading", "--value", "20", "--note", "a chapter"],
      ] {
        let run = try sandbox.run(arguments + paths)
        guard run.status == 0 else {
          throw SetupFailed(description: "\(arguments) exited \(run.status): \(run.stderr)")
        }
      }
      try sandbox.sqlite(
        """
        INSERT INTO snooze (habit, until, recorded_at)
          VALUES ('reading', '2026-03-08T01:15:00Z', '2026-03-08T01:00:00Z');
        INSERT INTO reminder_log (habit, due, fired_at, delivered_at, kind)
          VALUES ('gratitude', '2026-03-07T02:00:00Z', '2026-03-07T02:00:01Z', '2026-03-07T02:00:01Z', 'reminder');
        """)
      let dump = try sandbox.dump()
      let tables = ["INSERT INTO checkin", "INSERT INTO snooze", "INSERT INTO reminder_log"]
      guard tables.allSatisfy({ dump.contains($0) }) else {
        throw SetupFailed(description: "the template database lacks rows: \(dump)")
      }
      return .success(
        Template(bytes: try Data(contentsOf: URL(fileURLWithPath: sandbox.database)), dump: dump))
    } catch let error as SetupFailed {
      return .failure(error)
    } catch {
      return .failure(SetupFailed(description: "\(error)"))
    }
  }()

  // MARK: The sandbox

  /// Thrown by a setup that cannot be done here; the row is then skipped.
  struct Skip: Error {
    var reason: String
  }

  /// What one run of the binary gave.
  struct Run {
    var status: Int32
    var signalled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String
  }

  /// A temporary directory with `schedules/` (a yes/no habit and a numeric
  /// one) and `db/habits.sqlite3` (a copy of the template).
  final class Sandbox: @unchecked Sendable {
    let root: String
    /// Where captured output goes: outside `root`, so that it never counts
    /// as a change to the sandbox.
    let io: String
    var schedules: String { root + "/schedules" }
    var database: String
    /// Where the copy of the template database is (`database` unless a row moved it).
    var templateCopy: String { root + "/db/habits.sqlite3" }

    init(copyTemplate: Bool = true) throws {
      let base =
        FileManager.default.temporaryDirectory.path + "/habits-badinput-" + UUID().uuidString
      root = base
      io = base + "-io"
      database = base + "/db/habits.sqlite3"
      try FileManager.default.createDirectory(
        atPath: root + "/schedules", withIntermediateDirectories: true)
      try FileManager.default.createDirectory(atPath: io, withIntermediateDirectories: true)
      try writeSchedule("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
      try writeSchedule(
        "reading.toml", "title = \"Reading\"\nwhen = \"daily at 20:00\"\ngoal = \"30 minutes\"\n")
      if copyTemplate {
        try FileManager.default.createDirectory(
          atPath: root + "/db", withIntermediateDirectories: true)
        try BadInputTests.template.get().bytes.write(to: URL(fileURLWithPath: database))
      }
    }

    func remove() {
      try? FileManager.default.removeItem(atPath: root)
      try? FileManager.default.removeItem(atPath: io)
    }

    func writeSchedule(_ name: String, _ text: String) throws {
      try writeSchedule(name, Data(text.utf8))
    }

    func writeSchedule(_ name: String, _ data: Data) throws {
      try data.write(to: URL(fileURLWithPath: schedules + "/" + name))
    }

    /// The database's bytes, or nil when there is no file.
    func databaseBytes() throws -> Data? {
      guard FileManager.default.fileExists(atPath: database) else { return nil }
      return try Data(contentsOf: URL(fileURLWithPath: database))
    }

    /// Every file and directory under `root` with its size and a hash of its
    /// contents (its modification time for files over 1 MiB).
    func files() throws -> [String: String] {
      var result: [String: String] = [:]
      guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
      while let relative = walker.nextObject() as? String {
        let path = root + "/" + relative
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR {
          result[relative] = "directory"
        } else if info.st_size > 1 << 20 {
          result[relative] =
            "\(info.st_size) bytes, modified \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        } else {
          let data = try Data(contentsOf: URL(fileURLWithPath: path))
          var hash: UInt64 = 0xcbf2_9ce4_8422_2325
          for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
          result[relative] = "\(info.st_size) bytes, fnv \(String(hash, radix: 16))"
        }
      }
      return result
    }

    /// Runs `sql` on the database with the `sqlite3` shell.
    func sqlite(_ sql: String) throws {
      let run = try Self.execute(
        BadInputTests.sqlite3(), ["-batch", "-bail", database, sql], environment: [:],
        directory: root,
        io: io)
      guard run.status == 0, !run.timedOut else {
        throw SetupFailed(description: "sqlite3 failed (\(run.status)): \(run.stderr)")
      }
    }

    /// The rows of the tables the store keeps, as the `sqlite3` shell prints them.
    func dump() throws -> String {
      try dump(database)
    }

    /// The rows of the tables the store keeps at `path`, as the `sqlite3` shell prints them.
    func dump(_ path: String) throws -> String {
      // `.dump` rather than SELECTs, so that the check keeps up with the schema.
      let sql = ".dump habit checkin snooze reminder_log"
      let run = try Self.execute(
        BadInputTests.sqlite3(), ["-batch", "-bail", path, sql], environment: [:],
        directory: root,
        io: io)
      guard run.status == 0, !run.timedOut else {
        throw SetupFailed(
          description: "sqlite3 could not dump the database (\(run.status)): \(run.stderr)")
      }
      return run.stdout
    }

    /// Overwrites the root page of `table` with garbage (from a fixed seed),
    /// leaving a file that is still a SQLite database but a damaged one.
    func overwritePage(ofTable table: String) throws {
      let info = try Self.execute(
        BadInputTests.sqlite3(),
        [
          "-batch", "-bail", database,
          "PRAGMA page_size; SELECT rootpage FROM sqlite_schema WHERE name = '\(table)';",
        ],
        environment: [:], directory: root, io: io)
      let numbers = info.stdout.split(separator: "\n").compactMap { Int($0) }
      guard info.status == 0, numbers.count == 2, numbers[1] > 1 else {
        throw SetupFailed(
          description: "cannot find the page of '\(table)': \(info.stdout) \(info.stderr)")
      }
      var state: UInt64 = 0x5EED
      var garbage = Data(count: numbers[0])
      for i in garbage.indices {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        garbage[i] = UInt8(truncatingIfNeeded: state >> 56)
      }
      let handle = try FileHandle(forUpdating: URL(fileURLWithPath: database))
      try handle.seek(toOffset: UInt64((numbers[1] - 1) * numbers[0]))
      try handle.write(contentsOf: garbage)
      try handle.close()
    }

    /// Makes the database file and its directory immutable (`chattr +i`),
    /// which stops even root from writing them; returns what undoes it.
    ///
    /// Where `chattr` cannot (no CAP_LINUX_IMMUTABLE, a file system without
    /// attributes), the row is skipped with the reason, except in CI: there
    /// the database is put where nothing can be written instead, as the
    /// procfs row does.
    /// With `folderOnly`, the directory alone: the file stays writable.
    func makeDatabaseImmutable(folderOnly: Bool = false) throws -> (@Sendable () -> Void)? {
      let directory = root + "/db"
      let chattr = ["/usr/bin/chattr", "/bin/chattr", "/usr/sbin/chattr", "/sbin/chattr"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
      var reason = "chattr is not installed"
      if let chattr {
        let run = try Self.execute(
          chattr, ["+i"] + (folderOnly ? [] : [database]) + [directory], environment: [:],
          directory: root, io: io)
        let undo: @Sendable () -> Void = { [io, root, database] in
          _ = try? Sandbox.execute(
            chattr, ["-i", directory, database], environment: [:], directory: root, io: io)
        }
        if run.status == 0 { return undo }
        undo()
        reason = "chattr +i failed: \(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines))"
      }
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        print(
          "BadInputTests: \(reason); in CI, using /proc/\(getpid())/cmdline as the read-only database"
        )
        database = "/proc/\(getpid())/cmdline"
        return nil
      }
      throw Skip(reason: reason)
    }

    /// Runs the habits binary in the sandbox with a fixed now and zone.
    func run(_ arguments: [String], environment tweaks: [String: String?] = [:]) throws -> Run {
      var environment = [
        "HOME": root, "PATH": "/usr/bin:/bin", "HABITS_NOW": BadInputTests.now,
        "TZ": BadInputTests.zone, "NO_COLOR": "1",
      ]
      for (key, value) in tweaks { environment[key] = value }
      let substituted = arguments.map {
        $0.replacingOccurrences(of: "{schedules}", with: schedules)
          .replacingOccurrences(of: "{db}", with: database)
          .replacingOccurrences(of: "{root}", with: root)
      }
      return try Self.execute(
        RealBinaryTests.binary().path, substituted, environment: environment, directory: root,
        io: io)
    }

    /// Runs `executable`, capturing its output through files (so that a full
    /// pipe cannot block it), and kills it if it outlives the time limit.
    static func execute(
      _ executable: String, _ arguments: [String], environment: [String: String],
      directory: String, io: String
    ) throws -> Run {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
      process.environment = environment
      process.currentDirectoryURL = URL(fileURLWithPath: directory)
      let id = UUID().uuidString
      let out = URL(fileURLWithPath: io + "/stdout-" + id)
      let err = URL(fileURLWithPath: io + "/stderr-" + id)
      _ = FileManager.default.createFile(atPath: out.path, contents: nil)
      _ = FileManager.default.createFile(atPath: err.path, contents: nil)
      let outHandle = try FileHandle(forWritingTo: out)
      let errHandle = try FileHandle(forWritingTo: err)
      process.standardOutput = outHandle
      process.standardError = errHandle
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let deadline = ContinuousClock.now + BadInputTests.timeLimit
      var timedOut = false
      while process.isRunning {
        if ContinuousClock.now > deadline {
          timedOut = true
          kill(process.processIdentifier, SIGKILL)
          break
        }
        usleep(5_000)
      }
      process.waitUntilExit()
      try outHandle.close()
      try errHandle.close()
      defer {
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
      }
      return Run(
        status: process.terminationStatus,
        signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
        stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
  }

  /// The `sqlite3` shell; the tests need it to read the store independently.
  static func sqlite3() throws -> String {
    for directory in ["/usr/bin", "/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
      let path = directory + "/sqlite3"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    throw SetupFailed(description: "the sqlite3 shell is not installed (apt-get install sqlite3)")
  }
}
