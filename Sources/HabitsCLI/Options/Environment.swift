// SPDX-License-Identifier: Apache-2.0
import HabitsSystem

/// The process's surroundings, as the CLI calls them: the same variables,
/// executable path and raw output the agent reads, from HabitsSystem.
typealias Environment = ProcessEnvironment
