/** One tool call the scripted model makes. */
export interface MockToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** One scripted model turn: optional thinking, text, then tool calls. */
export interface MockTurn {
  thinking?: string;
  text?: string;
  toolCalls?: MockToolCall[];
}

export type MockProvider = 'anthropic' | 'openai' | 'gemini';

/**
 * A fault applied to the next matching streaming request (then used up).
 * - status: answer with this HTTP status and a provider-shaped error body (401, 429 with retry-after, 529, 500…).
 * - drop: send `afterEvents` frames, then cut the connection ('destroy', default) or end the body cleanly ('end').
 * - overloaded: send `afterEvents` frames, then the provider's overloaded error inside the stream.
 */
export type MockFault = { provider?: MockProvider } & (
  | { kind: 'status'; status: number; retryAfter?: number; retryAfterMs?: number; message?: string }
  | { kind: 'drop'; afterEvents?: number; mode?: 'destroy' | 'end' }
  | { kind: 'overloaded'; afterEvents?: number }
);

export interface MockProviderOptions {
  /** Turn N answers a request whose transcript holds N assistant turns (the last turn repeats). */
  script?: MockTurn[];
  /**
   * Other conversations in the same server, e.g. sub-agents: a request whose raw body contains
   * `match` (say, a sub-agent's system prompt) plays `script` instead; the first route that matches wins.
   */
  routes?: Array<{ match: string; script: MockTurn[] }>;
  /** Faults for successive requests, in order. */
  faults?: MockFault[];
  /** When set, requests must carry this key (else 401; Gemini: 400 API_KEY_INVALID). */
  apiKey?: string;
  /** Answer CORS preflights and send CORS headers (default true); false imitates a server without CORS. */
  cors?: boolean;
  /** Pause between frames, to watch streaming or cancel mid-stream. */
  chunkDelayMs?: number;
  /** Model ids served by the list endpoints. */
  models?: string[];
  port?: number;
}

export interface RecordedRequest {
  provider: MockProvider | 'unknown';
  method: string;
  path: string;
  /** As received, including the key header (test infrastructure only). */
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The fault applied, if any. */
  fault?: string;
}

export interface MockProviderServer {
  /** Base URL: Anthropic and Gemini clients use it as is, OpenAI-compatible clients use `${url}/v1`. */
  url: string;
  requests: RecordedRequest[];
  injectFault(fault: MockFault): void;
  pendingFaults(): number;
  close(): Promise<void>;
}

export const DEFAULT_SCRIPT: MockTurn[];
export function startMockProvider(options?: MockProviderOptions): Promise<MockProviderServer>;
