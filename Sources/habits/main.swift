import HabitsCLI

HabitsCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
