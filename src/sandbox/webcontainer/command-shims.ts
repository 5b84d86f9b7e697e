import { settleQuietly } from './settle-quietly';
import { collapseTerminalText, stripAnsi } from './terminal-text';
import type { WebContainerLike } from './types';

/**
 * Stand-ins for common commands jsh lacks (it is not bash: no `sleep`,
 * stackblitz/webcontainer-core#1165), as small node scripts in a directory put first on the PATH
 * of every command and terminal. The directory is outside the workdir, so it never shows in the
 * file tree, snapshots or share links. The fs API cannot reach outside the workdir: a `node -e`
 * installer writes the scripts and prints the PATH the runtime gives processes, which the shims'
 * directory is put in front of.
 */
export const SHIM_DIRECTORY = '/home/.glassbox/bin';

/** `sleep N[smhd]`, as coreutils reads it (several arguments add up). */
const SLEEP = `#!/usr/bin/env node
const units = { s: 1, m: 60, h: 3600, d: 86400 };
let seconds = 0;
for (const arg of process.argv.slice(2)) {
  const match = /^(\\d*\\.?\\d+)([smhd]?)$/.exec(arg);
  if (!match) { console.error("sleep: invalid time interval '" + arg + "'"); process.exit(1); }
  seconds += Number(match[1]) * units[match[2] || 's'];
}
if (process.argv.length < 3) { console.error('sleep: missing operand'); process.exit(1); }
setTimeout(() => {}, seconds * 1000);
`;

/** The shims by command name. */
export const COMMAND_SHIMS: Readonly<Record<string, string>> = { sleep: SLEEP };

const INSTALLER = `const fs = require('fs');
const [dir, json] = process.argv.slice(1);
const shims = JSON.parse(json);
fs.mkdirSync(dir, { recursive: true });
for (const name of Object.keys(shims)) {
  fs.writeFileSync(dir + '/' + name, shims[name], { mode: 0o755 });
  try { fs.chmodSync(dir + '/' + name, 0o755); } catch {} // Modes may not exist there.
}
console.log('PATH=' + process.env.PATH);
`;

/** How long the installer may take before commands run without the shims. */
const INSTALL_TIMEOUT_MS = 5_000;

/**
 * Installs the shims once, on first use. Resolves with the env to spawn with (`{ PATH }`), or
 * `{}` when the install failed: commands then run as jsh has them, and nothing else breaks.
 */
export function createCommandShims(wc: WebContainerLike, timeoutMs = INSTALL_TIMEOUT_MS): () => Promise<Record<string, string>> {
  let installed: Promise<Record<string, string>> | undefined;
  return () => (installed ??= install(wc, timeoutMs).catch(() => ({})));
}

async function install(wc: WebContainerLike, timeoutMs: number): Promise<Record<string, string>> {
  const process = await wc.spawn('node', ['-e', INSTALLER, SHIM_DIRECTORY, JSON.stringify(COMMAND_SHIMS)], {
    terminal: { cols: 1000, rows: 10 },
  });
  let text = '';
  const reading = process.output.pipeTo(new WritableStream({ write: (chunk) => void (text += chunk) })).catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const code = await Promise.race([process.exit, timedOut]);
    if (code === 'timeout') {
      settleQuietly(() => process.kill());
      return {};
    }
    await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 200))]);
    if (code !== 0) return {};
    const line = collapseTerminalText(stripAnsi(text))
      .split('\n')
      .find((candidate) => candidate.startsWith('PATH='));
    const runtimePath = line?.slice('PATH='.length).trim();
    // Without the runtime's own PATH, setting one would hide every other command.
    return runtimePath ? { PATH: `${SHIM_DIRECTORY}:${runtimePath}` } : {};
  } finally {
    clearTimeout(timer);
  }
}
