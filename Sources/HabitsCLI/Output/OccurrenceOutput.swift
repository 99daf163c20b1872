import HabitsCore
import Recurrence

/// One upcoming reminder as `habits next` shows it.
struct OccurrenceOutput: Encodable {
  var habit: String?
  var at: String
  var utc: String

  init(habit: String?, instant: Instant, zone: Zone) {
    self.habit = habit
    self.at = DateTimeFormat.withOffset(instant, in: zone)
    self.utc = DateTimeFormat.utc(instant)
  }

  enum CodingKeys: String, CodingKey { case habit, at, utc }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    // `habit` is part of the contract even when null.
    try container.encode(habit, forKey: .habit)
    try container.encode(at, forKey: .at)
    try container.encode(utc, forKey: .utc)
  }
}
