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

/**
 * Core modules the offline `node` (QuickJS) provides; mirrors CORE_MODULES in
 * src/sandbox/js-runner/guest/modules.js (kept here as text so the prompt needs no runner code).
 */
export const OFFLINE_NODE_MODULES = 'fs, fs/promises, path, assert, util, events, buffer, os, timers, process, console, node:test';

/**
 * What the model can and cannot do in each sandbox. Specific on purpose: a model that assumes
 * a normal Linux box burns turns on `git status`, `python3` or `npm install` that cannot work.
 */
function environmentSection(sandbox: SystemPromptContext['sandbox']): string {
  const lines = [`- Workspace root: ${sandbox.root} (the shell starts there; relative paths are relative to it).`];
  if (sandbox.kind === 'webcontainer') {
    lines.push(
      '- Sandbox: a WebContainer, a real Node.js runtime inside the browser tab. Commands run in `jsh`, a bash-like shell with fewer features than bash.',
      '- Works: `node`, `npm` (install, test, run scripts; packages come from the npm registry), `npx`, and pure-JavaScript tools.',
      '- Does not work: there is no `git` command-line tool, no `python`, no native binaries and no native npm addons (pick pure-JS or WebAssembly packages).',
    );
    if (sandbox.capabilities.mergedOutput) {
      lines.push('- Command output arrives as one stream: stdout and stderr are merged, so judge success by the exit code, not by which stream text went to.');
    }
    if (sandbox.capabilities.preview) {
      lines.push(
        '- A server started in the terminal (e.g. `npm run dev`) opens a live preview for the user. Bash waits for commands to exit, so do not start servers with it: ask the user to run them in the terminal. Errors thrown by the preview page are reported back to you in <system-reminder> notes.',
      );
    }
  } else {
    lines.push(
      '- Sandbox: the offline sandbox, a simulated bash with built-in commands (ls, cat, grep, rg, sed, awk, find, jq, wc, …) over an in-memory file system. There is no network.',
    );
    lines.push(
      sandbox.capabilities.node
        ? `- \`node file.js\` and \`node -e\` run JavaScript in an isolated interpreter (QuickJS, not V8): CommonJS only (\`require\` of workspace files and JSON; no ES modules), with the core modules ${OFFLINE_NODE_MODULES}. No http/net/child_process/crypto, and each run is time- and memory-limited. Plain \`node test.js\` test suites with \`assert\` work.`
        : '- There is no `node`: only the shell built-ins. Verify work by reading files instead of running them.',
      '- Does not work: `npm`/`npx` (no package installs, no dev servers, no previews), `git`, `python` and other native programs. If a task needs them, say it needs the WebContainer runtime.',
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
