/**
 * A model with no key: it answers each request with the next answer of a recorded run,
 * streamed chunk by chunk like a real provider, so the chat looks live. The tools run again for
 * real; before each answer the client compares the tool results the request carries with the
 * recorded ones (and the request's messages with the recorded hash) and reports where the run
 * went differently (`replay_divergence`), then holds until the user chooses: keep replaying,
 * or continue live with their own model (`goLive`), from this very request on.
 *
 * Runs are played one at a time (`beginRun`): a run gets only its own recorded answers, and
 * when they are used up the request fails with `exhausted`, which ends the run with
 * `recording_exhausted`.
 */
import { splitIntoWordChunks } from '../../models/scripted';
import type { AssistantBlock, Message } from '../../models/messages';
import type { ModelClient, ModelEvent, ModelNotice, ModelRequest, WireEvent } from '../../models/port';
import { requestHashes } from '../../models/request-hash';
import type { AgentEvent, ReplayDivergence } from '../events';
import { comparableMessagesHash, excerpt, resultText, sameResult } from './compare';
import { lastToolResults, type RecordedRun, type RecordedStep } from './recorded-run';
import type { ReplayGate } from './replay-gate';

export const REPLAY_NOTICE = 'Replaying a recorded run: the answers come from the recording, with no key; the tools run again for real.';

const JSON_CHUNK_CHARS = 24;

export interface ReplayClientOptions {
  recording: RecordedRun;
  gate: ReplayGate;
  /** Log an event beside the run (the session's `record`). */
  report: (event: AgentEvent) => void;
  /** Told when the replay found a divergence and holds for the user's choice. */
  onDivergence?: (divergences: readonly ReplayDivergence[]) => void;
}

/** What the replay found different before answer `step` (1-based), in the order the request holds. */
export function divergencesAt(step: RecordedStep, index: number, of: number, request: ModelRequest): ReplayDivergence[] {
  const found: ReplayDivergence[] = [];
  const actual = new Map(lastToolResults(request.messages).map((entry) => [entry.callId, entry]));
  for (const expected of step.toolResults) {
    const got = actual.get(expected.callId);
    if (got && sameResult(expected.result, got.result)) continue;
    found.push({
      // The answer whose calls produced these results is the one before.
      step: Math.max(1, index),
      of,
      kind: 'tool_result',
      tool: expected.tool,
      callId: expected.callId,
      expected: excerpt(resultText(expected.result)),
      actual: got ? excerpt(resultText(got.result)) : '(no result)',
    });
  }
  // Same tool results, yet other messages (a note the recording did not have, another prompt).
  if (found.length === 0 && requestHashes(request).messages !== step.request.messages && comparableMessagesHash(request.messages) !== step.comparable) {
    found.push({
      step: Math.max(1, index),
      of,
      kind: 'request',
      expected: `The messages of the recorded request (hash ${step.request.messages.slice(0, 12)})`,
      actual: excerpt(lastMessageText(request.messages)),
    });
  }
  return found;
}

function lastMessageText(messages: readonly Message[]): string {
  const last = messages[messages.length - 1];
  if (!last) return '(no messages)';
  if (typeof last.content === 'string') return last.content;
  return last.content.map((block) => (block.type === 'text' ? block.text : block.type === 'tool_result' ? resultText(block) : `[${block.type}]`)).join('\n');
}

export class ReplayModelClient implements ModelClient {
  readonly provider = 'replay';
  readonly label = 'Replay (recorded run)';
  private readonly options: ReplayClientOptions;
  private cursor = 0;
  private run = 0;
  /** The step whose request was already compared (a retried request is not reported twice). */
  private checked = -1;
  private live: { model: ModelClient; modelId: string } | null = null;

  constructor(options: ReplayClientOptions) {
    this.options = options;
  }

  get recording(): RecordedRun {
    return this.options.recording;
  }

  /** Answers played so far. */
  get position(): number {
    return this.cursor;
  }

  /** The user's model answers from now on. */
  get isLive(): boolean {
    return this.live !== null;
  }

  /** Play the answers of run `run` (0-based) from here on; the cursor skips what an earlier run left unplayed. */
  beginRun(run: number): void {
    this.run = run;
    const steps = this.options.recording.steps;
    while (this.cursor < steps.length && (steps[this.cursor]?.run ?? run) < run) this.cursor += 1;
  }

  /** Continue with the user's own model: this request (when held) and every later one go to it. */
  goLive(model: ModelClient, modelId: string): void {
    this.live = { model, modelId };
  }

  /** Read afresh: the user may have chosen while the client waited. */
  private liveNow(): { model: ModelClient; modelId: string } | null {
    return this.live;
  }

  promptNotice(): ModelNotice | undefined {
    return this.live ? undefined : { text: REPLAY_NOTICE };
  }

  stream(request: ModelRequest, signal: AbortSignal, onWire?: (event: WireEvent) => void): AsyncIterable<ModelEvent> {
    return this.play(request, signal, onWire);
  }

  private async *play(request: ModelRequest, signal: AbortSignal, onWire?: (event: WireEvent) => void): AsyncGenerator<ModelEvent> {
    if (this.live) {
      yield* this.live.model.stream({ ...request, model: this.live.modelId }, signal, onWire);
      return;
    }
    const { recording, gate } = this.options;
    const step = recording.steps[this.cursor];
    if (step === undefined || step.run !== this.run) {
      const played = recording.steps.filter((candidate) => candidate.run === this.run).length;
      yield {
        type: 'error',
        error: {
          kind: 'exhausted',
          message: `The recording has no more answers for this run (it holds ${played === 1 ? '1 answer' : `${played} answers`}); it ended differently when it was recorded.`,
          retryable: false,
        },
      };
      return;
    }
    if (this.checked !== this.cursor) {
      this.checked = this.cursor;
      const found = divergencesAt(step, this.cursor, recording.steps.length, request);
      if (found.length > 0) {
        for (const divergence of found) this.options.report({ type: 'replay_divergence', divergence });
        gate.pause();
        this.options.onDivergence?.(found);
      }
    }
    if (!(await gate.beforeResponse(this.cursor + 1, signal))) {
      yield aborted();
      return;
    }
    const live = this.liveNow();
    if (live) {
      gate.cancelResponse();
      yield* live.model.stream({ ...request, model: live.modelId }, signal, onWire);
      return;
    }
    try {
      yield { type: 'message_start', model: request.model };
      for (const [index, block] of step.message.content.entries()) {
        for (const event of blockEvents(block, index)) {
          if (isChunk(event) && !(await gate.beforeChunk(signal))) {
            yield aborted();
            return;
          }
          yield event;
        }
      }
      yield { type: 'usage', usage: step.usage ?? { inputTokens: 0, outputTokens: 0 } };
      this.cursor += 1;
      gate.endResponse();
      yield { type: 'stop', reason: step.stopReason };
    } finally {
      gate.cancelResponse();
    }
  }
}

function aborted(): ModelEvent {
  return { type: 'error', error: { kind: 'aborted', message: 'The request was interrupted', retryable: false } };
}

function isChunk(event: ModelEvent): boolean {
  return event.type === 'text_delta' || event.type === 'thinking_delta' || event.type === 'tool_use_delta';
}

/** The stream events of one recorded block, as a provider would send them. */
function blockEvents(block: AssistantBlock, index: number): ModelEvent[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text_start', index }, ...splitIntoWordChunks(block.text).map((text): ModelEvent => ({ type: 'text_delta', index, text })), { type: 'block_end', index }];
    case 'thinking':
      return [
        { type: 'thinking_start', index },
        ...splitIntoWordChunks(block.thinking).map((thinking): ModelEvent => ({ type: 'thinking_delta', index, thinking })),
        ...(block.signature === undefined ? [] : [{ type: 'thinking_signature', index, signature: block.signature } as const]),
        { type: 'block_end', index },
      ];
    case 'redacted_thinking':
      return [{ type: 'thinking_start', index, redacted: true, data: block.data }, { type: 'block_end', index }];
    case 'tool_use': {
      const json = block.rawInput ?? JSON.stringify(block.input);
      const pieces: ModelEvent[] = [];
      for (let at = 0; at < json.length; at += JSON_CHUNK_CHARS) pieces.push({ type: 'tool_use_delta', index, partialJson: json.slice(at, at + JSON_CHUNK_CHARS) });
      return [
        { type: 'tool_use_start', index, id: block.id, name: block.name, ...(block.signature === undefined ? {} : { signature: block.signature }) },
        ...pieces,
        { type: 'block_end', index },
      ];
    }
  }
}
