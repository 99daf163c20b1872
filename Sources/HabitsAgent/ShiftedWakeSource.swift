// SPDX-License-Identifier: Apache-2.0
import HabitsSystem
import Recurrence

/// A wake source whose deadlines are read on a clock `offset` seconds from
/// the system's (`SystemClock(offset:)`, set by `HABITS_NOW`).
///
/// It hands the real instant each deadline falls at to the wake source
/// below, so a sleep is still one real sleep of the right length, without
/// polling, and a clock step or a resume still wakes it. The runner then
/// reads its own clock again, so what it compares stays on one clock.
/// Unchecked: it holds only constants, and `poke` may come from any thread
/// as the wake source below allows.
public final class ShiftedWakeSource: WakeSource, @unchecked Sendable {
  let base: WakeSource
  let offset: Int

  public init(_ base: WakeSource, offset: Int) {
    self.base = base
    self.offset = offset
  }

  public func wait(until deadline: Instant?) -> Set<WakeReason> {
    base.wait(until: deadline?.adding(seconds: -offset))
  }

  public func poke() { base.poke() }

  public func watchSync(folder: String) { base.watchSync(folder: folder) }
  public func watchTogether(folder: String) { base.watchTogether(folder: folder) }
}
