// SPDX-License-Identifier: Apache-2.0
import GRDB
import HabitsCore
import HabitsSync
import Recurrence

extension HabitStore {
  /// This device's membership of a together folder, or nil when it never joined one.
  public func togetherMember() throws(HabitsError) -> TogetherMember? {
    try read { db in try Self.togetherMember(db) }
  }

  /// Makes this device a member of `folder` for the person called `name`,
  /// offering `offers` (the habits whose schedule files say `together`).
  ///
  /// The person is the one this device was before; else the one in the
  /// folder already called `name` (this person's other computer); else a
  /// new one. The device keeps the id it syncs with, if it syncs.
  public func joinTogether(
    folder: TogetherFolder, name: String, offers: [TogetherProfile.Offer], at now: Instant
  ) throws(HabitsError) -> (member: TogetherMember, agreement: TogetherAgreement) {
    if let problem = TogetherProfile.checkedName(name) {
      throw HabitsError(problem, hint: "pass --name with another name", kind: .usage)
    }
    try folder.prepare()
    let listing = try folder.list()
    // A copy of a database that joined elsewhere joins as a device of its own.
    _ = try write { db in try Self.renewIfCopied(db) }
    let known = try togetherMember()
    let person: PersonID
    if let known {
      person = known.person
    } else {
      let named = Set(listing.profiles.filter { $0.profile.name == name }.map(\.profile.person))
      guard named.count <= 1 else {
        throw HabitsError(
          "\(named.count) people in '\(folder.path)' are called '\(name)'",
          hint: "pass the --name your other computer joined with, or another one", kind: .usage)
      }
      // A together folder is for two: a new person is not let into one
      // that holds two already, where they would take one of the couple
      // for their partner.
      let people = Dictionary(
        listing.profiles.map { ($0.profile.person, $0.profile.name) },
        uniquingKeysWith: { a, _ in a })
      if named.isEmpty && people.count >= 2 {
        let names = people.values.sorted().map { "'\($0)'" }.joined(separator: " and ")
        throw HabitsError(
          "'\(folder.path)' holds two people already (\(names)); a together folder is for two",
          hint: "share a folder of your own with your partner, or pass the --name you joined with",
          kind: .usage)
      }
      var generator = SystemRandomNumberGenerator()
      person = named.first ?? PersonID(using: &generator)
    }
    var generator = SystemRandomNumberGenerator()
    let syncing = try syncMember()?.device
    let device = known?.device ?? syncing ?? DeviceID(using: &generator)
    let agreement = TogetherAgreement(
      me: person, mine: offers, listing: listing, known: known?.partner)
    try folder.write(
      TogetherProfile(
        person: person, device: device, name: name, written: now.secondsSince1970, offers: offers))
    // Once found, the partner stays, even while no profile of theirs can
    // be read: a pass that forgot them would take whoever it finds.
    let member = TogetherMember(
      person: person, device: device, name: name, active: true,
      partnerName: agreement.partner?.name ?? known?.partnerName,
      partner: agreement.partner?.person ?? known?.partner)
    try write { db in
      // Joining again after leaving: days changed meanwhile were not
      // noted, so every habit kept together is taken as newly kept, and its
      // whole history compared with its events at the next pass.
      if known?.active == false {
        try db.execute(sql: "DELETE FROM together_habit")
      }
      // The device's id and clock live with sync's: a device that does not
      // sync gets them, not syncing, so that a later `joinSync` continues
      // as the same device.
      try db.execute(
        sql:
          "INSERT OR IGNORE INTO sync_self (only, device, name, active, home) VALUES (1, ?, ?, 0, ?)",
        arguments: [device.text, name, Self.home(db)])
      try db.execute(
        sql: """
          INSERT INTO together_self (only, person, device, name, active, partner_name, partner)
          VALUES (1, ?, ?, ?, 1, ?, ?)
          ON CONFLICT (only) DO UPDATE SET name = excluded.name, active = 1,
            partner_name = excluded.partner_name, partner = excluded.partner
          """,
        arguments: [person.text, device.text, name, member.partnerName, member.partner?.text])
    }
    return (member, agreement)
  }

  /// Stops taking part: nothing recorded is deleted, here or in the folder,
  /// and the ids stay for a later `joinTogether`. Returns whether it took part.
  @discardableResult
  public func leaveTogether() throws(HabitsError) -> Bool {
    try write { db in
      try db.execute(sql: "UPDATE together_self SET active = 0 WHERE active = 1")
      return db.changesCount > 0
    }
  }

  static func togetherMember(_ db: Database) throws -> TogetherMember? {
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT person, device, name, active, partner_name, partner FROM together_self"),
      let person = (row[0] as String?).flatMap({ PersonID($0) }),
      let device = (row[1] as String?).flatMap({ DeviceID($0) })
    else { return nil }
    let active: Int = row[3]
    return TogetherMember(
      person: person, device: device, name: row[2], active: active == 1, partnerName: row[4],
      partner: (row[5] as String?).flatMap { PersonID($0) })
  }

  /// The together pass, after sync's (when the device syncs): this
  /// device's profile written again when `offers` changed (nil: the
  /// habits were not all loaded, and what was last agreed stands as far as
  /// the partner's profiles still offer it and, for those of `loaded`, as
  /// their files say now: a habit dropped so is dropped from what is
  /// agreed until a pass that reads them all), this
  /// person's new events of the habits kept together sent to the folder
  /// (without notes unless both say `share_notes`), and the partner's new
  /// events taken: of a `shared` habit into its check-ins, of an `each`
  /// habit into their own record. Their events of any other habit are
  /// skipped and reported.
  @discardableResult
  public func synchronizeTogether(
    folder: TogetherFolder, offers: [TogetherProfile.Offer]?, loaded: [Habit] = [],
    at now: Instant
  ) throws(HabitsError) -> SyncReport {
    guard let me = try togetherMember(), me.active else { return SyncReport() }
    if let home = try syncMember()?.copiedFrom { throw Self.copied(from: home) }
    let listing = try folder.list()
    if let offers {
      try folder.write(
        TogetherProfile(
          person: me.person, device: me.device, name: me.name, written: now.secondsSince1970,
          offers: offers))
    }
    // Once found, the partner is never replaced (`TogetherAgreement`):
    // while no profile of theirs can be read, nothing is sent or taken,
    // and what stands in the way is said.
    if let partner = me.partner,
      !listing.profiles.contains(where: { $0.profile.person == partner })
    {
      return Self.partnerUnread(partner, listing: listing)
    }
    guard try hasTogetherNews(me: me, offers: offers, listing: listing, folder: folder) else {
      return SyncReport()
    }
    return try write(fromFolder: true) { db in
      var report = SyncReport()
      let stored = try Self.keptTogether(db)
      let mine =
        offers
        ?? stored.map { TogetherProfile.Offer(habitID: $0.key, together: $0.value.kept) }
      let agreement = TogetherAgreement(
        me: me.person, mine: mine, listing: listing, known: me.partner)
      var kept: [String: Kept]
      if offers != nil {
        kept = Self.kept(agreement, offers: mine, listing: listing)
      } else {
        // Without every schedule file read, what was agreed stands only as
        // far as the partner's profiles still offer it: data and notes
        // cross only while both sides say so now.
        kept = Self.narrowed(
          stored, by: TogetherAgreement.offers(of: agreement.partner?.person, in: listing))
      }
      // A habit of the files just read that no longer says `together` (or
      // `share_notes`) sends nothing more (or no note), before a pass that
      // reads them all agrees on it anew.
      for habit in loaded where kept[habit.id] != nil {
        if habit.together == nil {
          kept[habit.id] = nil
        } else if !habit.sharesNotes {
          kept[habit.id]?.notes = false
        }
      }
      // What is kept is saved however it changed, dropped habits too: this
      // pass forgets their changes here (below, on a device that does not
      // sync) and reads past the partner's events of them, so a habit kept
      // again must be newly kept, its history compared with its events.
      if kept != stored {
        try Self.saveKept(db, kept)
        // The partner's files are read again from their start: events of
        // a habit not kept together when they came were skipped, and one
        // kept another way now goes elsewhere. What is here already is
        // not taken twice.
        if kept.contains(where: { stored[$0.key]?.kept != $0.value.kept }) {
          try db.execute(sql: "DELETE FROM sync_file WHERE path LIKE 'people/%'")
        }
      }
      if let partner = agreement.partner, me.partner == nil || me.partner == partner.person,
        partner.name != me.partnerName || partner.person != me.partner
      {
        try db.execute(
          sql: "UPDATE together_self SET partner_name = ?, partner = ?",
          arguments: [partner.name, partner.person.text])
      }
      guard var member = try Self.member(db) else {
        throw HabitsError(
          "this device's id was not found", hint: "run 'habits together init' again")
      }
      if !member.active {
        try Self.recordChanges(
          db, kept: kept, newly: Set(kept.keys).subtracting(stored.keys),
          member: &member, now: now)
      }
      report.written = try Self.send(db, kept: kept, me: me, member: member, folder: folder)
      if let partner = agreement.partner?.person {
        try Self.take(
          db, from: partner, kept: kept, listing: listing, folder: folder, member: &member,
          now: now, report: &report)
      }
      if let last = member.clock.last, try Self.member(db)?.clock.last != last {
        try db.execute(
          sql: "UPDATE sync_self SET clock_seconds = ?, clock_counter = ?",
          arguments: [last.seconds, last.counter])
      }
      return report
    }
  }

  /// The report of a pass that found no profile of the partner's it could
  /// read: what is wrong with theirs (mid-copy, damaged, from a newer
  /// build), and that nothing goes across until one can be read.
  private static func partnerUnread(
    _ partner: PersonID, listing: TogetherFolder.Listing
  ) -> SyncReport {
    var report = SyncReport()
    report.problems = listing.problems.filter { $0.file.hasPrefix("people/\(partner)/") }
    report.problems.append(.partnerUnread(partner))
    return report
  }

  /// Whether the together pass has anything to do, found by reading only,
  /// so that a command with nothing to send or take takes no write lock:
  /// what both keep together or the partner's name changed, days changed
  /// here wait to become events (on a device that does not sync), an
  /// event of a habit kept together was not sent yet, or a file of the
  /// partner's is not as it was last read.
  private func hasTogetherNews(
    me: TogetherMember, offers: [TogetherProfile.Offer]?, listing: TogetherFolder.Listing,
    folder: TogetherFolder
  ) throws(HabitsError) -> Bool {
    let agreement = TogetherAgreement(
      me: me.person, mine: offers ?? [], listing: listing, known: me.partner)
    if let partner = agreement.partner,
      partner.name != me.partnerName || partner.person != me.partner
    {
      return true
    }
    let partner = agreement.partner?.person
    let (news, recorded) = try read { db -> (Bool, [String: FileState]) in
      let stored = try Self.keptTogether(db)
      if let offers, Self.kept(agreement, offers: offers, listing: listing) != stored {
        return (true, [:])
      }
      if try Self.member(db)?.active != true,
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_dirty)") == true
      {
        return (true, [:])
      }
      for habit in stored.keys {
        let unsent = try Bool.fetchOne(
          db,
          sql: """
            SELECT EXISTS (SELECT 1 FROM sync_event WHERE habit = ? AND person IS NULL
              AND id NOT IN (SELECT id FROM together_sent))
            """, arguments: [habit])
        if unsent == true { return (true, [:]) }
      }
      var states: [String: FileState] = [:]
      for (path, file) in try Self.readFiles(db, under: "people/") {
        if let state = file.state { states[path] = state }
      }
      return (false, states)
    }
    if news { return true }
    for file in listing.files where file.person == partner {
      guard let state = folder.state(of: file), recorded[file.relativePath] == state else {
        return true
      }
    }
    return false
  }

  /// How a habit is kept together, and whether its notes go across.
  struct Kept: Equatable {
    var kept: Together
    var notes: Bool
  }

  /// What `agreement` keeps together, with notes where both offers say so.
  private static func kept(
    _ agreement: TogetherAgreement, offers: [TogetherProfile.Offer],
    listing: TogetherFolder.Listing
  ) -> [String: Kept] {
    let partnerNotes = Set(
      TogetherAgreement.offers(of: agreement.partner?.person, in: listing).filter(\.notes)
        .map(\.habitID))
    let myNotes = Set(offers.filter(\.notes).map(\.habitID))
    var kept: [String: Kept] = [:]
    for offer in agreement.offers {
      guard let how = offer.agreed else { continue }
      kept[offer.habitID] = Kept(
        kept: how,
        notes: myNotes.contains(offer.habitID) && partnerNotes.contains(offer.habitID))
    }
    return kept
  }

  /// `kept` as far as the partner's `offers` still go: a habit they no
  /// longer offer, or no longer offer as shared when it is kept shared, is
  /// dropped, and its notes stay here unless they still share them.
  private static func narrowed(
    _ kept: [String: Kept], by offers: [TogetherProfile.Offer]
  ) -> [String: Kept] {
    var narrowed: [String: Kept] = [:]
    for offer in offers {
      guard var how = kept[offer.habitID], Together.agreed(how.kept, offer.together) == how.kept
      else { continue }
      how.notes = how.notes && offer.notes
      narrowed[offer.habitID] = how
    }
    return narrowed
  }

  /// The habits kept together, as last agreed.
  static func keptTogether(_ db: Database) throws -> [String: Kept] {
    var kept: [String: Kept] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT habit, kept, notes FROM together_habit") {
      guard let how = Together(rawValue: row[1]) else { continue }
      let notes: Int = row[2]
      kept[row[0]] = Kept(kept: how, notes: notes == 1)
    }
    return kept
  }

  private static func saveKept(_ db: Database, _ kept: [String: Kept]) throws {
    try db.execute(sql: "DELETE FROM together_habit")
    for (habit, how) in kept {
      try db.execute(
        sql: "INSERT INTO together_habit (habit, kept, notes) VALUES (?, ?, ?)",
        arguments: [habit, how.kept.rawValue, how.notes ? 1 : 0])
    }
  }

  /// On a device that does not sync: the days of the habits kept together
  /// changed here since the last pass become events, kept in the database
  /// (`writeChanges` without a folder), as do the whole history of a habit
  /// `newly` kept together, stamped when each day was recorded.
  private static func recordChanges(
    _ db: Database, kept: [String: Kept], newly: Set<String>, member: inout SyncMember,
    now: Instant
  ) throws {
    let dirty = try Row.fetchAll(db, sql: "SELECT habit, day FROM sync_dirty ORDER BY habit, day")
      .map { DayKey(habit: $0[0], day: $0[1]) }
      .filter { kept[$0.habit] != nil && !newly.contains($0.habit) }
    _ = try writeChanges(db, days: dirty, member: &member, folder: nil, now: now, backdated: false)
    for habit in newly.sorted() {
      let days = try String.fetchAll(
        db,
        sql:
          "SELECT day FROM checkin WHERE habit = ? UNION SELECT day FROM sync_event WHERE habit = ? ORDER BY 1",
        arguments: [habit, habit]
      ).map { DayKey(habit: habit, day: $0) }
      _ = try writeChanges(db, days: days, member: &member, folder: nil, now: now, backdated: true)
    }
    // The rest need no events while the device does not sync: `joinSync`
    // writes every day's.
    try db.execute(sql: "DELETE FROM sync_dirty WHERE habit IS NOT NULL")
  }

  /// Sends this person's events of the habits kept together that were not
  /// sent yet to this device's files in the folder; how many.
  private static func send(
    _ db: Database, kept: [String: Kept], me: TogetherMember, member: SyncMember,
    folder: TogetherFolder
  ) throws -> Int {
    var byFile: [TogetherFolder.EventFile: [String]] = [:]
    var sent: [String] = []
    for (habit, how) in kept.sorted(by: { $0.key < $1.key }) {
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT id, line FROM sync_event WHERE habit = ? AND person IS NULL
            AND id NOT IN (SELECT id FROM together_sent)
          ORDER BY seconds, counter, id
          """, arguments: [habit])
      for row in rows {
        guard case .event(var event)? = try? EventLine.decode(row[1] as String) else { continue }
        if !how.notes { event = event.withoutNote }
        let file = TogetherFolder.EventFile(
          person: me.person, device: member.device, stamp: event.stamp)
        byFile[file, default: []].append(EventLine.encode(event))
        sent.append(row[0])
      }
    }
    for (file, lines) in byFile.sorted(by: { $0.key < $1.key }) {
      try folder.append(lines, to: file)
    }
    for id in sent {
      try db.execute(sql: "INSERT OR IGNORE INTO together_sent (id) VALUES (?)", arguments: [id])
    }
    return sent.count
  }

  /// Takes what the partner's files gained since the last pass.
  private static func take(
    _ db: Database, from partner: PersonID, kept: [String: Kept],
    listing: TogetherFolder.Listing, folder: TogetherFolder, member: inout SyncMember,
    now: Instant, report: inout SyncReport
  ) throws {
    let read = try readFiles(db, under: "people/")
    var days: Set<DayKey> = []
    var refused: Set<String> = []
    for file in listing.files where file.person == partner {
      let path = file.relativePath
      let state = folder.state(of: file)
      if let recorded = read[path]?.state, state == recorded { continue }
      var offset = read[path]?.offset ?? 0
      var lines = read[path]?.lines ?? 0
      var bytes: SyncFolder.Bytes
      do throws(SyncProblem) {
        bytes = try folder.read(file, from: offset, after: read[path]?.tail)
        if bytes.shrunk {
          (offset, lines) = (0, 0)
          bytes = try folder.read(file, from: 0)
        }
      } catch {
        report.problems.append(error)
        continue
      }
      let chunk = EventFileReader.read(
        bytes.bytes, file: path, of: file.device, offset: offset, lines: lines)
      report.problems += chunk.problems
      // As sync's merge: written only when it moved on, as a write wakes
      // the agent (a file not yet settled is read again at each pass).
      if chunk.consumed != offset || bytes.state != read[path]?.state {
        try record(
          db, path, offset: chunk.consumed, lines: chunk.lines, state: bytes.state,
          tail: bytes.tail(readTo: chunk.consumed, from: offset, recorded: read[path]?.tail))
      }
      for var event in chunk.events {
        guard let how = kept[event.habitID] else {
          refused.insert(event.habitID)
          continue
        }
        if !how.notes { event = event.withoutNote }
        member.clock.observe(event.stamp, at: now)
        if try keepPartner(db, event, person: partner, shared: how.kept == .shared) {
          report.merged += 1
          if how.kept == .shared {
            days.insert(DayKey(habit: event.habitID, day: event.day.description))
          }
        } else if try isOwn(db, event.id) {
          report.problems.append(
            SyncProblem(file: path, line: 0, kind: .reusedID))
        }
      }
    }
    if !refused.isEmpty {
      report.problems.append(
        SyncProblem(
          file: "people/\(partner)", line: 0,
          kind: .damaged(
            "events for habits you do not keep together were skipped: "
              + refused.sorted().joined(separator: ", "))))
    }
    // Quieting the triggers writes to the database, which wakes the agent:
    // only when there are days to replay.
    guard !days.isEmpty else { return }
    try quietly(db) {
      for key in days.sorted() { try replay(db, key) }
    }
    report.days += days.count
  }

  /// Keeps one of the partner's events: of a shared habit among this
  /// device's events (so the day's replay has it), of an `each` habit in
  /// their own table. False when its id is taken: by the same event, or by
  /// another, which stays (an event of theirs never replaces one of ours).
  private static func keepPartner(
    _ db: Database, _ event: SyncEvent, person: PersonID, shared: Bool
  ) throws -> Bool {
    let table = shared ? "sync_event" : "partner_event"
    try db.cachedStatement(
      sql: """
        INSERT INTO \(table) (id, seconds, counter, device, habit, day, line, person)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
        """
    ).execute(arguments: [
      event.id.text, event.stamp.seconds, event.stamp.counter, event.stamp.device.text,
      event.habitID, event.day.description, EventLine.encode(event), person.text,
    ])
    return db.changesCount > 0
  }

  /// Whether `id` is one of this person's events.
  /// What is wrong with the partner's event files, each read again whole
  /// (as `syncStatus` reads the sync folder's): lines that are not events,
  /// lines of a newer format, and events that reuse the id of one of this
  /// person's, which a pass keeps as this person's and says only once.
  public func togetherProblems(
    folder: TogetherFolder, listing: TogetherFolder.Listing, partner: PersonID
  ) throws(HabitsError) -> [SyncProblem] {
    try read { db in
      var problems: [SyncProblem] = []
      for file in listing.files where file.person == partner {
        let bytes: SyncFolder.Bytes
        do throws(SyncProblem) {
          bytes = try folder.read(file, from: 0)
        } catch {
          problems.append(error)
          continue
        }
        let chunk = EventFileReader.read(bytes.bytes, file: file.relativePath, of: file.device)
        problems += chunk.problems
        if try chunk.events.contains(where: { try Self.isOwn(db, $0.id) }) {
          problems.append(SyncProblem(file: file.relativePath, line: 0, kind: .reusedID))
        }
      }
      return problems
    }
  }

  private static func isOwn(_ db: Database, _ id: EventID) throws -> Bool {
    try Bool.fetchOne(
      db, sql: "SELECT EXISTS (SELECT 1 FROM sync_event WHERE id = ? AND person IS NULL)",
      arguments: [id.text]) ?? false
  }

  /// The partner's record of `habit`, a habit each keeps: each day's state
  /// from their events, by day.
  public func partnerDays(habitID: String) throws(HabitsError) -> [CivilDate: DayState] {
    try read { db in
      try Self.partnerChanges(db, habit: habitID, kept: .each).compactMapValues {
        $0.state == .open ? nil : $0.state
      }
    }
  }

  /// The days of `habit` whose last change, in replay order, was the
  /// partner's, with what the day says then and when they made it: of an
  /// `each` habit their own record (every change is theirs), of a shared one
  /// the couple's. `day` limits it to that day.
  static func partnerChanges(
    _ db: Database, habit: String, kept: Together, day: CivilDate? = nil
  ) throws -> [CivilDate: (state: DayState, at: Instant)] {
    let table = kept == .shared ? "sync_event" : "partner_event"
    var sql = "SELECT line, person FROM \(table) WHERE habit = ?"
    var arguments: StatementArguments = [habit]
    if let day {
      sql += " AND day = ?"
      arguments += [day.description]
    }
    var byDay: [CivilDate: [SyncEvent]] = [:]
    var theirs: Set<EventID> = []
    for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
      guard case .event(let event)? = try? EventLine.decode(row[0] as String) else { continue }
      byDay[event.day, default: []].append(event)
      if (row[1] as String?) != nil { theirs.insert(event.id) }
    }
    var changes: [CivilDate: (state: DayState, at: Instant)] = [:]
    for (date, events) in byDay {
      let ordered = DayReplay.unique(events)
      guard let last = ordered.last, theirs.contains(last.id) else { continue }
      changes[date] = (DayReplay.state(of: ordered), last.stamp.instant)
    }
    return changes
  }

  /// The partner's own record of `habit`, a habit each keeps, as check-ins
  /// (stamped when they last changed each day), for their streak.
  public func partnerCheckIns(habitID: String) throws(HabitsError) -> [CheckIn] {
    try partnerDays(habitID: habitID).compactMap { day, state -> CheckIn? in
      switch state {
      case .done(let amount, _):
        return CheckIn(
          habitID: habitID, day: day, kind: .done, value: amount,
          recordedAt: Instant(secondsSince1970: 0))
      case .skipped:
        return CheckIn(
          habitID: habitID, day: day, kind: .skip, recordedAt: Instant(secondsSince1970: 0))
      case .open: return nil
      }
    }.sorted { $0.day < $1.day }
  }

  /// The partner's name and where they stand on `day` in each habit kept
  /// together; nil when this device keeps nothing together.
  public func partnerDays(on day: CivilDate) throws(HabitsError) -> (
    name: String?, days: [String: PartnerDay]
  )? {
    try read { db in
      guard let me = try Self.togetherMember(db), me.active else { return nil }
      var days: [String: PartnerDay] = [:]
      for (habit, how) in try Self.keptTogether(db) {
        let change = try Self.partnerChanges(db, habit: habit, kept: how.kept, day: day)[day]
        days[habit] = PartnerDay(
          habitID: habit, kept: how.kept, state: change?.state ?? .open, at: change?.at)
      }
      return (me.partnerName, days)
    }
  }

  /// What the week's words for habits kept together need: the partner's
  /// name, how each habit is kept, each `each` habit's days as the partner
  /// recorded them and each shared habit's days they changed last; nil when
  /// this device keeps nothing together.
  public func togetherRecord() throws(HabitsError) -> (
    partner: String?, kept: [String: Together], partnerDays: [String: [CivilDate: DayState]]
  )? {
    guard let me = try togetherMember(), me.active else { return nil }
    return try read { db in
      let kept = try Self.keptTogether(db).mapValues(\.kept)
      var days: [String: [CivilDate: DayState]] = [:]
      for (habit, how) in kept {
        days[habit] = try Self.partnerChanges(db, habit: habit, kept: how).compactMapValues {
          $0.state == .open ? nil : $0.state
        }
      }
      return (me.partnerName, kept, days)
    }
  }
}
