// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence

/// One upcoming reminder as `habits next` shows it.
struct OccurrenceOutput: Encodable {
  var habit: String?
  var at: String
  var utc: String
  /// The prompt the reminder will offer; nil without one (or for `--expr`).
  var prompt: String?

  init(habit: String?, instant: Instant, zone: Zone, prompt: String? = nil) {
    self.habit = habit
    self.at = DateTimeFormat.withOffset(instant, in: zone)
    self.utc = DateTimeFormat.utc(instant)
    self.prompt = prompt
  }

  enum CodingKeys: String, CodingKey { case habit, at, utc, prompt }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    // `habit` and `prompt` are part of the contract even when null.
    try container.encode(habit, forKey: .habit)
    try container.encode(at, forKey: .at)
    try container.encode(utc, forKey: .utc)
    try container.encode(prompt, forKey: .prompt)
  }
}
