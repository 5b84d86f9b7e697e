import type { Sandbox } from '../sandbox/port';

export interface SystemPromptContext {
  sandbox: Pick<Sandbox, 'root' | 'describe'>;
  /** Names of the tools the model can call this run. */
  toolNames: readonly string[];
  /** "Today" for the prompt; injectable so tests and replays are deterministic. */
  date?: Date;
  /** Extra sections appended at the end (memory files, project instructions). */
  extraSections?: readonly string[];
  /** Named parts appended after the built-in prompt (project instructions, memory): see `systemPromptParts`. */
  extraParts?: readonly SystemPart[];
}

/**
 * One named part of the system prompt, so the inspector can show what each source added.
 * The prompt sent is the parts' texts joined with blank lines (`joinSystemParts`), exactly.
 */
export interface SystemPart {
  /** What the part is, e.g. "Glassbox", "Project instructions", "Memory". */
  label: string;
  /** Where it came from, e.g. "built-in", "/workspace/AGENTS.md", "memory (3 entries)". */
  source: string;
  text: string;
}

/** The separator between parts, and between the sections of a part. */
export const SYSTEM_PART_SEPARATOR = '\n\n';

/** The system prompt text of its parts: what the request sends. */
export function joinSystemParts(parts: readonly SystemPart[]): string {
  return parts.map((part) => part.text).join(SYSTEM_PART_SEPARATOR);
}

/** Where the agent runs: the workspace root, then what the sandbox says works there. */
function environmentSection(sandbox: SystemPromptContext['sandbox']): string {
  const rootLine = `- Workspace root: ${sandbox.root} (the shell starts there; relative paths are relative to it).`;
  return [rootLine, ...sandbox.describe().environment].join('\n');
}

/**
 * The system prompt: who the agent is, where it runs, how to use its tools, and today's
 * date. Short on purpose: every token here is paid on every turn.
 */
export function buildSystemPrompt(context: SystemPromptContext): string {
  return joinSystemParts(systemPromptParts(context));
}

/** The system prompt as named parts: the built-in prompt, then `extraParts` (empty ones left out). */
export function systemPromptParts(context: SystemPromptContext): SystemPart[] {
  const builtIn: SystemPart = { label: 'Glassbox', source: 'built-in', text: builtInPrompt(context) };
  return [builtIn, ...(context.extraParts ?? []).filter((part) => part.text.trim() !== '')];
}

function builtInPrompt(context: SystemPromptContext): string {
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
  return sections.join(SYSTEM_PART_SEPARATOR);
}
