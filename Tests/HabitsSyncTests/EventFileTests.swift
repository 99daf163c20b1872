// SPDX-License-Identifier: Apache-2.0
import HabitsTestSupport
import Testing

@testable import HabitsSync

/// A device's month file: which names are one, and the path it is known by.
@Suite struct EventFileTests {
  @Test func onlyAMonthsNameIsAMonthFile() {
    for name in ["2026-11.jsonl", "1970-01.jsonl", "9999-12.jsonl"] {
      #expect(SyncFolder.EventFile.isMonthFile(name), "\(name)")
    }
    for name in [
      "2026-00.jsonl", "2026-13.jsonl", "2026-1.jsonl", "2026-011.jsonl", "2026-11.json",
      "2026_11.jsonl", "20a6-11.jsonl", "2026-1a.jsonl", "2026-11.jsonl~", "2026-11.JSONL",
      "٢٠٢٦-١١.jsonl", "2026-11.jsonl.sync-conflict-20261121-120000-ABCDEFG", "", ".jsonl",
      "-2026-11.jsonl", "2026-11.jsonl ",
    ] {
      #expect(!SyncFolder.EventFile.isMonthFile(name), "\(name)")
    }
  }

  @Test func itsPathIsUnderItsDevice() {
    let file = SyncFolder.EventFile(device: SyncFixtures.devices[0], name: "2026-11.jsonl")
    #expect(file.relativePath == "devices/\(SyncFixtures.devices[0])/2026-11.jsonl")
  }
}
