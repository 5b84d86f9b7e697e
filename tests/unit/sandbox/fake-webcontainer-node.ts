import { createContext, runInContext } from 'node:vm';
import type { FakeFileSystem } from './fake-webcontainer-fs';
import { normalize } from './fake-webcontainer-fs';

/**
 * A small `node` for the fake WebContainer: `node -e <code> [args]` and `node <file> [args]`
 * (also a `#!/usr/bin/env node` script found on PATH), run in a Node `vm` context with what
 * tests and our own shims use: console.log/error, process.stdout/stderr.write, process.exit,
 * process.argv/env, timers, and a synchronous `fs` subset on the container's tree (absolute
 * paths, so a script can write outside the workdir as real node can). It stands in for the
 * real runtime's node where the real jsh has no command (no `sleep`, no `printf`).
 * The process ends when no timer is pending, on process.exit, on an uncaught error, or on kill.
 */

export interface FakeNodeIo {
  fs: FakeFileSystem;
  cwd: string;
  env: Record<string, string>;
  /** Everything goes to the one terminal stream (a pty merges stdout and stderr). */
  out: (text: string) => void;
  /** Registers a wake-up for kill; returns its removal. */
  onKill: (wake: () => void) => () => void;
  killed: () => boolean;
}

/** Thrown to unwind the script on kill; the shell turns it into the killed exit status. */
export class FakeKilled extends Error {}

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const decoder = new TextDecoder();

export async function runFakeNode(args: string[], io: FakeNodeIo): Promise<number> {
  let code: string;
  let argv: string[];
  if (args[0] === '-e' || args[0] === '--eval') {
    code = args[1] ?? '';
    argv = ['/usr/local/bin/node', ...args.slice(2)];
  } else if (args[0] !== undefined) {
    const path = absolute(io.cwd, args[0]);
    try {
      code = decoder.decode(io.fs.readAbsolute(path)).replace(/^#!.*\n/, '');
    } catch {
      io.out(`node:internal/modules/cjs/loader\nError: Cannot find module '${path}'\n`);
      return 1;
    }
    argv = ['/usr/local/bin/node', path, ...args.slice(1)];
  } else {
    io.out('Welcome to Node.js (fake): no REPL here.\n');
    return 0;
  }

  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextTimer = 1;
  let settle: (outcome: { code: number } | { error: unknown }) => void = () => {};
  const finished = new Promise<{ code: number } | { error: unknown }>((resolve) => (settle = resolve));
  const checkIdle = () => {
    if (timers.size === 0) settle({ code: 0 });
  };
  const guard = (callback: () => void) => {
    try {
      callback();
    } catch (error) {
      settle(error instanceof ExitCalled ? { code: error.code } : { error });
    }
  };
  const write = (text: unknown) => {
    io.out(String(text));
    return true;
  };
  const format = (values: unknown[]) => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' ');
  const sandbox = {
    console: {
      log: (...values: unknown[]) => io.out(`${format(values)}\n`),
      error: (...values: unknown[]) => io.out(`${format(values)}\n`),
      warn: (...values: unknown[]) => io.out(`${format(values)}\n`),
    },
    process: {
      argv,
      env: { ...io.env },
      cwd: () => io.cwd,
      stdout: { write },
      stderr: { write },
      exit: (exitCode?: number) => {
        throw new ExitCalled(exitCode ?? 0);
      },
    },
    setTimeout: (callback: () => void, ms?: number) => {
      const id = nextTimer++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          guard(callback);
          checkIdle();
        }, ms ?? 0),
      );
      return id;
    },
    clearTimeout: (id: number) => {
      clearTimeout(timers.get(id));
      timers.delete(id);
      checkIdle();
    },
    require: (name: string) => {
      if (name === 'fs' || name === 'node:fs') return fakeFsModule(io);
      throw new Error(`Cannot find module '${name}' (the fake node knows only fs)`);
    },
  };

  const removeKill = io.onKill(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    settle({ error: new FakeKilled() });
  });
  try {
    if (io.killed()) throw new FakeKilled();
    guard(() => runInContext(code, createContext(sandbox)));
    checkIdle();
    const outcome = await finished;
    if ('code' in outcome) return outcome.code;
    if (outcome.error instanceof FakeKilled) throw outcome.error;
    const error = outcome.error;
    io.out(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    removeKill();
    for (const timer of timers.values()) clearTimeout(timer);
  }
}

/** The `fs` calls our shims and tests need, synchronous, on absolute container paths. */
function fakeFsModule(io: FakeNodeIo) {
  const at = (path: string) => absolute(io.cwd, path);
  return {
    writeFileSync: (path: string, data: string, _options?: unknown) => io.fs.writeAbsolute(at(path), data),
    readFileSync: (path: string, encoding?: string) => {
      const bytes = io.fs.readAbsolute(at(path));
      return encoding ? decoder.decode(bytes) : bytes;
    },
    mkdirSync: (path: string, options?: { recursive?: boolean }) => io.fs.mkdirAbsolute(at(path), options?.recursive === true),
    existsSync: (path: string) => io.fs.kindAbsolute(at(path)) !== undefined,
    // The fake has no modes: every file on PATH counts as executable.
    chmodSync: () => undefined,
  };
}

function absolute(cwd: string, path: string): string {
  return normalize(path.startsWith('/') ? path : `${cwd}/${path}`);
}
