// SPDX-License-Identifier: Apache-2.0
#if canImport(Glibc)
  import Glibc
#endif

/// Finds the icon habits installs, for its notifications to show.
///
/// Every server loads an icon given as a file path, but only some look an
/// icon-theme name up in the user's theme (dunst searches its own
/// `icon_path`), so the agent names the file. The icon installed beside the
/// running binary comes first (`bin/../share/icons/…`, whatever the prefix),
/// then the XDG data directories, where `~/.local`, `/usr/local` and `/usr`
/// installs put it. With none found, notifications go without an icon rather
/// than with a name no server finds.
public enum NotificationIcon {
  /// Where the icon lies below a `share` directory.
  static let relativePath = "icons/hicolor/scalable/apps/habits.svg"

  /// The first installed icon, as an absolute path, or nil.
  static func find(
    executable: String?, environment: (String) -> String?, isFile: (String) -> Bool
  ) -> String? {
    candidates(executable: executable, environment: environment).first(where: isFile)
  }

  /// The icon of this process: its executable's and its environment's places.
  public static func installed() -> String? {
    find(
      executable: executablePath(),
      environment: { name in getenv(name).map { String(cString: $0) } },
      isFile: { path in
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
      })
  }

  /// The places looked in, in order.
  static func candidates(executable: String?, environment: (String) -> String?) -> [String] {
    var shares: [String] = []
    if let executable, executable.hasPrefix("/") {
      // PREFIX/bin/habits-agent → PREFIX/share
      let prefix = executable.split(separator: "/").dropLast(2)
      shares.append("/" + (prefix + ["share"]).joined(separator: "/"))
    }
    if let dataHome = environment("XDG_DATA_HOME"), dataHome.hasPrefix("/") {
      shares.append(dataHome)
    } else if let home = environment("HOME"), home.hasPrefix("/") {
      shares.append(home + "/.local/share")
    }
    let dataDirs = environment("XDG_DATA_DIRS").flatMap { $0.isEmpty ? nil : $0 }
    for directory in (dataDirs ?? "/usr/local/share:/usr/share").split(separator: ":")
    where directory.hasPrefix("/") {
      shares.append(String(directory))
    }
    var seen = Set<String>()
    return shares.map { share in
      var share = share
      while share.count > 1 && share.hasSuffix("/") { share.removeLast() }
      return share + "/" + relativePath
    }.filter { seen.insert($0).inserted }
  }

  /// The running executable's path, from `/proc/self/exe`.
  private static func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard length > 0 else { return nil }
    return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
