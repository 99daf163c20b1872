// SPDX-License-Identifier: Apache-2.0
import Recurrence
import Testing

/// The zones the tests run in, read once from the system's zone database.
public enum Zones {
  public static let newYork = load("America/New_York")
  public static let london = load("Europe/London")
  public static let berlin = load("Europe/Berlin")
  public static let lordHowe = load("Australia/Lord_Howe")
  public static let sydney = load("Australia/Sydney")
  public static let santiago = load("America/Santiago")
  public static let utc = Zone.utc

  public static func load(_ name: String) -> Zone {
    do {
      return try Zone.named(name)
    } catch {
      Issue.record("cannot load \(name): \(error)")
      return .utc
    }
  }
}
