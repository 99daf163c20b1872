// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// Settings that apply to every habit, from `config.toml` beside the schedules directory.
public struct Config: Hashable, Sendable {
  /// What the agent does after sleep or power-off for reminders it missed.
  public enum CatchUp: Hashable, Sendable {
    /// One catch-up per habit still undone, if its day is not over.
    case sameDay
    /// One catch-up per habit still undone, if the reminder is at most this many seconds old.
    case within(Int)
    /// None.
    case off
  }

  /// Where reminders go.
  public enum Notifier: Hashable, Sendable {
    case libnotify
    case stdout
    /// A program run with the reminder as arguments, never through a shell.
    case command([String])
  }

  /// Reminders due inside wait until `end`; the span may cross midnight.
  public struct QuietHours: Hashable, Sendable, CustomStringConvertible {
    public var start: TimeOfDay
    public var end: TimeOfDay

    public init(start: TimeOfDay, end: TimeOfDay) {
      self.start = start
      self.end = end
    }

    /// Whether `time` falls inside.
    public func contains(_ time: TimeOfDay) -> Bool {
      start <= end ? (time >= start && time < end) : (time >= start || time < end)
    }

    public var description: String { "\(start)-\(end)" }

    /// When a reminder due at `instant` may come: then, or the end of the
    /// quiet hours it falls in (the next morning, for hours that cross
    /// midnight and a reminder after their start).
    public func release(of instant: Instant, in zone: Zone) -> Instant {
      let local = zone.local(instant)
      let time = TimeOfDay(hour: local.hour, minute: local.minute)
      guard contains(time) else { return instant }
      var endDate = local.date
      if start > end && time >= start { endDate = endDate.adding(days: 1) }
      return zone.instant(for: LocalDateTime(date: endDate, hour: end.hour, minute: end.minute))
    }
  }

  /// When a new day begins for check-ins: with 04:00, 01:30 still counts for yesterday.
  public var dayStartsAt = TimeOfDay(hour: 0, minute: 0)
  public var weekStarts = Weekday.monday
  /// Whom the habits are kept with: reminders offer only the prompts that suit them.
  public var relationship = Relationship.couple
  /// The name of the person the habits are kept with (`partner`), which
  /// prompts say where they have `{partner}`; nil for "them".
  public var partner: String?
  /// The longest `partner` name, in characters.
  public static let maximumPartnerName = 40
  public var quietHours: QuietHours?
  /// When the weekly summary goes out; nil when it is off.
  public var summary: Schedule?
  public var catchUp = CatchUp.sameDay
  /// Seconds within which reminders of different habits share one popup:
  /// when one comes due, those due up to this much later come with it, and
  /// a nudge waits this long after any popup. nil when it is off.
  public var gather: Int? = Config.defaultGather
  public var notifier = Notifier.libnotify
  /// Where reminders go while the notifier fails: `.stdout` or a `.command`.
  public var fallback = Notifier.stdout
  /// The folder this device shares its history through (`[sync] folder`),
  /// an absolute path; nil when it syncs with nothing.
  public var syncFolder: String?
  /// The folder shared with a partner (`[together] folder`), an absolute
  /// path; nil when nothing is kept together.
  public var togetherFolder: String?

  public init() {
    summary = Config.defaultSummarySchedule
  }

  /// Parsed once: every command makes a default config.
  private static let defaultSummarySchedule = try? Schedule.parse(defaultSummary, start: nil)

  /// Twenty minutes: reminders closer than that read as one interruption anyway.
  public static let defaultGather = 20 * 60

  /// The longest `gather` accepted: longer would bring a reminder forward
  /// so far that it no longer comes at its time.
  public static let longestGather = 2 * 3600

  /// Late on Sunday afternoon: the week is all but over, and the evening,
  /// with dinner and the habits around it, has not begun.
  public static let defaultSummary = "every sunday at 16:00"
}
