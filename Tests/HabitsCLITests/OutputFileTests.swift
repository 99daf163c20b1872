// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsTestSupport
import Testing

@testable import HabitsCLI

/// `--out` of `export` and `report`: a file written whole and private, a
/// link written through, and what is not a regular file, or is a
/// descriptor of the process's own, never replaced; written into a
/// stream, what was written is said on stderr.
@Suite struct OutputFileTests {
  /// A sandbox for the real binary with one habit checked in once, and the
  /// options that name its schedules and database.
  static func sandboxWithACheckIn() throws -> (RealBinaryTests.Sandbox, [String]) {
    let sandbox = try RealBinaryTests.Sandbox()
    try sandbox.write("gratitude.toml", "title = \"Gratitude\"\nwhen = \"daily at 21:00\"\n")
    let files = ["--schedules", sandbox.schedules, "--db", sandbox.root.path + "/h.sqlite3"]
    #expect(try sandbox.run(["done", "gratitude"] + files).status == 0)
    return (sandbox, files)
  }

  static func folder() throws -> String {
    let path = NSTemporaryDirectory() + "habits-out-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
  }

  static func inode(_ path: String) -> UInt {
    var info = stat()
    return lstat(path, &info) == 0 ? UInt(info.st_ino) : 0
  }

  /// Whether `text` is one JSON object, and nothing else.
  static func isJSONObject(_ text: String) -> Bool {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any]
  }

  @Test func aNewFileIsPrivateAndOneAlreadyThereKeepsItsMode() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try OutputFile.write("one", to: root + "/new.json")
    #expect(try String(contentsOfFile: root + "/new.json", encoding: .utf8) == "one")
    #expect(FileStatus.mode(root + "/new.json") == 0o600)
    #expect(FileManager.default.createFile(atPath: root + "/old.json", contents: Data("x".utf8)))
    #expect(chmod(root + "/old.json", 0o640) == 0)
    try OutputFile.write("two", to: root + "/old.json")
    #expect(try String(contentsOfFile: root + "/old.json", encoding: .utf8) == "two")
    #expect(FileStatus.mode(root + "/old.json") == 0o640)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [
        "new.json", "old.json",
      ])
  }

  @Test func aTemporaryFileLeftBehindDoesNotStopAWrite() throws {
    // Given a file, and beside it the temporary file of a run killed while
    // writing it, whose process id this one has been given since
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/backup.json"
    try "old".write(toFile: path, atomically: false, encoding: .utf8)
    let leftover = "backup.json.tmp-\(getpid())"
    try "half".write(toFile: root + "/" + leftover, atomically: false, encoding: .utf8)
    // When it is written
    try OutputFile.write("new", to: path)
    // Then it is, and the file left behind is left as it was
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
    #expect(try String(contentsOfFile: root + "/" + leftover, encoding: .utf8) == "half")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [
        "backup.json", leftover,
      ])
  }

  @Test func aLinkIsWrittenThroughAndALinkToNothingIsRefused() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(FileManager.default.createFile(atPath: root + "/backup.json", contents: nil))
    #expect(symlink("backup.json", root + "/link") == 0)
    try OutputFile.write("kept", to: root + "/link")
    #expect(FileStatus.kind(root + "/link") == S_IFLNK)
    #expect(try String(contentsOfFile: root + "/backup.json", encoding: .utf8) == "kept")
    #expect(symlink("gone/backup.json", root + "/dangling") == 0)
    let error = #expect(throws: HabitsError.self) {
      try OutputFile.write("lost", to: root + "/dangling")
    }
    #expect(error?.message.contains("a symbolic link to a file that does not exist") == true)
    #expect(FileStatus.kind(root + "/dangling") == S_IFLNK)
    #expect(!FileManager.default.fileExists(atPath: root + "/gone"))
  }

  @Test func aFIFOIsWrittenIntoAndADirectoryIsRefused() async throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let fifo = root + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    // Open before the write, without waiting for it; a write that never
    // comes (a file renamed over the FIFO) gives up after five seconds.
    let descriptor = open(fifo, O_RDONLY | O_NONBLOCK)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    let reader = Task.detached { () -> String in
      var bytes: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 5000) > 0 else { return "nothing came" }
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
          bytes += buffer[..<count]
        } else if count == 0 || errno != EAGAIN {
          return String(decoding: bytes, as: UTF8.self)
        }
      }
    }
    try OutputFile.write("through the pipe", to: fifo)
    #expect(await reader.value == "through the pipe")
    #expect(FileStatus.kind(fifo) == S_IFIFO)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["fifo"])
    let error = #expect(throws: HabitsError.self) { try OutputFile.write("x", to: root) }
    #expect(error?.message == "cannot write '\(root)': it is a directory")
  }

  @Test func intoStandardOutputInAPipeOnlyWhatWasWrittenComesOut() throws {
    // Given a habit with a check-in
    let (sandbox, files) = try Self.sandboxWithACheckIn()
    defer { sandbox.remove() }
    let export = try sandbox.run(["export"] + files).stdout
    let page = try sandbox.run(["report"] + files).stdout

    // When the export goes to /dev/stdout, and stdout is a pipe (habits export --out … | jq)
    let piped = try sandbox.run(["export", "--out", "/dev/stdout"] + files, pipedOutput: true)
    // Then stdout is the export alone, and what was written is said on stderr
    #expect(piped.status == 0, "stderr: \(piped.stderr)")
    #expect(piped.stdout == export)
    #expect(Self.isJSONObject(piped.stdout))
    #expect(piped.stderr == "Wrote /dev/stdout: 1 habit, 1 check-in.\n")
    // and with --json too, its object on stderr
    let json = try sandbox.run(
      ["export", "--out", "/dev/stdout", "--json"] + files, pipedOutput: true)
    #expect(json.stdout == export)
    let said = try? JSONSerialization.jsonObject(with: Data(json.stderr.utf8)) as? [String: Any]
    #expect(said?["out"] as? String == "/dev/stdout")
    #expect(said?["checkins"] as? Int == 1)
    // And the report likewise: the page alone on stdout
    let report = try sandbox.run(["report", "--out", "/dev/stdout"] + files, pipedOutput: true)
    #expect(report.stdout == page)
    #expect(report.stderr.hasPrefix("Wrote /dev/stdout: the week of "))
    let reportJSON = try sandbox.run(
      ["report", "--out", "/dev/stdout", "--json"] + files, pipedOutput: true)
    #expect(reportJSON.stdout == page)
    #expect(Self.isJSONObject(reportJSON.stderr))

    // When the export goes to a regular file, with stdout a pipe all the same
    let path = sandbox.root.path + "/backup.json"
    let written = try sandbox.run(["export", "--out", path] + files, pipedOutput: true)
    // Then what was written is said on stdout, as ever, and the file is the export
    #expect(written.stdout == "Wrote \(path): 1 habit, 1 check-in.\n")
    #expect(written.stderr.isEmpty)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == export)
    let writtenJSON = try sandbox.run(["export", "--out", path, "--json"] + files)
    #expect(Self.isJSONObject(writtenJSON.stdout))
    #expect(writtenJSON.stderr.isEmpty)
    let reportFile = sandbox.root.path + "/report.html"
    let reported = try sandbox.run(["report", "--out", reportFile] + files)
    #expect(reported.stdout.hasPrefix("Wrote \(reportFile): the week of "))
    #expect(try String(contentsOfFile: reportFile, encoding: .utf8) == page)
  }

  @Test func aDashIsStandardOutputAndNoFileIsWritten() throws {
    // Given a habit with a check-in
    let (sandbox, files) = try Self.sandboxWithACheckIn()
    defer { sandbox.remove() }
    let export = try sandbox.run(["export"] + files).stdout
    let page = try sandbox.run(["report"] + files).stdout
    // When the export and the report go to '-'
    let exported = try sandbox.run(["export", "--out", "-"] + files, pipedOutput: true)
    let reported = try sandbox.run(["report", "--out", "-", "--json"] + files, pipedOutput: true)
    // Then each is on stdout alone, what was written is said on stderr,
    #expect(exported.status == 0, "stderr: \(exported.stderr)")
    #expect(exported.stdout == export)
    #expect(exported.stderr == "Wrote standard output: 1 habit, 1 check-in.\n")
    #expect(reported.stdout == page)
    #expect(Self.isJSONObject(reported.stderr))
    // and no file named '-' is made where habits ran
    #expect(!FileManager.default.fileExists(atPath: sandbox.root.path + "/-"))
    // while './-' still names a file
    let file = try sandbox.run(["export", "--out", sandbox.root.path + "/-"] + files)
    #expect(file.status == 0)
    #expect(try String(contentsOfFile: sandbox.root.path + "/-", encoding: .utf8) == export)
  }

  @Test func intoADescriptorOfItsOwnWhatIsThereIsKept() throws {
    let root = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: root) }
    // Given a log that holds a line, open to append as a shell opens it
    // (3>>log: not close-on-exec, as habits opens its own files)
    let log = root + "/log"
    try "earlier\n".write(toFile: log, atomically: false, encoding: .utf8)
    let inode = Self.inode(log)
    let descriptor = open(log, O_WRONLY | O_APPEND)
    #expect(descriptor >= 0)
    defer { close(descriptor) }
    #expect(symlink("/dev/fd/\(descriptor)", root + "/link") == 0)
    // When what is written goes to that descriptor, however its path is spelt
    var expected = "earlier\n"
    for path in [
      "/dev/fd/\(descriptor)", "/proc/self/fd/\(descriptor)", "/proc/\(getpid())/fd/\(descriptor)",
      "/proc/thread-self/fd/\(descriptor)", "/dev/fd/../fd/\(descriptor)", root + "/link",
    ] {
      #expect(try OutputFile.write("through \(path)\n", to: path) == .stream)
      expected += "through \(path)\n"
    }
    // Then it is written into, after what was there, and the log is the same file
    #expect(try String(contentsOfFile: log, encoding: .utf8) == expected)
    #expect(Self.inode(log) == inode)
    #expect(FileStatus.kind(root + "/link") == S_IFLNK)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["link", "log"])
  }

  @Test func intoStandardOutputThatIsAFileOpenToAppendWhatWasThereIsKept() throws {
    // Given a habit with a check-in, and a log that holds a line
    let (sandbox, files) = try Self.sandboxWithACheckIn()
    defer { sandbox.remove() }
    let export = try sandbox.run(["export"] + files).stdout
    let log = sandbox.root.path + "/log"
    try "earlier\n".write(toFile: log, atomically: false, encoding: .utf8)
    let inode = Self.inode(log)

    // When the export goes to /dev/stdout, stdout the log opened to append
    // (habits export --out /dev/stdout >> log)
    let descriptor = open(log, O_WRONLY | O_APPEND | O_CLOEXEC)
    #expect(descriptor >= 0)
    let output = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    let run = try sandbox.run(["export", "--out", "/dev/stdout"] + files, output: output)
    try output.close()

    // Then the log holds its line, then the export; it is the same file,
    // and what was written is said on stderr
    #expect(run.status == 0, "stderr: \(run.stderr)")
    #expect(try String(contentsOfFile: log, encoding: .utf8) == "earlier\n" + export)
    #expect(Self.inode(log) == inode)
    #expect(run.stderr == "Wrote /dev/stdout: 1 habit, 1 check-in.\n")
  }

  /// `--out /dev/fd/N` naming a descriptor habits opened itself (its
  /// database's, say) is refused: written into, it overwrote the
  /// database's first bytes, and with them the whole history.
  @Test func intoADescriptorOfHabitsOwnNothingIsWritten() throws {
    // Given a habit with a check-in
    let (sandbox, files) = try Self.sandboxWithACheckIn()
    defer { sandbox.remove() }
    let database = sandbox.root.path + "/h.sqlite3"
    let before = try Data(contentsOf: URL(fileURLWithPath: database))
    // When the export goes to each descriptor past stderr in turn, the
    // database's among them
    var refused = 0
    for descriptor in 3..<16 {
      let run = try sandbox.run(["export", "--out", "/dev/fd/\(descriptor)"] + files)
      #expect(run.status != 0, "/dev/fd/\(descriptor): \(run.stdout)")
      if run.stderr.contains("is a descriptor of habits' own") { refused += 1 }
    }
    // Then some were refused as habits' own, and the database is as it was
    #expect(refused > 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    let log = try sandbox.run(["log"] + files)
    #expect(log.status == 0, "\(log.stderr)")
    #expect(log.stdout.contains("gratitude"))
  }
}
