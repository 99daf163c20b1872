// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import Testing

/// `[sync]` and `[together]` written into `config.toml`: the rest of the
/// file kept, the file replaced whole however many write it at once, and no
/// temporary file left behind.
@Suite struct FolderSettingTests {
  static func temporary() throws -> String {
    let path = NSTemporaryDirectory() + "folder-setting-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  static let preamble = "# mine\nweek_starts = \"sunday\"\n"

  @Test func settingsWrittenAtOnceDoNotShareATemporaryFile() async throws {
    // Given a config.toml, and several processes (say) setting its sync folder at once
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/config.toml"
    try Self.preamble.write(toFile: path, atomically: false, encoding: .utf8)
    let failures = await withTaskGroup(of: [String].self) { group in
      for writer in 0..<4 {
        group.addTask {
          var failures: [String] = []
          for round in 0..<300 {
            do {
              try FolderSetting.sync.write(folder: "/sync/\(writer)-\(round)", configPath: path)
            } catch {
              failures.append("\(error)")
            }
          }
          return failures
        }
      }
      return await group.reduce(into: []) { $0 += $1 }
    }
    // Then none failed, the file is the first part and one of the settings whole,
    // and nothing else is left
    #expect(failures.count == 0, "the first: \(failures.first ?? "")")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let (config, diagnostics) = ScheduleLoader.loadConfig(path: path)
    #expect(diagnostics.isEmpty)
    let folder = try #require(config.syncFolder)
    #expect(folder.hasPrefix("/sync/"))
    #expect(text == FolderSetting.sync.setting(folder: folder, in: Self.preamble))
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["config.toml"])
  }

  @Test func aSettingRefusedLeavesTheFileAsItWasAndNoTemporaryFile() throws {
    // Given a config.toml that sets the sync folder in a form habits does not edit
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/config.toml"
    let text = Self.preamble + "sync = { folder = \"/elsewhere\" }\n"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    // When another folder is set
    let error = #expect(throws: HabitsError.self) {
      try FolderSetting.sync.write(folder: "/sync", configPath: path)
    }
    // Then it is refused, the file is as it was, and nothing else is left
    #expect(error?.message == "'\(path)' sets 'sync' in a way habits cannot change")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["config.toml"])
  }
}
