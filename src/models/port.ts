import type { AssistantBlock, Message } from './messages';

/** A tool as the model sees it: name, prompt text and JSON Schema of its input. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

export interface ModelRequest {
  model: string;
  system: string;
  messages: Message[];
  tools: ToolDefinition[];
  maxTokens: number;
  /** Extended thinking budget in tokens; absent means thinking off. */
  thinkingBudget?: number;
  /** Why the harness sends it, when it is not an ordinary turn: `summary` asks for a compaction summary (never sent to the provider). */
  purpose?: 'summary';
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** Why the model stopped producing this message (provider reasons mapped to ours). */
export type ModelStopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';

/** Categories of provider failure; the loop and the UI decide on retries and messages from these. */
export type ModelErrorKind =
  | 'auth' // 401/403: key refused, never retried
  | 'rate_limit' // 429
  | 'overloaded' // 529 / overloaded_error
  | 'server' // 5xx
  | 'network' // fetch failed, CORS, connection reset
  | 'stream_dropped' // the stream ended before the message stopped
  | 'invalid_request' // 400: our request was wrong
  | 'aborted' // the signal fired
  | 'exhausted' // a recorded source (a replay) has no answer left
  | 'unknown';

export interface ModelError {
  kind: ModelErrorKind;
  message: string;
  status?: number;
  /** Milliseconds the provider asked us to wait (retry-after), if any. */
  retryAfterMs?: number;
  retryable: boolean;
  /** At most this many retries are worth it (a local server that is not running will not start in seconds). */
  maxRetries?: number;
  /** The provider refused the request as longer than the model's context window (the harness compacts and retries once). */
  contextOverflow?: boolean;
}

/**
 * What a model client streams. Block indexes are per message and increase from 0.
 * A well-formed stream is: message_start, then for each block a *_start, deltas and
 * block_end, then usage (any time), then exactly one `stop` or one `error`.
 */
export type ModelEvent =
  | { type: 'message_start'; model?: string }
  | { type: 'text_start'; index: number }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'thinking_start'; index: number; redacted?: boolean; data?: string }
  | { type: 'thinking_delta'; index: number; thinking: string }
  | { type: 'thinking_signature'; index: number; signature: string }
  | { type: 'tool_use_start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool_use_delta'; index: number; partialJson: string }
  | { type: 'block_end'; index: number }
  | { type: 'usage'; usage: Usage }
  | { type: 'stop'; reason: ModelStopReason }
  | { type: 'error'; error: ModelError };

/**
 * One event of the provider's own stream, as received (an SSE message, or the body of a refusal),
 * before it was mapped to ModelEvents: what the inspector shows as "raw stream events".
 */
export interface WireEvent {
  /** The SSE event name, when the provider sent one; `http <status>` for a refusal's body. */
  event?: string;
  data: string;
}

/** A line the chat shows about the model, with an optional action (e.g. open Model settings). */
export interface ModelNotice {
  text: string;
  action?: 'open_model_settings';
}

export interface ModelClient {
  /** Stable id of the provider, e.g. `scripted`, `anthropic`, `openai`. */
  readonly provider: string;
  /** Human label for the status bar, e.g. "Demo model (scripted)". */
  readonly label: string;
  /**
   * A word the chat should show before this client answers `prompt`, e.g. that the scripted demo
   * plays its script whatever was typed; undefined when there is nothing to say.
   */
  promptNotice?(prompt: string): ModelNotice | undefined;
  /** `onWire`, when given, sees each raw provider event as it arrives (clients with no wire ignore it). */
  stream(request: ModelRequest, signal: AbortSignal, onWire?: (event: WireEvent) => void): AsyncIterable<ModelEvent>;
  /**
   * A run goes on from `messages` (a branch resumed in step mode): a client with a place of its own
   * (a script's next step) finds it from them. Stateless clients (real providers) leave it out.
   */
  resumeOn?(messages: readonly Message[]): void;
}

/** Blocks as the loop assembles them from a stream; exported for clients that collect a whole message. */
export type AssembledMessage = { content: AssistantBlock[]; stopReason: ModelStopReason | null; usage: Usage };
