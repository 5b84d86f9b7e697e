import type { SandboxCapabilities, SandboxDescription } from './port';

/**
 * Core modules the offline `node` (QuickJS) provides; mirrors CORE_MODULES in
 * src/sandbox/js-runner/guest/modules.js (kept here as text so describing needs no runner code).
 */
export const OFFLINE_NODE_MODULES = 'fs, fs/promises, path, assert, util, events, buffer, os, timers, process, console, node:test';

/** The offline sandbox (just-bash over an in-memory fs), with or without the QuickJS `node`. */
export function describeOfflineSandbox(capabilities: SandboxCapabilities): SandboxDescription {
  return {
    label: 'Offline sandbox',
    name: 'the offline sandbox',
    summary: capabilities.node
      ? 'Shell built-ins and node (QuickJS) over in-memory files; no npm, no network.'
      : 'Shell built-ins over in-memory files; no node, no npm, no network.',
    environment: [
      '- Sandbox: the offline sandbox, a simulated bash with built-in commands (ls, cat, grep, rg, sed, awk, find, jq, wc, …) over an in-memory file system. There is no network.',
      capabilities.node
        ? `- \`node file.js\` and \`node -e\` run JavaScript in an isolated interpreter (QuickJS, not V8): CommonJS only (\`require\` of workspace files and JSON; no ES modules), with the core modules ${OFFLINE_NODE_MODULES}. No http/net/child_process/crypto, and each run is time- and memory-limited. Plain \`node test.js\` test suites with \`assert\` work.`
        : '- There is no `node`: only the shell built-ins. Verify work by reading files instead of running them.',
      ...(capabilities.gitCommand
        ? ['- `git` works (isomorphic-git): init, status, diff, log, show, add, rm, commit, branch, switch, checkout, restore, reset, remote, fetch, pull, push; other subcommands say they are not supported.']
        : []),
      `- Does not work: \`npm\`/\`npx\` (no package installs, no dev servers, no previews), ${capabilities.gitCommand ? '' : '`git`, '}\`python\` and other native programs. If a task needs them, say it needs the WebContainer runtime.`,
    ],
    capabilities,
  };
}
