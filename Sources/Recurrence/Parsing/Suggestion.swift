// SPDX-License-Identifier: Apache-2.0
/// "Did you mean …?": the closest known word to a misspelt one.
public enum Suggestion {
  /// The candidate nearest to `word` by edit distance (transpositions count
  /// once), if it is near enough to be what was meant.
  public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
    let lower = word.lowercased()
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lower, candidate.lowercased())
      if best.map({ distance < $0.1 }) ?? true { best = (candidate, distance) }
    }
    guard let (candidate, distance) = best else { return nil }
    let allowed = max(1, min(3, (max(lower.count, candidate.count) + 1) / 3))
    return distance <= allowed ? candidate : nil
  }

  /// `did you mean 'x'?` or nil.
  public static func hint(for word: String, in candidates: some Sequence<String>) -> String? {
    closest(to: word, in: candidates).map { "did you mean '\($0)'?" }
  }

  /// Optimal string alignment distance.
  static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, table[i - 2][j - 2] + 1)
        }
        table[i][j] = value
      }
    }
    return table[a.count][b.count]
  }
}
