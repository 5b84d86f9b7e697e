import type { HostMessage, WorkerMessage } from '../../../src/sandbox/js-runner/runner-protocol';
import { serveEngine } from '../../../src/sandbox/js-runner/worker-endpoint';
import type { EngineEndpoint } from '../../../src/sandbox/js-runner/worker-transport';

/** A message the engine side posted, with when (performance.now()). */
export interface Posted {
  at: number;
  message: WorkerMessage;
}

/**
 * A stand-in for the browser's engine Worker: the real engine side (serveEngine and the QuickJS
 * engine) behind a MessageChannel, so every message is structured-cloned as it would be between
 * threads. What it cannot imitate: it shares the test's thread, so terminate() closes the channel
 * (nothing more reaches the host) but cannot stop a program mid-loop; tests that stop a run use
 * programs that end on their own shortly after.
 */
export class FakeWorker implements EngineEndpoint {
  terminated = false;
  /** What the host sent, as the engine side received it. */
  readonly received: unknown[] = [];
  /** What the engine side sent. */
  readonly posted: Posted[] = [];
  private readonly channel = new MessageChannel();

  constructor() {
    const enginePort = this.channel.port2;
    enginePort.addEventListener('message', (event) => this.received.push(event.data));
    serveEngine({
      postMessage: (message, transfer) => {
        if (this.terminated) return;
        this.posted.push({ at: performance.now(), message });
        enginePort.postMessage(message, transfer);
      },
      addEventListener: (type, listener) => enginePort.addEventListener(type, listener),
    });
    enginePort.start();
  }

  post(message: HostMessage, transfer: Transferable[]): void {
    this.channel.port1.postMessage(message, transfer);
  }

  /** Sends anything at all to the engine side, as a compromised or buggy host might. */
  postRaw(data: unknown): void {
    this.channel.port1.postMessage(data);
  }

  listen(onMessage: (data: unknown) => void): void {
    this.channel.port1.addEventListener('message', (event) => onMessage(event.data));
    this.channel.port1.start();
  }

  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
  }

  /** How many messages of a type the engine side sent. */
  count(type: WorkerMessage['type']): number {
    return this.posted.filter((posted) => posted.message.type === type).length;
  }
}

/** An endpoint that takes messages and never answers: a worker stuck beyond any interrupt check. */
export class SilentWorker implements EngineEndpoint {
  terminated = false;
  post(): void {}
  listen(): void {}
  terminate(): void {
    this.terminated = true;
  }
}

/** An endpoint whose script fails to load, as a worker whose chunk is missing would. */
export class BrokenWorker implements EngineEndpoint {
  terminated = false;
  post(): void {}
  listen(_onMessage: (data: unknown) => void, onFailure: (reason: string) => void): void {
    queueMicrotask(() => onFailure('the JavaScript worker could not be started'));
  }
  terminate(): void {
    this.terminated = true;
  }
}
