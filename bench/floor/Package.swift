// swift-tools-version: 6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

// Three programs that do nothing but the insert `habits done` makes, for
// bench/floor: what a Swift binary costs before any of habits' own work,
// on SQLite's C interface, with Foundation linked in as well, and through
// GRDB (which links Foundation). Each is linked as habits' release build is
// (lld, packed relative relocations, no exported symbols, libstdc++ from its
// archive), without its order file, so that the loader's share of a start is
// the same as habits' and the floor is not set by the link.
let linkedAsHabits: [LinkerSetting] = [
  .unsafeFlags(
    [
      "-use-ld=lld",
      "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
      "-Xlinker", "--no-export-dynamic",
      "-L", "\(Context.packageDirectory)/../../Sources/habits/static-libstdc++",
    ], .when(platforms: [.linux], configuration: .release))
]

let package = Package(
  name: "floor",
  dependencies: [
    // The version habits resolves, so that floor-grdb times the same GRDB.
    .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0")
  ],
  targets: [
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    .target(name: "FloorInsert", dependencies: ["CSQLite"]),
    .executableTarget(
      name: "floor-sqlite", dependencies: ["FloorInsert"], linkerSettings: linkedAsHabits),
    .executableTarget(
      name: "floor-foundation", dependencies: ["FloorInsert"], linkerSettings: linkedAsHabits),
    .executableTarget(
      name: "floor-grdb",
      dependencies: ["FloorInsert", .product(name: "GRDB", package: "GRDB.swift")],
      linkerSettings: linkedAsHabits),
  ]
)
