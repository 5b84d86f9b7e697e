import { analyzeShellCommand } from '../agent/shell-commands';
import type { ExecOptions, ExecResult, Sandbox } from '../sandbox/port';
import type { GitCliSettings } from './cli/context';

export interface PageGitOptions {
  /** Author, CORS proxy and token, read on each run. */
  settings?: () => GitCliSettings;
  /** Awaited before the first git run (loading the saved settings). */
  prepare?: () => Promise<unknown>;
}

/** A plain word as shell-commands renders it: bare, or single-quoted with `'\''` for a quote. */
function unquote(word: string): string | undefined {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  const quoted = /^'([\s\S]*)'$/.exec(word);
  if (!quoted) return undefined;
  const inner = quoted[1] ?? '';
  return inner.replace(/'\\''/g, "'");
}

/** The connectors between the commands, read outside quotes: only `&&` and `;` (and newlines) qualify. */
function connectors(line: string): Array<'&&' | ';'> | undefined {
  const outside = line.replace(/'[^']*'|"(?:\\.|[^"\\])*"/g, "''");
  if (/[|<>()`$&]/.test(outside.replace(/&&/g, ''))) return undefined;
  const found: Array<'&&' | ';'> = [];
  for (const match of outside.matchAll(/&&|;|\n/g)) found.push(match[0] === '&&' ? '&&' : ';');
  return found;
}

/** A command line that is only git invocations joined by && or ;, as argument lists; else undefined. */
export async function gitOnlyCommandLine(line: string): Promise<{ commands: string[][]; joins: Array<'&&' | ';'> } | undefined> {
  if (!/^\s*git\s/.test(line) && line.trim() !== 'git') return undefined;
  const joins = connectors(line.trim().replace(/[;\n]\s*$/, ''));
  if (!joins) return undefined;
  const analysis = await analyzeShellCommand(line);
  if (!analysis.ok || analysis.opaque.length > 0 || analysis.commands.length !== joins.length + 1) return undefined;
  const commands: string[][] = [];
  for (const command of analysis.commands) {
    const words = command.words.map(unquote);
    if (words[0] !== 'git' || words.some((word) => word === undefined)) return undefined;
    commands.push((words as string[]).slice(1));
  }
  return { commands, joins };
}

/**
 * A sandbox without a git binary (WebContainer) with the page's git for the agent's Bash tool: a
 * command line that is exactly git invocations (joined by && or ;) runs on isomorphic-git over
 * the sandbox's fs; any other line goes to the sandbox as before. The CLI loads on first use.
 */
export function withPageGit(sandbox: Sandbox, options: PageGitOptions = {}): Sandbox {
  let prepared: Promise<unknown> | undefined;
  const exec = async (command: string, execOptions?: ExecOptions): Promise<ExecResult> => {
    const plan = await gitOnlyCommandLine(command).catch(() => undefined);
    if (!plan) return sandbox.exec(command, execOptions);
    prepared ??= options.prepare?.().catch(() => undefined) ?? Promise.resolve();
    await prepared;
    const { runGit } = await import('./cli/run-git');
    let stdout = '';
    let stderr = '';
    let exitCode = 0;
    for (const [index, args] of plan.commands.entries()) {
      if (index > 0 && plan.joins[index - 1] === '&&' && exitCode !== 0) break;
      const result = await runGit(args, { fs: sandbox.fs, cwd: execOptions?.cwd ?? sandbox.root, ...(options.settings ? { settings: options.settings } : {}) });
      stdout += result.stdout;
      stderr += result.stderr;
      exitCode = result.exitCode;
      if (result.stdout) execOptions?.onStdout?.(result.stdout);
      if (result.stderr) execOptions?.onStderr?.(result.stderr);
    }
    // A pseudo-terminal merges the streams: keep the shape the sandbox's other commands have.
    if (sandbox.capabilities.mergedOutput) return { exitCode, stdout: stdout + stderr, stderr: '', timedOut: false, aborted: false };
    return { exitCode, stdout, stderr, timedOut: false, aborted: false };
  };
  return new Proxy(sandbox, {
    get(target, property, receiver) {
      if (property === 'exec') return exec;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
