import { z } from 'zod';
import { ToolError, type Tool } from './port';

export const exitPlanModeInputSchema = z.object({
  plan: z.string().min(1).describe('The plan you came up with, in Markdown: concise, step by step, naming the files you will change.'),
});

const MODE_WORDS = { acceptEdits: 'auto-accept edits: file edits run without asking', default: 'ask before edits' } as const;

export const exitPlanModeTool: Tool<typeof exitPlanModeInputSchema> = {
  name: 'ExitPlanMode',
  description: `Presents your plan to the user for approval and asks to leave plan mode. Use it in plan mode once you have explored enough and the plan is ready to implement (for tasks that change code; not for research-only questions).
- The user approves it (choosing how edits are allowed from then on) or sends it back with feedback: then keep planning and call it again with a revised plan.`,
  inputSchema: exitPlanModeInputSchema,
  // It only asks; the user's approval switches the mode.
  readOnly: true,
  category: 'read-only',
  // Plans are approved in the main conversation, never inside a sub-agent.
  availableToSubagents: false,
  concurrencySafe: false,

  permission() {
    return { title: 'Present the plan', ruleKey: 'ExitPlanMode' };
  },

  summarize(input) {
    const firstLine = input.plan.split('\n').find((line) => line.trim() !== '') ?? '';
    return firstLine.replace(/^#+\s*/, '');
  },

  async run(input, context) {
    if (!context.askUser) throw new ToolError('The plan cannot be shown here: there is no user to approve it.');
    const response = await context.askUser({ kind: 'plan', plan: input.plan });
    if (response.kind === 'plan_approved') {
      return { content: `User has approved your plan. You can now start coding. Permission mode is now "${response.mode}" (${MODE_WORDS[response.mode]}). Start with the first step of the plan.` };
    }
    if (response.kind === 'plan_rejected') {
      const feedback = response.feedback.trim();
      return {
        content: `The user wants you to keep planning: the plan was not approved and you are still in plan mode (read-only).${feedback === '' ? '' : ` Their feedback:\n${feedback}`}\nRevise the plan, then call ExitPlanMode again.`,
        isError: true,
      };
    }
    return { content: 'The plan was not approved (the question was dismissed). You are still in plan mode.', isError: true };
  },
};
