// SPDX-License-Identifier: Apache-2.0
/// What a habit's `when` means: one or more recurrence rules whose instances
/// together are the reminders, read in the user's zone.
public struct Schedule: Hashable, Sendable {
  /// Which of the three ways of writing a `when` the text used.
  public enum Form: String, Hashable, Sendable {
    case words, rrule, cron
  }

  /// The text as written.
  public var expression: String
  public var form: Form
  /// The rules; their instances are merged, and equal instants count once.
  public var rules: [RecurrenceRule]

  public init(expression: String, form: Form, rules: [RecurrenceRule]) {
    self.expression = expression
    self.form = form
    self.rules = rules
  }

  /// The date rules count from when nothing gives one: cron lines and rules
  /// that repeat every day or week do not depend on it.
  public static let defaultAnchor = CivilDate(year: 1970, month: 1, day: 1)

  /// Parses a `when` in any of its three forms.
  ///
  /// - Parameters:
  ///   - start: DTSTART, for RRULEs and for words with an interval; when nil,
  ///     rules that depend on their start's date or time are refused.
  public static func parse(_ text: String, start: LocalDateTime?) throws(RecurrenceError)
    -> Schedule
  {
    let trimmed = text.trimmingWhitespace()
    guard !trimmed.isEmpty else {
      throw RecurrenceError(
        "empty schedule", hint: "write when to be reminded, e.g. 'daily at 21:00'", offset: 0)
    }
    // Offsets count from the text as written, so count what trimming removed.
    let leading = text.prefix { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }.count
    let anchor = start ?? LocalDateTime(date: defaultAnchor)
    let schedule: Schedule
    do {
      // Words and cron never hold '=', and RRULE parts may come in any order.
      if trimmed.uppercased().hasPrefix("RRULE:") || trimmed.contains("=") {
        schedule = Schedule(
          expression: trimmed, form: .rrule,
          rules: [try RRuleParser.parse(trimmed, start: anchor)])
      } else if CronParser.looksLikeCron(trimmed) {
        schedule = Schedule(
          expression: trimmed, form: .cron,
          rules: try CronParser.parse(trimmed, anchor: anchor.date))
      } else {
        schedule = Schedule(
          expression: trimmed, form: .words, rules: try WordsParser.parse(trimmed, start: anchor))
      }
    } catch {
      var moved = error
      moved.offset = (error.offset ?? 0) + leading
      throw moved
    }
    if start == nil {
      for rule in schedule.rules {
        if rule.dependsOnStartDate {
          throw RecurrenceError(
            "'\(trimmed)' counts from a start date, and none is given",
            hint: "add a start date, e.g. start = \(CivilDate(year: 2026, month: 1, day: 5))",
            offset: leading)
        }
        if rule.dependsOnStartTime {
          throw RecurrenceError(
            "'\(trimmed)' does not say what time of day",
            hint: schedule.form == .rrule
              ? "add BYHOUR and BYMINUTE, e.g. ';BYHOUR=21;BYMINUTE=0'"
              : "add a time, e.g. '\(trimmed) at 9:00'",
            offset: leading)
        }
      }
    }
    return schedule
  }

  /// The instants at or after `from`, in order, with equal instants once.
  public func occurrences(from: Instant, in zone: Zone) -> Occurrences {
    Occurrences(rules: rules, zone: zone, from: from)
  }

  /// The first instant at or after `from`, or nil when there is none.
  public func next(from: Instant, in zone: Zone) -> Instant? {
    var iterator = occurrences(from: from, in: zone).makeIterator()
    return iterator.next()
  }

  /// Whether the schedule has any instance at all (rather than being a rule
  /// like February 30th that can never happen).
  public func canFire(in zone: Zone) -> Bool {
    rules.contains { rule in
      // Through `Source`, so that an UNTIL instant before the first instance counts.
      var source = Source(expander: RuleExpander(rule), zone: zone)
      return source.peek() != nil
    }
  }

  /// A lazy, ordered sequence of a schedule's instants.
  public struct Occurrences: Sequence, IteratorProtocol, Sendable {
    private var sources: [Source]
    private let from: Int
    private var last: Int?

    init(rules: [RecurrenceRule], zone: Zone, from: Instant) {
      self.from = from.secondsSince1970
      // Start two days early: offsets and gaps move a wall clock by less than that.
      let seekLocal = LocalDateTime(
        localSeconds: from.secondsSince1970 + zone.offset(at: from) - 2 * 86_400)
      sources = rules.map { rule in
        var expander = RuleExpander(rule)
        expander.seek(to: seekLocal)
        return Source(expander: expander, zone: zone)
      }
    }

    public mutating func next() -> Instant? {
      while true {
        var best: Int?
        var bestIndex = 0
        for i in sources.indices {
          if let value = sources[i].peek(), best.map({ value < $0 }) ?? true {
            best = value
            bestIndex = i
          }
        }
        guard let value = best else { return nil }
        sources[bestIndex].pop()
        if value < from || value == last { continue }
        last = value
        return Instant(secondsSince1970: value)
      }
    }
  }

  /// One rule's instants in order: periods are turned into instants and held
  /// back until no later period can produce an earlier one (a spring-forward
  /// gap moves a time later by up to the change).
  struct Source: Sendable {
    var expander: RuleExpander
    let zone: Zone
    var buffer: [Int] = []
    var bound = Int.min

    init(expander: RuleExpander, zone: Zone) {
      self.expander = expander
      self.zone = zone
    }

    mutating func peek() -> Int? {
      while true {
        if let first = buffer.first, first <= bound || expander.finished { return first }
        if expander.finished { return nil }
        guard let batch = expander.nextPeriod() else {
          bound = Int.max
          continue
        }
        for local in batch {
          let instant = zone.utc(forLocal: local.localSeconds)
          if case .instant(let until) = expander.rule.until, instant > until.secondsSince1970 {
            continue
          }
          let at = buffer.firstIndex { $0 > instant } ?? buffer.endIndex
          buffer.insert(instant, at: at)
        }
        bound = expander.nextPeriodStart.localSeconds - zone.maxOffset - 1
        if case .instant(let until) = expander.rule.until, bound > until.secondsSince1970 {
          expander.finish()
        }
      }
    }

    mutating func pop() { buffer.removeFirst() }
  }
}
