import type { Sandbox } from '../sandbox/port';

export interface SystemPromptContext {
  sandbox: Pick<Sandbox, 'kind' | 'root' | 'capabilities'>;
  /** Names of the tools the model can call this run. */
  toolNames: readonly string[];
  /** "Today" for the prompt; injectable so tests and replays are deterministic. */
  date?: Date;
  /** Extra sections appended at the end (memory files, project instructions). */
  extraSections?: readonly string[];
}

function environmentSection(sandbox: SystemPromptContext['sandbox']): string {
  const lines = [`- Workspace root: ${sandbox.root} (the shell starts there; relative paths are relative to it).`];
  if (sandbox.kind === 'webcontainer') {
    lines.push(
      '- Sandbox: a WebContainer, a real Node.js runtime inside the browser tab.',
      '- `node` and `npm` work (npm installs packages from the registry); there is no `git` command-line tool and no native binaries.',
    );
    if (sandbox.capabilities.preview) lines.push('- A dev server you start (e.g. `npm run dev`) opens a live preview for the user.');
  } else {
    lines.push(
      '- Sandbox: the offline sandbox, a simulated bash with built-in commands (ls, cat, grep, sed, awk, find, wc, …) over an in-memory file system.',
      sandbox.capabilities.node
        ? '- `node file.js` runs plain JavaScript in an isolated interpreter; there is no `npm`, no package installs and no network.'
        : '- There is no `node`, no `npm` and no network: only the shell built-ins. Verify work by reading files instead of running them.',
    );
  }
  return lines.join('\n');
}

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
    '# Answering\nKeep answers short and direct: a sentence or two, or a brief summary of what you changed. Use Markdown for code. Never claim something works unless you checked it.',
    ...(context.extraSections ?? []),
  ];
  return sections.join('\n\n');
}
