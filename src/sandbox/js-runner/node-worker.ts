/**
 * The Web Worker in which the browser runs `node` programs (started by select-transport.ts).
 * It serves the engine protocol and exposes nothing else: it puts nothing on its global scope,
 * loads no code from messages, and the program itself runs inside QuickJS, which sees none of
 * this worker's globals (no fetch, IndexedDB or importScripts). The worker is there so that a
 * program that never stops cannot freeze the page, and can be terminated.
 */
import { serveEngine, type EnginePort } from './worker-endpoint';

// The app type-checks with the DOM library, where the global scope is a Window; in a dedicated
// worker it is a DedicatedWorkerGlobalScope, whose postMessage/addEventListener EnginePort names.
serveEngine(globalThis as unknown as EnginePort);
