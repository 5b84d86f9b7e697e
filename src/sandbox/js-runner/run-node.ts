import { ChangeApplier } from './apply-changes';
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
import type { EngineOutcome, EngineRequest } from './runner-protocol';
import { defaultRunnerTransport } from './select-transport';
import { superviseRun } from './supervise-run';
import type { RunNodeOptions, RunNodeResult } from './types';
import { imageOfVolume } from './volume-image';
import { MODULE_PREFIX, SCRIPT_PREFIX } from './wrapper-prefixes';

const EXEC_PATH = '/usr/local/bin/node';
/** A fixed pid: the program may print it (warnings do), and runs should be reproducible. */
const PID = 42;

/**
 * `node …` in the offline sandbox, the host's half: parses the command line, copies the workspace,
 * has the engine run the program in a fresh QuickJS runtime over that copy (in a Web Worker in the
 * browser, see select-transport.ts), passes its output on, saves the files it changed, and says how
 * it ended. Never throws for anything the program does; the exit code and stderr say what happened.
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
  let volume;
  try {
    volume = await preloadWorkspace(options.fs, options.preload);
  } catch (error) {
    options.stderr(unavailableMessage(error instanceof Error ? error.message : String(error)));
    return { exitCode: 1 };
  }

  const request: EngineRequest = {
    configJson: JSON.stringify(configFor(options, invocation.main, invocation.args, invocation.execArgv, invocation.preloadModules)),
    // `node -` and piped scripts consume stdin themselves.
    stdin: invocation.main.kind === 'stdin' ? '' : stdin,
    timeoutMs,
    memoryLimitBytes,
    volume: imageOfVolume(volume),
  };
  const saves = new ChangeApplier(options.fs);
  const outcome = await superviseRun(
    options.transport ?? defaultRunnerTransport(),
    request,
    (event) => {
      if (event.type === 'changes') saves.enqueue(event.changes);
      else for (const part of event.parts) (part.stream === 'stdout' ? options.stdout : options.stderr)(part.text);
    },
    options.signal,
  );

  for (const { path, error } of await saves.settled()) options.stderr(`node: could not save ${path} to the workspace: ${error}\n`);
  return resultFor(outcome, options, timeoutMs, memoryLimitBytes);
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

function resultFor(outcome: EngineOutcome, options: RunNodeOptions, timeoutMs: number, memoryLimitBytes: number): RunNodeResult {
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
      options.stderr(engineFailureMessage(outcome.message));
      return { exitCode: 1 };
    case 'unavailable':
      options.stderr(unavailableMessage(outcome.message));
      return { exitCode: 1 };
  }
}

function unavailableMessage(reason: string): string {
  return `node: could not start the offline JavaScript runtime: ${reason}\n`;
}

function engineFailureMessage(text: string): string {
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
