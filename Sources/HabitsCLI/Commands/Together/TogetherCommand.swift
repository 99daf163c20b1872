// SPDX-License-Identifier: Apache-2.0
import ArgumentParser

/// `habits together`: practices kept with a partner, through a folder the
/// two of you share.
struct TogetherCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "together",
    abstract: "Keep practices with your partner through a folder you share.",
    discussion: """
      A habit is kept together only when both of your schedule files with its
      id say so: together = "shared" (one record for the two of you) or
      together = "each" (each keeps their own, both see both). Each device
      writes only its own files, DIR/people/PERSON/DEVICE/, which name the
      habits it offers by id; nothing else goes there. A tool such as
      Syncthing copies the folder between your computers and your partner's.
      Run init on each of your computers with the same --name.

      Examples:
        habits together init ~/Sync/us --name Alex
        habits together status
        habits together leave
      """,
    subcommands: [
      TogetherInitCommand.self, TogetherStatusCommand.self, TogetherLeaveCommand.self,
    ]
  )
}
