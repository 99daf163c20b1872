// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Logging

/// Tries the primary notifier and, when it fails, the fallback; logs the
/// switch once, and tries the primary again at the next reminder.
public final class FallbackNotifier: Notifier, @unchecked Sendable {
  public let primary: Notifier
  public let fallback: Notifier
  private let logger: Logger
  private var failing = false

  public init(primary: Notifier, fallback: Notifier, logger: Logger) {
    self.primary = primary
    self.fallback = fallback
    self.logger = logger
  }

  public func deliver(_ notification: ReminderNotification) -> Delivery {
    let result = primary.deliver(notification)
    if case .failed(let reason) = result {
      if !failing {
        logger.warning(
          "notifications are not reaching the desktop (\(reason)); using the fallback until they do"
        )
        failing = true
      }
      return fallback.deliver(notification)
    }
    if failing {
      logger.notice("notifications reach the desktop again")
      failing = false
    }
    return result
  }

  public func setActionHandler(_ handler: @escaping @Sendable (ActionEvent) -> Void) {
    primary.setActionHandler(handler)
    fallback.setActionHandler(handler)
  }

  public var supportsActions: Bool { primary.supportsActions }

  public func close(key: String) {
    primary.close(key: key)
  }
}
