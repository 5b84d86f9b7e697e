import {
  decodeWorkerMessage,
  encodeRun,
  type EngineEvent,
  type EngineOutcome,
  type EngineRequest,
  type HostMessage,
  type WorkerMessage,
} from './runner-protocol';
import type { RunnerRun, RunnerTransport } from './runner-transport';

/** The host's handle on one engine worker: a real Worker (workerEndpoint) or a stand-in in tests. */
export interface EngineEndpoint {
  post(message: HostMessage, transfer: Transferable[]): void;
  /** Called once, right after the endpoint is made: where its messages and its failure go. */
  listen(onMessage: (data: unknown) => void, onFailure: (reason: string) => void): void;
  terminate(): void;
}

interface PooledWorker {
  endpoint: EngineEndpoint;
  /** The run it serves; undefined while idle. */
  run: { onMessage(message: WorkerMessage): void; onFailure(reason: string): void } | undefined;
}

/**
 * Runs each program in a dedicated Web Worker, so a runaway loop never blocks the page and
 * stopping it is `terminate()`. One warm worker is kept: it has loaded QuickJS already, which a new
 * worker takes tens of milliseconds to do. A worker that was terminated (Ctrl+C, Stop, the time
 * limit) is replaced by a fresh warm one at once; a worker whose engine crashed is not reused.
 * Runs at the same time each get their own worker.
 */
export class WorkerTransport implements RunnerTransport {
  private idle: PooledWorker | undefined;
  private nextId = 1;

  constructor(private readonly spawn: () => EngineEndpoint) {}

  start(request: EngineRequest, onEvent: (event: EngineEvent) => void): RunnerRun {
    let worker: PooledWorker;
    try {
      worker = this.idle ?? this.create();
    } catch (error) {
      // `new Worker` itself refused (a content security policy, say): report it like a failed load.
      const message = error instanceof Error ? error.message : String(error);
      return { ended: Promise.resolve({ kind: 'unavailable', message }), stop: () => {} };
    }
    this.idle = undefined;
    const id = this.nextId++;
    let settle: (outcome: EngineOutcome) => void = () => {};
    const ended = new Promise<EngineOutcome>((resolve) => {
      settle = resolve;
    });
    let open = true;
    let heardFrom = false;

    const finish = (outcome: EngineOutcome, fate: 'reuse' | 'replace' | 'drop') => {
      if (!open) return;
      open = false;
      worker.run = undefined;
      if (fate === 'reuse') this.release(worker);
      else {
        worker.endpoint.terminate();
        if (fate === 'replace') this.warmSpare();
      }
      settle(outcome);
    };

    worker.run = {
      onMessage: (message) => {
        if (message.id !== id) return;
        heardFrom = true;
        if (message.type === 'done') {
          // A crashed engine may have left the worker in a bad state: start the next run afresh.
          finish(message.outcome, message.outcome.kind === 'crash' ? 'drop' : 'reuse');
          return;
        }
        onEvent(message.type === 'output' ? { type: 'output', parts: message.parts } : { type: 'changes', changes: message.changes });
      },
      onFailure: (reason) => {
        // Not replaced eagerly: a worker that cannot load would fail again; the next run tries anew.
        finish(heardFrom ? { kind: 'crash', message: reason } : { kind: 'unavailable', message: reason }, 'drop');
      },
    };

    try {
      const { message, transfer } = encodeRun(id, request);
      worker.endpoint.post(message, transfer);
    } catch (error) {
      finish({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) }, 'drop');
    }
    return { ended, stop: () => finish({ kind: 'abort' }, 'replace') };
  }

  private create(): PooledWorker {
    const worker: PooledWorker = { endpoint: this.spawn(), run: undefined };
    worker.endpoint.listen(
      (data) => {
        const message = decodeWorkerMessage(data);
        if (message) worker.run?.onMessage(message);
      },
      (reason) => {
        if (worker.run) worker.run.onFailure(reason);
        else if (this.idle === worker) {
          this.idle = undefined;
          worker.endpoint.terminate();
        }
      },
    );
    worker.endpoint.post({ type: 'warm' }, []);
    return worker;
  }

  private release(worker: PooledWorker): void {
    if (this.idle) worker.endpoint.terminate();
    else this.idle = worker;
  }

  private warmSpare(): void {
    if (this.idle) return;
    try {
      this.idle = this.create();
    } catch {
      // No spare then: the next run makes its own worker and reports why it cannot.
    }
  }
}

/** The endpoint over a real Worker running node-worker.ts. */
export function workerEndpoint(worker: Worker): EngineEndpoint {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onMessage, onFailure) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('messageerror', () => onFailure('a message from the JavaScript worker could not be read'));
      worker.addEventListener('error', (event) => {
        // Handled here (reported by the command): keep it out of the console as an uncaught error.
        event.preventDefault();
        onFailure(event.message ? event.message : 'the JavaScript worker could not be started');
      });
    },
    terminate: () => worker.terminate(),
  };
}
