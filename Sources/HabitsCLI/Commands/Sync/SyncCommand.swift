// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore

/// `habits sync`: one history across devices, through a folder they share.
struct SyncCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sync",
    abstract: "Share one history with your other devices through a synced folder.",
    discussion: """
      Each device appends its changes (done, skip, undo, notes, imports) as
      events to its own files in the folder, DIR/devices/ID/YYYY-MM.jsonl,
      and never edits another's; a tool such as Syncthing copies the folder
      between devices. Every command merges what the others wrote before it
      reads.

      Examples:
        habits sync init ~/Sync/habits --name laptop
        habits sync status
        habits sync rebuild
        habits sync leave
      """,
    subcommands: [
      SyncInitCommand.self, SyncStatusCommand.self, SyncLeaveCommand.self,
      SyncRebuildCommand.self,
    ]
  )
}
