import type { RunnerTransport } from './runner-transport';

/**
 * Runs the engine on the calling thread (Node: vitest, benches). A program that never yields holds
 * the thread until its time limit, which only matters in a page, where the worker transport is used.
 * The engine loads on the first run.
 */
export const inProcessTransport: RunnerTransport = {
  start(request, onEvent) {
    const controller = new AbortController();
    const ended = import('./engine').then(
      ({ runEngine }) => runEngine(request, { emit: onEvent }, controller.signal),
      (error: unknown) => ({ kind: 'unavailable' as const, message: error instanceof Error ? error.message : String(error) }),
    );
    return { ended, stop: () => controller.abort() };
  },
};
