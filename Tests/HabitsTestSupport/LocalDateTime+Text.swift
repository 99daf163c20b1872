// SPDX-License-Identifier: Apache-2.0
import Recurrence

/// `2026-03-08T02:30` or `2026-03-08T02:30:15` as a wall-clock reading.
public func local(_ text: String) -> LocalDateTime {
  guard let date = CivilDate(iso: text.prefix(10)) else {
    preconditionFailure("bad date in '\(text)'")
  }
  let clock = text.dropFirst(11).split(separator: ":").compactMap { Int($0) }
  return LocalDateTime(
    date: date, hour: clock.first ?? 0, minute: clock.count > 1 ? clock[1] : 0,
    second: clock.count > 2 ? clock[2] : 0)
}
