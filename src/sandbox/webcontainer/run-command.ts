import { INTERRUPTED_EXIT_CODE, TIMED_OUT_EXIT_CODE } from '../bash-run';
import type { ExecOptions, ExecResult } from '../port';
import { settleQuietly } from './settle-quietly';
import { collapseTerminalText, createTerminalTextStream } from './terminal-text';
import type { WebContainerLike, WebContainerProcessLike } from './types';
import type { WorkspacePaths } from './workspace-paths';

/** Exit status a shell reports when the command cannot be started at all. */
const NOT_STARTED_EXIT_CODE = 127;

export interface RunCommandSettings {
  /** Terminal size for `jsh -c` runs: wide, so tools do not wrap or truncate for 80 columns. */
  terminal: { cols: number; rows: number };
  /** How long to wait for a killed process to report its exit before giving up on it. */
  killGraceMs: number;
  /** How long to wait for the output stream to close after the process exited. */
  drainMs: number;
  /** Output kept in the result; beyond it the start is dropped (the end says how it finished). */
  maxOutputChars: number;
}

/**
 * Runs `command` with `jsh -c` and collects its output.
 *
 * WebContainer gives a process one terminal stream: stdout and stderr arrive merged (there is no
 * way to tell them apart), with CRLF line ends and escape sequences. The result's `stdout` holds
 * that merged text cleaned up (escapes stripped, progress redraws collapsed) and `stderr` only
 * our own notices (timeout, interruption, spawn failure). `onStdout` gets cleaned chunks as
 * they arrive; `onStderr` is never called for process output.
 *
 * A timeout or an abort kills the process; if the runtime does not report the exit within
 * `killGraceMs` we stop waiting. Exit codes follow the offline sandbox: 124 for a timeout,
 * 130 for an interruption.
 */
export async function runCommand(
  wc: WebContainerLike,
  paths: WorkspacePaths,
  command: string,
  options: ExecOptions,
  settings: RunCommandSettings,
): Promise<ExecResult> {
  const { signal, timeoutMs } = options;
  if (signal?.aborted) return stopped('aborted', timeoutMs, '');

  let process: WebContainerProcessLike;
  try {
    process = await wc.spawn('jsh', ['-c', command], {
      cwd: paths.spawnCwd(options.cwd),
      env: options.env,
      terminal: settings.terminal,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { exitCode: NOT_STARTED_EXIT_CODE, stdout: '', stderr: `jsh could not be started: ${reason}\n`, timedOut: false, aborted: false };
  }

  const output = collectOutput(process.output, settings.maxOutputChars, options.onStdout);
  let stopReason: 'timeout' | 'aborted' | undefined;
  let exited = false;
  let gaveUp: () => void = () => {};
  const abandoned = new Promise<undefined>((resolve) => (gaveUp = () => resolve(undefined)));
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = (reason: 'timeout' | 'aborted') => {
    // A timer or abort landing while we drain the output of a finished process changes nothing.
    if (stopReason || exited) return;
    stopReason = reason;
    settleQuietly(() => process.kill()); // Already gone, or the runtime is: we stop waiting anyway.
    graceTimer = setTimeout(gaveUp, settings.killGraceMs);
  };
  const onAbort = () => stop('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  const timeoutTimer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);

  try {
    // A lost bridge rejects `exit`: report it as a failure rather than throwing from exec.
    const exitCode = await Promise.race([process.exit.catch(() => 1), abandoned]);
    exited = true;
    const text = await output.finish(exitCode === undefined ? 0 : settings.drainMs);
    if (stopReason) return stopped(stopReason, timeoutMs, text);
    return { exitCode: exitCode ?? 1, stdout: text, stderr: '', timedOut: false, aborted: false };
  } finally {
    clearTimeout(timeoutTimer);
    clearTimeout(graceTimer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function stopped(reason: 'timeout' | 'aborted', timeoutMs: number | undefined, stdout: string): ExecResult {
  return {
    exitCode: reason === 'timeout' ? TIMED_OUT_EXIT_CODE : INTERRUPTED_EXIT_CODE,
    stdout,
    stderr: reason === 'timeout' ? `Command timed out after ${timeoutMs ?? 0} ms.\n` : 'Command interrupted.\n',
    timedOut: reason === 'timeout',
    aborted: reason === 'aborted',
  };
}

/**
 * Reads the output stream to the end, streaming cleaned chunks to `onChunk`. `finish` waits up
 * to `drainMs` for the stream to close (it closes after the process exits; a killed process
 * may never close it), then returns the collected text.
 */
function collectOutput(
  stream: ReadableStream<string>,
  maxChars: number,
  onChunk: ((chunk: string) => void) | undefined,
): { finish(drainMs: number): Promise<string> } {
  const cleaner = createTerminalTextStream();
  let text = '';
  let truncated = false;
  const add = (chunk: string) => {
    if (chunk === '') return;
    text += chunk;
    if (text.length > maxChars) {
      text = text.slice(text.length - maxChars);
      truncated = true;
    }
    try {
      onChunk?.(chunk);
    } catch (error) {
      // A broken progress callback must not lose the run's result.
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  const reader = stream.getReader();
  const pumped = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        add(cleaner.push(value));
      }
    } catch {
      // The stream errored (runtime gone): keep what we have.
    }
  })();

  return {
    async finish(drainMs: number): Promise<string> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const drained = await Promise.race([
        pumped.then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), drainMs))),
      ]);
      clearTimeout(timer);
      if (!drained) reader.cancel().catch(() => undefined);
      add(cleaner.flush());
      const collapsed = collapseTerminalText(text);
      return truncated ? `[… earlier output dropped …]\n${collapsed.replace(/^[^\n]*\n/, '')}` : collapsed;
    },
  };
}
