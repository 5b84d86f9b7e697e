import { GuestProgram, type Outcome } from './guest-program';
import { MODULE_PREFIX, SCRIPT_PREFIX } from './host-bindings';
import {
  DEFAULT_MEMORY_LIMIT_BYTES,
  DEFAULT_TIMEOUT_MS,
  EXIT_ABORTED,
  EXIT_OUT_OF_MEMORY,
  EXIT_TIMEOUT,
  NODE_VERSION,
  QUICKJS_VERSION,
} from './limits';
import { HELP_TEXT, parseNodeArgs, REPL_MESSAGE, type MainSpec } from './node-cli';
import { preloadWorkspace } from './preload';
import { discardQuickJS, loadQuickJS } from './quickjs-loader';
import type { RunNodeOptions, RunNodeResult } from './types';
import { WriteBack } from './write-back';

const EXEC_PATH = '/usr/local/bin/node';
/** A fixed pid: the program may print it (warnings do), and runs should be reproducible. */
const PID = 42;

let acornParse: Promise<typeof import('acorn').parse> | undefined;

/**
 * `node …` in the offline sandbox: runs the program in a fresh QuickJS runtime over an in-memory
 * copy of the workspace, then saves the files it changed. Never throws for anything the program
 * does; the exit code and stderr say what happened.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
  const stdin = options.stdin ?? '';
  const invocation = parseNodeArgs(options.argv, stdin);
  switch (invocation.kind) {
    case 'version':
      options.stdout(`${NODE_VERSION}\n`);
      return { exitCode: 0 };
    case 'help':
      options.stdout(HELP_TEXT);
      return { exitCode: 0 };
    case 'repl':
      options.stderr(REPL_MESSAGE);
      return { exitCode: 1 };
    case 'error':
      options.stderr(invocation.message);
      return { exitCode: invocation.exitCode };
    case 'run':
      break;
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const memoryLimitBytes = options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
  let module;
  let parse;
  let volume;
  try {
    [module, parse, volume] = await Promise.all([loadQuickJS(), loadAcorn(), preloadWorkspace(options.fs, options.preload)]);
  } catch (error) {
    options.stderr(`node: could not start the offline JavaScript runtime: ${error instanceof Error ? error.message : String(error)}\n`);
    return { exitCode: 1 };
  }

  const writeBack = new WriteBack(volume, options.fs);
  const failedSaves: Array<{ path: string; error: string }> = [];
  const flush = async () => {
    failedSaves.push(...(await writeBack.flush()));
  };

  const program = new GuestProgram({
    module,
    volume,
    configJson: JSON.stringify(configFor(options, invocation.main, invocation.args, invocation.execArgv, invocation.preloadModules)),
    stdout: options.stdout,
    stderr: options.stderr,
    // `node -` and piped scripts consume stdin themselves.
    stdin: invocation.main.kind === 'stdin' ? '' : stdin,
    timeoutMs,
    memoryLimitBytes,
    parse,
    signal: options.signal,
    flush,
  });

  let outcome: Outcome;
  try {
    outcome = await program.run();
  } catch (error) {
    // The host engine failed inside the wasm (its own stack overflowed, or Emscripten aborted):
    // that instance cannot be trusted again.
    discardQuickJS();
    outcome = { kind: 'finished', exitCode: 1 };
    options.stderr(engineFailureMessage(error));
  } finally {
    try {
      program.dispose();
    } catch {
      discardQuickJS();
    }
  }

  await flush();
  for (const { path, error } of failedSaves) options.stderr(`node: could not save ${path} to the workspace: ${error}\n`);
  return resultFor(outcome, options, timeoutMs, memoryLimitBytes);
}

function loadAcorn(): Promise<typeof import('acorn').parse> {
  if (!acornParse) {
    acornParse = import('acorn').then((acorn) => acorn.parse);
    acornParse.catch(() => {
      acornParse = undefined;
    });
  }
  return acornParse;
}

function configFor(options: RunNodeOptions, main: MainSpec, args: string[], execArgv: string[], preloadModules: string[]) {
  const argv = main.kind === 'file' || main.kind === 'check' ? [EXEC_PATH, main.path, ...args] : [EXEC_PATH, ...args];
  return {
    argv,
    execArgv,
    preloadModules,
    env: options.env ?? {},
    cwd: options.cwd,
    version: NODE_VERSION,
    versions: { node: NODE_VERSION.slice(1), quickjs: QUICKJS_VERSION, modules: '115' },
    execPath: EXEC_PATH,
    pid: PID,
    main,
    wrapperPrefixLength: MODULE_PREFIX.length,
    scriptPrefixLength: SCRIPT_PREFIX.length,
  };
}

function resultFor(outcome: Outcome, options: RunNodeOptions, timeoutMs: number, memoryLimitBytes: number): RunNodeResult {
  switch (outcome.kind) {
    case 'finished':
    case 'exit':
      return { exitCode: outcome.exitCode };
    case 'timeout':
      options.stderr(`node: script timed out after ${formatSeconds(timeoutMs)} (offline sandbox limit)\n`);
      return { exitCode: EXIT_TIMEOUT, stoppedBy: 'timeout' };
    case 'memory':
      options.stderr(
        `node: JavaScript heap out of memory: the program needed more than ${formatMegabytes(memoryLimitBytes)} (offline sandbox limit)\n`,
      );
      return { exitCode: EXIT_OUT_OF_MEMORY, stoppedBy: 'memory' };
    case 'abort':
      options.stderr('node: stopped\n');
      return { exitCode: EXIT_ABORTED, stoppedBy: 'abort' };
    case 'crash':
      discardQuickJS();
      options.stderr(engineFailureMessage(outcome.message));
      return { exitCode: 1 };
  }
}

function engineFailureMessage(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // V8's and Firefox's messages for a native stack overflow.
  if (/call stack|too much recursion/i.test(text)) {
    return 'RangeError: Maximum call stack size exceeded\n(node: the offline sandbox stopped the program: its recursion was too deep)\n';
  }
  return `node: the offline JavaScript engine failed and the program was stopped (${text})\n`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
