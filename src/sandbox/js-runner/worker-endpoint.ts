import { prepareEngine, runEngine } from './engine';
import { OutputBatcher } from './output-batcher';
import { decodeHostMessage, encodeChanges, type EngineOutcome, type EngineRequest, type WorkerMessage } from './runner-protocol';

/** What the engine side needs of its port: a dedicated worker's global scope, or a MessagePort. */
export interface EnginePort {
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

/**
 * The engine side of the protocol (runner-protocol.ts): answers `warm` and `run` messages on
 * `port` and nothing else. Malformed messages are ignored. One run at a time: the host never sends
 * a second before the first is done (it uses another worker), and one that does gets a refusal.
 */
export function serveEngine(port: EnginePort): void {
  let busy = false;
  port.addEventListener('message', (event) => {
    const message = decodeHostMessage(event.data);
    if (!message) return;
    if (message.type === 'warm') {
      // A failure here is reported by the run that needs the engine.
      prepareEngine().catch(() => undefined);
      return;
    }
    if (busy) {
      port.postMessage({ type: 'done', id: message.id, outcome: { kind: 'unavailable', message: 'the JavaScript worker is busy' } }, []);
      return;
    }
    busy = true;
    void serveRun(port, message.id, message.request).finally(() => {
      busy = false;
    });
  });
}

async function serveRun(port: EnginePort, id: number, request: EngineRequest): Promise<void> {
  const output = new OutputBatcher((parts) => port.postMessage({ type: 'output', id, parts }, []));
  let outcome: EngineOutcome;
  try {
    outcome = await runEngine(request, {
      emit(event) {
        if (event.type === 'output') {
          for (const part of event.parts) output.add(part.stream, part.text);
          return;
        }
        output.flush();
        const { message, transfer } = encodeChanges(id, event.changes);
        port.postMessage(message, transfer);
      },
      tick: () => output.tick(),
    });
  } catch (error) {
    outcome = { kind: 'crash', message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
  output.flush();
  port.postMessage({ type: 'done', id, outcome }, []);
}
