// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsInterchange
import HabitsTestSupport
import Recurrence
import Testing

/// A Loop Habit Tracker CSV export built in the test, as the app's exporter lays it out.
struct LoopExportFixture {
  static let header =
    "Position,Name,Type,Question,Description,FrequencyNumerator,FrequencyDenominator,Color,"
    + "Unit,Target Type,Target Value,Archived?"

  var files: [String: String] = [:]

  init(habits rows: [String], header: String = Self.header) {
    files["Habits.csv"] = ([header] + rows).map { $0 + "\n" }.joined()
  }

  /// Adds a habit's folder: `Checkmarks.csv` and `Scores.csv` rows, newest first.
  mutating func folder(_ name: String, checkmarks: [String], scores: [String] = []) {
    files[name + "/Checkmarks.csv"] = (["Date,Value,Notes"] + checkmarks).map { $0 + "\n" }.joined()
    files[name + "/Scores.csv"] = (["Date,Score"] + scores).map { $0 + "\n" }.joined()
  }

  var bytes: [String: [UInt8]] { files.mapValues { Array($0.utf8) } }
}

@Suite struct LoopImportTests {
  typealias F = HistoryFixture

  /// The export's last day, and when the import runs.
  static let lastDay = "2026-11-20"
  static let now = Instant(secondsSince1970: 1_795_208_400)  // 2026-11-20T21:00:00Z

  // MARK: The exports

  /// (a) 2 in 3 days, newest first: yes, no, no, yes, yes, yes, no, no, yes, yes,
  /// with the scores Loop shows (the store issue); some "no" days are Loop's YES_AUTO.
  static let twoInThree = (
    row: "001,Two in three,YES_NO,Did you stretch?,,2,3,#37474F,,,,false",
    folder: "001 Two in three",
    checkmarks: [
      "2026-11-20,YES_MANUAL,", "2026-11-19,YES_AUTO,", "2026-11-18,NO,",
      "2026-11-17,YES_MANUAL,", "2026-11-16,YES_MANUAL,", "2026-11-15,YES_MANUAL,",
      "2026-11-14,YES_AUTO,", "2026-11-13,NO,", "2026-11-12,YES_MANUAL,", "2026-11-11,YES_MANUAL,",
    ],
    scores: [
      "2026-11-20,0.2557", "2026-11-19,0.2226", "2026-11-18,0.1991", "2026-11-17,0.1746",
      "2026-11-16,0.1379", "2026-11-15,0.0995", "2026-11-14,0.0706", "2026-11-13,0.0515",
      "2026-11-12,0.0315", "2026-11-11,0.0107",
    ]
  )

  /// (b) Daily, twenty days in a row; Loop's scores for the last four days.
  static let daily = (
    row: "002,Meditate,YES_NO,Did you meditate today?,\"Ten minutes, eyes closed.\",1,1,"
      + "#37474F,,,,false",
    folder: "002 Meditate",
    checkmarks: F.run(20, endingOn: lastDay).reversed().map { "\($0),YES_MANUAL," },
    scores: [
      "2026-11-20,0.655747", "2026-11-19,0.636894", "2026-11-18,0.617008", "2026-11-17,0.596033",
    ]
  )

  /// (c) At least 8 glasses a day, in thousandths, with a quoted name and note.
  /// Scores: loop_fixture.py's transcription of Loop's ScoreList.recompute.
  static let numeric = (
    row: "003,\"Water, \"\"8 glasses\"\"\",NUMERICAL,How many glasses?,,1,1,#37474F,glasses,"
      + "AT_LEAST,8.0,false",
    folder: "003 Water 8 glasses",
    checkmarks: [
      "2026-11-20,8000,", "2026-11-19,6000,", "2026-11-18,10000,", "2026-11-17,NO,",
      "2026-11-16,8000,", "2026-11-15,SKIP,", "2026-11-14,4500,", "2026-11-13,UNKNOWN,",
      "2026-11-12,9000,", "2026-11-11,8000,", "2026-11-10,12000,\"a hot day, \"\"thirsty\"\"\"",
      "2026-11-09,7000,",
    ],
    scores: [
      "2026-11-20,0.3283", "2026-11-19,0.2915", "2026-11-18,0.2664", "2026-11-17,0.2262",
      "2026-11-16,0.2386", "2026-11-15,0.1969", "2026-11-14,0.1969", "2026-11-13,0.1769",
      "2026-11-12,0.1865", "2026-11-11,0.1420", "2026-11-10,0.0950", "2026-11-09,0.0454",
    ]
  )

  /// (d) 3 in 7 days, archived, with skips and notes (one over two lines).
  static let archived = (
    row: "004,Gym,YES_NO,,Strength training,3,7,#37474F,,,,true",
    folder: "004 Gym",
    checkmarks: [
      "2026-11-20,YES_MANUAL,\"legs, then core\"", "2026-11-19,SKIP,travelling", "2026-11-18,NO,",
      "2026-11-17,YES_MANUAL,\"short one\nbut done\"", "2026-11-16,YES_AUTO,",
      "2026-11-15,YES_MANUAL,", "2026-11-14,YES_MANUAL,", "2026-11-13,SKIP,", "2026-11-12,NO,",
      "2026-11-11,YES_MANUAL,", "2026-11-10,YES_MANUAL,", "2026-11-09,NO,", "2026-11-08,NO,",
      "2026-11-07,YES_MANUAL,", "2026-11-06,YES_MANUAL,", "2026-11-05,YES_MANUAL,",
    ],
    scores: [
      "2026-11-20,0.2993", "2026-11-19,0.2744", "2026-11-18,0.2744", "2026-11-17,0.2486",
      "2026-11-16,0.2219", "2026-11-15,0.1943", "2026-11-14,0.1657", "2026-11-13,0.1360",
      "2026-11-12,0.1360", "2026-11-11,0.1113", "2026-11-10,0.0856", "2026-11-09,0.0650",
      "2026-11-08,0.0495", "2026-11-07,0.0335", "2026-11-06,0.0170", "2026-11-05,0.0057",
    ]
  )

  /// (e) A limit over a week: at most 3 sweets in any 7 days.
  static let limit = (
    row: "005,Sweets,NUMERICAL,,,1,7,#37474F,pieces,AT_MOST,3.0,false",
    folder: "005 Sweets",
    checkmarks: [
      "2026-11-20,NO,", "2026-11-19,1000,", "2026-11-18,NO,", "2026-11-17,2000,",
      "2026-11-16,NO,", "2026-11-15,NO,", "2026-11-14,1000,", "2026-11-13,3000,",
      "2026-11-12,NO,", "2026-11-11,NO,",
    ],
    scores: [
      "2026-11-20,0.9178", "2026-11-19,0.9229", "2026-11-18,0.9417", "2026-11-17,0.9609",
      "2026-11-16,0.9804", "2026-11-15,0.9868", "2026-11-14,0.9933", "2026-11-13,1.0000",
      "2026-11-12,1.0000", "2026-11-11,1.0000",
    ]
  )

  static var cases: [(row: String, folder: String, checkmarks: [String], scores: [String])] {
    [twoInThree, daily, numeric, archived, limit]
  }

  static func export() -> LoopExportFixture {
    var export = LoopExportFixture(habits: cases.map(\.row))
    for item in cases {
      export.folder(item.folder, checkmarks: item.checkmarks, scores: item.scores)
    }
    // The side-by-side files at the top, names unquoted as Loop writes them: never read.
    export.files["Scores.csv"] = "Date,Two in three,Meditate,Water, \"8 glasses\",Gym,Sweets,\n"
    export.files["Checkmarks.csv"] = "Date,Two in three,Meditate,Water, \"8 glasses\",Gym,Sweets,\n"
    return export
  }

  /// The plan's schedule files written out and read back by the real loader.
  static func load(_ plan: ImportPlan) throws -> [Habit] {
    let fixture = try LoaderFixture()
    defer { fixture.remove() }
    var paths: [String] = []
    for schedule in plan.schedules {
      paths.append(try fixture.write(schedule.fileName, schedule.text))
    }
    let result = ScheduleLoader.load(files: paths)
    #expect(result.errors.isEmpty, "\(result.errors)")
    return result.habits
  }

  static func scores(_ rows: [String]) -> [(day: CivilDate, score: Double)] {
    rows.compactMap { row in
      let parts = row.split(separator: ",")
      guard parts.count == 2, let day = CivilDate(iso: parts[0]), let score = Double(parts[1])
      else { return nil }
      return (day, score)
    }
  }

  // MARK: Strength parity

  @Test func eachHabitsStrengthIsTheOneLoopShowed() throws {
    // Given the export
    let plan = try LoopImport.plan(files: Self.export().bytes, label: "export", now: Self.now)
    // When its schedule files load and its check-ins make each habit's history
    let habits = try Self.load(plan)
    #expect(habits.map(\.id) == ["two-in-three", "meditate", "water-8-glasses", "gym", "sweets"])
    for (habit, item) in Swift.zip(habits, Self.cases) {
      let history = HabitHistory(
        habit: habit, checkIns: plan.checkIns, clock: DayClock(zone: .utc),
        today: F.day(Self.lastDay))
      let ours = history.strengths()
      let loop = Self.scores(item.scores)
      // Then the strength on the export's last day is the one Loop's Scores.csv showed
      #expect(abs(history.strength() - loop[0].score) <= 1e-4, "\(habit.id): \(history.strength())")
      // and so is each day's before it
      let first = F.day(Self.lastDay).adding(days: -(ours.count - 1))
      for (day, score) in loop {
        let index = day.daysSinceEpoch - first.daysSinceEpoch
        let mine: Double = index >= 0 ? ours[index] : (habit.goal?.kind == .atMost ? 1 : 0)
        #expect(abs(mine - score) <= 1e-4, "\(habit.id) on \(day): \(mine), Loop \(score)")
      }
    }
  }

  @Test func frequenciesBecomeSchedulesWithLoopsNumbers() throws {
    let plan = try LoopImport.plan(files: Self.export().bytes, label: "export", now: Self.now)
    let habits = try Self.load(plan)
    let byID = Dictionary(uniqueKeysWithValues: habits.map { ($0.id, $0) })
    let twoInThree = try #require(byID["two-in-three"])
    #expect(twoInThree.target == Target(count: 2, period: .days(3)))
    #expect(Frequency(habit: twoInThree) == Frequency(2, 3))
    let meditate = try #require(byID["meditate"])
    #expect(meditate.target == nil)
    #expect(meditate.schedule.expression == "daily at 9:00")
    #expect(meditate.description == "Did you meditate today? — Ten minutes, eyes closed.")
    let gym = try #require(byID["gym"])
    #expect(gym.target == Target(count: 3, period: .week))
    #expect(!gym.enabled)
    #expect(gym.description == "Strength training")
    let water = try #require(byID["water-8-glasses"])
    #expect(water.title == "Water, \"8 glasses\"")
    #expect(water.goal == Goal(kind: .atLeast, amount: 8, unit: "glasses"))
    let sweets = try #require(byID["sweets"])
    #expect(sweets.goal == Goal(kind: .atMost, amount: 3, unit: "pieces"))
    #expect(sweets.target == Target(count: 1, period: .week))
    #expect(Frequency(habit: sweets) == Frequency(1, 7))
    // Each starts on its first day in the export.
    #expect(twoInThree.start == F.day("2026-11-11"))
    #expect(gym.start == F.day("2026-11-05"))
    // and says its reminder time is a placeholder
    for schedule in plan.schedules {
      #expect(schedule.text.contains("# Loop's export has no reminder times"))
    }
  }

  @Test(arguments: [
    (1, 1, "daily at 9:00", nil as String?, Frequency(1, 1)),
    (4, 4, "daily at 9:00", nil, Frequency(1, 1)),
    (1, 3, "every 3 days at 9:00", nil, Frequency(1, 3)),
    (3, 7, "daily at 9:00", "3/week", Frequency(3, 7)),
    (1, 7, "daily at 9:00", "1/week", Frequency(1, 7)),
    (5, 30, "daily at 9:00", "5/month", Frequency(5, 30)),
    (2, 31, "daily at 9:00", "2/month", Frequency(2, 30)),
    (2, 3, "daily at 9:00", "2/3 days", Frequency(2, 3)),
    (3, 14, "daily at 9:00", "3/14 days", Frequency(3, 14)),
  ])
  func frequencyTable(
    _ numerator: Int, _ denominator: Int, _ when: String, _ target: String?, _ frequency: Frequency
  ) throws {
    let export = LoopExportFixture(habits: [
      "001,Habit,YES_NO,,,\(numerator),\(denominator),#37474F,,,,false"
    ])
    let plan = try LoopImport.plan(files: export.bytes, label: "export", now: Self.now)
    let habit = try #require(try Self.load(plan).first)
    #expect(habit.schedule.expression == when)
    #expect(habit.target?.description == target)
    #expect(Frequency(habit: habit) == frequency)
  }

  // MARK: Check-ins

  @Test func manualCheckInsSkipsAndNotesComeInAndYesAutoDoesNot() throws {
    let plan = try LoopImport.plan(files: Self.export().bytes, label: "export", now: Self.now)
    func of(_ id: String) -> [CheckIn] { plan.checkIns.filter { $0.habitID == id } }
    // 2 in 3: the six YES_MANUAL days, oldest first; no YES_AUTO or NO day
    #expect(
      of("two-in-three").map(\.day.description) == [
        "2026-11-11", "2026-11-12", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-20",
      ])
    #expect(of("two-in-three").allSatisfy { $0.kind == .done && $0.value == nil })
    // Gym: skips as skips, notes as written, the one over two lines too
    let gym = Dictionary(uniqueKeysWithValues: of("gym").map { ($0.day.description, $0) })
    #expect(gym.count == 11)
    #expect(gym["2026-11-20"]?.note == "legs, then core")
    #expect(gym["2026-11-19"]?.kind == .skip)
    #expect(gym["2026-11-19"]?.note == "travelling")
    #expect(gym["2026-11-17"]?.note == "short one\nbut done")
    #expect(gym["2026-11-16"] == nil)
    #expect(gym["2026-11-18"] == nil)
    #expect(gym["2026-11-13"]?.kind == .skip)
    // Water: thousandths as amounts; NO (0) and UNKNOWN are nothing, SKIP a skip
    let water = Dictionary(
      uniqueKeysWithValues: of("water-8-glasses").map { ($0.day.description, $0) })
    #expect(water["2026-11-14"]?.value == 4.5)
    #expect(water["2026-11-10"]?.value == 12)
    #expect(water["2026-11-10"]?.note == "a hot day, \"thirsty\"")
    #expect(water["2026-11-17"] == nil)
    #expect(water["2026-11-13"] == nil)
    #expect(water["2026-11-15"]?.kind == .skip)
    // Sweets, a limit: a logged 0 is a good day
    let sweets = of("sweets")
    #expect(sweets.count == 10)
    #expect(sweets.first { $0.day == F.day("2026-11-20") }?.value == 0)
    // All stamped with the import's time
    #expect(plan.checkIns.allSatisfy { $0.recordedAt == Self.now })
  }

  @Test func olderExportsWithoutHeadersAndWithNumbersRead() throws {
    // Given Habits.csv before numeric habits, and a header-less Checkmarks.csv of numbers
    var export = LoopExportFixture(
      habits: ["001,Read,Did you read?,A chapter,1,1,#FF0000"],
      header: "Position,Name,Question,Description,NumRepetitions,Interval,Color")
    export.files["001 Read/Checkmarks.csv"] =
      "2026-11-20,2\n2026-11-19,1\n2026-11-18,0\n2026-11-17,3\n2026-11-16,-1\n2026-11-15,2\n"
    let plan = try LoopImport.plan(files: export.bytes, label: "old", now: Self.now)
    #expect(plan.schedules.map(\.habitID) == ["read"])
    #expect(
      plan.checkIns.map { "\($0.day) \($0.kind.rawValue)" } == [
        "2026-11-15 done", "2026-11-17 skip", "2026-11-20 done",
      ])
  }

  @Test func idsAreSlugsOfNamesAndNeverClash() throws {
    let export = LoopExportFixture(habits: [
      "001,Read,YES_NO,,,1,1,#37474F,,,,false",
      "002,read!,YES_NO,,,1,1,#37474F,,,,false",
      "003,🙂,YES_NO,,,1,1,#37474F,,,,false",
      "004,Café au lait  (morning),YES_NO,,,1,1,#37474F,,,,false",
    ])
    let plan = try LoopImport.plan(files: export.bytes, label: "export", now: Self.now)
    #expect(plan.schedules.map(\.habitID) == ["read", "read-2", "habit-3", "cafe-au-lait-morning"])
    #expect(try Self.load(plan).map(\.title) == ["Read", "read!", "🙂", "Café au lait  (morning)"])
  }

  @Test func oddNamesStillMakeFilesThatLoad() throws {
    // A control character, a line break and a backslash in the name, a unit
    // with spaces, and the same question as description
    let export = LoopExportFixture(habits: [
      "001,\"Odd\u{01} \\ name\nhere\",NUMERICAL,Same,Same,1,1,#37474F,fl  oz,AT_LEAST,2.5,false"
    ])
    let plan = try LoopImport.plan(files: export.bytes, label: "export", now: Self.now)
    let habit = try #require(try Self.load(plan).first)
    #expect(habit.id == "odd-name-here")
    // The control character is left out: a title holds none
    #expect(habit.title == "Odd \\ name here")
    #expect(habit.description == "Same")
    #expect(habit.goal == Goal(kind: .atLeast, amount: 2.5, unit: "fl oz"))
  }

  @Test func aQuestionComesInWithoutItsControlCharactersButTabs() throws {
    let export = LoopExportFixture(habits: [
      "001,Tea,YES_NO,\"Red\u{1B}[31m\tnow\u{9B}?\",\u{7}\u{85},1,1,#37474F,,,,false"
    ])
    let plan = try LoopImport.plan(files: export.bytes, label: "export", now: Self.now)
    let habit = try #require(try Self.load(plan).first)
    #expect(habit.description == "Red[31m\tnow?")
  }

  @Test func aHabitWithoutAFolderComesInWithoutHistory() throws {
    let export = LoopExportFixture(habits: ["001,Read,YES_NO,,,1,1,#37474F,,,,false"])
    let plan = try LoopImport.plan(files: export.bytes, label: "export", now: Self.now)
    #expect(plan.schedules.count == 1)
    #expect(plan.checkIns.isEmpty)
  }

  // MARK: Malformed input

  static func failure(_ export: LoopExportFixture) -> HabitsError? {
    #expect(throws: HabitsError.self) {
      try LoopImport.plan(files: export.bytes, label: "export", now: now)
    }
  }

  @Test func aBadDateNamesItsLine() {
    var export = LoopExportFixture(habits: [Self.twoInThree.row])
    export.folder("001 Two in three", checkmarks: ["2026-11-20,YES_MANUAL,", "2026-11-31,NO,"])
    let error = Self.failure(export)
    #expect(error?.message.contains("export/001 Two in three/Checkmarks.csv:3:") == true)
    #expect(error?.message.contains("'2026-11-31' is not a date") == true)
  }

  @Test func anUnknownValueNamesItsLine() {
    var export = LoopExportFixture(habits: [Self.twoInThree.row])
    export.folder("001 Two in three", checkmarks: ["2026-11-20,YES_MANUAL,", "2026-11-19,MAYBE,"])
    let error = Self.failure(export)
    #expect(error?.message.contains("export/001 Two in three/Checkmarks.csv:3:") == true)
    #expect(error?.message.contains("unknown value 'MAYBE'") == true)
  }

  @Test func aRaggedRowNamesItsLine() {
    // A name with a comma, unquoted: one field too many
    let error = Self.failure(
      LoopExportFixture(habits: [
        Self.twoInThree.row, "002,Walk, then stretch,YES_NO,,,1,1,#37474F,,,,false",
      ]))
    #expect(error?.message.contains("export/Habits.csv:3:") == true)
    #expect(error?.message.contains("13 fields where the header has 12") == true)
    // and a short checkmark row, after a note spanning lines 2–3
    var export = LoopExportFixture(habits: [Self.twoInThree.row])
    export.folder(
      "001 Two in three", checkmarks: ["2026-11-20,YES_MANUAL,\"two\nlines\"", "2026-11-19"])
    let short = Self.failure(export)
    #expect(short?.message.contains("export/001 Two in three/Checkmarks.csv:4:") == true)
  }

  @Test func aWrongHeaderIsRefused() {
    let error = Self.failure(LoopExportFixture(habits: ["001,x"], header: "Date,Value"))
    #expect(error?.message.contains("export/Habits.csv:1:") == true)
    #expect(error?.message.contains("no 'Position' column") == true)
    var export = LoopExportFixture(habits: [Self.twoInThree.row])
    export.files["001 Two in three/Checkmarks.csv"] = "Day,Mark\n2026-11-20,YES_MANUAL\n"
    let checkmarks = Self.failure(export)
    #expect(checkmarks?.message.contains("export/001 Two in three/Checkmarks.csv:1:") == true)
  }

  @Test func otherBadHabitRowsNameTheirLine() {
    let rows = [
      "001,Read,YES_NO,,,2,1,#37474F,,,,false",  // more times than days
      "001,Read,YES_NO,,,x,1,#37474F,,,,false",
      "001,Read,CHECKLIST,,,1,1,#37474F,,,,false",
      "001,Read,NUMERICAL,,,1,1,#37474F,pages,AT_LEAST,0.0,false",
      "001,Read,NUMERICAL,,,1,1,#37474F,pages,SOMETIMES,5.0,false",
      "001,Read,YES_NO,,,1,1,#37474F,,,,maybe",
      "001,,YES_NO,,,1,1,#37474F,,,,false",
      "001,Read,YES_NO,,,2,400,#37474F,,,,false",
    ]
    for row in rows {
      let error = Self.failure(LoopExportFixture(habits: [row]))
      #expect(
        error?.message.contains("export/Habits.csv:2:") == true,
        "\(row): \(String(describing: error))")
    }
  }

  @Test func anUnclosedQuoteNamesWhereItOpened() {
    let error = Self.failure(
      LoopExportFixture(habits: [Self.twoInThree.row, "002,\"Walk,YES_NO,,,1,1,#37474F,,,,false"]))
    #expect(error?.message.contains("export/Habits.csv:3:") == true)
    #expect(error?.message.contains("never closed") == true)
  }

  @Test func anExportWithoutHabitsCSVIsRefused() {
    let error = #expect(throws: HabitsError.self) {
      try LoopImport.plan(files: ["Scores.csv": []], label: "export", now: Self.now)
    }
    #expect(error?.message.contains("no Habits.csv") == true)
  }

  // MARK: Files: the zip and the folder

  /// Python's zipfile (deflated): Habits.csv, `001 Two in three/` with
  /// Checkmarks.csv and Scores.csv as in `twoInThree`, and the top-level files.
  static let loopZip = ZipTestData.bytes(
    """
      UEsDBBQAAAAIAACodF0HfiOclQAAAL0AAAAKAAAASGFiaXRzLmNzdkWMQQuCQBBG7/6Kha5zsBQ8SmQerciCTrGs
      Uw7ors3OFv77ZAn6Do/HO3xH50nIWWj0iNDOE8IpoI+pQm+Ypug14yugNXMTRmQtjv+pQutGsjHu3LDwYkmg1fxE
      UfHz51c9BIQtm57e2JVJmq6h/ThFVknPiHDbn+/NASrq1OyC8sIopi8BNpDBKivyIq9h2UMPHpMvUEsDBBQAAAAI
      AACodF2p4rvyUAAAAOMAAAAfAAAAMDAxIFR3byBpbiB0aHJlZS9DaGVja21hcmtzLmNzdnNJLEnVCUvMKU3V8csv
      SS3mMjIwMtM1NNQ1MtCJdA2O93X0C3X00YELG1qChR1DQ/yRBC10/JC55ti1mmEXNsUubILNImNUi4ywazVEEQYA
      UEsDBBQAAAAIAACodF3Ojs1lWAAAAL8AAAAbAAAAMDAxIFR3byBpbiB0aHJlZS9TY29yZXMuY3N2TcuxDYAwDAXR
      PrME5O/EMe7ZgAkQSo2E2F/EDU77dLefb8/HdT89MXFbgIUp08oi+gvMhbmFbENghhB10To1zaWohcgQMpOQ6qI0
      XcVFMDXsUmaBC0jTB1BLAwQUAAAACAAAqHRdDqtNYSgAAAAmAAAACgAAAFNjb3Jlcy5jc3ZzSSxJ1Qkpz1fIzFMo
      yShKTdXhMjIwMtM1NNQ1MtAx0DMyNTXX4QIAUEsDBBQAAAAIAACodF2KCQzWLAAAACoAAAAOAAAAQ2hlY2ttYXJr
      cy5jc3ZzSSxJ1Qkpz1fIzFMoyShKTdXhMjIwMtM1NNQ1MtCJdA2O93X0C3X00eECAFBLAQIUAxQAAAAIAACodF0H
      fiOclQAAAL0AAAAKAAAAAAAAAAAAAACAAQAAAABIYWJpdHMuY3N2UEsBAhQDFAAAAAgAAKh0Xaniu/JQAAAA4wAA
      AB8AAAAAAAAAAAAAAIABvQAAADAwMSBUd28gaW4gdGhyZWUvQ2hlY2ttYXJrcy5jc3ZQSwECFAMUAAAACAAAqHRd
      zo7NZVgAAAC/AAAAGwAAAAAAAAAAAAAAgAFKAQAAMDAxIFR3byBpbiB0aHJlZS9TY29yZXMuY3N2UEsBAhQDFAAA
      AAgAAKh0XQ6rTWEoAAAAJgAAAAoAAAAAAAAAAAAAAIAB2wEAAFNjb3Jlcy5jc3ZQSwECFAMUAAAACAAAqHRdigkM
      1iwAAAAqAAAADgAAAAAAAAAAAAAAgAErAgAAQ2hlY2ttYXJrcy5jc3ZQSwUGAAAAAAUABQBCAQAAgwIAAAAA
    """)

  static func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-loop-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func readsTheZipAndTheFolderAlike() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // Given the zip, and the same export unpacked
    let zipPath = directory + "/Loop Habits CSV 2026-11-20.zip"
    try Data(Self.loopZip).write(to: URL(fileURLWithPath: zipPath))
    var export = LoopExportFixture(habits: [Self.twoInThree.row])
    export.folder(Self.twoInThree.folder, checkmarks: Self.twoInThree.checkmarks)
    let folder = directory + "/unpacked"
    for (name, text) in export.files {
      let path = folder + "/" + name
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    // Then both are recognised, and plan alike
    #expect(LoopImport.recognises(path: zipPath))
    #expect(LoopImport.recognises(path: folder))
    #expect(LoopImport.recognises(path: folder + "/Habits.csv"))
    let fromZip = try LoopImport.plan(path: zipPath, now: Self.now)
    let fromFolder = try LoopImport.plan(path: folder, now: Self.now)
    let fromFile = try LoopImport.plan(path: folder + "/Habits.csv", now: Self.now)
    #expect(fromZip.schedules == fromFolder.schedules)
    #expect(fromZip.checkIns == fromFolder.checkIns)
    #expect(fromFile.checkIns == fromFolder.checkIns)
    #expect(fromZip.checkIns.count == 6)
    #expect(fromZip.source == "Loop Habit Tracker export '\(zipPath)'")
  }

  @Test func errorsInAZipNameTheZipAndTheFileInIt() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    // A zip whose Checkmarks.csv has the wrong CRC: nothing is planned
    var bytes = Self.loopZip
    let archive = try ZipArchive(bytes: bytes, label: "x")
    let entry = try #require(archive.entry(named: "001 Two in three/Checkmarks.csv"))
    #expect(entry.method == 8)
    // Flip a bit of the stored CRC-32 in the central directory.
    let marker: [UInt8] = Array("001 Two in three/Checkmarks.csv".utf8)
    var central = bytes.count - 1
    while central >= 46 {
      if bytes[central..<min(bytes.count, central + marker.count)].elementsEqual(marker),
        bytes[central - 46..<central - 42].elementsEqual([0x50, 0x4B, 0x01, 0x02])
      {
        break
      }
      central -= 1
    }
    bytes[central - 46 + 16] ^= 0x01
    let path = directory + "/export.zip"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let error = #expect(throws: HabitsError.self) { try LoopImport.plan(path: path, now: Self.now) }
    #expect(error?.message.contains("'001 Two in three/Checkmarks.csv' in '\(path)'") == true)
    #expect(error?.message.contains("CRC-32") == true)
  }

  @Test func recognisesOnlyLoopExports() throws {
    let directory = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    #expect(!LoopImport.recognises(path: directory))
    #expect(!LoopImport.recognises(path: directory + "/missing.zip"))
    let text = directory + "/notes.txt"
    try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
    #expect(!LoopImport.recognises(path: text))
    let other = directory + "/other.zip"
    try Data(ZipTestData.zipBomb).write(to: URL(fileURLWithPath: other))
    // A zip with Habits.csv is taken for one; reading it then fails cleanly.
    #expect(LoopImport.recognises(path: other))
    #expect(throws: HabitsError.self) { try LoopImport.plan(path: other, now: Self.now) }
    #expect(throws: HabitsError.self) { try LoopImport.plan(path: text, now: Self.now) }
  }
}
