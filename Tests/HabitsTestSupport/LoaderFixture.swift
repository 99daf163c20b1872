// SPDX-License-Identifier: Apache-2.0
import Foundation

/// A fresh directory under the system's temporary directory for one test,
/// with helpers to write schedule files into it. Call `remove()` when done.
public struct LoaderFixture {
  /// The directory that stands beside the schedules directory (config.toml lives here).
  public let root: String
  /// `root/schedules`.
  public let schedules: String

  public init() throws {
    let base = FileManager.default.temporaryDirectory
      .appendingPathComponent("habits-loader-\(UUID().uuidString)").path
    root = base
    schedules = base + "/schedules"
    try FileManager.default.createDirectory(atPath: schedules, withIntermediateDirectories: true)
  }

  /// Writes `text` to `schedules/name` and returns the file's path.
  @discardableResult
  public func write(_ name: String, _ text: String) throws -> String {
    try write(name, Data(text.utf8))
  }

  @discardableResult
  public func write(_ name: String, _ data: Data) throws -> String {
    let path = schedules + "/" + name
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Writes `config.toml` beside the schedules directory.
  @discardableResult
  public func writeConfig(_ text: String) throws -> String {
    let path = root + "/config.toml"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  public func remove() {
    try? FileManager.default.removeItem(atPath: root)
  }
}
