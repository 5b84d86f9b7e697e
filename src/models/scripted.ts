import { abortableSleep } from './abortable-sleep';
import type { Message, ToolResultBlock } from './messages';
import type { ModelClient, ModelEvent, ModelNotice, ModelRequest, ModelStopReason } from './port';
import { CHARS_PER_TOKEN, estimateMessageTokens, estimateRequestTokens } from './token-estimate';

/** One tool call a scripted turn makes. */
export interface ScriptedToolCall {
  name: string;
  input?: Record<string, unknown>;
  /**
   * Exact JSON text to stream instead of `JSON.stringify(input)`; lets a script send
   * malformed or cut-off input to exercise the loop's error paths.
   */
  rawJson?: string;
  /** Fixed tool_use id; by default ids are `toolu_scripted_<n>`, unique per client. */
  id?: string;
}

/** One model message the script plays. */
export interface ScriptedTurn {
  thinking?: string;
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** Defaults to `tool_use` when the turn calls tools, else `end_turn`. */
  stopReason?: ModelStopReason;
  /**
   * This turn ends the script: once it has streamed, later steps are skipped and further
   * requests get the "script exhausted" answer (until `reset`). Lets a script that gave up
   * early (a denial, a failed step) not resume mid-way on the next prompt.
   */
  endsScript?: boolean;
}

/** What a dynamic step sees: the transcript so far, so it can react to real tool output. */
export interface ScriptContext {
  messages: readonly Message[];
  request: ModelRequest;
  /** 0-based position of this step in the script. */
  step: number;
  /** The tool results of the last user message (empty when it was a plain prompt). */
  lastToolResults: ToolResultBlock[];
}

/** A turn, or a function of the transcript; a function returning null skips its step (it does not apply). */
export type ScriptStep = ScriptedTurn | ((context: ScriptContext) => ScriptedTurn | null);

export interface ScriptedModelOptions {
  script: readonly ScriptStep[];
  /** Milliseconds between streamed chunks; 0 streams with no timer at all. */
  chunkDelayMs?: number;
  label?: string;
  /** What the model says once the script is used up. */
  exhaustedText?: string;
  /** A word for the chat before a prompt is answered (see ModelClient.promptNotice). */
  promptNotice?: (prompt: string) => ModelNotice | undefined;
  /**
   * How the script answers a compaction's summary request (`request.purpose === 'summary'`); such
   * requests never advance the script. Default: `scriptedSummary`, a structured summary built from the transcript.
   */
  summarize?: (request: ModelRequest) => ScriptedTurn;
  /**
   * Report prompt caching like a provider with automatic prefix caching: the system prompt, the
   * tools and the leading messages identical to the previous request's count as cache reads.
   */
  simulateCache?: boolean;
}

/**
 * A summary in the requested structure, built from the transcript: what a real model would write,
 * enough for a scripted session to go on after a compaction.
 */
export function scriptedSummary(request: ModelRequest): ScriptedTurn {
  const requests: string[] = [];
  const files = new Set<string>();
  let last = '';
  // The last message holds the summary instructions: leave it out.
  for (const message of request.messages.slice(0, -1)) {
    if (message.role === 'user') {
      if (typeof message.content === 'string') requests.push(message.content);
      else for (const block of message.content) if (block.type === 'text' && !block.text.startsWith('<')) requests.push(block.text.slice(0, 2000));
      continue;
    }
    for (const block of message.content) {
      if (block.type === 'text' && block.text.trim() !== '') last = block.text;
      if (block.type === 'tool_use' && typeof block.input['file_path'] === 'string') files.add(block.input['file_path']);
    }
  }
  const text = [
    '1. User requests:',
    ...requests.map((line) => `- "${line}"`),
    '2. Key files and code:',
    ...[...files].slice(-10).map((file) => `- ${file}`),
    '3. Errors and fixes: none noted.',
    '4. Pending tasks: finish the latest request.',
    `5. Current work: ${last.slice(0, 500) || 'starting the task'}`,
    '6. Next step: continue the current work.',
  ].join('\n');
  return { text };
}

export const SCRIPT_EXHAUSTED_TEXT =
  'The demo script has no more turns: this scripted model can only play the steps it was given. ' +
  'Connect a real model in Settings to keep going.';

const JSON_CHUNK_CHARS = 16;

/** Split prose into word-sized chunks that keep their trailing whitespace ("Hello ", "world"). */
export function splitIntoWordChunks(text: string): string[] {
  return text.split(/(?<=\s)(?=\S)/u).filter((chunk) => chunk.length > 0);
}

function splitJson(json: string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < json.length; start += JSON_CHUNK_CHARS) pieces.push(json.slice(start, start + JSON_CHUNK_CHARS));
  return pieces;
}

function lastToolResults(messages: readonly Message[]): ToolResultBlock[] {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user' || typeof last.content === 'string') return [];
  return last.content.filter((block): block is ToolResultBlock => block.type === 'tool_result');
}

/**
 * A deterministic model: plays a script of turns, streaming them chunk by chunk like a
 * real provider. The script position advances only when a turn streams to its end,
 * so a turn interrupted half-way is played again on the next request.
 */
export class ScriptedModelClient implements ModelClient {
  readonly provider = 'scripted';
  readonly label: string;
  private readonly script: readonly ScriptStep[];
  private readonly chunkDelayMs: number;
  private readonly exhaustedText: string;
  private readonly notice: ((prompt: string) => ModelNotice | undefined) | undefined;
  private readonly summarize: (request: ModelRequest) => ScriptedTurn;
  private readonly simulateCache: boolean;
  private previous: { head: string; messages: string[] } | undefined;
  private cursor = 0;
  private nextToolId = 1;

  constructor(options: ScriptedModelOptions) {
    this.script = options.script;
    this.chunkDelayMs = options.chunkDelayMs ?? 0;
    this.label = options.label ?? 'Demo model (scripted)';
    this.exhaustedText = options.exhaustedText ?? SCRIPT_EXHAUSTED_TEXT;
    this.notice = options.promptNotice;
    this.summarize = options.summarize ?? scriptedSummary;
    this.simulateCache = options.simulateCache === true;
  }

  /** Input tokens of `request` served from the (simulated) cache: its prefix shared with the previous request. */
  private cachedTokens(request: ModelRequest): number {
    const head = JSON.stringify([request.system, request.tools]);
    const messages = request.messages.map((message) => JSON.stringify(message));
    const previous = this.previous;
    this.previous = { head, messages };
    if (previous === undefined || previous.head !== head) return 0;
    let cached = estimateRequestTokens({ ...request, messages: [] });
    for (let i = 0; i < messages.length && i < previous.messages.length && messages[i] === previous.messages[i]; i++) {
      const message = request.messages[i];
      if (message !== undefined) cached += estimateMessageTokens(message);
    }
    return cached;
  }

  promptNotice(prompt: string): ModelNotice | undefined {
    return this.notice?.(prompt);
  }

  /** Index of the next step to play. */
  get position(): number {
    return this.cursor;
  }

  get finished(): boolean {
    return this.cursor >= this.script.length;
  }

  /** Start the script over. */
  reset(): void {
    this.cursor = 0;
  }

  /**
   * Find the place in the script for a run going on from `messages`: each answer in them was one
   * step, after the steps that skipped themselves for the transcript before it (a skip depends only
   * on the transcript, so it is decided again the same way).
   */
  resumeOn(messages: readonly Message[]): void {
    this.cursor = 0;
    messages.forEach((message, at) => {
      if (message.role !== 'assistant') return;
      const before = messages.slice(0, at);
      while (this.skips(before)) this.cursor++;
      this.cursor++;
    });
  }

  private skips(messages: readonly Message[]): boolean {
    const step = this.script[this.cursor];
    if (typeof step !== 'function') return false;
    const request: ModelRequest = { model: this.provider, system: '', messages: [...messages], tools: [], maxTokens: 0 };
    try {
      return step({ messages, request, step: this.cursor, lastToolResults: lastToolResults(messages) }) === null;
    } catch {
      return false;
    }
  }

  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    return this.play(request, signal);
  }

  private resolveTurn(request: ModelRequest): ScriptedTurn {
    if (request.purpose === 'summary') return this.summarize(request);
    for (;;) {
      const step = this.script[this.cursor];
      if (step === undefined) return { text: this.exhaustedText };
      if (typeof step !== 'function') return step;
      const turn = step({
        messages: request.messages,
        request,
        step: this.cursor,
        lastToolResults: lastToolResults(request.messages),
      });
      if (turn !== null) return turn;
      this.cursor++; // a skipped step depends only on the transcript: skipping it again would be the same
    }
  }

  private async *play(request: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent> {
    const aborted: ModelEvent = {
      type: 'error',
      error: { kind: 'aborted', message: 'The request was interrupted', retryable: false },
    };
    let turn: ScriptedTurn;
    try {
      turn = this.resolveTurn(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      yield { type: 'error', error: { kind: 'unknown', message: `The script step failed: ${message}`, retryable: false } };
      return;
    }
    const pace = async (): Promise<boolean> => {
      if (this.chunkDelayMs > 0) {
        try {
          await abortableSleep(this.chunkDelayMs, signal);
        } catch {
          return false;
        }
      }
      return !signal.aborted;
    };

    if (signal.aborted) {
      yield aborted;
      return;
    }
    yield { type: 'message_start', model: 'scripted' };
    let index = 0;
    let outputChars = 0;

    if (turn.thinking) {
      yield { type: 'thinking_start', index };
      for (const chunk of splitIntoWordChunks(turn.thinking)) {
        if (!(await pace())) {
          yield aborted;
          return;
        }
        yield { type: 'thinking_delta', index, thinking: chunk };
      }
      yield { type: 'block_end', index };
      outputChars += turn.thinking.length;
      index++;
    }
    if (turn.text) {
      yield { type: 'text_start', index };
      for (const chunk of splitIntoWordChunks(turn.text)) {
        if (!(await pace())) {
          yield aborted;
          return;
        }
        yield { type: 'text_delta', index, text: chunk };
      }
      yield { type: 'block_end', index };
      outputChars += turn.text.length;
      index++;
    }
    const calls = turn.toolCalls ?? [];
    for (const call of calls) {
      const id = call.id ?? `toolu_scripted_${this.nextToolId++}`;
      yield { type: 'tool_use_start', index, id, name: call.name };
      const json = call.rawJson ?? JSON.stringify(call.input ?? {});
      for (const piece of splitJson(json)) {
        if (!(await pace())) {
          yield aborted;
          return;
        }
        yield { type: 'tool_use_delta', index, partialJson: piece };
      }
      // A turn cut off by max_tokens never closes its last block.
      if (turn.stopReason !== 'max_tokens') yield { type: 'block_end', index };
      outputChars += call.name.length + json.length;
      index++;
    }
    if (signal.aborted) {
      yield aborted;
      return;
    }
    const inputTokens = estimateRequestTokens(request);
    const cached = this.simulateCache ? Math.min(inputTokens, this.cachedTokens(request)) : 0;
    yield {
      type: 'usage',
      usage: { inputTokens: inputTokens - cached, outputTokens: Math.ceil(outputChars / CHARS_PER_TOKEN), ...(cached > 0 ? { cacheReadTokens: cached } : {}) },
    };
    if (request.purpose !== 'summary') this.cursor = turn.endsScript === true ? this.script.length : this.cursor + 1;
    yield { type: 'stop', reason: turn.stopReason ?? (calls.length > 0 ? 'tool_use' : 'end_turn') };
  }
}
