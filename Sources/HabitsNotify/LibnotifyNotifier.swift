import CLibnotify
import Dispatch
import HabitsAgent
import HabitsCore
import Logging
import Synchronization

/// Shows reminders through libnotify, with Done / Snooze / Skip buttons.
///
/// A GLib main loop runs on a thread of its own so that button presses
/// arrive. Every D-Bus call has a deadline: the server is probed with a
/// one-second `GetServerInformation` first, and the show itself is given a
/// few seconds, so a missing or frozen server fails fast and the agent falls
/// back instead of stalling.
public final class LibnotifyNotifier: Notifier, @unchecked Sendable {
  private let logger: Logger
  private let state = Mutex<State>(State())
  private let showTimeout: Double
  private let probeTimeoutMilliseconds: Int32

  /// A notification object, used from one thread at a time.
  private struct Handle: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<NotifyNotification>
  }

  private struct State {
    var handler: (@Sendable (ActionEvent) -> Void)?
    /// One notification object per key, so a re-nudge replaces its popup.
    var notifications: [String: Handle] = [:]
    var capabilities: Set<String> = []
  }

  public init(logger: Logger, showTimeout: Double = 3, probeTimeoutMilliseconds: Int32 = 1000) {
    self.logger = logger
    self.showTimeout = showTimeout
    self.probeTimeoutMilliseconds = probeTimeoutMilliseconds
    notify_init("habits")
    Self.startMainLoop()
  }

  private static let loopStarted = Mutex(false)

  /// Runs the default GLib main context on its own thread, once per process.
  private static func startMainLoop() {
    let start = loopStarted.withLock { started -> Bool in
      defer { started = true }
      return !started
    }
    guard start else { return }
    let thread = DispatchQueue(label: "habits.glib")
    thread.async {
      let loop = g_main_loop_new(nil, 0)
      g_main_loop_run(loop)
    }
  }

  public func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void) {
    state.withLock { $0.handler = handler }
  }

  public var supportsActions: Bool { state.withLock { $0.capabilities.contains("actions") } }

  public func deliver(_ notification: ReminderNotification) -> Delivery {
    // Probe first, with a deadline: libnotify's own calls have none.
    switch probe() {
    case .failure(let reason): return .failed(reason.description)
    case .success(let server):
      let capabilities = state.withLock { $0.capabilities }
      let showActions = capabilities.contains("actions")
      let markup = capabilities.contains("body-markup")
      var body = notification.body
      if !showActions, let hint = notification.commandHint {
        body += body.isEmpty ? hint : "\n\(hint)"
      }
      var summary = notification.summary
      if markup {
        // Servers that read markup read it in the summary too (dunst does).
        body = Self.escape(body)
        summary = Self.escape(summary)
      }
      let done = DispatchSemaphore(value: 0)
      let result = Mutex<Delivery?>(nil)
      let request = ShowRequest(
        notifier: self, notification: notification, summary: summary, body: body,
        withActions: showActions)
      DispatchQueue.global().async {
        let outcome = request.run()
        result.withLock { $0 = outcome }
        done.signal()
      }
      if done.wait(timeout: .now() + showTimeout) == .timedOut {
        return .failed("the notification server did not answer within \(Int(showTimeout)) s")
      }
      let outcome = result.withLock { $0 } ?? .failed("no answer")
      if case .shown = outcome { return .shown(via: server) }
      return outcome
    }
  }

  /// A show running off the caller's thread.
  private struct ShowRequest: @unchecked Sendable {
    let notifier: LibnotifyNotifier
    let notification: ReminderNotification
    let summary: String
    let body: String
    let withActions: Bool

    func run() -> Delivery {
      notifier.show(notification, summary: summary, body: body, withActions: withActions)
    }
  }

  private func show(
    _ notification: ReminderNotification, summary: String, body: String, withActions: Bool
  ) -> Delivery {
    let existing = state.withLock { $0.notifications[notification.key]?.pointer }
    let object: UnsafeMutablePointer<NotifyNotification>
    if let existing {
      object = existing
      notify_notification_update(object, summary, body, nil)
    } else {
      guard let created = notify_notification_new(summary, body, nil) else {
        return .failed("libnotify could not create a notification")
      }
      object = created
      let handle = Handle(pointer: created)
      state.withLock { $0.notifications[notification.key] = handle }
    }
    notify_notification_set_app_name(object, "habits")
    notify_notification_set_hint(object, "desktop-entry", g_variant_new_string("habits"))
    notify_notification_set_timeout(object, NOTIFY_EXPIRES_DEFAULT)
    notify_notification_clear_actions(object)
    if withActions, let habitID = notification.habitID {
      for action in notification.actions {
        let box = ActionBox(
          event: ActionEvent(habitID: habitID, day: notification.day, action: action),
          notifier: self)
        notify_notification_add_action(
          object, action.rawValue, action.label, actionCallback,
          Unmanaged.passRetained(box).toOpaque(), releaseBox)
      }
    }
    var error: UnsafeMutablePointer<GError>?
    if notify_notification_show(object, &error) == 0 {
      let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
      if let error { g_error_free(error) }
      return .failed(message)
    }
    return .shown(via: "libnotify")
  }

  fileprivate func pressed(_ event: ActionEvent) {
    let handler = state.withLock { $0.handler }
    handler?(event)
  }

  /// Asks the server who it is, within the probe timeout; refreshes its capabilities.
  private func probe() -> Result<String, ProbeError> {
    var error: UnsafeMutablePointer<GError>?
    guard let connection = g_bus_get_sync(G_BUS_TYPE_SESSION, nil, &error) else {
      let message = error.map { String(cString: $0.pointee.message) } ?? "no session bus"
      if let error { g_error_free(error) }
      return .failure(ProbeError("no D-Bus session bus: \(message)"))
    }
    defer { g_object_unref(UnsafeMutableRawPointer(connection)) }
    guard let info = call(connection, "GetServerInformation", &error) else {
      let message = error.map { String(cString: $0.pointee.message) } ?? "no answer"
      if let error { g_error_free(error) }
      return .failure(ProbeError("no notification server: \(message)"))
    }
    defer { g_variant_unref(info) }
    var name = "notification server"
    if let first = g_variant_get_child_value(info, 0) {
      name = String(cString: g_variant_get_string(first, nil))
      g_variant_unref(first)
    }
    if let caps = call(connection, "GetCapabilities", &error) {
      defer { g_variant_unref(caps) }
      var capabilities = Set<String>()
      if let list = g_variant_get_child_value(caps, 0) {
        for i in 0..<g_variant_n_children(list) {
          if let item = g_variant_get_child_value(list, i) {
            capabilities.insert(String(cString: g_variant_get_string(item, nil)))
            g_variant_unref(item)
          }
        }
        g_variant_unref(list)
      }
      state.withLock { $0.capabilities = capabilities }
    } else if let error {
      g_error_free(error)
    }
    return .success(name)
  }

  private func call(
    _ connection: OpaquePointer, _ method: String,
    _ error: inout UnsafeMutablePointer<GError>?
  ) -> OpaquePointer? {
    g_dbus_connection_call_sync(
      connection, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
      "org.freedesktop.Notifications", method, nil, nil, G_DBUS_CALL_FLAGS_NO_AUTO_START,
      probeTimeoutMilliseconds, nil, &error)
  }

  struct ProbeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// Escapes `&`, `<`, `>`, quotes for the body's markup.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(character)
      }
    }
    return out
  }
}

/// What a button press needs to reach the agent: retained while libnotify
/// holds the action, released by `releaseBox`.
private final class ActionBox {
  let event: ActionEvent
  weak var notifier: LibnotifyNotifier?

  init(event: ActionEvent, notifier: LibnotifyNotifier) {
    self.event = event
    self.notifier = notifier
  }
}

private let actionCallback: NotifyActionCallback = { _, _, userData in
  guard let userData else { return }
  let box = Unmanaged<ActionBox>.fromOpaque(userData).takeUnretainedValue()
  box.notifier?.pressed(box.event)
}

private let releaseBox: GFreeFunc = { userData in
  guard let userData else { return }
  Unmanaged<ActionBox>.fromOpaque(userData).release()
}
