// SPDX-License-Identifier: Apache-2.0
import HabitsCore

/// A check-in as `habits log --json` and `habits done --json` show it.
struct CheckInOutput: Encodable {
  var habit: String
  var day: String
  var kind: String
  var value: Double?
  var note: String?
  var recordedAt: String

  init(_ checkIn: CheckIn) {
    habit = checkIn.habitID
    day = checkIn.day.description
    kind = checkIn.kind.rawValue
    value = checkIn.kind == .done ? (checkIn.value ?? 1) : checkIn.value
    note = checkIn.note
    recordedAt = checkIn.recordedAt.description
  }

  enum CodingKeys: String, CodingKey {
    case habit, day, kind, value, note
    case recordedAt = "recorded_at"
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(habit, forKey: .habit)
    try container.encode(day, forKey: .day)
    try container.encode(kind, forKey: .kind)
    try container.encode(value, forKey: .value)
    try container.encode(note, forKey: .note)
    try container.encode(recordedAt, forKey: .recordedAt)
  }
}
