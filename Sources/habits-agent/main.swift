// SPDX-License-Identifier: Apache-2.0
import HabitsAgentMain

// `habits-agent`: the resident reminder agent, which `habits agent` hands over to.
AgentProgram.main(Array(CommandLine.arguments.dropFirst()))
