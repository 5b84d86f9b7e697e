import type { Bash } from 'just-bash';
import type { ExecResult } from './port';

/** Exit status a shell reports for a command killed by `timeout`. */
export const TIMED_OUT_EXIT_CODE = 124;
/** 128 + SIGINT: what a shell reports for a command interrupted with Ctrl+C. */
export const INTERRUPTED_EXIT_CODE = 130;
/** How long an aborted run may take to hand back its own result before we stop waiting for it. */
const STOP_GRACE_MS = 250;

export interface BashRunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface BashRunResult extends ExecResult {
  /** Shell variables at the end of the run (undefined when the run was abandoned). */
  env?: Record<string, string>;
}

/**
 * Runs one script on a just-bash instance with a timeout and an abort signal.
 *
 * just-bash cancels cooperatively: the interpreter checks its signal at each statement and
 * `sleep` wakes on abort, so an abort normally ends the run within milliseconds. A CPU-bound
 * loop never yields to the event loop, so no timer or abort event can fire while it spins; the
 * instance's `maxExecutionTimeMs` (set to the same timeout by the caller) is checked against the
 * clock at each statement and ends it instead. As a last resort we stop waiting after a grace
 * period and report the run as stopped, even if a custom command ignores the signal.
 */
export async function runBash(bash: Bash, script: string, options: BashRunOptions = {}): Promise<BashRunResult> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) return stoppedResult('aborted', timeoutMs);

  const controller = new AbortController();
  let stopReason: 'timeout' | 'aborted' | undefined;
  let giveUp: () => void = () => {};
  const abandoned = new Promise<undefined>((resolve) => {
    giveUp = () => resolve(undefined);
  });
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  const stop = (reason: 'timeout' | 'aborted') => {
    if (stopReason) return;
    stopReason = reason;
    controller.abort();
    graceTimer = setTimeout(giveUp, STOP_GRACE_MS);
  };
  const onAbort = () => stop('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  const timeoutTimer = timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), timeoutMs);

  const startedAt = Date.now();
  try {
    const finished = bash.exec(script, { signal: controller.signal }).catch((error: unknown) => ({
      stdout: '',
      stderr: `${error instanceof Error ? error.message : String(error)}\n`,
      exitCode: 1,
      env: undefined,
    }));
    const result = await Promise.race([finished, abandoned]);
    // The clock check catches a timeout enforced by maxExecutionTimeMs, when our timer had no chance to fire.
    const overran = timeoutMs !== undefined && Date.now() - startedAt >= timeoutMs;
    if (!stopReason && overran && result !== undefined && result.exitCode !== 0) stopReason = 'timeout';
    if (result === undefined) return stoppedResult(stopReason ?? 'aborted', timeoutMs);
    return {
      exitCode: stopReason === 'timeout' ? TIMED_OUT_EXIT_CODE : stopReason === 'aborted' ? INTERRUPTED_EXIT_CODE : result.exitCode,
      stdout: result.stdout,
      stderr: stopReason ? withStopNotice(result.stderr, stopReason, timeoutMs) : result.stderr,
      timedOut: stopReason === 'timeout',
      aborted: stopReason === 'aborted',
      env: result.env === undefined ? undefined : { ...result.env },
    };
  } finally {
    clearTimeout(timeoutTimer);
    clearTimeout(graceTimer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** just-bash's own notices (`bash: execution aborted`, `… exceeded execution deadline (…)`). */
const JUST_BASH_STOP_NOTICE = /^bash: [^\n]*(?:aborted|execution deadline)[^\n]*\n?/gm;

function stopNotice(reason: 'timeout' | 'aborted', timeoutMs: number | undefined): string {
  return reason === 'timeout' ? `Command timed out after ${timeoutMs ?? 0} ms.\n` : 'Command interrupted.\n';
}

/** Replaces just-bash's generic notice (it says "aborted" for a timeout too) with one that names the cause. */
function withStopNotice(stderr: string, reason: 'timeout' | 'aborted', timeoutMs: number | undefined): string {
  return stderr.replace(JUST_BASH_STOP_NOTICE, '') + stopNotice(reason, timeoutMs);
}

function stoppedResult(reason: 'timeout' | 'aborted', timeoutMs: number | undefined): BashRunResult {
  return {
    exitCode: reason === 'timeout' ? TIMED_OUT_EXIT_CODE : INTERRUPTED_EXIT_CODE,
    stdout: '',
    stderr: stopNotice(reason, timeoutMs),
    timedOut: reason === 'timeout',
    aborted: reason === 'aborted',
  };
}
