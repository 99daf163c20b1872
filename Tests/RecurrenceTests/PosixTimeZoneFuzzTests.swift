// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsTestSupport
import Testing

@testable import Recurrence

#if canImport(Glibc)
  import Glibc
#endif

/// A fuzz test of the POSIX TZ rule parser and of `Zone.current`, which reads
/// `TZ` with it: huge numbers, odd signs, missing parts, names in angle
/// brackets, Julian days, offsets beyond 24 hours, trailing junk, mutations
/// of good rules, random text, and paths.
///
/// For every input: nothing traps; `Zone.current` gives a zone or a one-line
/// usage error; and a rule that parses is a correct one: its offsets and
/// switch times are within their bounds, it reads back the same from its
/// canonical text, its zone gives only its two offsets, and every wall-clock
/// reading maps back to itself. `agreesWithGlibc` checks generated valid
/// rules against glibc's own `localtime`.
///
/// As in `LoaderFuzzTests`, the seed is printed first; `HABITS_FUZZ_SEED`
/// replays a run and `HABITS_FUZZ_COUNT` sets the number of inputs (default
/// 20,000 here).
@Suite("POSIX TZ fuzz") struct PosixTimeZoneFuzzTests {
  static let environment = ProcessInfo.processInfo.environment

  static let count = FuzzRun.count(default: 20_000)

  static let seed = FuzzRun.seed(for: "PosixTimeZoneFuzzTests", count: count)

  /// The largest offset POSIX allows, 24:59:59, and a switch time's, 167:59:59 (RFC 8536).
  static let maxOffset = 24 * 3600 + 59 * 60 + 59
  static let maxSwitchTime = 167 * 3600 + 59 * 60 + 59

  @Test func fuzz() {
    var failures: [String] = []
    var parsed = 0
    for index in 0..<Self.count {
      var random = SplitMix64(seed: Self.seed, index: index)
      let text = Nasty.string(&random)
      if let problem = Self.check(text, &random) {
        failures.append("input \(index), \(text.prefix(200).debugDescription): \(problem)")
      }
      if PosixTimeZoneRule(text) != nil { parsed += 1 }
    }
    print("PosixTimeZoneFuzzTests: \(Self.count) inputs, \(parsed) of them rules")
    let seed = FuzzRun.hex(Self.seed)
    let shown = failures.prefix(20).joined(separator: "\n")
    #expect(failures.isEmpty, "\(failures.count) inputs broke a property (seed \(seed)):\n\(shown)")
    // The generator must reach both sides, or it tests little.
    #expect(parsed > Self.count / 20 && parsed < Self.count * 19 / 20)
  }

  /// What is wrong with how `text` is handled, or nil.
  static func check(_ text: String, _ random: inout SplitMix64) -> String? {
    do {
      _ = try Zone.current(environment: ["TZ": text])
    } catch {
      // Typed: the only failure is a refusal in words (the CLI exits 64 on it).
      if error.description.contains("\n") || error.description.count > 400 {
        return "Zone.current's message is not one short line: \(error.description.debugDescription)"
      }
    }
    guard let rule = PosixTimeZoneRule(text) else { return nil }
    guard abs(rule.standardOffset) <= maxOffset else {
      return "standard offset \(rule.standardOffset) out of bounds"
    }
    if let dst = rule.daylightOffset, abs(dst) > maxOffset + 3600 {
      return "daylight offset \(dst) out of bounds"
    }
    guard (rule.daylightOffset == nil) == (rule.start == nil),
      (rule.start == nil) == (rule.end == nil)
    else { return "daylight offset and switches do not go together: \(rule)" }
    for change in [rule.start, rule.end].compactMap({ $0 }) where abs(change.time) > maxSwitchTime {
      return "switch time \(change.time) out of bounds"
    }
    let canonical = Self.canonical(rule)
    guard PosixTimeZoneRule(canonical) == rule else {
      return
        "its canonical text \(canonical) reads back as \(String(describing: PosixTimeZoneRule(canonical)))"
    }
    let zone = Zone(rule: rule, identifier: text)
    for _ in 0..<6 {
      // 1900 to 2200.
      let t = random.int(-2_208_988_800...7_258_118_400)
      let offset = zone.offset(atUTC: t)
      guard offset == rule.standardOffset || offset == rule.daylightOffset else {
        return "offset \(offset) at \(t) is neither of the rule's"
      }
      let local = zone.local(Instant(secondsSince1970: t))
      let back = zone.instant(for: local)
      guard zone.local(back) == local else {
        return "the wall clock \(local) at \(t) maps to \(back), which reads \(zone.local(back))"
      }
    }
    return nil
  }

  /// `rule` as text in one fixed form: both names in angle brackets, every
  /// offset and time with sign, hours, minutes and seconds, both switches.
  static func canonical(_ rule: PosixTimeZoneRule) -> String {
    func clock(_ seconds: Int) -> String {
      let size = abs(seconds)
      return (seconds < 0 ? "-" : "+") + "\(size / 3600):\(size / 60 % 60):\(size % 60)"
    }
    var text = "<STD>" + clock(-rule.standardOffset)
    guard let dst = rule.daylightOffset, let start = rule.start, let end = rule.end else {
      return text
    }
    func day(_ change: PosixTimeZoneRule.Switch) -> String {
      switch change.day {
      case .monthWeekDay(let month, let week, let weekday): return "M\(month).\(week).\(weekday)"
      case .julianNoLeap(let n): return "J\(n)"
      case .zeroBased(let n): return "\(n)"
      }
    }
    // Without its offset when it is the implied one, which may be 25 hours.
    text += "<DST>" + (dst == rule.standardOffset + 3600 ? "" : clock(-dst))
    for change in [start, end] { text += "," + day(change) + "/" + clock(change.time) }
    return text
  }

  // MARK: Named cases

  /// Each input, and the standard and daylight offsets (east of UTC, in
  /// seconds) of the rule it must read as, or nil where it must be refused.
  @Test(
    arguments: [
      // What glibc reads, and so must habits.
      ("UTC0", 0, nil),
      ("EST5", -18_000, nil),
      ("EST+5", -18_000, nil),
      ("JST-9", 32_400, nil),
      ("IST-5:30", 19_800, nil),
      ("<+0330>-3:30", 12_600, nil),
      ("<-03>3", -10_800, nil),
      ("<+14>-14", 50_400, nil),
      ("<+24>-24", 86_400, nil),
      ("AAA24:59:59", -89_999, nil),
      ("EST5EDT", -18_000, -14_400),
      ("EST5EDT,M3.2.0,M11.1.0", -18_000, -14_400),
      ("EST5EDT4,M3.2.0/2,M11.1.0/2", -18_000, -14_400),
      ("CET-1CEST,M3.5.0,M10.5.0/3", 3_600, 7_200),
      ("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", 37_800, 39_600),
      ("EST5EDT,J60,J300", -18_000, -14_400),
      ("EST5EDT,60,300", -18_000, -14_400),
      ("EST5EDT,J1,J365", -18_000, -14_400),
      ("EST5EDT,0,365", -18_000, -14_400),
      ("<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", -10_800, -7_200),
      ("EST5EDT,M3.2.0/167,M11.1.0/-167", -18_000, -14_400),
      ("EST5EDT,M3.2.0/+2:30:15,M11.1.0/02:00", -18_000, -14_400),
      ("<A-1>1<A+1>-1,M1.1.0,M12.5.6", -3_600, 3_600),
      // Huge numbers: each once trapped on overflow.
      ("AAA99999999999999999999", nil, nil),
      ("AAA-99999999999999999999", nil, nil),
      ("AAA5BBB99999999999999999999", nil, nil),
      ("AAA5:99999999999999999999", nil, nil),
      ("AAA5:00:99999999999999999999", nil, nil),
      ("EST5EDT,M99999999999999999999.1.0,M11.1.0", nil, nil),
      ("EST5EDT,M3.99999999999999999999.0,M11.1.0", nil, nil),
      ("EST5EDT,J99999999999999999999,J300", nil, nil),
      ("EST5EDT,99999999999999999999,300", nil, nil),
      ("EST5EDT,M3.2.0/99999999999999999999,M11.1.0", nil, nil),
      ("EST5EDT,M3.2.0/-99999999999999999999,M11.1.0", nil, nil),
      ("EST0000000000000000000000005", nil, nil),
      // Offsets and times beyond their bounds.
      ("AAA25", nil, nil),
      ("AAA-25", nil, nil),
      ("AAA5:60", nil, nil),
      ("AAA5:30:60", nil, nil),
      ("AAA5BBB25", nil, nil),
      ("EST5EDT,M3.2.0/168,M11.1.0", nil, nil),
      ("EST5EDT,M3.2.0/-168,M11.1.0", nil, nil),
      ("EST5EDT,M3.2.0/2:60,M11.1.0", nil, nil),
      ("AAA100", nil, nil),
      ("AAA5:300", nil, nil),
      // Odd signs.
      ("AAA+-5", nil, nil),
      ("AAA--5", nil, nil),
      ("AAA++5", nil, nil),
      ("AAA-", nil, nil),
      ("AAA+", nil, nil),
      ("EST5EDT+,M3.2.0,M11.1.0", nil, nil),
      ("EST5EDT-,M3.2.0,M11.1.0", nil, nil),
      ("EST5EDT,M3.2.0/+-2,M11.1.0", nil, nil),
      ("EST5EDT,M+3.2.0,M11.1.0", nil, nil),
      ("EST5EDT,J-60,J300", nil, nil),
      ("EST5EDT,-1,300", nil, nil),
      // Missing parts.
      ("", nil, nil),
      ("EST", nil, nil),
      ("5", nil, nil),
      ("AB5", nil, nil),
      ("AAA5:", nil, nil),
      ("AAA5::30", nil, nil),
      ("AAA:30", nil, nil),
      ("EST5EDT,", nil, nil),
      ("EST5EDT,M3.2.0", nil, nil),
      ("EST5EDT,M3.2.0,", nil, nil),
      ("EST5EDT,,M11.1.0", nil, nil),
      ("EST5EDT,M3.2,M11.1.0", nil, nil),
      ("EST5EDT,M3..0,M11.1.0", nil, nil),
      ("EST5EDT,M,M11.1.0", nil, nil),
      ("EST5EDT,J,J300", nil, nil),
      ("EST5EDT,M3.2.0/,M11.1.0", nil, nil),
      // Out-of-range days.
      ("EST5EDT,M13.1.0,M11.1.0", nil, nil),
      ("EST5EDT,M0.1.0,M11.1.0", nil, nil),
      ("EST5EDT,M3.0.0,M11.1.0", nil, nil),
      ("EST5EDT,M3.6.0,M11.1.0", nil, nil),
      ("EST5EDT,M3.2.7,M11.1.0", nil, nil),
      ("EST5EDT,J0,J300", nil, nil),
      ("EST5EDT,J366,J300", nil, nil),
      ("EST5EDT,366,300", nil, nil),
      // Names.
      ("<>5", nil, nil),
      ("<AB>5", nil, nil),
      ("<+03-3", nil, nil),
      ("<A B>5", nil, nil),
      ("<A_B>5", nil, nil),
      ("<ÄBC>5", nil, nil),
      ("ÄBC5", nil, nil),
      ("E5T5", nil, nil),
      ("EST5ED,M3.2.0,M11.1.0", nil, nil),
      ("EST5<>,M3.2.0,M11.1.0", nil, nil),
      // Trailing junk.
      ("EST5 ", nil, nil),
      ("EST5\n", nil, nil),
      ("EST5\u{0}", nil, nil),
      ("EST5x", nil, nil),
      ("EST5EDT,M3.2.0,M11.1.0,", nil, nil),
      ("EST5EDT,M3.2.0,M11.1.0,M1.1.0", nil, nil),
      ("EST5EDT,M3.2.0,M11.1.0/2x", nil, nil),
      ("EST5EDT,M3.2.0,M11.1.0 ", nil, nil),
      // Digits that are not ASCII.
      ("AAA٥", nil, nil),
      ("AAA５", nil, nil),
    ] as [(String, Int?, Int?)])
  func namedCase(text: String, standard: Int?, daylight: Int?) {
    let rule = PosixTimeZoneRule(text)
    #expect(rule?.standardOffset == standard, "\(text.debugDescription)")
    #expect(rule?.daylightOffset == daylight, "\(text.debugDescription)")
    var random = SplitMix64(seed: 1, index: 0)
    #expect(Self.check(text, &random) == nil, "\(text.debugDescription)")
  }

  /// `TZ` as glibc reads it, beyond POSIX rules.
  @Test(arguments: [
    ("Europe/Paris", "Europe/Paris"),
    (":Europe/Paris", "Europe/Paris"),
    ("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
    (":/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
    ("UTC", "UTC"),
    ("UTC0", "UTC0"),
  ])
  func glibcForms(tz: String, identifier: String) throws {
    #expect(try Zone.current(environment: ["TZ": tz]).identifier == identifier)
  }

  @Test(arguments: [
    "/dev/zero", "/dev/null", "/etc/passwd", "/tmp", "/proc/self/status", "/nonexistent",
    ":", "::Europe/Paris", "../../../../dev/zero", "Europe/../../../../dev/zero",
    String(repeating: "A", count: 100_000),
  ])
  func filesThatAreNotZonesAreRefused(tz: String) {
    // ":" alone is an empty TZ: the system's zone.
    guard tz != ":" else {
      #expect((try? Zone.current(environment: ["TZ": tz])) != nil)
      return
    }
    let error = #expect(throws: RecurrenceError.self) { try Zone.current(environment: ["TZ": tz]) }
    #expect(error?.message.hasPrefix("TZ is '") == true)
    #expect((error?.message.count ?? 0) < 200)
  }

  @Test func aTZDIRThatIsNotAZoneDirectoryCannotHang() {
    // /dev/zero would be read for ever, and a FIFO would block.
    let zone = try? Zone.current(environment: ["TZ": "zero", "TZDIR": "/dev"])
    #expect(zone == nil)
    let fifo = FileManager.default.temporaryDirectory.path + "/habits-fifo-\(UUID().uuidString)"
    #expect(mkfifo(fifo, 0o600) == 0)
    defer { unlink(fifo) }
    #expect((try? Zone.current(environment: ["TZ": fifo])) == nil)
  }

  // MARK: Against glibc

  /// Generated valid rules give the offsets glibc's `localtime` gives, at
  /// random instants from 1971 to 2200, away from New Year (where glibc
  /// picks the year's rules by UTC and habits by local standard time).
  /// Before 1971 glibc computes every year's switches as 1970's.
  @Test func agreesWithGlibc() throws {
    guard
      let python = ["/usr/bin/python3", "/bin/python3", "/usr/local/bin/python3"]
        .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else {
      if Self.environment["CI"] == "true" {
        Issue.record("python3 is not installed; in CI the comparison with glibc must run")
      } else {
        print("PosixTimeZoneFuzzTests: skipping the comparison with glibc: no python3")
      }
      return
    }
    var random = SplitMix64(seed: Self.seed, index: -1)
    var cases: [(rule: String, at: Int, offset: Int)] = []
    for _ in 0..<400 {
      let text = Valid.rule(&random, withSwitches: true)
      guard let rule = PosixTimeZoneRule(text) else {
        Issue.record("the valid rule \(text) does not parse")
        continue
      }
      var tries = 0
      while tries < 15 {
        tries += 1
        let t = random.int(31_536_000...7_258_118_400)
        let day = LocalDateTime(localSeconds: t).date.ordinal
        guard day > 8 && day < 357 else { continue }
        cases.append((text, t, rule.offset(at: t)))
      }
    }
    let script = """
      import os, sys, time
      for line in sys.stdin:
          rule, at = line.rstrip("\\n").split("\\t")
          os.environ["TZ"] = rule
          time.tzset()
          print(time.localtime(int(at)).tm_gmtoff)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let lines = cases.map { "\($0.rule)\t\($0.at)\n" }.joined()
    try input.fileHandleForWriting.write(contentsOf: Data(lines.utf8))
    try input.fileHandleForWriting.close()
    let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let offsets = answer.split(separator: "\n").map { Int($0) }
    try #require(process.terminationStatus == 0 && offsets.count == cases.count)
    var differences: [String] = []
    for (found, expected) in zip(offsets, cases) where found != expected.offset {
      differences.append(
        "\(expected.rule) at \(expected.at): glibc \(found ?? 0), habits \(expected.offset)")
    }
    print("PosixTimeZoneFuzzTests: \(cases.count) instants compared with glibc")
    let shown = differences.prefix(20).joined(separator: "\n")
    #expect(differences.isEmpty, "\(differences.count) of \(cases.count) differ:\n\(shown)")
  }
}

// MARK: - Generators

/// Valid POSIX TZ rules, in all their forms.
enum Valid {
  static func name(_ random: inout SplitMix64) -> String {
    if random.chance(2) {
      let letters = (0..<random.int(3...6)).map { _ in
        Character(UnicodeScalar(UInt8(random.pick([65, 97]) + random.int(0..<26))))
      }
      return String(letters)
    }
    let alphabet = Array("ABCXYZabc0123456789+-")
    return "<" + String((0..<random.int(3...7)).map { _ in random.pick(alphabet) }) + ">"
  }

  static func two(_ n: Int, _ random: inout SplitMix64) -> String {
    n < 10 && random.chance(2) ? "0\(n)" : "\(n)"
  }

  /// `[+-]hh[:mm[:ss]]` with hours up to `maxHours`.
  static func clock(_ random: inout SplitMix64, maxHours: Int) -> String {
    var text = random.pick(["", "+", "-"])
    text +=
      random.chance(2) ? two(random.int(0...maxHours), &random) : "\(random.int(0...maxHours))"
    if random.chance(2) {
      text += ":" + two(random.int(0...59), &random)
      if random.chance(2) { text += ":" + two(random.int(0...59), &random) }
    }
    return text
  }

  static func switchRule(_ random: inout SplitMix64) -> String {
    var text: String
    switch random.int(0..<4) {
    case 0: text = "J\(random.int(1...365))"
    case 1: text = "\(random.int(0...365))"
    default: text = "M\(random.int(1...12)).\(random.int(1...5)).\(random.int(0...6))"
    }
    if random.chance(2) { text += "/" + clock(&random, maxHours: random.chance(4) ? 167 : 24) }
    return text
  }

  static func rule(_ random: inout SplitMix64, withSwitches: Bool = false) -> String {
    var text = name(&random) + clock(&random, maxHours: 24)
    guard withSwitches || !random.chance(4) else { return text }
    text += name(&random)
    if random.chance(2) { text += clock(&random, maxHours: 24) }
    guard withSwitches || !random.chance(5) else { return text }
    return text + "," + switchRule(&random) + "," + switchRule(&random)
  }
}

/// Strings meant to break a TZ parser.
enum Nasty {
  static let alphabet = Array("ABCEDTJMabc<>+-0123456789:.,/ ")

  static let parts = [
    "99999999999999999999", "-99999999999999999999", "18446744073709551616",
    "9223372036854775807", "9223372036854775808", "0000000000000000000000005", "25", "168",
    "-168", "60", "366", "+-", "--", "++", ":", "::", ",", ",,", ".", "..", "/", "<", ">", "<>",
    "J", "M", "J0", "M13.1.0", "M3.6.0", "M3.2.7", "\u{0}", "\n", "\u{1B}", "٥", "５", "é",
    "\u{FEFF}",
  ]

  static let whole = [
    "/dev/zero", "/dev/null", "/etc/passwd", "/tmp", "/proc/self/status", ":/etc/localtime",
    "Europe/Paris", ":Europe/Paris", "../../etc/passwd", "Europe/../../../../dev/zero",
    "/usr/share/zoneinfo/Europe/Paris", ":", "", "posixrules", "right/UTC", "Etc/GMT+5",
    "Etc/GMT-14", "zone.tab", "America", "Z", "utc", "GMT0", "EST5EDT",
  ]

  static func string(_ random: inout SplitMix64) -> String {
    switch random.int(0..<100) {
    case 0..<35:
      return Valid.rule(&random)
    case 35..<65:
      // A good rule with something wrong with it.
      var characters = Array(Valid.rule(&random, withSwitches: random.chance(2)))
      for _ in 0..<random.int(1...3) {
        let at = random.int(0...characters.count)
        switch random.int(0..<4) {
        case 0: characters.insert(contentsOf: random.pick(parts), at: at)
        case 1 where at < characters.count: characters.remove(at: at)
        case 2 where at < characters.count: characters[at] = random.pick(alphabet)
        default: characters.insert(random.pick(alphabet), at: at)
        }
      }
      return String(characters)
    case 65..<80:
      return String((0..<random.int(0...30)).map { _ in random.pick(alphabet) })
    case 80..<88:
      var text = ""
      for _ in 0..<random.int(1...5) {
        text += random.chance(2) ? random.pick(parts) : String(random.pick(alphabet))
      }
      return text
    case 88..<94:
      return String(
        String.UnicodeScalarView(
          (0..<random.int(0...20)).compactMap { _ in UnicodeScalar(UInt32(random.int(0...0x2FFF))) }
        ))
    default:
      let text = random.pick(whole)
      return random.chance(4) ? text + random.pick(parts) : text
    }
  }
}
