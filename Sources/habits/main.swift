import HabitsCLI

await HabitsCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
