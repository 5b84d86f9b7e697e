import type { AssistantMessage } from '../models/messages';
import type { ModelClient, ModelError, ModelEvent, ModelRequest, ModelStopReason, Usage } from '../models/port';
import type { AgentEvent, ModelResponse } from './events';
import { MessageAssembler } from './message-assembler';
import { WireTraceCollector } from './wire-trace';
import { isRetryable, retriesFor, retryDelayMs, type RetryPolicy } from './retry';
import { errorMessage } from './error-message';

/** How one model call ended. */
export type TurnOutcome =
  | { kind: 'message'; message: AssistantMessage; stopReason: ModelStopReason; usage: Usage }
  /** The user stopped it; `partial` is what is worth keeping of the streamed output (text only), if anything. */
  | { kind: 'interrupted'; partial: AssistantMessage | null }
  | { kind: 'failed'; error: ModelError };

const ABORTED = Symbol('aborted');

function abortPromise(signal: AbortSignal): { promise: Promise<typeof ABORTED>; dispose: () => void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    if (signal.aborted) resolve(ABORTED);
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** A thrown value as a ModelError: clients should stream `error` events, but a throw must not crash the run. */
function thrownToModelError(thrown: unknown): ModelError {
  if (thrown !== null && typeof thrown === 'object' && 'kind' in thrown && 'retryable' in thrown && 'message' in thrown) {
    return thrown as ModelError;
  }
  return { kind: 'unknown', message: `The model client failed: ${errorMessage(thrown)}`, retryable: false };
}

function closeQuietly(iterator: AsyncIterator<ModelEvent> | undefined): void {
  try {
    iterator?.return?.()?.catch(() => undefined);
  } catch {
    // a client whose return() throws has nothing left to clean up
  }
}

/** Whether a model event is the first sign of content (for the time to first token). */
function isContent(event: ModelEvent): boolean {
  return event.type === 'text_delta' || event.type === 'thinking_delta' || event.type === 'thinking_start' || event.type === 'tool_use_start';
}

/** What the inspector shows of one attempt: how it ended, what arrived, when, and the raw stream. */
function responseOf(
  attempt: number,
  outcome: TurnOutcome,
  assembler: MessageAssembler,
  timing: { startedAt: number; firstTokenAt: number | undefined; endedAt: number },
  wire: WireTraceCollector,
): ModelResponse {
  const response: ModelResponse = { attempt, outcome: outcome.kind, totalMs: Math.max(0, timing.endedAt - timing.startedAt) };
  if (timing.firstTokenAt !== undefined) response.firstTokenMs = Math.max(0, timing.firstTokenAt - timing.startedAt);
  if (outcome.kind === 'message') {
    response.stopReason = outcome.stopReason;
    response.message = outcome.message;
  } else if (outcome.kind === 'failed') {
    response.error = outcome.error;
  } else if (outcome.partial) {
    response.message = outcome.partial;
  }
  if (assembler.usage.inputTokens > 0 || assembler.usage.outputTokens > 0) response.usage = { ...assembler.usage };
  if (assembler.streamedInputs.size > 0) response.rawToolInput = Object.fromEntries(assembler.streamedInputs);
  const trace = wire.result();
  if (trace) response.wire = trace;
  return response;
}

/**
 * Stream one model response, forwarding deltas as agent events, and end with a
 * `model_response` event describing the attempt. Ends promptly when the signal fires,
 * even if the client ignores it.
 */
async function streamOnce(
  model: ModelClient,
  request: ModelRequest,
  signal: AbortSignal,
  turn: number,
  attempt: number,
  emit: (event: AgentEvent) => void,
): Promise<TurnOutcome> {
  const assembler = new MessageAssembler();
  const wire = new WireTraceCollector();
  const startedAt = Date.now();
  let firstTokenAt: number | undefined;
  const outcome = await readStream(model, request, signal, turn, emit, assembler, wire, (event) => {
    if (firstTokenAt === undefined && isContent(event)) firstTokenAt = Date.now();
  });
  emit({ type: 'model_response', turn, response: responseOf(attempt, outcome, assembler, { startedAt, firstTokenAt, endedAt: Date.now() }, wire) });
  return outcome;
}

async function readStream(
  model: ModelClient,
  request: ModelRequest,
  signal: AbortSignal,
  turn: number,
  emit: (event: AgentEvent) => void,
  assembler: MessageAssembler,
  wire: WireTraceCollector,
  seen: (event: ModelEvent) => void,
): Promise<TurnOutcome> {
  const interrupted = (): TurnOutcome => ({ kind: 'interrupted', partial: assembler.partialText() });
  if (signal.aborted) return interrupted();
  const abort = abortPromise(signal);
  let iterator: AsyncIterator<ModelEvent> | undefined;
  try {
    iterator = model.stream(request, signal, (event) => wire.add(event))[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([iterator.next(), abort.promise]);
      if (next === ABORTED) return interrupted();
      if (next.done) break;
      const event = next.value;
      seen(event);
      assembler.apply(event);
      if (event.type === 'text_delta') emit({ type: 'text_delta', turn, index: event.index, text: event.text });
      else if (event.type === 'thinking_delta') emit({ type: 'thinking_delta', turn, index: event.index, thinking: event.thinking });
      else if (event.type === 'stop' || event.type === 'error') break;
    }
  } catch (thrown) {
    if (signal.aborted) return interrupted();
    return { kind: 'failed', error: thrownToModelError(thrown) };
  } finally {
    abort.dispose();
    // Close the client's stream (cancels its fetch) without waiting on a client that hangs.
    closeQuietly(iterator);
  }
  if (signal.aborted) return interrupted();
  if (assembler.error) {
    return assembler.error.kind === 'aborted' ? interrupted() : { kind: 'failed', error: assembler.error };
  }
  if (assembler.stopReason === null) {
    return {
      kind: 'failed',
      error: { kind: 'stream_dropped', message: 'The model stream ended before the message was complete.', retryable: true },
    };
  }
  const message = assembler.finish();
  if (message.content.length === 0) {
    // Providers reject an empty assistant message; an empty answer is still an answer.
    message.content.push({ type: 'text', text: '(no content)' });
  }
  return { kind: 'message', message, stopReason: assembler.stopReason, usage: assembler.usage };
}

/**
 * One model call with retries. A failed attempt's partial output is thrown away
 * (it was never added to the transcript); the `retry` event tells the UI to discard
 * the deltas it showed for this turn.
 */
export async function streamTurnWithRetries(
  model: ModelClient,
  request: ModelRequest,
  signal: AbortSignal,
  turn: number,
  policy: RetryPolicy,
  emit: (event: AgentEvent) => void,
): Promise<TurnOutcome> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await streamOnce(model, request, signal, turn, attempt, emit);
    if (outcome.kind !== 'failed') return outcome;
    const retries = retriesFor(policy, outcome.error);
    if (!isRetryable(outcome.error) || attempt > retries) return outcome;
    const delayMs = retryDelayMs(policy, attempt, outcome.error);
    emit({ type: 'retry', attempt, maxAttempts: retries + 1, delayMs, error: outcome.error });
    try {
      await policy.sleep(delayMs, signal);
    } catch {
      return { kind: 'interrupted', partial: null };
    }
    if (signal.aborted) return { kind: 'interrupted', partial: null };
  }
}
