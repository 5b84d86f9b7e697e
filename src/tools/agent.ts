import { z } from 'zod';
import { ToolError, type SubagentTypeSummary, type Tool } from './port';

export const agentInputSchema = z.object({
  description: z.string().min(1).describe('A short (3-5 word) description of the task, shown to the user.'),
  prompt: z.string().min(1).describe('The task for the agent: everything it needs to know, since it sees nothing else of this conversation.'),
  subagent_type: z.string().min(1).describe('The type of agent to use for this task (one of the types listed in the description).'),
});

export type AgentInput = z.infer<typeof agentInputSchema>;

const BASE_DESCRIPTION = `Launches a sub-agent that works on a task on its own and returns one final report.
- The sub-agent starts with a fresh context: it sees only your prompt, so say everything it needs (files, goals, what to report back).
- It has its own tools (depending on its type) and a lower turn limit; it cannot launch sub-agents itself.
- Use it for searches and investigations that would fill your context with tool output, or for independent pieces of work.
- Launch several agents in one message when the tasks are independent: they run in parallel.
- The user does not see the sub-agent's report: summarise what matters from it in your own answer.`;

/** The tool description: the base text, then every agent type the model may choose. */
export function agentToolDescription(types: readonly SubagentTypeSummary[]): string {
  if (types.length === 0) return BASE_DESCRIPTION;
  const lines = types.map((type) => {
    const tools = type.tools === undefined ? 'all tools except Agent' : type.tools.join(', ');
    return `- ${type.name}: ${type.description.replace(/\s+/g, ' ').trim()} (Tools: ${tools})`;
  });
  return `${BASE_DESCRIPTION}\n\nAvailable agent types (subagent_type):\n${lines.join('\n')}`;
}

/**
 * The Agent tool. Its description lists the agent types known when a run starts (`types` is read
 * each time the tool set is described), and running it asks the loop, through the tool context, to
 * run a sub-agent: tools never import the loop.
 */
export function createAgentTool(types: () => readonly SubagentTypeSummary[] = () => []): Tool<typeof agentInputSchema> {
  return {
    name: 'Agent',
    get description(): string {
      return agentToolDescription(types());
    },
    inputSchema: agentInputSchema,
    // Launching changes nothing by itself: each of the sub-agent's own calls passes the permission
    // gate (with the parent's mode and rules). So it never asks, and several run side by side.
    readOnly: true,
    category: 'read-only',
    concurrencySafe: true,
    availableToSubagents: false,

    permission(input) {
      return { title: `Run a ${input.subagent_type} agent: ${input.description}`, ruleKey: `Agent(${input.subagent_type})` };
    },

    summarize(input) {
      return `${input.subagent_type}: ${input.description}`;
    },

    async run(input, context) {
      if (context.runSubagent === undefined) throw new ToolError('Sub-agents cannot run here (a sub-agent cannot launch another one).');
      return context.runSubagent({ type: input.subagent_type, description: input.description, prompt: input.prompt });
    },
  };
}
