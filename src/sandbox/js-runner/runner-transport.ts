import type { EngineEvent, EngineOutcome, EngineRequest } from './runner-protocol';

/**
 * Where the engine runs, seen from the host: in a Web Worker in the browser (worker-transport.ts),
 * in-process under Node (in-process-transport.ts). The host code in run-node.ts is the same for both.
 */
export interface RunnerTransport {
  /** Starts one run; `onEvent` gets its output and file changes in order until `ended` settles. */
  start(request: EngineRequest, onEvent: (event: EngineEvent) => void): RunnerRun;
}

export interface RunnerRun {
  /** How the run ended. Never rejects. After stop(), how the transport ended it (the host knows why it stopped). */
  readonly ended: Promise<EngineOutcome>;
  /**
   * Ends the run. A worker is terminated on the spot, mid-loop if need be; in-process the program
   * stops at its next interrupt check, saving its files first.
   */
  stop(): void;
}
