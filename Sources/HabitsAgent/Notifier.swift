// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Where reminders are shown: the desktop's notification server, or a fallback.
///
/// The agent talks only to this protocol; libnotify lives behind it in
/// HabitsNotify. Implementations must return promptly: a server that does
/// not answer must not hold the schedule up.
public protocol Notifier: AnyObject, Sendable {
  /// Shows `notification`, replacing the earlier one with the same `key`.
  func deliver(_ notification: ReminderNotification) -> Delivery

  /// Called (on any thread) when a person presses a button.
  func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void)

  /// Whether the notifier can show buttons (the server lists `actions`).
  var supportsActions: Bool { get }

  /// Takes down the popup with `key` if it is still shown: a gathered popup
  /// whose habits have all been answered.
  func close(key: String)
}

extension Notifier {
  /// Lines on stdout or a program's run cannot be taken back.
  public func close(key: String) {}
}

/// What became of a notification.
public enum Delivery: Equatable, Sendable {
  /// Shown by `via` (the server's name, `stdout`, a command).
  case shown(via: String)
  /// Not shown, and why.
  case failed(String)
}

/// A button on a reminder.
public enum NotificationAction: String, Sendable, CaseIterable {
  case done
  case snooze
  case skip
  /// Swaps the popup's prompt for the next one in the habit's rotation.
  case another

  /// The button's label.
  public var label: String {
    switch self {
    case .done: return "Done"
    case .snooze: return "Snooze \(SnoozeLength.label)"
    case .skip: return "Skip today"
    case .another: return "Another idea"
    }
  }
}

/// A press of a button: which habit, and which day the reminder was about.
public struct ActionEvent: Hashable, Sendable {
  public var habitID: String
  public var day: CivilDate
  public var action: NotificationAction
  /// The key of the popup the button was on, so that a gathered popup can
  /// be brought up to date after it.
  public var popup: String?

  public init(habitID: String, day: CivilDate, action: NotificationAction, popup: String? = nil) {
    self.habitID = habitID
    self.day = day
    self.action = action
    self.popup = popup
  }
}

/// One notification to show.
public struct ReminderNotification: Hashable, Sendable {
  /// Notifications with the same key replace each other (a re-nudge replaces
  /// the earlier popup).
  public var key: String
  /// The habit, or nil for the weekly summary and a gathered popup.
  public var habitID: String?
  /// The day the reminder is about: what Done records.
  public var day: CivilDate
  /// Plain text; notifiers escape it for markup.
  public var summary: String
  public var body: String
  /// Buttons to offer when the server can show them.
  public var actions: [NotificationAction]
  /// What to tell someone whose server cannot show buttons.
  public var commandHint: String?
  /// The habits a gathered popup names, each with a Done of its own (its
  /// `actions` then apply to all of them); empty for any other popup.
  public var gathered: [GatheredHabit]

  public init(
    key: String, habitID: String?, day: CivilDate, summary: String, body: String,
    actions: [NotificationAction], commandHint: String?, gathered: [GatheredHabit] = []
  ) {
    self.key = key
    self.habitID = habitID
    self.day = day
    self.summary = summary
    self.body = body
    self.actions = actions
    self.commandHint = commandHint
    self.gathered = gathered
  }

  /// The habits the popup is about: the gathered ones, its habit, or none (the summary).
  public var habitIDs: [String] {
    gathered.isEmpty ? habitID.map { [$0] } ?? [] : gathered.map(\.habitID)
  }
}

/// One habit of a gathered popup.
public struct GatheredHabit: Hashable, Sendable {
  public var habitID: String
  /// The day its reminder is about: what its Done records.
  public var day: CivilDate
  public var title: String
  /// Whether it has a Done button: a numeric habit needs its amount, typed.
  public var offersDone: Bool

  public init(habitID: String, day: CivilDate, title: String, offersDone: Bool) {
    self.habitID = habitID
    self.day = day
    self.title = title
    self.offersDone = offersDone
  }
}
