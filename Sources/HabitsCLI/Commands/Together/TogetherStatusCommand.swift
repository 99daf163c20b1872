// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore
import HabitsStore
import HabitsSync
import Recurrence

/// `habits together status`: the partner, what you keep together, problems.
struct TogetherStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show your partner, the habits you keep together, and problems.",
    discussion: """
      Lists the habits either of you offers: kept together only when both
      of your schedule files say 'together' ("shared" when both say shared,
      else "each"); one offered by one side only stays private. Also when a
      file of your partner's last arrived, and what in the folder could not
      be used: your partner's files are read again whole, for damaged lines
      (with their line), lines of a newer format and events that reuse an id
      of yours. While no profile of your partner's can be read, it still names
      them as your partner, and nothing is sent or taken (--json gives
      partner_unread, their name, in place of partner). Like every command,
      it first sends your new changes and takes your partner's (writing this
      device's profile again when your schedule files changed what they
      offer).
      """
  )

  @OptionGroup var options: GlobalOptions

  func run() throws {
    try Context.live().exit(after: run)
  }

  struct Output: Encodable {
    struct Partner: Encodable {
      var person: String
      var name: String
      var devices: [String]
      /// When a file of theirs last changed in the folder.
      var lastSeen: String
      /// When a file of their events last did; nil before their first.
      var lastEvent: String?

      enum CodingKeys: String, CodingKey {
        case person, name, devices
        case lastSeen = "last_seen"
        case lastEvent = "last_event"
      }
    }
    struct Habit: Encodable {
      var id: String
      var yours: String?
      var theirs: String?
      /// "shared" or "each" when both offer it; nil when it stays private.
      var kept: String?
    }
    struct Problem: Encodable {
      var file: String
      var line: Int?
      var kind: String
      var problem: String
    }
    var together: Bool
    var folder: String?
    var person: String?
    var device: String?
    var name: String?
    var partner: Partner?
    /// The partner found before, while no profile of theirs can be read.
    var partnerUnread: String?
    var habits: [Habit] = []
    var problems: [Problem] = []

    enum CodingKeys: String, CodingKey {
      case together, folder, person, device, name, partner, habits, problems
      case partnerUnread = "partner_unread"
    }
  }

  func run(_ context: Context) throws {
    // Loading the schedules ran the together pass: the profile is written
    // and the partner's name kept; what is left is to look.
    let loaded = try context.loadSchedules(options)
    // With a file in error, its habit is missing: the profile stayed as it was.
    let offers = loaded.errors.isEmpty ? TogetherProfile.offers(of: loaded.habits) : nil
    guard let folder = loaded.config.togetherFolder,
      let member = try context.openStore(options).togetherMember(), member.active
    else {
      if options.json {
        context.print(try JSONOutput.encode(Output(together: false)))
      } else {
        context.print(
          "You keep no habits together here. 'habits together init DIR --name NAME' starts it.")
      }
      return
    }
    let listing = try TogetherFolder(path: folder).list()
    let agreement = TogetherAgreement(
      me: member.person, mine: offers ?? TogetherAgreement.offers(of: member.person, in: listing),
      listing: listing, known: member.partner)
    let togetherFolder = TogetherFolder(path: folder)
    let lastEvent = Self.lastEvent(of: agreement.partner?.person, in: togetherFolder, listing)
    var problems = listing.problems
    if let partner = agreement.partner?.person {
      problems += try context.openStore(options).togetherProblems(
        folder: togetherFolder, listing: listing, partner: partner)
    }
    for person in agreement.others {
      problems.append(
        SyncProblem(
          file: "people/\(person)", line: 0,
          kind: .unreadable(
            "a third person: a together folder is for two, so this one is not read")))
    }
    // The partner, once found, stays (`TogetherAgreement`): while none of
    // their profiles can be read, nothing is sent or taken.
    let unread = agreement.partner == nil ? member.partner : nil
    if let unread { problems.append(.partnerUnread(unread)) }
    var output = Self.output(
      folder: folder, member: member, agreement: agreement, problems: problems)
    if unread != nil { output.partnerUnread = member.partnerName ?? "your partner" }
    output.partner?.lastEvent = lastEvent?.description
    if options.json {
      context.print(try JSONOutput.encode(output))
      return
    }
    Self.printText(output, to: context)
  }

  /// When a file of `partner`'s in `folder` last changed: their last change's arrival.
  static func lastEvent(
    of partner: PersonID?, in folder: TogetherFolder, _ listing: TogetherFolder.Listing
  ) -> Instant? {
    listing.files.filter { $0.person == partner }.compactMap(folder.modified).max()
  }

  static func output(
    folder: String, member: TogetherMember, agreement: TogetherAgreement, problems: [SyncProblem]
  ) -> Output {
    var output = Output(
      together: true, folder: folder, person: member.person.text, device: member.device.text,
      name: member.name)
    output.partner = agreement.partner.map {
      Output.Partner(
        person: $0.person.text, name: $0.name, devices: $0.devices.map(\.text),
        lastSeen: $0.lastSeen.description, lastEvent: nil)
    }
    output.habits = agreement.offers.map {
      Output.Habit(
        id: $0.habitID, yours: $0.mine?.rawValue, theirs: $0.theirs?.rawValue,
        kept: $0.agreed?.rawValue)
    }
    output.problems = problems.map {
      Output.Problem(
        file: $0.file, line: $0.line > 0 ? $0.line : nil, kind: SyncStatusCommand.kind($0.kind),
        problem: $0.kind.description)
    }
    return output
  }

  static func printText(_ output: Output, to context: Context) {
    let name = output.name ?? "?"
    context.print("You, \(name), keep habits together through \(output.folder ?? "?").")
    guard let partner = output.partner else {
      if let unread = output.partnerUnread {
        context.print(
          "\(unread) is your partner, but no profile of theirs can be read just now: "
            + "nothing is sent or taken until one can (see the problems below).")
        printOffers(output, partner: unread, to: context)
        printProblems(output, to: context)
        return
      }
      context.print("Nobody else has joined the folder yet.")
      printOffers(output, partner: "your partner", to: context)
      printProblems(output, to: context)
      return
    }
    let devices = partner.devices.count == 1 ? "1 computer" : "\(partner.devices.count) computers"
    context.print("With \(partner.name) (\(devices); last seen \(partner.lastSeen)).")
    context.print(
      partner.lastEvent.map { "\(partner.name)'s last change arrived \($0)." }
        ?? "Nothing of \(partner.name)'s has arrived yet.")
    printOffers(output, partner: partner.name, to: context)
    printProblems(output, to: context)
  }

  private static func printOffers(_ output: Output, partner: String, to context: Context) {
    let kept = output.habits.filter { $0.kept != nil }
    if kept.isEmpty {
      context.print(
        "No habit is kept together yet: both of your schedule files must say 'together'.")
    } else {
      context.print("Kept together:")
      var table = TextTable()
      for habit in kept {
        table.add([
          "  " + habit.id,
          habit.kept == "shared"
            ? "shared: one record for the two of you" : "each: your own records, both seen",
        ])
      }
      context.write(table.render())
    }
    let yours = output.habits.filter { $0.kept == nil && $0.yours != nil }.map(\.id)
    if !yours.isEmpty {
      context.print("Offered by you only, so private: \(yours.joined(separator: ", ")).")
    }
    let theirs = output.habits.filter { $0.kept == nil && $0.theirs != nil }.map(\.id)
    if !theirs.isEmpty {
      context.print("Offered by \(partner) only: \(theirs.joined(separator: ", ")).")
    }
  }

  private static func printProblems(_ output: Output, to context: Context) {
    if output.problems.isEmpty { return }
    context.print("Problems:")
    for problem in output.problems {
      context.print("  \(problem.file)\(problem.line.map { ":\($0)" } ?? ""): \(problem.problem)")
    }
  }
}
