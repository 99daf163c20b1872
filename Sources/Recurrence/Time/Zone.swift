// SPDX-License-Identifier: Apache-2.0
#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// A time zone read from the system's TZif files, with RFC 5545's rules for
/// wall-clock times that a daylight-saving change skips or repeats.
///
/// Reading the zone database directly keeps the recurrence engine
/// deterministic and free of ICU, and lets tests build zones from a rule.
public struct Zone: Hashable, Sendable, CustomStringConvertible {
  /// The name the zone was found by (`America/New_York`, `UTC`, a POSIX rule).
  public let identifier: String
  /// UTC instants at which the offset changes, ascending.
  public let transitions: [Int]
  /// The offset in force from each transition on.
  public let offsetsAfter: [Int]
  /// The offset before the first transition.
  public let initialOffset: Int
  /// The rule for instants after the last transition.
  public let footer: PosixTimeZoneRule?
  /// The largest offset the zone ever has: how far a wall clock can run ahead of UTC.
  public let maxOffset: Int

  public var description: String { identifier }

  init(
    identifier: String, transitions: [Int], offsetsAfter: [Int], initialOffset: Int,
    footer: PosixTimeZoneRule?
  ) {
    self.identifier = identifier
    self.transitions = transitions
    self.offsetsAfter = offsetsAfter
    self.initialOffset = initialOffset
    self.footer = footer
    var offsets = offsetsAfter + [initialOffset]
    if let footer {
      offsets.append(footer.standardOffset)
      if let dst = footer.daylightOffset { offsets.append(dst) }
    }
    self.maxOffset = offsets.max() ?? 0
  }

  /// Coordinated Universal Time.
  public static let utc = Zone(fixedOffset: 0, identifier: "UTC")

  /// A zone with one offset for all time.
  public init(fixedOffset: Int, identifier: String? = nil) {
    self.init(
      identifier: identifier ?? Zone.offsetText(fixedOffset), transitions: [], offsetsAfter: [],
      initialOffset: fixedOffset, footer: nil)
  }

  /// A zone that follows a POSIX TZ rule for all time.
  public init(rule: PosixTimeZoneRule, identifier: String) {
    self.init(
      identifier: identifier, transitions: [], offsetsAfter: [],
      initialOffset: rule.standardOffset, footer: rule)
  }

  // MARK: Offsets

  /// The offset from UTC, in seconds, in force at `instant`.
  public func offset(at instant: Instant) -> Int {
    offset(atUTC: instant.secondsSince1970)
  }

  public func offset(atUTC utc: Int) -> Int {
    if let last = transitions.last, utc >= last, let footer {
      return footer.offset(at: utc)
    }
    if transitions.isEmpty, let footer { return footer.offset(at: utc) }
    // The last transition at or before `utc`.
    var low = 0
    var high = transitions.count
    while low < high {
      let mid = (low + high) / 2
      if transitions[mid] <= utc { low = mid + 1 } else { high = mid }
    }
    return low == 0 ? initialOffset : offsetsAfter[low - 1]
  }

  /// The wall-clock reading at `instant`.
  public func local(_ instant: Instant) -> LocalDateTime {
    LocalDateTime(localSeconds: instant.secondsSince1970 + offset(at: instant))
  }

  /// The instant a wall-clock reading means, by RFC 5545 §3.3.5: a reading that
  /// a spring-forward gap skips takes the offset from before the gap (02:30
  /// becomes 03:30), and one that a fall-back overlap repeats is the first.
  public func instant(for local: LocalDateTime) -> Instant {
    Instant(secondsSince1970: utc(forLocal: local.localSeconds))
  }

  public func utc(forLocal local: Int) -> Int {
    // Past the last explicit transition only the rule's two offsets occur, so
    // the reading is `local` minus one of them: the earlier that holds there
    // (the first of an overlap), or, in a gap, the one from before it (the
    // smaller, as a gap opens where the offset grows). This spares listing a
    // rule's changes over three years for every reading.
    let window = 2 * 86_400
    if let footer, local - window >= transitions.last ?? Int.min {
      guard let daylight = footer.daylightOffset else { return local - footer.standardOffset }
      let standard = footer.standardOffset
      let holding = [standard, daylight].filter { footer.offset(at: local - $0) == $0 }
      return local - (holding.max() ?? min(standard, daylight))
    }
    // Within the zone file's transitions, a reading with none near it has the
    // offset in force before them.
    if let last = transitions.last, local + window < last {
      var low = 0
      var high = transitions.count
      while low < high {
        let mid = (low + high) / 2
        if transitions[mid] < local - window { low = mid + 1 } else { high = mid }
      }
      if transitions[low] >= local + window {
        return local - (low == 0 ? initialOffset : offsetsAfter[low - 1])
      }
    }
    return utcByChanges(forLocal: local)
  }

  /// `utc(forLocal:)` by the offset changes within two days of `local`: right
  /// for any zone, and what the shortcut for a rule's years must agree with.
  func utcByChanges(forLocal local: Int) -> Int {
    // Offset changes near `local` (in UTC); no zone moves by more than a day.
    let window = 2 * 86_400
    let changes = self.changes(from: local - window, to: local + window)
    var offsets = [offset(atUTC: local - window)]
    var starts = [Int.min]
    for change in changes {
      offsets.append(change.offset)
      starts.append(change.at)
    }
    for i in offsets.indices {
      let candidate = local - offsets[i]
      let end = i + 1 < starts.count ? starts[i + 1] : Int.max
      if candidate >= starts[i] && candidate < end { return candidate }
    }
    // In a gap: the offset from before the change that opened it.
    for i in 1..<max(1, offsets.count)
    where local >= starts[i] + offsets[i - 1] && local < starts[i] + offsets[i] {
      return local - offsets[i - 1]
    }
    return local - offsets[0]
  }

  /// Offset changes in the UTC interval `from ..< to`, as (instant, offset after).
  public func changes(from: Int, to: Int) -> [(at: Int, offset: Int)] {
    var result: [(at: Int, offset: Int)] = []
    var previous = offset(atUTC: from - 1)
    // Explicit transitions.
    var low = 0
    var high = transitions.count
    while low < high {
      let mid = (low + high) / 2
      if transitions[mid] < from { low = mid + 1 } else { high = mid }
    }
    var i = low
    while i < transitions.count && transitions[i] < to {
      if offsetsAfter[i] != previous {
        result.append((transitions[i], offsetsAfter[i]))
        previous = offsetsAfter[i]
      }
      i += 1
    }
    // Rule-based transitions after the last explicit one.
    if let footer, footer.daylightOffset != nil {
      let ruleFrom = max(from, transitions.last ?? Int.min)
      if ruleFrom < to {
        let firstYear = LocalDateTime(localSeconds: ruleFrom).date.year - 1
        let lastYear = LocalDateTime(localSeconds: to).date.year + 1
        for change in footer.transitions(years: firstYear...lastYear)
        where change.at >= ruleFrom && change.at < to && change.at >= from {
          if change.offset != previous {
            result.append(change)
            previous = change.offset
          }
        }
      }
    }
    return result
  }

  // MARK: Loading

  /// The zone `TZ` names, or the system's zone when `TZ` is unset or empty.
  ///
  /// `TZ` may be what glibc reads there: a zone name (`Europe/London`, also
  /// with a leading `:`), `UTC`, the absolute path of a zone file
  /// (`:/etc/localtime`), or a POSIX rule (`EST5EDT,M3.2.0,M11.1.0`). Where
  /// glibc quietly uses UTC for anything else, this refuses it as a usage
  /// error: a mistyped zone would otherwise move every reminder and file
  /// check-ins under the wrong day. (An empty `TZ` means UTC to glibc; here it
  /// counts as unset, as it does to most programs that read `TZ` themselves.)
  public static func current(environment: [String: String]) throws(RecurrenceError) -> Zone {
    var directory = environment["TZDIR"] ?? ""
    if directory.isEmpty { directory = "/usr/share/zoneinfo" }
    guard let tz = environment["TZ"], !tz.isEmpty else { return system(directory: directory) }
    let name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
    if name.isEmpty { return system(directory: directory) }
    if name.hasPrefix("/") {
      if let bytes = readZoneFile(name),
        let zone = try? Zone(tzif: bytes, identifier: identifier(forFile: name))
      {
        return zone
      }
    } else if let zone = try? named(name, directory: directory) {
      return zone
    }
    throw RecurrenceError(
      "TZ is '\(shown(tz))', which is neither a time zone nor a POSIX TZ rule",
      hint:
        "set TZ to a zone name such as 'Europe/Berlin' or a rule such as 'CET-1CEST,M3.5.0,M10.5.0/3', or unset it to use the system's zone"
    )
  }

  /// The name a zone file goes by: what follows `zoneinfo/` in its path (or
  /// in that of the file a symbolic link such as `/etc/localtime` points
  /// at), else `localtime`.
  static func identifier(forFile path: String) -> String {
    for candidate in [(try? FileManager.default.destinationOfSymbolicLink(atPath: path)), path] {
      guard let candidate else { continue }
      let parts = candidate.split(separator: "/")
      if let marker = parts.lastIndex(of: "zoneinfo"), marker + 1 < parts.count {
        return parts[(marker + 1)...].joined(separator: "/")
      }
    }
    return "localtime"
  }

  /// The zone `/etc/localtime` points at, or UTC when there is none.
  static func system(directory: String) -> Zone {
    let path = "/etc/localtime"
    var name = "localtime"
    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path),
      let marker = target.split(separator: "/").firstIndex(of: "zoneinfo")
    {
      name = target.split(separator: "/")[(marker + 1)...].joined(separator: "/")
    } else if let data = readZoneFile("/etc/timezone") {
      let trimmed = String(decoding: data, as: UTF8.self).trimmingWhitespace()
      if !trimmed.isEmpty, let zone = try? named(trimmed, directory: directory) { return zone }
    }
    if let data = readZoneFile(path), let zone = try? Zone(tzif: data, identifier: name) {
      return zone
    }
    return .utc
  }

  /// Finds a zone by IANA name, or reads `text` as a POSIX rule.
  public static func named(
    _ text: String, directory: String = "/usr/share/zoneinfo"
  ) throws(RecurrenceError) -> Zone {
    let upper = text.uppercased()
    if upper == "UTC" || upper == "Z" || upper == "GMT" || upper == "ETC/UTC" {
      return Zone(fixedOffset: 0, identifier: text == "Z" ? "UTC" : text)
    }
    let safe =
      !text.isEmpty && !text.hasPrefix("/") && !text.split(separator: "/").contains("..")
      && !text.contains("\0")
    if safe, let data = readZoneFile(directory + "/" + text),
      let zone = try? Zone(tzif: data, identifier: text)
    {
      return zone
    }
    if let rule = PosixTimeZoneRule(text) {
      return Zone(rule: rule, identifier: text)
    }
    throw RecurrenceError(
      "unknown time zone '\(shown(text))'",
      hint: "use a name from the zone database, such as 'Europe/Berlin' or 'America/New_York'")
  }

  /// `text` for a message: control characters written out, cut short.
  static func shown(_ text: String) -> String {
    let visible = InputEcho.visible(text)
    return text.unicodeScalars.count > 80 ? visible + "…" : visible
  }

  /// The bytes of the regular file at `path`, if it is one of at most
  /// 1 MiB (the largest zone files are some 4 KiB). `TZ` and `TZDIR` may
  /// point anywhere: at a directory, a FIFO that would block, or /dev/zero.
  static func readZoneFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
      info.st_size <= 1 << 20
    else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
    var count = 0
    while count < bytes.count {
      let got = bytes.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        return read(descriptor, base + count, buffer.count - count)
      }
      if got < 0 && errno == EINTR { continue }
      guard got > 0 else { return nil }
      count += got
    }
    return bytes
  }

  /// Reads a TZif file (RFC 8536), versions 1 to 4.
  init(tzif bytes: [UInt8], identifier: String) throws(RecurrenceError) {
    let invalid = RecurrenceError("'\(identifier)' is not a time zone file")
    guard bytes.count >= 44, bytes[0..<4].elementsEqual("TZif".utf8) else { throw invalid }
    func count(_ at: Int, _ field: Int) -> Int {
      let p = at + 20 + field * 4
      return Int(bytes[p]) << 24 | Int(bytes[p + 1]) << 16 | Int(bytes[p + 2]) << 8
        | Int(bytes[p + 3])
    }
    func signed(_ at: Int, width: Int) -> Int {
      var value = 0
      for k in 0..<width { value = value << 8 | Int(bytes[at + k]) }
      let bits = width * 8
      return value >= 1 << (bits - 1) ? value - (1 << bits) : value
    }
    var header = 0
    var width = 4
    let version = bytes[4]
    func bodySize(_ h: Int, _ w: Int) -> Int {
      let (isut, isstd, leap, time, type, char) = (
        count(h, 0), count(h, 1), count(h, 2), count(h, 3), count(h, 4), count(h, 5)
      )
      return time * w + time + type * 6 + char + leap * (w + 4) + isstd + isut
    }
    if version >= UInt8(ascii: "2") {
      header = 44 + bodySize(0, 4)
      width = 8
      guard bytes.count >= header + 44 else { throw invalid }
    }
    let timeCount = count(header, 3)
    let typeCount = count(header, 4)
    let size = bodySize(header, width)
    guard typeCount > 0, bytes.count >= header + 44 + size else { throw invalid }
    var p = header + 44
    var times: [Int] = []
    times.reserveCapacity(timeCount)
    for _ in 0..<timeCount {
      times.append(signed(p, width: width))
      p += width
    }
    var indices: [Int] = []
    for _ in 0..<timeCount {
      indices.append(Int(bytes[p]))
      p += 1
    }
    var offsets: [Int] = []
    for _ in 0..<typeCount {
      offsets.append(signed(p, width: 4))
      p += 6
    }
    // RFC 9636 §3.2: offsets between -25 and +26 hours, and transitions in
    // ascending order; the rest of Zone relies on both.
    guard indices.allSatisfy({ $0 < typeCount }),
      offsets.allSatisfy({ (-89_999...93_599).contains($0) }),
      zip(times, times.dropFirst()).allSatisfy({ $0 < $1 })
    else { throw invalid }
    var footer: PosixTimeZoneRule?
    if width == 8 {
      let footerStart = header + 44 + size
      if footerStart < bytes.count, bytes[footerStart] == 10,
        let end = bytes[(footerStart + 1)...].firstIndex(of: 10), end > footerStart + 1
      {
        footer = PosixTimeZoneRule(
          String(decoding: bytes[(footerStart + 1)..<end], as: UTF8.self))
      }
    }
    self.init(
      identifier: identifier, transitions: times, offsetsAfter: indices.map { offsets[$0] },
      initialOffset: offsets[0], footer: footer)
  }

  /// `+HH:MM` or `-HH:MM`.
  public static func offsetText(_ offset: Int) -> String {
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return "\(sign)\(LocalDateTime.two(minutes / 60)):\(LocalDateTime.two(minutes % 60))"
  }

  /// Same name and same rules: a copied `/etc/localtime` is named
  /// "localtime" whichever zone it holds.
  public static func == (a: Zone, b: Zone) -> Bool {
    a.identifier == b.identifier && a.initialOffset == b.initialOffset
      && a.transitions == b.transitions && a.offsetsAfter == b.offsetsAfter && a.footer == b.footer
  }
  public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }
}
