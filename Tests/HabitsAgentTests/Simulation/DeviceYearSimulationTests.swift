// SPDX-License-Identifier: Apache-2.0
import Foundation
import Testing

@testable import HabitsAgent

/// Years of one person with several computers that share a sync folder
/// through a slow file-sync tool (`DeviceYearSimulation`).
///
/// `HABITS_DEVSIM_SEED` (default 1) and `HABITS_DEVSIM_SEEDS` (default 2)
/// choose the seeds, each alternately of two and three devices;
/// `HABITS_DEVSIM_DAYS` shortens or lengthens the year.
@Suite("Simulated years with devices")
struct DeviceYearSimulationTests {
  static let environment = ProcessInfo.processInfo.environment
  static let firstSeed = environment["HABITS_DEVSIM_SEED"].flatMap(UInt64.init) ?? 1
  static let seedCount = environment["HABITS_DEVSIM_SEEDS"].flatMap(Int.init) ?? 2
  static let days = environment["HABITS_DEVSIM_DAYS"].flatMap(Int.init) ?? 365

  static func run(seed: UInt64, devices: Int, days: Int) -> DeviceYearSimulation.Report {
    let started = ContinuousClock.now
    let cpuStarted = YearSimulation.threadCPUSeconds()
    do {
      let simulation = try DeviceYearSimulation(seed: seed, devices: devices, days: days)
      defer { simulation.remove() }
      simulation.live()
      var failures = simulation.failures
      if failures.isEmpty {
        failures += simulation.vacuity().map { "the run proves too little: \($0)" }
      }
      let elapsed = ContinuousClock.now - started
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      let cpu = YearSimulation.threadCPUSeconds() - cpuStarted
      return DeviceYearSimulation.Report(
        seed: seed, deviceDays: devices * days,
        line:
          "seed \(seed): \(devices) devices × \(days) days in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", cpu)) s of CPU, \(String(format: "%.1f", simulation.checkingCPU)) s of it checking) — "
          + simulation.statistics(),
        failures: failures.map { "seed \(seed): \($0)" })
    } catch {
      return DeviceYearSimulation.Report(
        seed: seed, deviceDays: 0, line: "seed \(seed): could not start",
        failures: ["seed \(seed): cannot set up the simulation: \(error)"])
    }
  }

  @Test(
    "DeviceYearSimulation: after every healing the devices agree, none reminds a day it holds done, and no note loses or doubles a line"
  )
  func simulatedYearsWithDevices() {
    let seeds = (0..<UInt64(max(1, Self.seedCount))).map { Self.firstSeed + $0 }
    let reports = Locked<[UInt64: DeviceYearSimulation.Report]>([:])
    let started = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: seeds.count) { index in
      let seed = seeds[index]
      let report = Self.run(seed: seed, devices: 2 + Int(seed % 2), days: Self.days)
      reports.mutate { $0[seed] = report }
    }
    let elapsed = ContinuousClock.now - started
    var deviceDays = 0
    for seed in seeds {
      guard let report = reports.value[seed] else { continue }
      deviceDays += report.deviceDays
      print(report.line)
      for failure in report.failures { Issue.record(Comment(rawValue: failure)) }
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print(
      "simulated \(String(format: "%.1f", Double(deviceDays) / 365)) device-years in "
        + "\(String(format: "%.1f", seconds)) s (\(seeds.count) seeds)")
  }
}
