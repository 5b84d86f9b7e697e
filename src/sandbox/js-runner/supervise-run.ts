import type { EngineEvent, EngineOutcome, EngineRequest } from './runner-protocol';
import type { RunnerTransport } from './runner-transport';

/**
 * How long past the time limit the host waits for the engine to stop itself. The engine's own clock
 * normally ends the run at the limit, cleanly (its files saved, its worker kept); this is the
 * backstop for an engine that cannot (stuck in one long native operation, or a worker still
 * starting). It also covers the worker's start-up, which the engine's clock does not count.
 */
export const HARD_STOP_GRACE_MS = 500;

/**
 * One run under the host's control: the abort signal (Ctrl+C, the agent's Stop) stops it at once,
 * and the time limit plus a grace stops it if the engine has not. A stopped run ends as 'abort' or
 * 'timeout' whatever the engine last said.
 */
export async function superviseRun(
  transport: RunnerTransport,
  request: EngineRequest,
  onEvent: (event: EngineEvent) => void,
  signal: AbortSignal | undefined,
): Promise<EngineOutcome> {
  const run = transport.start(request, onEvent);
  let stoppedBy: 'abort' | 'timeout' | undefined;
  const stop = (reason: 'abort' | 'timeout') => {
    if (stoppedBy) return;
    stoppedBy = reason;
    run.stop();
  };
  const onAbort = () => stop('abort');
  if (signal?.aborted) stop('abort');
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => stop('timeout'), request.timeoutMs + HARD_STOP_GRACE_MS);
  try {
    const outcome = await run.ended;
    return stoppedBy ? { kind: stoppedBy } : outcome;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
