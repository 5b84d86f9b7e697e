import { inProcessTransport } from './in-process-transport';
import type { RunnerTransport } from './runner-transport';
import { WorkerTransport, workerEndpoint } from './worker-transport';

let shared: RunnerTransport | undefined;

/**
 * Where `node` programs run by default: in a Web Worker wherever there are workers (the page), so
 * that the page stays responsive and Ctrl+C can terminate a runaway program; in-process elsewhere
 * (Node: vitest and the benches, which have no Web Worker). One transport, hence one warm worker,
 * per page.
 */
export function defaultRunnerTransport(): RunnerTransport {
  shared ??= typeof Worker === 'function' ? new WorkerTransport(spawnNodeWorker) : inProcessTransport;
  return shared;
}

function spawnNodeWorker() {
  // Written out in full so Vite recognises it and bundles node-worker.ts as a worker chunk.
  return workerEndpoint(new Worker(new URL('./node-worker.ts', import.meta.url), { type: 'module', name: 'glassbox-node' }));
}
