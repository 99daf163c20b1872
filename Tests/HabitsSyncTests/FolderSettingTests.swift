// SPDX-License-Identifier: Apache-2.0
import Foundation
import HabitsCore
import HabitsSync
import HabitsTestSupport
import Testing

/// `[sync]` and `[together]` written into `config.toml`: the rest of the
/// file kept, the file replaced whole however many write it at once, and no
/// temporary file left behind; a link written through, and the file's mode
/// kept.
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
    let failures = await ConcurrentWriters.failures(writers: 4, rounds: 300) { writer, round in
      try FolderSetting.sync.write(folder: "/sync/\(writer)-\(round)", configPath: path)
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

  @Test func aConfigThatIsALinkIsWrittenThroughAndStaysALink() throws {
    // Given a config.toml that is a link into a dotfiles folder, as GNU Stow makes it
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    try FileManager.default.createDirectory(
      atPath: root + "/dotfiles", withIntermediateDirectories: false)
    let target = root + "/dotfiles/config.toml"
    try Self.preamble.write(toFile: target, atomically: false, encoding: .utf8)
    let path = root + "/config.toml"
    #expect(symlink("dotfiles/config.toml", path) == 0)
    // When the sync folder is set, and then the together folder taken out
    try FolderSetting.sync.write(folder: "/sync", configPath: path)
    try FolderSetting.together.write(folder: nil, configPath: path)
    // Then config.toml is still the link, and the file it links to has the setting
    #expect(FileStatus.kind(path) == S_IFLNK)
    #expect(
      try FileManager.default.destinationOfSymbolicLink(atPath: path) == "dotfiles/config.toml")
    let written = try String(contentsOfFile: target, encoding: .utf8)
    #expect(written == FolderSetting.sync.setting(folder: "/sync", in: Self.preamble))
    #expect(ScheduleLoader.loadConfig(path: path).0.syncFolder == "/sync")
    // and nothing else is left, beside the link or beside the file
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root).sorted() == [
        "config.toml", "dotfiles",
      ])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: root + "/dotfiles") == [
        "config.toml"
      ])
  }

  @Test func aConfigThatLinksToNothingIsRefused() throws {
    // Given a config.toml that is a link to a file that is not there
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/config.toml"
    #expect(symlink("dotfiles/config.toml", path) == 0)
    // When a folder is set
    let error = #expect(throws: HabitsError.self) {
      try FolderSetting.sync.write(folder: "/sync", configPath: path)
    }
    // Then it is refused, and the link is left as it was
    #expect(
      error?.message
        == "cannot write '\(path)': it is a symbolic link to a file that does not exist")
    #expect(FileStatus.kind(path) == S_IFLNK)
    #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["config.toml"])
  }

  @Test func aConfigKeepsItsMode() throws {
    // Given a config.toml only its owner may read
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/config.toml"
    try Self.preamble.write(toFile: path, atomically: false, encoding: .utf8)
    #expect(chmod(path, 0o600) == 0)
    // When the sync folder is set, and taken out again
    try FolderSetting.sync.write(folder: "/sync", configPath: path)
    #expect(FileStatus.mode(path) == 0o600)
    try FolderSetting.sync.write(folder: nil, configPath: path)
    // Then it is still 0600, and holds what it held
    #expect(FileStatus.mode(path) == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.preamble)
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

  @Test func anEditIsCheckedBeforeAnythingIsWritten() throws {
    let root = try Self.temporary()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let path = root + "/config.toml"
    let text = Self.preamble + "sync = { folder = \"/elsewhere\" }\n"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    // A setting habits cannot change is refused when the edit is made
    let error = #expect(throws: HabitsError.self) {
      try FolderSetting.sync.edit(folder: "/sync", configPath: path)
    }
    #expect(error?.message == "'\(path)' sets 'sync' in a way habits cannot change")
    // An edit made is written only when asked, and an edit that changes
    // nothing writes nothing
    try Self.preamble.write(toFile: path, atomically: false, encoding: .utf8)
    let edit = try FolderSetting.sync.edit(folder: "/sync", configPath: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.preamble)
    try FolderSetting.sync.write(edit)
    let (config, _) = ScheduleLoader.loadConfig(path: path)
    #expect(config.syncFolder == "/sync")
    let inode = FileStatus.inode(path)
    try FolderSetting.sync.write(FolderSetting.sync.edit(folder: "/sync", configPath: path))
    #expect(FileStatus.inode(path) == inode)
  }
}
