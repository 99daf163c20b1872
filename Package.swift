// swift-tools-version: 6.0
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

/// The modules of ours that `habits` runs reach the metadata of generic
/// types through accessor functions rather than by mangled name. A mangled
/// name makes the runtime look up the conformances the type needs, and each
/// new lookup scans every conformance record in the binary (6,900, most of
/// them Foundation's): some 400,000 instructions apiece, at every start.
/// The dependencies cannot be given the flag here; packaging/build-release.sh,
/// the release build, gives it to every module.
let directMetadata: [SwiftSetting] = [
  .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
  name: "habits",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "habits", targets: ["habits"]),
    .executable(name: "habits-agent", targets: ["habits-agent"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
  ],
  targets: [
    // Linked as the agent is, for a faster start: lld places the functions
    // the everyday commands run first (habits.order, written by
    // bench/habits-order.sh; the compiler's local functions, which an order
    // cannot name, gathered by local-functions.ld), so that a run faults in
    // fewer pages; packed relative relocations (glibc 2.36) and no exported
    // symbols leave the dynamic loader less to do.
    .executableTarget(
      name: "habits",
      dependencies: ["HabitsCLI"],
      exclude: ["habits.order", "local-functions.ld", "static-libstdc++"],
      swiftSettings: directMetadata,
      linkerSettings: [
        .unsafeFlags(
          [
            "-use-ld=lld",
            "-Xlinker",
            "--symbol-ordering-file=\(Context.packageDirectory)/Sources/habits/habits.order",
            "-Xlinker", "--no-warn-symbol-ordering",
            "-Xlinker", "--script=\(Context.packageDirectory)/Sources/habits/local-functions.ld",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic",
            // libstdc++ (GPL with the runtime library exception) linked in,
            // not loaded: static-libstdc++/libstdc++.so is a linker script
            // naming libstdc++.a. Binding the binary's C++ symbols at start
            // was the larger part of the loader's time in a `habits done`.
            "-L", "\(Context.packageDirectory)/Sources/habits/static-libstdc++",
          ], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    // The agent links libnotify and GLib; the CLI does not, so that each
    // `habits done` starts without loading them.
    .executableTarget(
      name: "habits-agent",
      dependencies: ["HabitsAgentMain"],
      exclude: ["agent.order"],
      // The agent stays resident all day, so its release build is linked for
      // memory: lld places the functions it runs first (agent.order, written
      // by bench/agent-order.sh, and local-functions.ld), so that they share
      // pages; packed relative relocations (glibc 2.36) replace 2 MB of
      // relocation records read at start; only the symbols shared libraries
      // need are exported; and libstdc++ is linked in from its archive, as in
      // habits, so that the agent holds the little of it TOML parsing uses
      // rather than map all of libstdc++.so.6 (1.4 MB of its resident
      // memory).
      linkerSettings: [
        .unsafeFlags(
          [
            "-use-ld=lld",
            "-Xlinker",
            "--symbol-ordering-file=\(Context.packageDirectory)/Sources/habits-agent/agent.order",
            "-Xlinker", "--no-warn-symbol-ordering",
            "-Xlinker", "--script=\(Context.packageDirectory)/Sources/habits/local-functions.ld",
            "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic",
            "-L", "\(Context.packageDirectory)/Sources/habits/static-libstdc++",
          ], .when(platforms: [.linux], configuration: .release))
      ]
    ),
    .target(
      name: "HabitsCLI",
      dependencies: [
        "Recurrence",
        "HabitsCore",
        "HabitsStore",
        "HabitsSync",
        "HabitsInterchange",
        "HabitsReport",
        "HabitsSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: directMetadata
    ),
    // The resident agent's composition root: its arguments, read by hand,
    // its environment, logging, lock and notifiers. Neither the CLI nor
    // argument-parser is linked into it.
    .target(
      name: "HabitsAgentMain",
      dependencies: [
        "Recurrence",
        "HabitsAgent",
        "HabitsNotify",
        "HabitsSystem",
        "HabitsStore",
        "HabitsCore",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .target(
      name: "HabitsAgent",
      dependencies: [
        "Recurrence",
        "HabitsCore",
        "HabitsStore",
        "HabitsSync",
        "HabitsSystem",
        "CLinux",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // The Linux system around habits: the event sources the agent and
    // `habits today --watch` sleep on, the agent's lock, the process
    // environment and the journal's log format.
    .target(
      name: "HabitsSystem",
      dependencies: [
        "Recurrence",
        "HabitsCore",
        "CLinux",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: directMetadata
    ),
    .target(
      name: "HabitsNotify",
      dependencies: [
        "HabitsAgent",
        "HabitsCore",
        "CLibnotify",
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // One history across devices: the events each device appends to its own
    // files in a synced folder, their clock, and the rule that replays them.
    .target(
      name: "HabitsSync",
      dependencies: ["Recurrence", "HabitsCore"],
      swiftSettings: directMetadata
    ),
    .systemLibrary(
      name: "CLibnotify",
      pkgConfig: "libnotify",
      providers: [.apt(["libnotify-dev"])]
    ),
    .target(name: "CLinux"),
    // Import from other apps and export to them; the zip reader inflates with
    // the system's zlib, linked as libz.so.1.
    .target(
      name: "HabitsInterchange",
      dependencies: ["Recurrence", "HabitsCore", "HabitsStore", "CZlib"],
      swiftSettings: directMetadata
    ),
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // The week and the year as one HTML page.
    .target(
      name: "HabitsReport",
      dependencies: ["Recurrence", "HabitsCore"],
      swiftSettings: directMetadata
    ),
    .target(
      name: "HabitsStore",
      dependencies: [
        "Recurrence",
        "HabitsCore",
        "HabitsSync",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        "CSQLiteOptions",
      ],
      swiftSettings: directMetadata
    ),
    // SQLite's connection options Swift cannot reach (a variadic C call).
    .target(name: "CSQLiteOptions", linkerSettings: [.linkedLibrary("sqlite3")]),
    // The habit domain: habits and their schedule files, check-ins, streaks,
    // strength, summaries.
    .target(
      name: "HabitsCore",
      dependencies: [
        "Recurrence",
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: directMetadata
    ),
    // Time and recurrence: instants, dates, zones, RFC 5545 rules and the
    // three ways of writing them. It depends on nothing of ours.
    .target(name: "Recurrence", swiftSettings: directMetadata),
    // What several test targets share: zones, wall-clock readings, a
    // schedules folder to write into.
    .target(
      name: "HabitsTestSupport",
      dependencies: ["Recurrence", "HabitsCore"],
      path: "Tests/HabitsTestSupport"
    ),
    .testTarget(
      name: "RecurrenceTests",
      dependencies: [
        "HabitsTestSupport",
        "Recurrence",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "HabitsCoreTests",
      dependencies: [
        "HabitsTestSupport",
        "Recurrence",
        "HabitsCore",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "HabitsInterchangeTests",
      dependencies: ["HabitsTestSupport", "Recurrence", "HabitsCore", "HabitsInterchange"]
    ),
    .testTarget(
      name: "HabitsSyncTests",
      dependencies: [
        "HabitsTestSupport",
        "Recurrence",
        "HabitsCore",
        "HabitsSync",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "HabitsReportTests",
      dependencies: ["HabitsTestSupport", "Recurrence", "HabitsCore", "HabitsReport"]
    ),
    .testTarget(
      name: "HabitsStoreTests",
      dependencies: ["HabitsTestSupport", "Recurrence", "HabitsStore", "HabitsCore", "HabitsSync"]
    ),
    .testTarget(
      name: "HabitsAgentTests",
      dependencies: [
        "HabitsTestSupport", "Recurrence", "HabitsAgent", "HabitsStore", "HabitsCore",
        "HabitsSystem",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "HabitsAgentMainTests",
      dependencies: ["HabitsAgentMain", "HabitsAgent", "HabitsCore", "Recurrence"]
    ),
    .testTarget(
      name: "HabitsNotifyTests",
      dependencies: ["Recurrence", "HabitsNotify", "HabitsAgent", "HabitsCore"]
    ),
    .testTarget(
      name: "HabitsCLITests",
      dependencies: ["HabitsTestSupport", "Recurrence", "HabitsCLI", "HabitsCore", "HabitsSystem"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
