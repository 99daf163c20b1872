// SPDX-License-Identifier: Apache-2.0
import CLibnotify
import Dispatch
import HabitsAgent
import HabitsCore
import Logging
import Synchronization

/// Shows reminders through libnotify, with Done / Snooze / Skip / Another idea
/// buttons (the last only for a habit with more than one prompt; on a
/// gathered popup, a Done for each habit and one Snooze for all).
///
/// A GLib main loop runs on a thread of its own so that button presses
/// arrive. Every D-Bus call has a deadline, so that a missing or frozen
/// server fails fast and the agent falls back instead of stalling. When no
/// server owns the name, the bus is asked to start one
/// (`StartServiceByName`), as libnotify's own calls do: on i3, sway and other
/// window managers dunst or mako runs only once D-Bus activation starts it
/// for the first notification. That start gets a few seconds. Then the
/// server is probed with a one-second `GetServerInformation`, which a frozen
/// server never answers, and the show itself gets a few seconds.
public final class LibnotifyNotifier: Notifier, @unchecked Sendable {
  private let logger: Logger
  private let state = Mutex<State>(State())
  private let showTimeout: Double
  private let probeTimeoutMilliseconds: Int32
  private let startTimeoutMilliseconds: Int32
  /// The habits icon's path, shown as the notifications' app icon.
  private let icon: String?

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

  /// - Parameters:
  ///   - startTimeoutMilliseconds: how long a server started by D-Bus
  ///     activation may take to come up; only a server that is not running
  ///     yet is given more than `probeTimeoutMilliseconds`.
  ///   - icon: the icon file to show, by default the one habits installs.
  public init(
    logger: Logger, showTimeout: Double = 3, probeTimeoutMilliseconds: Int32 = 1000,
    startTimeoutMilliseconds: Int32 = 5000, icon: String? = NotificationIcon.installed()
  ) {
    self.logger = logger
    self.showTimeout = showTimeout
    self.probeTimeoutMilliseconds = probeTimeoutMilliseconds
    self.startTimeoutMilliseconds = startTimeoutMilliseconds
    self.icon = icon
    notify_init("habits")
    if !Self.startMainLoop() {
      logger.warning("no thread could be started for libnotify's loop: buttons will not answer")
    }
  }

  private static let loopStarted = Mutex(false)

  /// Runs the default GLib main context on its own thread, once per process.
  /// False when no thread could be made for it (a later notifier tries again).
  private static func startMainLoop() -> Bool {
    loopStarted.withLock { started -> Bool in
      if started { return true }
      started = DetachedThread.start {
        let loop = g_main_loop_new(nil, 0)
        g_main_loop_run(loop)
      }
      return started
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
      let running = DetachedThread.start {
        let outcome = request.run()
        result.withLock { $0 = outcome }
        done.signal()
      }
      guard running else { return .failed("no thread could be started to show it") }
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
      notify_notification_update(object, summary, body, icon)
    } else {
      guard let created = notify_notification_new(summary, body, icon) else {
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
    if withActions {
      for button in notification.buttons {
        let box = ActionBox(events: button.events, notifier: self)
        notify_notification_add_action(
          object, button.id, button.label, actionCallback,
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

  fileprivate func pressed(_ events: [ActionEvent]) {
    let handler = state.withLock { $0.handler }
    for event in events { handler?(event) }
  }

  /// Closes the popup with `key` (the server may have closed it already,
  /// as dunst does once a button is pressed), within the show's deadline.
  public func close(key: String) {
    guard let existing = state.withLock({ $0.notifications[key] }) else { return }
    let done = DispatchSemaphore(value: 0)
    let request = CloseRequest(handle: existing)
    guard
      DetachedThread.start({
        request.run()
        done.signal()
      })
    else {
      logger.warning("no thread could be started to close a popup")
      return
    }
    if done.wait(timeout: .now() + showTimeout) == .timedOut {
      logger.warning("the notification server did not close a popup within \(Int(showTimeout)) s")
    }
  }

  /// A close running off the caller's thread: libnotify's calls have no deadline.
  private struct CloseRequest: @unchecked Sendable {
    let handle: Handle

    func run() {
      var error: UnsafeMutablePointer<GError>?
      notify_notification_close(handle.pointer, &error)
      if let error { g_error_free(error) }
    }
  }

  /// Has the bus start the server when none runs, then asks the server who
  /// it is within the probe timeout; refreshes its capabilities.
  private func probe() -> Result<String, ProbeError> {
    var error: UnsafeMutablePointer<GError>?
    guard let connection = g_bus_get_sync(G_BUS_TYPE_SESSION, nil, &error) else {
      let message = error.map { String(cString: $0.pointee.message) } ?? "no session bus"
      if let error { g_error_free(error) }
      return .failure(ProbeError("no D-Bus session bus: \(message)"))
    }
    defer { g_object_unref(UnsafeMutableRawPointer(connection)) }
    // Asked of the bus daemon, which answers even when the server is frozen.
    // Only a name without an owner is started: for a server that has no
    // service file (GNOME Shell, for one) StartServiceByName says
    // ServiceUnknown even while it runs.
    var started = false
    switch busCall(connection, "NameHasOwner", nil, timeout: probeTimeoutMilliseconds) {
    case .failure(let reason): return .failure(reason)
    case .success(let owned) where owned == 1: break
    case .success:
      switch busCall(connection, "StartServiceByName", 0, timeout: startTimeoutMilliseconds) {
      case .failure(let reason): return .failure(reason)
      // DBUS_START_REPLY_SUCCESS: the bus started it just now (not ALREADY_RUNNING).
      case .success(let reply): started = reply == 1
      }
    }
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
    if started { logger.notice("D-Bus started the notification server, \(name)") }
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

  /// Calls a method of the bus daemon about the notification server's name
  /// (with `flags`, when the method takes them) within `timeout`; returns
  /// the reply's number (a boolean as 0 or 1).
  private func busCall(
    _ connection: OpaquePointer, _ method: String, _ flags: UInt32?, timeout: Int32
  ) -> Result<UInt32, ProbeError> {
    var children: [OpaquePointer?] = [g_variant_new_string(Self.serverName)]
    if let flags { children.append(g_variant_new_uint32(flags)) }
    let parameters = g_variant_new_tuple(&children, gsize(children.count))
    var error: UnsafeMutablePointer<GError>?
    guard
      let reply = g_dbus_connection_call_sync(
        connection, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        method, parameters, nil, G_DBUS_CALL_FLAGS_NONE, timeout, nil, &error)
    else {
      return .failure(Self.startError(error, timeout: timeout))
    }
    defer { g_variant_unref(reply) }
    guard let value = g_variant_get_child_value(reply, 0) else {
      return .failure(ProbeError("the D-Bus daemon gave an empty answer to \(method)"))
    }
    defer { g_variant_unref(value) }
    if String(cString: g_variant_get_type_string(value)) == "b" {
      return .success(g_variant_get_boolean(value) != 0 ? 1 : 0)
    }
    return .success(g_variant_get_uint32(value))
  }

  /// Says why the server is not there, and frees `error`.
  private static func startError(
    _ error: UnsafeMutablePointer<GError>?, timeout: Int32
  ) -> ProbeError {
    guard let error else { return ProbeError("no notification server: no answer") }
    defer { g_error_free(error) }
    if error.pointee.domain == g_dbus_error_quark()
      && error.pointee.code == Int32(G_DBUS_ERROR_SERVICE_UNKNOWN.rawValue)
    {
      return ProbeError("no notification server is running, and none can be started by D-Bus")
    }
    if error.pointee.domain == g_io_error_quark()
      && error.pointee.code == Int32(G_IO_ERROR_TIMED_OUT.rawValue)
    {
      return ProbeError("no notification server came up within \(timeout / 1000) s")
    }
    g_dbus_error_strip_remote_error(error)
    return ProbeError(
      "D-Bus could not start the notification server: \(String(cString: error.pointee.message))")
  }

  private static let serverName = "org.freedesktop.Notifications"

  private func call(
    _ connection: OpaquePointer, _ method: String,
    _ error: inout UnsafeMutablePointer<GError>?
  ) -> OpaquePointer? {
    g_dbus_connection_call_sync(
      connection, Self.serverName, "/org/freedesktop/Notifications", Self.serverName, method, nil,
      nil, G_DBUS_CALL_FLAGS_NONE, probeTimeoutMilliseconds, nil, &error)
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
  /// One event, or one per habit for a button about all of a gathered popup's habits.
  let events: [ActionEvent]
  weak var notifier: LibnotifyNotifier?

  init(events: [ActionEvent], notifier: LibnotifyNotifier) {
    self.events = events
    self.notifier = notifier
  }
}

private let actionCallback: NotifyActionCallback = { _, _, userData in
  guard let userData else { return }
  let box = Unmanaged<ActionBox>.fromOpaque(userData).takeUnretainedValue()
  box.notifier?.pressed(box.events)
}

private let releaseBox: GFreeFunc = { userData in
  guard let userData else { return }
  Unmanaged<ActionBox>.fromOpaque(userData).release()
}
