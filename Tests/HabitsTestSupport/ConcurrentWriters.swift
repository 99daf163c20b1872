// SPDX-License-Identifier: Apache-2.0
/// Writers racing each other, as a command and the agent (or two commands)
/// write one file at once.
public enum ConcurrentWriters {
  /// Runs `write(writer, round)` for `rounds` rounds in each of `writers`
  /// concurrent tasks, and returns what every failed write threw.
  public static func failures(
    writers: Int, rounds: Int, _ write: @escaping @Sendable (Int, Int) throws -> Void
  ) async -> [String] {
    await withTaskGroup(of: [String].self) { group in
      for writer in 0..<writers {
        group.addTask {
          var failures: [String] = []
          for round in 0..<rounds {
            do {
              try write(writer, round)
            } catch {
              failures.append("\(error)")
            }
          }
          return failures
        }
      }
      return await group.reduce(into: []) { $0 += $1 }
    }
  }
}
