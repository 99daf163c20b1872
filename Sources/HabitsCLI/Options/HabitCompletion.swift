// SPDX-License-Identifier: Apache-2.0
import ArgumentParser
import HabitsCore

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
#endif

/// Completes habit ids on TAB: the names of the `*.toml` files in the
/// schedules folder the command would read, in the same order of places
/// (`--schedules` on the line, `HABITS_SCHEDULES`, the user's folder, the
/// shipped one). It reads only the folder's listing, never a schedule file,
/// so the shell answers at once however many habits there are.
enum HabitCompletion {
  /// For the HABIT positional of every command that takes one.
  static let kind = CompletionKind.custom { words, _, prefix in
    let environment = Environment.current()
    return ids(
      words: words, prefix: prefix, environment: environment.values,
      notUTF8: environment.notUTF8, shipped: Environment.shippedSchedules())
  }

  /// The ids starting with `prefix`, sorted; none when there is no folder.
  static func ids(
    words: [String], prefix: String, environment: [String: String], notUTF8: Set<String> = [],
    shipped: String?
  ) -> [String] {
    guard
      let schedules = try? Locations.schedules(
        flag: schedulesFlag(in: words, home: environment["HOME"]), environment: environment,
        notUTF8: notUTF8, shipped: shipped, exists: { access($0, F_OK) == 0 }),
      let names = try? FileManager.default.contentsOfDirectory(atPath: schedules.path)
    else { return [] }
    return names.compactMap { name -> String? in
      guard name.hasSuffix(".toml"), !name.hasPrefix(".") else { return nil }
      let id = String(name.dropLast(".toml".count))
      return HabitID.isValid(id) && id.hasPrefix(prefix) ? id : nil
    }.sorted()
  }

  /// The value of the last `--schedules DIR` or `--schedules=DIR` on the
  /// line, as the shell would pass it: without its quotes, `~` expanded.
  static func schedulesFlag(in words: [String], home: String?) -> String? {
    var value: String?
    for (index, word) in words.enumerated() {
      if word == "--" { break }
      if word == "--schedules", index + 1 < words.count {
        value = words[index + 1]
      } else if word.hasPrefix("--schedules=") {
        value = String(word.dropFirst("--schedules=".count))
      }
    }
    guard var path = value.map(shellWord), !path.isEmpty else { return nil }
    if let home, path == "~" || path.hasPrefix("~/") {
      path = home + path.dropFirst()
    }
    return path
  }

  /// A shell word's text: quotes removed, backslash escapes resolved.
  static func shellWord(_ word: String) -> String {
    var result = ""
    var quote: Character?
    var escaped = false
    for character in word {
      if escaped {
        result.append(character)
        escaped = false
      } else if character == quote {
        quote = nil
      } else if quote == nil && (character == "'" || character == "\"") {
        quote = character
      } else if character == "\\" && quote != "'" {
        escaped = true
      } else {
        result.append(character)
      }
    }
    return result
  }
}
