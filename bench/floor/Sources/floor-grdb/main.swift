// SPDX-License-Identifier: Apache-2.0
// The insert of `habits done` through GRDB, as HabitStore opens and writes.
import FloorInsert
import GRDB

guard CommandLine.arguments.count == 2 else {
  fail("usage: floor-grdb DATABASE (an existing one)", 64)
}
do {
  var configuration = Configuration()
  configuration.foreignKeysEnabled = true
  configuration.busyMode = .timeout(10)
  let queue = try DatabaseQueue(path: CommandLine.arguments[1], configuration: configuration)
  try queue.write { db in
    try db.execute(
      sql: """
        INSERT INTO checkin (habit, day, kind, recorded_at)
        VALUES ('gratitude', '2026-11-21', 'done', '2026-11-21T21:00:00Z')
        """)
  }
  try queue.close()
} catch {
  fail("floor-grdb: \(error)", 1)
}
