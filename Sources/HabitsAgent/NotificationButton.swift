// SPDX-License-Identifier: Apache-2.0
/// A button as a notifier offers it: its action key for the server, its
/// label, and what a press records.
public struct NotificationButton: Hashable, Sendable {
  /// Unique within its popup.
  public var id: String
  public var label: String
  /// One event, or, on a gathered popup, one for each habit the button is about.
  public var events: [ActionEvent]

  public init(id: String, label: String, events: [ActionEvent]) {
    self.id = id
    self.label = label
    self.events = events
  }
}

extension ReminderNotification {
  /// The buttons to offer: a habit's actions on its own popup; on a gathered
  /// popup a Done for each habit that can have one ("Done: Gratitude"), then
  /// the other actions, each for all of its habits. The summary has none.
  public var buttons: [NotificationButton] {
    guard gathered.isEmpty else {
      var buttons = gathered.filter(\.offersDone).map { habit in
        NotificationButton(
          id: "done:" + habit.habitID, label: "Done: \(habit.title)",
          events: [ActionEvent(habitID: habit.habitID, day: habit.day, action: .done, popup: key)])
      }
      for action in actions where action != .done {
        buttons.append(
          NotificationButton(
            id: action.rawValue, label: action.label,
            events: gathered.map {
              ActionEvent(habitID: $0.habitID, day: $0.day, action: action, popup: key)
            }))
      }
      return buttons
    }
    guard let habitID else { return [] }
    return actions.map { action in
      NotificationButton(
        id: action.rawValue, label: action.label,
        events: [ActionEvent(habitID: habitID, day: day, action: action, popup: key)])
    }
  }
}
