// SPDX-License-Identifier: Apache-2.0
import HabitsCore
import HabitsTestSupport
import Recurrence
import Testing

/// The streak rules, one test a rule, as `habits stats --help` states them.
@Suite struct StreakTests {
  typealias F = HistoryFixture

  // 2026-11-16 is a Monday.

  @Test func consecutiveDoneDaysCountBackFromTheLatest() throws {
    // Given a daily habit done on the five days up to and including today
    let habit = try F.habit()
    let history = F.history(
      habit, F.done(habit.id, F.run(5, endingOn: "2026-11-20")), today: "2026-11-20")
    // When / Then
    #expect(history.streaks().current == 5)
    #expect(history.streaks().best == 5)
  }

  @Test func daysNotDueNeitherCountNorBreak() throws {
    // Given a habit due on mon/wed/fri, done on each of them for two weeks, never on tue/thu
    let habit = try F.habit("stretch", "every mon, wed, fri at 7:00")
    let days = ["2026-11-09", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-18", "2026-11-20"]
    // When today is the Friday
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    // Then the tuesdays, thursdays and weekend neither broke it nor added to it
    #expect(history.streaks().current == 6)
    // and a check-in on a day not due (a tuesday) adds nothing
    let extra = F.history(
      habit, F.done(habit.id, days + ["2026-11-17"]), today: "2026-11-20")
    #expect(extra.streaks().current == 6)
  }

  @Test func aMissedDueDayOfAWeekdayHabitBreaks() throws {
    // Given mon/wed/fri, with wednesday 2026-11-18 missed
    let habit = try F.habit("stretch", "every mon, wed, fri at 7:00")
    let days = ["2026-11-09", "2026-11-11", "2026-11-13", "2026-11-16", "2026-11-20"]
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    // Then only the friday counts now; the best run was four
    #expect(history.streaks().current == 1)
    #expect(history.streaks().best == 4)
  }

  @Test func skippedDaysNeitherCountNorBreak() throws {
    // Given a daily habit done 14..20 except 17 and 18, which were skipped
    let habit = try F.habit()
    let done = F.done(
      habit.id, ["2026-11-14", "2026-11-15", "2026-11-16", "2026-11-19", "2026-11-20"])
    let skips = F.skipped(habit.id, ["2026-11-17", "2026-11-18"])
    let history = F.history(habit, done + skips, today: "2026-11-20")
    // Then the streak runs through the skips and counts five days, not seven
    #expect(history.streaks().current == 5)
    #expect(history.streaks().best == 5)
  }

  @Test func todayStillPendingDoesNotBreak() throws {
    // Given a daily habit done on the four days before today, and not yet today
    let habit = try F.habit()
    let history = F.history(
      habit, F.done(habit.id, F.run(4, endingOn: "2026-11-19")), today: "2026-11-20")
    // Then the streak is still four
    #expect(history.streaks().current == 4)
    #expect(history.state(of: F.day("2026-11-20"), isDue: true) == .pending)
  }

  @Test func aMissedDueDayBreaks() throws {
    // Given a daily habit done 14, 15, 16, missed 17, done 18..20
    let habit = try F.habit()
    let days = ["2026-11-14", "2026-11-15", "2026-11-16", "2026-11-18", "2026-11-19", "2026-11-20"]
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    // Then the current streak starts after the miss
    #expect(history.streaks().current == 3)
    #expect(history.state(of: F.day("2026-11-17"), isDue: true) == .missed)
  }

  @Test func yesterdayMissedAndTodayPendingIsZero() throws {
    let habit = try F.habit()
    let history = F.history(
      habit, F.done(habit.id, F.run(3, endingOn: "2026-11-18")), today: "2026-11-20")
    #expect(history.streaks().current == 0)
    #expect(history.streaks().best == 3)
  }

  @Test func bestStreakIsTheLongestRunEver() throws {
    // Given runs of 6, then 2, then 3 (current)
    let habit = try F.habit()
    let days =
      F.run(6, endingOn: "2026-11-06") + F.run(2, endingOn: "2026-11-10")
      + F.run(3, endingOn: "2026-11-20")
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    #expect(history.streaks().current == 3)
    #expect(history.streaks().best == 6)
  }

  // MARK: Targets per period

  @Test func weeklyTargetCountsConsecutiveWeeksThatMetIt() throws {
    // Given "3/week", met in the weeks of 2 and 9 November on any days, 16 Nov the current week
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    let days = [
      // mon, wed, sun: not the reminder days, and they still count
      "2026-11-02", "2026-11-04", "2026-11-08",
      "2026-11-10", "2026-11-11", "2026-11-12",
      "2026-11-16",
    ]
    // When today is thursday 19th: one done, fri..sun (and today) left: still possible
    let thursday = F.history(habit, F.done(habit.id, days), today: "2026-11-19")
    // Then the current week does not break it
    #expect(thursday.streakUnit == "week")
    #expect(thursday.streaks().current == 2)
    #expect(thursday.streaks().best == 2)
    // When the current week meets it, it counts
    let met = F.history(
      habit, F.done(habit.id, days + ["2026-11-17", "2026-11-18"]), today: "2026-11-19")
    #expect(met.streaks().current == 3)
    #expect(met.streaks().best == 3)
  }

  @Test func weeklyTargetBreaksOnceTheCurrentWeekCannotBeMet() throws {
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    let days = [
      "2026-11-02", "2026-11-04", "2026-11-08", "2026-11-10", "2026-11-11", "2026-11-12",
      "2026-11-16",
    ]
    // Saturday: 1 done + sat + sun = 3: still possible
    #expect(F.history(habit, F.done(habit.id, days), today: "2026-11-21").streaks().current == 2)
    // Sunday: 1 done + sun = 2 < 3: broken
    let sunday = F.history(habit, F.done(habit.id, days), today: "2026-11-22")
    #expect(sunday.streaks().current == 0)
    #expect(sunday.streaks().best == 2)
    // Saturday but skipped: only sunday is left, so it cannot be met any more
    let skippedSaturday = F.history(
      habit, F.done(habit.id, days) + F.skipped(habit.id, ["2026-11-21"]), today: "2026-11-21")
    #expect(skippedSaturday.streaks().current == 0)
  }

  @Test func aPastWeekShortOfTheTargetBreaks() throws {
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    // weeks of 2 Nov: 3 done; of 9 Nov: 2 done; of 16 Nov: 3 done (current, met)
    let days = [
      "2026-11-03", "2026-11-05", "2026-11-07", "2026-11-10", "2026-11-12",
      "2026-11-17", "2026-11-18", "2026-11-19",
    ]
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    #expect(history.streaks().current == 1)
    #expect(history.streaks().best == 1)
  }

  @Test func weeklyTargetFollowsWeekStarts() throws {
    // Given weeks that start on sunday: sun 15 .. sat 21 is one week
    let habit = try F.habit("quality-time", "every tue, thu, sat at 19:30", target: "3/week")
    let clock = DayClock(zone: .utc, weekStarts: .sunday)
    // Done sun 8, mon 9, sat 14 (week of sun 8), and sun 15, mon 16, tue 17 (week of sun 15)
    let days = ["2026-11-08", "2026-11-09", "2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17"]
    let sundayWeeks = F.history(habit, F.done(habit.id, days), today: "2026-11-18", clock: clock)
    #expect(sundayWeeks.streaks().current == 2)
    // With monday weeks the same days split 2 / 3 / 1 (weeks of 2, 9 and 16 Nov)
    let mondayWeeks = F.history(habit, F.done(habit.id, days), today: "2026-11-18")
    #expect(mondayWeeks.streaks().current == 1)
    #expect(mondayWeeks.streaks().best == 1)
  }

  @Test func monthlyTargetCountsMonths() throws {
    // Given "4/month", met in September and October, two done so far in November
    let habit = try F.habit("call-parents", "every sunday at 18:00", target: "4/month")
    let days = [
      "2026-09-01", "2026-09-10", "2026-09-20", "2026-09-30",
      "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-31",
      "2026-11-01", "2026-11-02",
    ]
    // On 20 Nov two more are still possible: two months
    let open = F.history(habit, F.done(habit.id, days), today: "2026-11-20")
    #expect(open.streakUnit == "month")
    #expect(open.streaks().current == 2)
    // On 30 Nov (today pending) 2 + 1 < 4: broken
    let closed = F.history(habit, F.done(habit.id, days), today: "2026-11-30")
    #expect(closed.streaks().current == 0)
    #expect(closed.streaks().best == 2)
    // On 29 Nov exactly two days are left: 2 + 2 = 4, still possible
    #expect(F.history(habit, F.done(habit.id, days), today: "2026-11-29").streaks().current == 2)
  }

  // MARK: Numeric habits

  @Test func numericAtLeastCountsDaysThatReachTheGoal() throws {
    // Given a daily "30 minutes" habit
    let habit = try F.habit("reading", "daily at 20:00", goal: "30 minutes")
    let checkIns =
      F.done(habit.id, ["2026-11-16", "2026-11-17"], value: 30)
      + F.done(habit.id, ["2026-11-18"], value: 29.5)  // short of the goal: breaks
      + F.done(habit.id, ["2026-11-19"], value: 45)
      + F.done(habit.id, ["2026-11-20"], value: 10)  // today, not there yet: pending
    let history = F.history(habit, checkIns, today: "2026-11-20")
    #expect(history.streaks().current == 1)
    #expect(history.streaks().best == 2)
    #expect(history.state(of: F.day("2026-11-18"), isDue: true) == .missed)
    #expect(history.state(of: F.day("2026-11-20"), isDue: true) == .pending)
  }

  @Test func numericAtMostCountsLoggedDaysAtOrUnderTheLimit() throws {
    // Given "at most 60 minutes" of screens
    let habit = try F.habit("screens", "daily at 22:00", goal: "at most 60 minutes")
    let checkIns =
      F.done(habit.id, ["2026-11-14"], value: 90)  // over: breaks
      + F.done(habit.id, ["2026-11-15", "2026-11-16"], value: 60)  // at the limit: counts
      + F.done(habit.id, ["2026-11-17"], value: 0)  // logged zero: counts
      // 18th: nothing logged: breaks
      + F.done(habit.id, ["2026-11-19", "2026-11-20"], value: 20)
    let history = F.history(habit, checkIns, today: "2026-11-20")
    #expect(history.streaks().current == 2)
    #expect(history.streaks().best == 3)
    #expect(history.isDone(F.day("2026-11-14")) == false)
    #expect(history.isDone(F.day("2026-11-17")))
  }

  // MARK: Days and clocks

  @Test func dayStartsAtAroundMidnightKeepsLateCheckInsOnTheirEvening() throws {
    // Given a habit at 23:30 and a day that starts at 04:00, in London
    let zone = try F.zone("Europe/London")
    let clock = DayClock(zone: zone, dayStartsAt: TimeOfDay(hour: 4, minute: 0))
    let habit = try F.habit("journal", "daily at 23:30")
    // When each evening's check-in is made at 00:40 or 03:59 the next morning
    var checkIns: [CheckIn] = []
    for (evening, time) in [
      ("2026-11-15", (0, 40)), ("2026-11-16", (3, 59)), ("2026-11-17", (0, 40)),
      ("2026-11-18", (1, 0)),
    ] {
      let at = zone.instant(
        for: LocalDateTime(date: F.day(evening).adding(days: 1), hour: time.0, minute: time.1))
      checkIns.append(
        CheckIn(habitID: habit.id, day: clock.day(of: at), kind: .done, recordedAt: at))
    }
    // Then they count for the evenings before
    #expect(
      checkIns.map(\.day.description) == ["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18"])
    // and at 02:00 on the 20th, "today" is still the 19th, pending: the streak holds
    let now = zone.instant(for: LocalDateTime(date: F.day("2026-11-20"), hour: 2))
    let today = clock.day(of: now)
    #expect(today == F.day("2026-11-19"))
    let history = HabitHistory(habit: habit, checkIns: checkIns, clock: clock, today: today)
    #expect(history.streaks().current == 4)
    // while at 04:00 the 19th is over and missed
    let later = HabitHistory(
      habit: habit, checkIns: checkIns, clock: clock,
      today: clock.day(of: zone.instant(for: LocalDateTime(date: F.day("2026-11-20"), hour: 4))))
    #expect(later.today == F.day("2026-11-20"))
    #expect(later.streaks().current == 0)
  }

  @Test(arguments: ["2026-03-29", "2026-10-25"])
  func aDaylightSavingDayInTheMiddleDoesNotBreakADailyStreak(_ change: String) throws {
    // Given Europe/London and a daily habit checked in at 21:05 local for nine days around the change
    let zone = try F.zone("Europe/London")
    let clock = DayClock(zone: zone)
    let habit = try F.habit("gratitude", "daily at 21:00")
    let days = (-4...4).map { F.day(change).adding(days: $0) }
    let checkIns = days.map { day in
      let at = zone.instant(for: LocalDateTime(date: day, hour: 21, minute: 5))
      return CheckIn(habitID: habit.id, day: clock.day(of: at), kind: .done, recordedAt: at)
    }
    // Then each lands on its own day, the change day is due, and the streak is nine
    #expect(Set(checkIns.map(\.day)).count == 9)
    let today = days[8]
    let history = HabitHistory(habit: habit, checkIns: checkIns, clock: clock, today: today)
    #expect(history.dueDays(from: days[0], through: today) == days)
    #expect(history.streaks().current == 9)
  }

  @Test(arguments: ["2026-03-29", "2026-10-25"])
  func aReminderInTheChangingHourIsDueOnceOnTheChangeDay(_ change: String) throws {
    // Given a habit at 01:30, which London skips in March and repeats in October
    let zone = try F.zone("Europe/London")
    let clock = DayClock(zone: zone)
    let habit = try F.habit("meds", "daily at 1:30")
    let days = (-2...2).map { F.day(change).adding(days: $0) }
    let history = HabitHistory(
      habit: habit, checkIns: F.done(habit.id, days.map(\.description)), clock: clock,
      today: days[4])
    // Then the change day is due exactly once and the streak runs through it
    #expect(history.dueDays(from: days[0], through: days[4]) == days)
    #expect(history.streaks().current == 5)
  }

  /// A streak counted from the check-ins since some recent day is the
  /// streak the whole history gives whenever it says it is settled: it
  /// started after a day that broke a run. Random histories of daily and
  /// weekday habits, with runs long and short, skips and a start.
  @Test(arguments: 1...40)
  func aStreakSettledByRecentCheckInsIsTheWholeHistorysOne(seed: UInt64) throws {
    var random = SplitMix64(seed: seed, index: 0)
    let habit = try F.habit(
      "h", random.pick(["daily at 9:00", "every mon, wed, fri at 7:00", "every weekday at 8:00"]),
      start: random.chance(3) ? "2026-03-01" : nil)
    let today = F.day("2026-11-20")
    var checkIns: [CheckIn] = []
    var day = F.day("2026-01-01")
    // Runs of done days, each ended by a missed or skipped one, longer
    // near the end so that some streaks reach back past any window.
    while day <= today {
      let run = random.int(0...(random.chance(4) ? 200 : 12))
      for _ in 0..<run where day <= today {
        checkIns.append(
          CheckIn(habitID: "h", day: day, kind: .done, value: nil, recordedAt: F.recorded))
        day = day.adding(days: 1)
      }
      if random.chance(3), day <= today {
        checkIns.append(
          CheckIn(habitID: "h", day: day, kind: .skip, value: nil, recordedAt: F.recorded))
      }
      day = day.adding(days: random.int(1...3))
    }
    let whole = HabitHistory(
      habit: habit, checkIns: checkIns, clock: DayClock(zone: .utc), today: today)
    for back in [0, 1, 7, 30, 62, 200, 400] {
      let since = today.adding(days: -back)
      let recent = HabitHistory(
        habit: habit, checkIns: checkIns.filter { $0.day >= since }, clock: DayClock(zone: .utc),
        today: today)
      let (streak, settled) = recent.currentStreak()
      if settled {
        #expect(streak == whole.streaks().current, "since \(since)")
      }
    }
    #expect(whole.currentStreak().streak == whole.streaks().current)
  }

  /// The same for habits with a target: a streak of weeks, months or
  /// blocks of days counted from recent check-ins is the whole history's
  /// whenever it says it is settled, though its first period may begin
  /// before them. Random histories of busy and quiet stretches, so that
  /// targets are met for a while and then missed.
  @Test func aStreakOfPeriodsSettledByRecentCheckInsIsTheWholeHistorysOne() throws {
    var settledWindows = 0
    for seed in UInt64(1)...60 {
      var random = SplitMix64(seed: seed, index: 0)
      let habit = try F.habit(
        "h", random.pick(["daily at 9:00", "every mon, wed, fri at 7:00"]),
        target: random.pick(["3/week", "1/week", "5/week", "10/month", "2/3 days", "4/10 days"]),
        start: random.chance(3) ? "2026-03-04" : nil)
      let today = F.day("2026-11-20")
      var checkIns: [CheckIn] = []
      var day = F.day("2026-01-01")
      while day <= today {
        let busy = random.int(0...(random.chance(4) ? 120 : 20))
        for _ in 0..<busy where day <= today {
          if random.chance(5) {
            checkIns.append(
              CheckIn(habitID: "h", day: day, kind: .skip, value: nil, recordedAt: F.recorded))
          } else if !random.chance(4) {
            checkIns.append(
              CheckIn(habitID: "h", day: day, kind: .done, value: nil, recordedAt: F.recorded))
          }
          day = day.adding(days: 1)
        }
        day = day.adding(days: random.int(1...12))
      }
      let whole = HabitHistory(
        habit: habit, checkIns: checkIns, clock: DayClock(zone: .utc), today: today)
      for back in [0, 1, 6, 7, 30, 62, 200] {
        let since = today.adding(days: -back)
        let recent = HabitHistory(
          habit: habit, checkIns: checkIns.filter { $0.day >= since }, clock: DayClock(zone: .utc),
          today: today)
        let (streak, settled) = recent.currentStreak()
        if settled {
          settledWindows += 1
          #expect(
            streak == whole.streaks().current,
            "seed \(seed), \(habit.target!), since \(since)")
        }
      }
      #expect(whole.currentStreak().streak == whole.streaks().current)
    }
    // Enough windows settle for the comparison to mean something.
    #expect(settledWindows >= 60, "\(settledWindows) of 420 windows settled")
  }

  @Test func aStreakOfWeeksRunningBackToTheFirstWeekIsNotSettled() throws {
    // Given 3/week met in each of the three weeks since the first check-in
    let habit = try F.habit(target: "3/week")
    let days = (0..<21).map { F.day("2026-11-02").adding(days: $0).description }
    let history = F.history(habit, F.done(habit.id, days), today: "2026-11-22")
    // Then earlier check-ins could lengthen it
    #expect(history.currentStreak() == (3, false))
    // and after a week missed, a later one not counted short, they could not
    let broken = F.history(
      habit, F.done(habit.id, ["2026-10-20"] + days), today: "2026-11-22")
    #expect(broken.currentStreak() == (3, true))
    // but a miss in the first week, which may have begun before them, settles nothing
    let firstShort = F.history(
      habit, F.done(habit.id, ["2026-10-31"] + days), today: "2026-11-22")
    #expect(firstShort.currentStreak() == (3, false))
  }

  @Test func aStreakRunningBackToTheFirstCheckInIsNotSettled() throws {
    // Given a daily habit done on each of the five days up to today, and nothing before
    let habit = try F.habit()
    let history = F.history(
      habit, F.done(habit.id, F.run(5, endingOn: "2026-11-20")), today: "2026-11-20")
    // Then earlier check-ins could lengthen it
    #expect(history.currentStreak().streak == 5)
    #expect(!history.currentStreak().settled)
    // and after a missed day, they could not
    let broken = F.history(
      habit, F.done(habit.id, ["2026-11-10"] + F.run(5, endingOn: "2026-11-20")),
      today: "2026-11-20")
    #expect(broken.currentStreak() == (5, true))
  }
}
