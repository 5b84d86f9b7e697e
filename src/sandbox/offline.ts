import { Bash, type CustomCommand as JustBashCustomCommand, type IFileSystem } from 'just-bash';
import { runBash } from './bash-run';
import { fsError, toSandboxError } from './fs-error';
import { IndexedInMemoryFs } from './indexed-memory-fs';
import { missingRuntimeCommands } from './missing-runtime-commands';
import { describeOfflineSandbox } from './offline-description';
import { createOfflineFs } from './offline-fs';
import { restoreSnapshot, takeSnapshot } from './offline-snapshot';
import { SandboxError, type ExecOptions, type ExecResult, type Sandbox, type SandboxCapabilities, type ShellSession, type Snapshot } from './port';
import { createShellSession, type ShellRunResult, type ShellState } from './shell-session';
import { complete, type CompletionEntry } from './tab-completion';
import { WatchedFileSystem } from './watched-fs';
import { normalizeAbsolute, resolveFrom } from './workspace-path';

/**
 * An extra shell command for the offline sandbox, in just-bash's own form: build one with
 * `defineCommand(name, async (args, ctx) => ({ stdout, stderr, exitCode }))` from 'just-bash',
 * or pass `{ name, load }` to load it lazily. A command named like a built-in replaces it.
 */
export type CustomCommand = JustBashCustomCommand;

/**
 * A command that works on the sandbox's filesystem itself rather than on `ctx.fs`, which
 * just-bash guards by copying every buffer and wrapping every promise a call returns: that guard
 * was half of a `git status` on 15,000 files. Only for our own trusted commands; `bind` gets
 * the filesystem once, and each run should refuse calls after its `ctx.signal` fires
 * (see abortableFs).
 */
export interface FsBoundCommand {
  name: string;
  bind(fs: IFileSystem): CustomCommand;
}

export interface OfflineSandboxOptions {
  /** Absolute path of the workspace; default `/workspace`. */
  root?: string;
  /** Extra commands (e.g. a `node` JS runner); they win over built-ins and the node/npm stand-ins. */
  commands?: Array<CustomCommand | FsBoundCommand>;
}

const DEFAULT_ROOT = '/workspace';

/** Shell built-ins Tab offers along with the commands (they have no /bin stub). */
const SHELL_BUILTINS = ['cd', 'export', 'unset', 'alias', 'source', 'exit', 'set', 'shift', 'read', 'local', 'return', 'eval', 'type', 'history'];

/** Variables the interpreter owns (read-only or per run): a shell session does not carry them over. */
const INTERPRETER_VARIABLES = new Set(['?', 'SHELLOPTS', 'BASHOPTS']);

/**
 * The offline Sandbox: just-bash's shell and built-in commands over an in-memory filesystem.
 * Every exec gets a fresh just-bash instance over the shared filesystem (about a millisecond),
 * which lets each run have its own cwd, env and time limit; the terminal session carries cwd and
 * variables between commands itself. Output is not streamed: just-bash returns it when the
 * command ends, so onStdout/onStderr are called once with all of it.
 */
export async function createOfflineSandbox(options: OfflineSandboxOptions = {}): Promise<Sandbox> {
  const root = normalizeAbsolute(options.root ?? DEFAULT_ROOT);
  const provided = options.commands ?? [];
  // Lists a directory without scanning every path (a cloned repository has tens of thousands).
  const memory = new IndexedInMemoryFs();
  const fs = new WatchedFileSystem(memory, root);
  const customCommands = [
    ...missingRuntimeCommands(new Set(provided.map((command) => command.name))),
    ...provided.map((command) => ('bind' in command ? command.bind(fs) : command)),
  ];
  // A throwaway instance lays out /bin, /usr/bin, /dev and /proc and creates the root. just-bash
  // does that only on an InMemoryFs, not through our wrapper, and it finds a command only when a
  // /bin stub for it exists, so the custom commands must be registered here too.
  new Bash({ fs: memory, cwd: root, customCommands, defenseInDepth: false });
  await memory.mkdir('/tmp', { recursive: true });

  const baseEnv: Record<string, string> = { HOME: root };
  const running = new Set<AbortController>();
  const shells = new Set<ShellSession>();
  let disposed = false;

  const makeBash = (cwd: string, env: Record<string, string>, timeoutMs?: number) =>
    new Bash({
      fs,
      cwd,
      env,
      customCommands,
      // Its global-patching guard only works in Node (it reports "unsupported" in browsers) and,
      // where active, it blocks host code (watch listeners, a WASM JS runner) that runs inside a
      // command. Isolation comes from the virtual fs and the absence of network and JS eval.
      defenseInDepth: false,
      // The clock-checked deadline is what stops a CPU-bound loop, which no timer can interrupt.
      executionLimits: timeoutMs === undefined ? undefined : { maxExecutionTimeMs: Math.max(1, Math.ceil(timeoutMs)) },
    });

  const assertAlive = () => {
    if (disposed) throw new SandboxError('EDISPOSED', 'The offline sandbox has been disposed.');
  };

  const isDirectory = async (path: string) => {
    try {
      return (await memory.stat(path)).isDirectory;
    } catch {
      return false;
    }
  };

  /** Runs a script with a signal that dispose() can also fire. */
  const runTracked = async (bash: Bash, script: string, timeoutMs: number | undefined, signal: AbortSignal | undefined) => {
    const disposal = new AbortController();
    running.add(disposal);
    try {
      const combined = signal ? AbortSignal.any([signal, disposal.signal]) : disposal.signal;
      return await runBash(bash, script, { timeoutMs, signal: combined });
    } finally {
      running.delete(disposal);
    }
  };

  const exec = async (command: string, execOptions: ExecOptions = {}): Promise<ExecResult> => {
    assertAlive();
    const cwd = resolveFrom(root, execOptions.cwd ?? root);
    // just-bash would silently run in a directory that does not exist.
    if (!(await memory.exists(cwd))) throw fsError('ENOENT', 'no such file or directory', 'chdir', cwd);
    if (!(await isDirectory(cwd))) throw fsError('ENOTDIR', 'not a directory', 'chdir', cwd);
    const bash = makeBash(cwd, { ...baseEnv, ...execOptions.env }, execOptions.timeoutMs);
    const result = await runTracked(bash, command, execOptions.timeoutMs, execOptions.signal);
    if (result.stdout !== '') execOptions.onStdout?.(result.stdout);
    if (result.stderr !== '') execOptions.onStderr?.(result.stderr);
    const { exitCode, stdout, stderr, timedOut, aborted } = result;
    return { exitCode, stdout, stderr, timedOut, aborted };
  };

  const runShellLine = async (command: string, state: ShellState, signal: AbortSignal): Promise<ShellRunResult> => {
    // If the session's directory was removed meanwhile, start from the root rather than a ghost.
    const cwd = (await isDirectory(state.cwd)) ? state.cwd : root;
    const bash = makeBash(cwd, { ...state.env, PWD: cwd });
    const result = await runTracked(bash, command, undefined, signal);
    const env = carriedVariables(result.env ?? state.env);
    const reported = env.PWD;
    const nextCwd = reported !== undefined && (await isDirectory(reported)) ? reported : cwd;
    return {
      exitCode: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      aborted: result.aborted,
      state: { cwd: nextCwd, env },
    };
  };

  /** Command names: just-bash's (its /bin and /usr/bin stubs), ours, and the shell's built-ins. */
  const commandNames = async (): Promise<string[]> => {
    const listed = await Promise.all(['/bin', '/usr/bin'].map((dir) => memory.readdir(dir).catch(() => [] as string[])));
    return [...new Set([...listed.flat(), ...customCommands.map((command) => command.name), ...SHELL_BUILTINS])];
  };

  const listForCompletion = async (dir: string): Promise<CompletionEntry[]> => {
    try {
      const names = await memory.readdir(dir);
      return await Promise.all(names.map(async (name) => ({ name, isDirectory: await isDirectory(`${dir.replace(/\/$/, '')}/${name}`) })));
    } catch {
      return [];
    }
  };

  const completeLine = (before: string, state: ShellState) =>
    complete(before, state.cwd, { commands: commandNames, list: listForCompletion }, state.env.HOME ?? root);

  const capabilities: SandboxCapabilities = {
    node: provided.some((command) => command.name === 'node'),
    npm: false,
    preview: false,
    watch: true,
    ...(provided.some((command) => command.name === 'git') ? { gitCommand: true } : {}),
  };

  return {
    kind: 'offline',
    root,
    capabilities,
    describe: () => describeOfflineSandbox(capabilities),
    fs: createOfflineFs(fs, root, (listener) => fs.subscribe(listener)),
    exec,

    async openShell(): Promise<ShellSession> {
      assertAlive();
      const session = createShellSession({ run: runShellLine, complete: completeLine, state: { cwd: root, env: { ...baseEnv } } });
      shells.add(session);
      return session;
    },

    async snapshot(): Promise<Snapshot> {
      try {
        return await takeSnapshot(memory, root);
      } catch (error) {
        throw toSandboxError(error);
      }
    },

    async restore(snapshot: Snapshot): Promise<void> {
      assertAlive();
      try {
        await restoreSnapshot(fs, root, snapshot);
      } catch (error) {
        throw toSandboxError(error);
      }
    },

    async dispose(): Promise<void> {
      disposed = true;
      for (const controller of running) controller.abort();
      for (const shell of shells) shell.kill();
      shells.clear();
      fs.clearListeners();
    },
  };
}

/** The variables a shell session keeps for its next command. */
function carriedVariables(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !INTERPRETER_VARIABLES.has(name)));
}
