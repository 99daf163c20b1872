// SPDX-License-Identifier: Apache-2.0
/// A day of the week, Monday first as in ISO 8601 and RFC 5545's default WKST.
public enum Weekday: Int, CaseIterable, Hashable, Sendable, Comparable {
  case monday, tuesday, wednesday, thursday, friday, saturday, sunday

  /// The two-letter RFC 5545 code: `MO` … `SU`.
  public var code: String {
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][rawValue]
  }

  /// The lower-case English name: `monday` … `sunday`.
  public var name: String {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][rawValue]
  }

  /// The three-letter abbreviation: `mon` … `sun`.
  public var shortName: String { String(name.prefix(3)) }

  /// Finds a weekday by RFC 5545 code, full name or three-letter name, in any case.
  public init?(parsing text: some StringProtocol) {
    let lower = text.lowercased()
    if let day = Weekday.allCases.first(where: {
      $0.name == lower || $0.shortName == lower || $0.code.lowercased() == lower
    }) {
      self = day
    } else {
      return nil
    }
  }

  public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}
