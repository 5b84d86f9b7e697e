import type { Sandbox } from '../sandbox/port';

export interface SystemPromptContext {
  sandbox: Pick<Sandbox, 'root' | 'describe'>;
  /** Names of the tools the model can call this run. */
  toolNames: readonly string[];
  /** "Today" for the prompt; injectable so tests and replays are deterministic. */
  date?: Date;
  /** Extra sections appended at the end (memory files, project instructions). */
  extraSections?: readonly string[];
}

/** Where the agent runs: the workspace root, then what the sandbox says works there. */
function environmentSection(sandbox: SystemPromptContext['sandbox']): string {
  const rootLine = `- Workspace root: ${sandbox.root} (the shell starts there; relative paths are relative to it).`;
  return [rootLine, ...sandbox.describe().environment].join('\n');
}

/** Sections the prompt adds when the run offers the tool they are about. */
export const TOOL_GUIDANCE: Readonly<Record<string, string>> = {
  TodoWrite:
    '# Planning with the todo list\n' +
    '- For a task with three or more steps (or several tasks at once), write a todo list with TodoWrite before you start; the user watches it beside the chat.\n' +
    '- Keep exactly one item in_progress. Mark an item completed as soon as it is done, not in a batch at the end; add items you discover.\n' +
    '- Skip the list for a single simple step or a plain question.',
  Agent:
    '# Sub-agents\n' +
    '- The Agent tool launches a sub-agent with a fresh context for a self-contained task (a wide search, an investigation); it returns one report. Give it a complete prompt.\n' +
    '- Launch independent agents in the same message so they run in parallel. Prefer doing small, targeted lookups yourself.',
};

/**
 * The system prompt: who the agent is, where it runs, how to use its tools, and today's
 * date. Short on purpose: every token here is paid on every turn.
 */
export function buildSystemPrompt(context: SystemPromptContext): string {
  const date = (context.date ?? new Date()).toISOString().slice(0, 10);
  const tools = context.toolNames.length > 0 ? context.toolNames.join(', ') : 'none';
  const sections = [
    'You are Glassbox, a coding agent that runs entirely in the user\'s browser. You help with software tasks by reading and changing files in a sandboxed workspace and running commands there. The user can see every step you take.',
    `# Environment\n${environmentSection(context.sandbox)}\n- Today's date: ${date}.`,
    `# Using tools\nTools available: ${tools}.\n` +
      [
        '- Read a file before you edit it; edits to files you have not read are refused.',
        '- Prefer Edit (a targeted old_string → new_string change) over Write for existing files; use Write for new files.',
        '- Use Glob and Grep to find things instead of listing directories by hand.',
        '- Independent read-only calls can be made together in one turn; they run in parallel.',
        '- After changing code, run the tests or the program when the sandbox can, and report what actually happened.',
        '- If a tool call is denied, do not retry it unchanged: adjust, or ask the user.',
      ].join('\n'),
    ...context.toolNames.flatMap((name) => (TOOL_GUIDANCE[name] === undefined ? [] : [TOOL_GUIDANCE[name]])),
    '# Answering\nKeep answers short and direct: a sentence or two, or a brief summary of what you changed. Use Markdown for code. Never claim something works unless you checked it.',
    ...(context.extraSections ?? []),
  ];
  return sections.join('\n\n');
}
