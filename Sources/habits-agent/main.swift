import HabitsCLI
import HabitsNotify

// `habits agent`, with libnotify: what `habits agent` hands over to.
AgentCommand.desktopNotifier = { LibnotifyNotifier(logger: $0) }
HabitsCommand.run(arguments: ["agent"] + CommandLine.arguments.dropFirst())
