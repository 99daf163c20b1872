// SPDX-License-Identifier: Apache-2.0
import HabitsCLI

HabitsCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
