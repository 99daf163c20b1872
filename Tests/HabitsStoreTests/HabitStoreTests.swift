// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import Recurrence
import Testing

@testable import HabitsStore

/// Days, instants and rows for the store tests.
enum StoreFixture {
  static let now = Instant(secondsSince1970: 1_795_190_400)  // 2026-11-20T16:00:00Z

  static func day(_ text: String) -> CivilDate {
    guard let day = CivilDate(iso: text) else { preconditionFailure("bad day '\(text)'") }
    return day
  }

  static func count(_ store: HabitStore, _ sql: String = "SELECT count(*) FROM checkin") throws
    -> Int
  {
    Int(try store.fetchRawStrings(sql).first.flatMap { $0 } ?? "") ?? -1
  }
}

/// Check-ins, skips and undo, through an in-memory store.
@Suite struct CheckInStoreTests {
  typealias F = StoreFixture

  @Test func doneTwiceOnAYesNoDayKeepsOneCheckIn() throws {
    // Given an empty store
    let store = try HabitStore()
    // When gratitude is done twice on one day
    let first = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: F.now)
    let second = try store.recordDone(
      habitID: "gratitude", day: F.day("2026-11-20"), at: F.now.adding(seconds: 60))
    // Then the second says so and there is one row, with the first time kept
    #expect(first == .recorded)
    #expect(second == .alreadyDone)
    #expect(try F.count(store) == 1)
    let checkIn = try #require(try store.checkIns().first)
    #expect(checkIn.kind == .done)
    #expect(checkIn.recordedAt == F.now)
    #expect(checkIn.day == F.day("2026-11-20"))
  }

  @Test func aValueAddsToTheDaysTotal() throws {
    let store = try HabitStore()
    #expect(
      try store.recordDone(habitID: "reading", day: F.day("2026-11-20"), value: 10, at: F.now)
        == .recorded)
    #expect(
      try store.recordDone(
        habitID: "reading", day: F.day("2026-11-20"), value: 12.5, note: "chapter 3", at: F.now)
        == .added(total: 22.5))
    #expect(
      try store.recordDone(
        habitID: "reading", day: F.day("2026-11-20"), value: 7.5, note: "chapter 4", at: F.now)
        == .added(total: 30))
    // Another day starts from zero
    #expect(
      try store.recordDone(habitID: "reading", day: F.day("2026-11-19"), value: 5, at: F.now)
        == .recorded)
    let rows = try store.checkIns(habitID: "reading")
    #expect(rows.map(\.value) == [5, 30])
    #expect(rows.last?.note == "chapter 3\nchapter 4")
    #expect(try F.count(store) == 2)
  }

  @Test func notesTooLongTogetherAreRefusedAndTheDayKept() throws {
    // Given a skipped day and a done amount, each with a note of 6,000 characters
    let store = try HabitStore()
    let (day, note) = (F.day("2026-11-20"), String(repeating: "n", count: 6_000))
    _ = try store.recordSkip(habitID: "walk", day: day, note: note, at: F.now)
    _ = try store.recordDone(habitID: "reading", day: day, value: 1, note: note, at: F.now)
    let before = try store.checkIns()
    // When another such note would join each
    for (habit, value) in [("walk", nil), ("reading", 2.0)] as [(String, Double?)] {
      let error = #expect(throws: HabitsError.self) {
        try store.recordDone(habitID: habit, day: day, value: value, note: note, at: F.now)
      }
      // Then it is refused in words, and the day is as it was
      #expect(
        error?.message
          == "the notes of '\(habit)' on 2026-11-20 would be longer than 10000 characters together")
    }
    #expect(try store.checkIns() == before)
    // And so is a done without an amount over a done day, whose note would join too
    #expect(throws: HabitsError.self) {
      try store.recordDone(habitID: "reading", day: day, note: note + "!", at: F.now)
    }
    #expect(try store.checkIns() == before)
  }

  /// A done with a note on a day already done adds the note, a line
  /// apart; the same note again (the same command run twice) changes
  /// nothing, nor does a done without a note.
  @Test func aNoteOnADayAlreadyDoneIsAdded() throws {
    let store = try HabitStore()
    let day = F.day("2026-11-20")
    #expect(try store.recordDone(habitID: "gratitude", day: day, at: F.now) == .recorded)
    #expect(
      try store.recordDone(habitID: "gratitude", day: day, note: "thanked Sam", at: F.now)
        == .noteAdded)
    #expect(
      try store.recordDone(
        habitID: "gratitude", day: day, note: "and mum", at: F.now.adding(seconds: 60))
        == .noteAdded)
    for again in ["thanked Sam", "and mum", nil] {
      #expect(
        try store.recordDone(habitID: "gratitude", day: day, note: again, at: F.now) == .alreadyDone
      )
    }
    let rows = try store.checkIns()
    #expect(rows.map(\.note) == ["thanked Sam\nand mum"])
    #expect(rows.first?.recordedAt == F.now.adding(seconds: 60))
  }

  @Test func doneOverASkipReplacesIt() throws {
    // Given a skipped day
    let store = try HabitStore()
    #expect(
      try store.recordSkip(habitID: "walk", day: F.day("2026-11-20"), note: "rain", at: F.now)
        == .recorded)
    // When it is done after all
    let result = try store.recordDone(
      habitID: "walk", day: F.day("2026-11-20"), note: "it cleared up", at: F.now.adding(seconds: 5)
    )
    // Then it is one done row, keeping both notes
    #expect(result == .replacedSkip)
    let rows = try store.checkIns()
    #expect(rows.count == 1)
    #expect(rows.first?.kind == .done)
    #expect(rows.first?.note == "rain\nit cleared up")
    #expect(rows.first?.recordedAt == F.now.adding(seconds: 5))
  }

  @Test func skipOverDoneKeepsTheDone() throws {
    let store = try HabitStore()
    _ = try store.recordDone(habitID: "walk", day: F.day("2026-11-20"), note: "done", at: F.now)
    let result = try store.recordSkip(habitID: "walk", day: F.day("2026-11-20"), at: F.now)
    #expect(result == .alreadyDone)
    let rows = try store.checkIns()
    #expect(rows.count == 1)
    #expect(rows.first?.kind == .done)
    #expect(rows.first?.note == "done")
  }

  @Test func skipTwiceSaysSo() throws {
    let store = try HabitStore()
    #expect(try store.recordSkip(habitID: "walk", day: F.day("2026-11-20"), at: F.now) == .recorded)
    #expect(
      try store.recordSkip(habitID: "walk", day: F.day("2026-11-20"), at: F.now) == .alreadySkipped)
    #expect(try F.count(store) == 1)
  }

  @Test func undoReturnsWhatItRemoved() throws {
    // Given a done day with a note and a skipped day
    let store = try HabitStore()
    _ = try store.recordDone(
      habitID: "reading", day: F.day("2026-11-20"), value: 20, note: "novel", at: F.now)
    _ = try store.recordSkip(habitID: "reading", day: F.day("2026-11-19"), at: F.now)
    // When each is undone
    let removedDone = try store.undo(habitID: "reading", day: F.day("2026-11-20"))
    let removedSkip = try store.undo(habitID: "reading", day: F.day("2026-11-19"))
    let nothing = try store.undo(habitID: "reading", day: F.day("2026-11-18"))
    // Then each comes back as it was, and the store is empty
    #expect(
      removedDone
        == CheckIn(
          habitID: "reading", day: F.day("2026-11-20"), kind: .done, value: 20, note: "novel",
          recordedAt: F.now))
    #expect(removedSkip?.kind == .skip)
    #expect(removedSkip?.day == F.day("2026-11-19"))
    #expect(nothing == nil)
    #expect(try store.checkIns().isEmpty)
  }

  @Test func checkInsFilterByHabitAndSinceOldestFirst() throws {
    let store = try HabitStore()
    for (habit, day) in [
      ("walk", "2026-11-20"), ("gratitude", "2026-11-18"), ("walk", "2026-11-17"),
      ("gratitude", "2026-11-20"), ("walk", "2026-10-31"),
    ] {
      _ = try store.recordDone(habitID: habit, day: F.day(day), at: F.now)
    }
    #expect(try store.checkIns().count == 5)
    #expect(
      try store.checkIns(habitID: "walk").map(\.day.description)
        == ["2026-10-31", "2026-11-17", "2026-11-20"])
    #expect(
      try store.checkIns(since: F.day("2026-11-18")).map { "\($0.habitID) \($0.day)" }
        == ["gratitude 2026-11-18", "gratitude 2026-11-20", "walk 2026-11-20"])
    #expect(
      try store.checkIns(habitID: "walk", since: F.day("2026-11-17")).map(\.day.description)
        == ["2026-11-17", "2026-11-20"])
    #expect(try store.checkIns(habitID: "nobody").isEmpty)
  }

  @Test func daysAreOneHabitsHistoryOldestFirst() throws {
    let store = try HabitStore()
    for (habit, day, value) in [
      ("walk", "2026-11-20", 2.5), ("gratitude", "2026-11-18", nil), ("walk", "2026-11-17", nil),
      ("walk", "2026-10-31", 4),
    ] as [(String, String, Double?)] {
      _ = try store.recordDone(habitID: habit, day: F.day(day), value: value, at: F.now)
    }
    _ = try store.recordSkip(habitID: "walk", day: F.day("2026-11-01"), at: F.now)
    let days = try store.days(of: "walk")
    #expect(
      days.map(\.day.description) == ["2026-10-31", "2026-11-01", "2026-11-17", "2026-11-20"])
    #expect(days.map(\.kind) == [.done, .skip, .done, .done])
    #expect(days.map(\.value) == [4, nil, nil, 2.5])
    #expect(days == (try store.history(habitID: "walk")).map(HabitDay.init))
    #expect(
      try store.days(of: "walk", since: F.day("2026-11-17")).map(\.day.description)
        == ["2026-11-17", "2026-11-20"])
    #expect(try store.days(of: "nobody").isEmpty)
  }

  @Test func recordedAtSurvivesTheRoundTrip() throws {
    let store = try HabitStore()
    let at = Instant(secondsSince1970: 1_795_196_051)  // 2026-11-20T17:34:11Z
    _ = try store.recordDone(habitID: "gratitude", day: F.day("2026-11-20"), at: at)
    #expect(try store.checkIns().first?.recordedAt == at)
    #expect(
      try store.fetchRawStrings("SELECT recorded_at FROM checkin") == ["2026-11-20T17:34:11Z"])
  }

  @Test func aRecordedAtInAnotherFormStillReads() throws {
    // Given a row written with an offset rather than Z (by hand, or by another tool)
    let store = try HabitStore()
    try store.executeRaw(
      """
      INSERT INTO habit (id, first_seen) VALUES ('gratitude', '2026-11-20T16:00:00Z');
      INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
      VALUES ('gratitude', '2026-11-20', 'done', NULL, NULL, '2026-11-20T18:34:11+01:00');
      """)
    // Then it reads as that instant
    #expect(try store.checkIns().first?.recordedAt == Instant(secondsSince1970: 1_795_196_051))
  }

  @Test(arguments: ["2026-11-20", "2024-02-29", "1999-12-31", "0001-01-01"])
  func theFastDayReaderAgreesWithTheGeneralOne(_ text: String) {
    #expect(HabitStore.day(text) == CivilDate(iso: text))
    #expect(HabitStore.day(text) != nil)
  }

  @Test(arguments: ["2026-02-30", "2026-11-2x", "2026/11/20", "", "2026-11-20T00:00:00Z"])
  func theFastDayReaderRefusesWhatTheGeneralOneRefuses(_ text: String) {
    #expect(HabitStore.day(text) == nil)
  }

  @Test func theFastInstantReaderAgreesWithInstantDescription() {
    for seconds in [0, 1_795_196_051, 951_782_400, 4_102_444_799] {
      let instant = Instant(secondsSince1970: seconds)
      #expect(HabitStore.instant(instant.description) == instant)
    }
    #expect(HabitStore.instant("2026-11-20T24:00:00Z") == nil)
    #expect(HabitStore.instant("2026-11-20T17:34Z") == Instant(secondsSince1970: 1_795_196_040))
  }
}

/// The schema refuses what the code should never write.
@Suite struct SchemaConstraintTests {
  typealias F = StoreFixture

  static func store() throws -> HabitStore {
    let store = try HabitStore()
    try store.executeRaw(
      "INSERT INTO habit (id, first_seen) VALUES ('gratitude', '2026-11-20T16:00:00Z')")
    return store
  }

  static func insert(
    day: String = "'2026-11-20'", kind: String = "'done'", value: String = "NULL",
    habit: String = "'gratitude'"
  ) -> String {
    """
    INSERT INTO checkin (habit, day, kind, value, note, recorded_at)
    VALUES (\(habit), \(day), \(kind), \(value), NULL, '2026-11-20T16:00:00Z')
    """
  }

  /// Runs `sql` and returns the refusal; fails the test when it is accepted.
  static func refusal(_ store: HabitStore, _ sql: String) throws -> HabitsError {
    let before = try F.count(store)
    let error = try #require(throws: HabitsError.self) { try store.executeRaw(sql) }
    #expect(try F.count(store) == before, "the refused row must not be there")
    return error
  }

  @Test func aGoodRowIsAcceptedSoTheRefusalsBelowMeanSomething() throws {
    let store = try Self.store()
    try store.executeRaw(Self.insert())
    #expect(try F.count(store) == 1)
  }

  @Test func aBadKindIsRefused() throws {
    let error = try Self.refusal(try Self.store(), Self.insert(kind: "'maybe'"))
    #expect(error.message.contains("refused by the database's rules"))
    #expect(error.message.contains("CHECK"))
  }

  @Test(arguments: ["'2026-02-30'", "'2026-13-01'", "'2026-11-20 10:00'", "'20261120'", "NULL"])
  func anImpossibleDayIsRefused(_ day: String) throws {
    let error = try Self.refusal(try Self.store(), Self.insert(day: day))
    #expect(error.message.contains("refused by the database's rules"))
  }

  @Test func aSecondRowForTheSameHabitAndDayIsRefused() throws {
    let store = try Self.store()
    try store.executeRaw(Self.insert())
    let error = try Self.refusal(store, Self.insert(kind: "'skip'"))
    #expect(error.message.contains("UNIQUE"))
    #expect(try F.count(store) == 1)
  }

  @Test(arguments: ["-1", "1e13", "'lots'"])
  func aBadValueIsRefused(_ value: String) throws {
    _ = try Self.refusal(try Self.store(), Self.insert(value: value))
  }

  @Test func aCheckInOfAnUnknownHabitIsRefused() throws {
    let error = try Self.refusal(try Self.store(), Self.insert(habit: "'nobody'"))
    #expect(error.message.contains("FOREIGN KEY"))
  }

  @Test(arguments: ["''", "'../etc'", "'has space'"])
  func aBadHabitIDIsRefused(_ id: String) throws {
    let store = try HabitStore()
    let error = try #require(throws: HabitsError.self) {
      try store.executeRaw("INSERT INTO habit (id, first_seen) VALUES (\(id), 'x')")
    }
    #expect(error.message.contains("refused"))
  }

  @Test func aBadReminderKindIsRefused() throws {
    let store = try Self.store()
    let error = try #require(throws: HabitsError.self) {
      try store.executeRaw(
        "INSERT INTO reminder_log (habit, due, fired_at, kind) VALUES ('gratitude', 'a', 'b', 'shout')"
      )
    }
    #expect(error.message.contains("CHECK"))
  }
}

/// Snoozes and the log of reminders fired, for the agent.
@Suite struct ReminderStoreTests {
  typealias F = StoreFixture

  @Test func snoozeUpsertsAndSnoozesAtReadsThoseInForce() throws {
    // Given gratitude snoozed for 15 minutes, then again for an hour, and walk for 5 minutes
    let store = try HabitStore()
    try store.snooze(habitID: "gratitude", until: F.now.adding(seconds: 900), at: F.now)
    try store.snooze(habitID: "gratitude", until: F.now.adding(seconds: 3600), at: F.now)
    try store.snooze(habitID: "walk", until: F.now.adding(seconds: 300), at: F.now)
    // Then one row a habit, with the latest snooze
    #expect(try F.count(store, "SELECT count(*) FROM snooze") == 2)
    #expect(
      try store.snoozes(at: F.now)
        == ["gratitude": F.now.adding(seconds: 3600), "walk": F.now.adding(seconds: 300)])
    // and a snooze ends at its instant
    #expect(
      try store.snoozes(at: F.now.adding(seconds: 300)) == [
        "gratitude": F.now.adding(seconds: 3600)
      ])
    #expect(try store.snoozes(at: F.now.adding(seconds: 3600)).isEmpty)
    // A shorter snooze replaces a longer one: the latest word wins
    try store.snooze(
      habitID: "gratitude", until: F.now.adding(seconds: 60), at: F.now.adding(seconds: 1))
    #expect(try store.snoozes(at: F.now)["gratitude"] == F.now.adding(seconds: 60))
  }

  @Test func aReminderIsLoggedOnce() throws {
    let store = try HabitStore()
    let due = F.now
    let reminder = FiredReminder(
      habitID: "gratitude", due: due, firedAt: due, kind: .reminder)
    // When the same habit and due instant is logged twice, even as another kind
    #expect(try store.logReminder(reminder))
    #expect(try store.logReminder(reminder) == false)
    var again = reminder
    again.kind = .catchUp
    again.firedAt = due.adding(seconds: 600)
    #expect(try store.logReminder(again) == false)
    // Then other dues, other habits and the weekly summary are separate
    #expect(
      try store.logReminder(
        .init(habitID: "gratitude", due: due.adding(seconds: 3600), firedAt: due, kind: .nudge)))
    #expect(try store.logReminder(.init(habitID: "walk", due: due, firedAt: due, kind: .reminder)))
    #expect(try store.logReminder(.init(habitID: nil, due: due, firedAt: due, kind: .summary)))
    #expect(
      try store.logReminder(.init(habitID: nil, due: due, firedAt: due, kind: .summary)) == false)
    let fired = try store.firedReminders(since: due)
    #expect(fired.count == 4)
    #expect(fired.contains(reminder))
    #expect(fired.first { $0.habitID == nil }?.kind == .summary)
    #expect(try store.firedReminders(since: due.adding(seconds: 1)).map(\.kind) == [.nudge])
  }
}
