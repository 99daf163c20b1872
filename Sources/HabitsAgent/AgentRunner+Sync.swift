// SPDX-License-Identifier: Apache-2.0
import HabitsSync
import Recurrence

extension AgentRunner {
  /// With `[sync]` on, writes this device's changes (a notification's Done
  /// among them) to the sync folder and merges what the other devices wrote,
  /// before a pass reads the store: a habit done on another computer is not
  /// reminded or nudged here once its event has arrived, which wakes the
  /// agent. A folder that cannot be reached does not stop the agent: it
  /// plans with the history this device has.
  func synchronize(now: Instant) {
    synchronizeDevices(now: now)
    synchronizeTogether(now: now)
  }

  private func synchronizeDevices(now: Instant) {
    guard let folder = schedules.config.syncFolder else { return }
    // Watched before the merge: what arrives during it wakes the next pass.
    wake.watchSync(folder: folder)
    do {
      let report = try store.synchronize(folder: SyncFolder(path: folder), at: now)
      for problem in report.problems
      where loggedSyncProblems.insert(problem.description).inserted {
        logger.warning("sync: \(problem)")
      }
    } catch {
      logger.error("sync: \(error); planning with this device's history as it is")
    }
  }

  /// With `[together]` on, sends this person's new events of the habits
  /// kept together and takes the partner's (a shared habit they did is then
  /// settled here, and its popup taken down); the partner's name, as the
  /// folder has it, fills `{partner}` when `config.toml` names nobody.
  private func synchronizeTogether(now: Instant) {
    guard let folder = schedules.config.togetherFolder else { return }
    wake.watchTogether(folder: folder)
    do {
      let report = try store.synchronizeTogether(
        folder: TogetherFolder(path: folder),
        offers: TogetherProfile.offers(of: schedules.habits), at: now)
      for problem in report.problems
      where loggedSyncProblems.insert(problem.description).inserted {
        logger.warning("together: \(problem)")
      }
      let partner = try store.togetherMember()?.partnerName
      if schedules.usePartner(partner), let partner {
        logger.info("prompts now call your partner \(partner), as the together folder does")
      }
    } catch {
      logger.error("together: \(error); planning with your own history as it is")
    }
  }
}
