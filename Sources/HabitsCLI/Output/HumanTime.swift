// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// Times as people read them in text output.
enum HumanTime {
  /// `Sun 2026-11-22 21:00`.
  static func dayAndTime(_ instant: Instant, in zone: Zone) -> String {
    let local = zone.local(instant)
    let day = local.date.weekday.shortName.capitalized
    return
      "\(day) \(local.date) \(LocalDateTime.two(local.hour)):\(LocalDateTime.two(local.minute))"
  }

  /// `in 3h 20m`, `in 2d 4h`, `now`, `5m ago`.
  static func relative(_ instant: Instant, from now: Instant) -> String {
    let delta = instant.secondsSince1970 - now.secondsSince1970
    let magnitude = abs(delta)
    if magnitude < 60 { return "now" }
    let minutes = magnitude / 60
    let text: String
    if minutes < 60 {
      text = "\(minutes)m"
    } else if minutes < 24 * 60 {
      text = minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h \(minutes % 60)m"
    } else {
      let hours = minutes / 60
      text = hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d \(hours % 24)h"
    }
    return delta > 0 ? "in \(text)" : "\(text) ago"
  }
}

extension String {
  var capitalized: String { prefix(1).uppercased() + dropFirst() }
}
