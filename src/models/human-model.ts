import { syntheticToolUseId } from './ids';
import type { ModelClient, ModelEvent, ModelRequest } from './port';
import { estimateRequestTokens, estimateTextTokens } from './token-estimate';

/** One tool call the person writes: the tool's name and its input, as a model would send them. */
export interface HumanToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** The person's answer to one request: text, tool calls, or both. */
export interface HumanAnswer {
  text: string;
  toolCalls: readonly HumanToolCall[];
}

/** A request waiting for the person's answer. */
export interface HumanTurn {
  /** Unique per client, so an answer cannot reach a later request by mistake. */
  readonly id: number;
  readonly request: ModelRequest;
  /** Estimated input tokens of the request (the usage the answer reports). */
  readonly inputTokens: number;
}

export const HUMAN_PROVIDER = 'human';
export const HUMAN_LABEL = 'You are the model';

interface Waiting {
  turn: HumanTurn;
  settle: (answer: HumanAnswer) => void;
}

/** Why an answer was not taken, in words; undefined when it was. */
export type AnswerRefusal = string | undefined;

/**
 * "You are the model": each request is published to whoever listens (the answer panel) and
 * the stream waits for the person's answer, then streams it back as ordinary ModelEvents, so
 * the harness runs the calls and sends the next request exactly as it would to a provider.
 * Requests wait in order (sub-agents may ask while the main agent waits); Stop ends a wait.
 */
export class HumanModel implements ModelClient {
  readonly provider = HUMAN_PROVIDER;
  readonly label = HUMAN_LABEL;
  #waiting: Waiting[] = [];
  #listeners = new Set<(turns: readonly HumanTurn[]) => void>();
  #nextId = 1;

  /** The requests waiting for an answer, oldest first. */
  get pending(): readonly HumanTurn[] {
    return this.#waiting.map((waiting) => waiting.turn);
  }

  /** Called now and whenever the waiting requests change; returns the unsubscribe. */
  subscribe(listener: (turns: readonly HumanTurn[]) => void): () => void {
    this.#listeners.add(listener);
    listener(this.pending);
    return () => this.#listeners.delete(listener);
  }

  /** Answer the waiting request `turnId`; a refusal says why nothing was sent. */
  answer(turnId: number, answer: HumanAnswer): AnswerRefusal {
    const waiting = this.#waiting.find((entry) => entry.turn.id === turnId);
    if (!waiting) return 'This request is no longer waiting for an answer.';
    if (answer.text.trim() === '' && answer.toolCalls.length === 0) return 'Write some text or add a tool call before sending.';
    const known = new Set(waiting.turn.request.tools.map((tool) => tool.name));
    const unknown = answer.toolCalls.find((call) => !known.has(call.name));
    if (unknown) return `The request offers no tool named "${unknown.name}".`;
    this.#remove(waiting);
    waiting.settle(answer);
    return undefined;
  }

  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    return this.#play(request, signal);
  }

  async *#play(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const aborted: ModelEvent = { type: 'error', error: { kind: 'aborted', message: 'The request was interrupted', retryable: false } };
    if (signal.aborted) {
      yield aborted;
      return;
    }
    const turn: HumanTurn = { id: this.#nextId++, request, inputTokens: estimateRequestTokens(request) };
    const answer = await new Promise<HumanAnswer | null>((resolve) => {
      const waiting: Waiting = {
        turn,
        settle: (given) => {
          signal.removeEventListener('abort', onAbort);
          resolve(given);
        },
      };
      const onAbort = (): void => {
        this.#remove(waiting);
        resolve(null);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(waiting);
      this.#publish();
    });
    if (answer === null || signal.aborted) {
      yield aborted;
      return;
    }
    yield { type: 'message_start', model: HUMAN_PROVIDER };
    let index = 0;
    let outputTokens = 0;
    if (answer.text.trim() !== '') {
      yield { type: 'text_start', index };
      yield { type: 'text_delta', index, text: answer.text };
      yield { type: 'block_end', index };
      outputTokens += estimateTextTokens(answer.text);
      index++;
    }
    for (const call of answer.toolCalls) {
      const json = JSON.stringify(call.input);
      yield { type: 'tool_use_start', index, id: syntheticToolUseId(), name: call.name };
      yield { type: 'tool_use_delta', index, partialJson: json };
      yield { type: 'block_end', index };
      outputTokens += estimateTextTokens(call.name + json);
      index++;
    }
    yield { type: 'usage', usage: { inputTokens: turn.inputTokens, outputTokens } };
    yield { type: 'stop', reason: answer.toolCalls.length > 0 ? 'tool_use' : 'end_turn' };
  }

  #remove(waiting: Waiting): void {
    const before = this.#waiting.length;
    this.#waiting = this.#waiting.filter((entry) => entry !== waiting);
    if (this.#waiting.length !== before) this.#publish();
  }

  #publish(): void {
    const turns = this.pending;
    for (const listener of this.#listeners) listener(turns);
  }
}
