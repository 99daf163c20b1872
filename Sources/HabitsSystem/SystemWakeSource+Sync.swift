// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

extension SystemWakeSource {
  /// Wakes with `.storeChanged` when other devices' events arrive in the
  /// sync folder at `folder`: `devices/` for a device joining, and each
  /// device's folder in it for a file written, appended to or renamed into
  /// place (Syncthing writes a hidden temporary file, which does not wake,
  /// and renames it). While
  /// `devices/` does not exist, the nearest folder above it that does, for
  /// the next one down appearing. The agent and `habits today --watch` run
  /// it before each merge, as a device may have joined since the last.
  public func watchSync(folder: String) {
    let devices = folder + "/devices"
    guard watch(nearest: devices, names: nil, reason: .storeChanged) else { return }
    for device in Self.subdirectories(of: devices) {
      watch(
        directory: devices + "/" + device, names: nil, reason: .storeChanged, ignoringHidden: true)
    }
  }

  /// Wakes with `.storeChanged` when files change in the together folder at
  /// `folder`: `people/`, each person's folder and each of their devices'
  /// (hidden temporary files do not wake), or while `people/` does not
  /// exist, the nearest folder above it.
  public func watchTogether(folder: String) {
    let people = folder + "/people"
    guard watch(nearest: people, names: nil, reason: .storeChanged) else { return }
    for person in Self.subdirectories(of: people) {
      let personFolder = people + "/" + person
      watch(directory: personFolder, names: nil, reason: .storeChanged, ignoringHidden: true)
      for device in Self.subdirectories(of: personFolder) {
        watch(
          directory: personFolder + "/" + device, names: nil, reason: .storeChanged,
          ignoringHidden: true)
      }
    }
  }

  /// Watches `directory` for `names` (any name when nil), or, while it does
  /// not exist, the nearest directory above it that does for the next one
  /// down appearing; true when `directory` itself is watched.
  @discardableResult
  public func watch(nearest directory: String, names: Set<String>?, reason: WakeReason) -> Bool {
    var parts = directory.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    func path(_ parts: [String]) -> String {
      let joined = parts.joined(separator: "/")
      return joined.isEmpty ? (directory.hasPrefix("/") ? "/" : ".") : joined
    }
    var names = names
    var found = true
    while !parts.isEmpty && access(path(parts), F_OK) != 0 {
      names = [parts.removeLast()]
      found = false
    }
    watch(directory: path(parts), names: names, reason: reason)
    return found
  }

  /// The names of the directories in `path`; symbolic links are not
  /// followed, as the sync folder's reader does not follow them.
  static func subdirectories(of path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      guard name != ".", name != "..", !name.hasPrefix(".") else { continue }
      var info = stat()
      guard lstat(path + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { continue }
      names.append(name)
    }
    return names.sorted()
  }
}
